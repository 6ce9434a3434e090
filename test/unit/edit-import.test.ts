import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import * as exifr from 'exifr';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssetViewSchema, type AssetView } from '../../electron/shared';
import { ensureFixtures, fixturePath } from '../fixtures/generate';
import { PORTRAIT_HEIC } from '../fixtures/heic/make';
import { makeHarness, type Harness } from './core-harness';
import { b64, importBytes, importFixture, logoPng, refusal } from './edit-helpers';

let h: Harness;
beforeAll(async () => {
  await ensureFixtures();
  h = await makeHarness();
});
afterAll(() => h.dispose());

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const metaRows = (): number => {
  const db = new Database(join(h.dataDir, 'loupe.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT COUNT(*) FROM asset_meta').pluck().get() as number;
  } finally {
    db.close();
  }
};

describe('assets:import', () => {
  it.each([
    ['camera-24mp.jpg', 'image/jpeg', 6000, 4000],
    ['cmyk.jpg', 'image/jpeg', 300, 200],
    ['multipage.tiff', 'image/tiff', 120, 80],
    ['animated.gif', 'image/gif', 120, 80],
    ['rgb16.png', 'image/png', 300, 200],
    ['orientation-6.jpg', 'image/jpeg', 300, 200],
    ['photo.avif', 'image/avif', 300, 200],
    ['photo.webp', 'image/webp', 300, 200],
    ['palette-alpha.png', 'image/png', 200, 160],
    ['multi-picture.jpg', 'image/jpeg', 300, 200],
  ])('keeps %s as the original file, with its displayed size and a WebP preview', async (name, mime, width, height) => {
    const bytes = await readFile(fixturePath(name));
    const a = AssetViewSchema.parse(await importFixture(h, name));
    expect(a).toEqual({ hash: sha(bytes), name, mime, width, height, bytes: bytes.length, kind: 'input', sources: [] });
    // The full variant is the file as it came (TIFF served as TIFF); the browser-safe variants are WebP.
    const full = await h.core.resolveAsset(a.hash, 'full');
    expect(full?.mime).toBe(mime);
    expect(Buffer.compare(await readFile(full!.path), bytes)).toBe(0);
    for (const [variant, max] of [['thumb', 384], ['preview', 2048]] as const) {
      const v = await h.core.resolveAsset(a.hash, variant);
      expect(v?.mime).toBe('image/webp');
      const m = await sharp(v!.path).metadata();
      expect([m.format, m.space]).toEqual(['webp', 'srgb']);
      // Oriented, and never larger than the variant's size.
      const scale = Math.min(1, max / Math.max(width, height));
      expect([m.width, m.height]).toEqual([Math.round(width * scale), Math.round(height * scale)]);
    }
  });

  it('draws a safe SVG and stores the PNG raster, at the largest size a model uses', async () => {
    const a = await importFixture(h, 'clean.svg');
    expect(a).toMatchObject({ name: 'clean.svg', mime: 'image/png', width: 3840, height: 1920, kind: 'input' });
    const full = await h.core.resolveAsset(a.hash, 'full');
    expect(full?.mime).toBe('image/png');
    expect(await sharp(full!.path).metadata()).toMatchObject({ format: 'png', width: 3840, height: 1920 });
  });

  it('decodes an iPhone-style HEIC at import and stores it upright as a lossless PNG', async () => {
    const heic = await readFile(PORTRAIT_HEIC);
    const a = await importBytes(h, 'IMG_2041.HEIC', heic);
    expect(a).toMatchObject({ name: 'IMG_2041.HEIC', mime: 'image/png', width: 320, height: 480, kind: 'input' });
    const full = await h.core.resolveAsset(a.hash, 'full');
    const m = await sharp(full!.path).metadata();
    expect(m).toMatchObject({ format: 'png', width: 320, height: 480, hasAlpha: false });
    // The camera's EXIF is kept in the library as a JPEG original's is, without the Orientation
    // the pixels no longer need; export decides about GPS (export-run.test.ts).
    expect(m.orientation).toBeUndefined();
    expect(await exifr.parse(await readFile(full!.path), { tiff: true, gps: true })).toMatchObject({ Make: 'Loupe', Model: 'HEIC fixture', GPSLatitudeRef: 'N' });
    expect((await h.core.resolveAsset(a.hash, 'thumb'))?.mime).toBe('image/webp');
  });

  it('a second import of the same bytes is the same asset, under the new name', async () => {
    const logo = await logoPng();
    const a = await importBytes(h, 'logo.png', logo);
    const b = await importBytes(h, 'logo-final.png', logo);
    expect(b.hash).toBe(a.hash);
    expect(b.name).toBe('logo-final.png');
  });

  it.each([
    // A HEIC header with no image in it.
    ['IMG_0001.HEIC', '"IMG_0001.HEIC" could not be read: the file is damaged or truncated.'],
    ['empty.png', '"empty.png" is empty (0 bytes).'],
    ['truncated.jpg', '"truncated.jpg" could not be read: the file is damaged or truncated.'],
    ['not-an-image.png', '"not-an-image.png" is not an image Loupe can read. Use JPEG, PNG, WebP, HEIC, TIFF, GIF, AVIF or SVG.'],
    ['bomb-30000.png', '"bomb-30000.png" declares 30000x30000 pixels (900 megapixels), more than the 100 megapixels Loupe opens, so it was not decoded.'],
    [
      'external.svg',
      '"external.svg" refers to an external resource (https://example.com/tracker.png), so Loupe will not draw it: use an SVG that contains everything it shows.',
    ],
  ])('refuses %s with a message naming it, and keeps nothing', async (name, message) => {
    const before = metaRows();
    const bytes = await readFile(fixturePath(name));
    expect(await refusal(h, 'assets:import', { name, dataBase64: b64(bytes) }, 'INVALID_IMAGE')).toBe(message);
    expect(metaRows()).toBe(before);
  });
});

describe('edits:compose', () => {
  let a: AssetView;
  let b: AssetView;
  let c: AssetView;
  beforeAll(async () => {
    a = await importFixture(h, 'orientation-6.jpg'); // stored 200x300, shown 300x200
    b = await importFixture(h, 'photo.webp');
    c = await importFixture(h, 'cmyk.jpg');
  });

  it('puts 2 photos side by side at a common height, oriented, and records its sources', async () => {
    const comp = AssetViewSchema.parse(await h.ok('edits:compose', { hashes: [a.hash, b.hash], layout: 'row', background: '#ffffff' }));
    expect(comp).toMatchObject({ kind: 'composite', mime: 'image/png', width: 616, height: 200, sources: [a.hash, b.hash] });
    // Orientation applied: the same as composing the upright copy of the same picture.
    const upright = await importFixture(h, 'orientation-1.jpg');
    const ref = await h.ok<AssetView>('edits:compose', { hashes: [upright.hash, b.hash], layout: 'row', background: '#ffffff' });
    const [x, y] = await Promise.all([comp, ref].map(async (v) => sharp((await h.core.resolveAsset(v.hash, 'full'))!.path).raw().toBuffer()));
    let diff = 0;
    for (let i = 0; i < x!.length; i++) diff += Math.abs(x![i]! - y![i]!);
    expect(diff / x!.length).toBeLessThan(4);
  });

  it('lays out 3 or 4 photos in a 2x2 grid on the chosen background, from sRGB versions', async () => {
    const grid = await h.ok<AssetView>('edits:compose', { hashes: [a.hash, b.hash, c.hash], layout: 'grid', background: '#ff0000' });
    expect(grid).toMatchObject({ width: 616, height: 416, sources: [a.hash, b.hash, c.hash] });
    const img = sharp((await h.core.resolveAsset(grid.hash, 'full'))!.path);
    const m = await img.metadata();
    expect([m.space, m.channels]).toEqual(['srgb', 3]);
    // The empty fourth cell shows the background.
    const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
    const at = (px: number, py: number) => Array.from(data.subarray((py * info.width + px) * 3, (py * info.width + px) * 3 + 3));
    expect(at(500, 350)).toEqual([255, 0, 0]);
    // Recorded: the composite is an image of the library like any import.
    const full = await h.ok<AssetView>('edits:compose', { hashes: [a.hash, b.hash, c.hash, a.hash], layout: 'grid', background: '#ffffff' });
    expect(full).toMatchObject({ width: 616, height: 416, sources: [a.hash, b.hash, c.hash, a.hash] });
  });

  it('names a photo that is no longer in the library', async () => {
    const missing = 'f'.repeat(64);
    expect(await refusal(h, 'edits:compose', { hashes: [a.hash, missing], layout: 'row', background: '#ffffff' }, 'NOT_FOUND')).toBe(
      'Photo 2 is no longer in the library. Add it again.',
    );
  });
});
