import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { describeAnimation } from '../../electron/core/images/animation';
import { sanitiseSvg } from '../../electron/core/images/svg-sanitise';
import { ContentStore, sniffImage } from '../../electron/core/store/content-store';
import { HOSTILE } from '../fixtures/svg/hostile';
import { animatedGif } from './helpers/animated-gif';
import { rejection } from './helpers/rejection';
import { tempDirEachTest } from './helpers/temp-dir';

const tmp = tempDirEachTest('loupe-store-media-');
const BENIGN = readFileSync(join(__dirname, '../fixtures/svg/benign.svg'));

/** The mean colour of an image file, rounded. */
async function meanColour(path: string): Promise<number[]> {
  const { channels } = await sharp(path).stats();
  return channels.slice(0, 3).map((c) => Math.round(c.mean));
}

describe('ContentStore: animated GIF outputs', () => {
  it('stores a GIF as image/gif at its frame size, thumbnails its first frame, serves it as it is', async () => {
    const store = new ContentStore(tmp.path);
    const gif = await animatedGif({ width: 480, height: 360 });
    const a = await store.put(gif, 'image/gif');
    expect(a).toMatchObject({ mime: 'image/gif', width: 480, height: 360, bytes: gif.length });
    expect(a.path.endsWith(`${a.hash}.gif`)).toBe(true);
    expect(await store.resolve(a.hash, 'full')).toEqual({ path: a.path, mime: 'image/gif' });

    const thumb = await store.ensureThumb(a.hash);
    const meta = await sharp(thumb).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 384, height: 288 });
    expect(meta.pages ?? 1).toBe(1); // a still: one frame
    const [r, g, b] = await meanColour(thumb);
    expect(r).toBeGreaterThan(240); // the first frame is red
    expect(g! + b!).toBeLessThan(20);
  });

  it('describes the animation: frames, delays, loop', async () => {
    const gif = await animatedGif({ delays: [100, 250, 40], loop: 3 });
    expect(await describeAnimation(gif)).toEqual({ format: 'gif', width: 40, height: 30, frames: 3, delaysMs: [100, 250, 40], durationMs: 390, loop: 3 });
    const still = await sharp({ create: { width: 5, height: 6, channels: 3, background: '#000' } }).png().toBuffer();
    expect(await describeAnimation(still)).toMatchObject({ format: 'png', frames: 1, delaysMs: [], durationMs: 0 });
    expect((await rejection(describeAnimation(Buffer.from('GIF89a')), 'INVALID_IMAGE')).message).toMatch(/could not be read/);
  });
});

describe('ContentStore: SVG outputs', () => {
  it('stores a sanitised SVG as image/svg+xml and renders WebP variants at their size', async () => {
    const store = new ContentStore(tmp.path);
    const clean = (await sanitiseSvg(BENIGN)).bytes;
    expect(await sniffImage(clean)).toEqual({ mime: 'image/svg+xml', width: 200, height: 120 });
    const a = await store.put(clean, 'image/svg+xml');
    expect(a).toMatchObject({ mime: 'image/svg+xml', width: 200, height: 120 });
    expect(a.path.endsWith(`${a.hash}.svg`)).toBe(true);
    expect(await store.resolve(a.hash, 'full')).toEqual({ path: a.path, mime: 'image/svg+xml' });
    // A vector is drawn at the variant's size, not drawn small and enlarged.
    expect(await sharp(await store.ensureThumb(a.hash)).metadata()).toMatchObject({ format: 'webp', width: 384, height: 230 });
    expect(await sharp(await store.ensureVariant(a.hash, 'preview')).metadata()).toMatchObject({ format: 'webp', width: 2048, height: 1229 });
    // A fresh store finds it by probing, and removing it takes the variants too.
    expect(new ContentStore(tmp.path).pathOf(a.hash)).toBe(a.path);
    expect(await store.remove(a.hash)).toBe(3);
    expect(await readdir(join(tmp.path, a.hash.slice(0, 2)))).toEqual([]);
  });

  it('refuses an SVG that was not sanitised, saying so', async () => {
    const store = new ContentStore(tmp.path);
    for (const h of HOSTILE.slice(0, 8)) {
      const e = await rejection(store.put(Buffer.from(h.svg('http://127.0.0.1:9')), 'image/svg+xml'), 'INVALID_IMAGE');
      expect(e.message).toMatch(/SVG cannot be stored: it contains .*only once sanitised/);
    }
    expect(await sniffImage(BENIGN)).toEqual({ mime: 'image/svg+xml', width: 200, height: 120 }); // safe as it is
    expect(await readdir(tmp.path)).toEqual([]);
  });
});
