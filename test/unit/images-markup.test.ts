import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { prepareMarkup } from '../../electron/core/images/markup';
import { markupLayer } from './helpers/markup-layer';
import { rejection } from './helpers/rejection';

const alphaOf = async (png: Buffer): Promise<Buffer> => sharp(png).extractChannel(3).raw().toBuffer();

describe('prepareMarkup', () => {
  it('passes a layer of the sent size through as an RGBA PNG, and measures the marks', async () => {
    const layer = await markupLayer(200, 100, [{ x: 10, y: 10, w: 20, h: 10 }]);
    const m = await prepareMarkup(layer, 200, 100);
    expect(m).toMatchObject({ width: 200, height: 100, resized: false, markedShare: 200 / 20000 });
    expect(await sharp(m.png).metadata()).toMatchObject({ format: 'png', width: 200, height: 100, channels: 4, hasAlpha: true });
    const alpha = await alphaOf(m.png);
    expect(alpha[15 * 200 + 15]).toBe(255);
    expect(alpha[50 * 200 + 100]).toBe(0);
  });

  it('accepts WebP from the painter', async () => {
    const m = await prepareMarkup(await markupLayer(64, 64, [{ x: 0, y: 0, w: 8, h: 8 }], 'webp'), 64, 64);
    expect(m.markedShare).toBeCloseTo(64 / 4096, 5);
  });

  it('scales a layer drawn on the full-size photo down to the sent size when the shape matches within 1%', async () => {
    // Painted on a 3000x2000 photo, sent at 1536x1024; then a 0.8% rounding difference.
    const big = await markupLayer(3000, 2000, [{ x: 1500, y: 1000, w: 300, h: 200 }]);
    const m = await prepareMarkup(big, 1536, 1024);
    expect(m).toMatchObject({ width: 1536, height: 1024, resized: true });
    const alpha = await alphaOf(m.png);
    expect(alpha[(1024 / 2 + 50) * 1536 + 1536 / 2 + 75]).toBe(255); // the mark moved with the scale
    expect(alpha[10 * 1536 + 10]).toBe(0);
    expect(m.markedShare).toBeCloseTo(0.01, 2);
    expect((await prepareMarkup(await markupLayer(1008, 1000, [{ x: 0, y: 0, w: 9, h: 9 }]), 1000, 1000)).resized).toBe(true);
  });

  it('refuses a layer of another shape, naming both sizes', async () => {
    const e = await rejection(prepareMarkup(await markupLayer(300, 200, [{ x: 0, y: 0, w: 5, h: 5 }]), 200, 200), 'INVALID_IMAGE');
    expect(e.message).toMatch(/markup layer is 300x200 but the first image is 200x200/);
  });

  it('refuses an empty layer and one with no transparent pixel', async () => {
    const empty = await rejection(prepareMarkup(await markupLayer(50, 50, []), 50, 50), 'INVALID_IMAGE');
    expect(empty.message).toBe('The markup layer is empty: draw on the image where you want a change.');
    const full = await rejection(prepareMarkup(await markupLayer(50, 50, [{ x: 0, y: 0, w: 50, h: 50 }]), 50, 50), 'INVALID_IMAGE');
    expect(full.message).toMatch(/no transparent pixels/);
  });

  it('refuses other formats, no alpha channel, damage and nonsense sizes', async () => {
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } }).jpeg().toBuffer();
    expect((await rejection(prepareMarkup(jpeg, 8, 8), 'INVALID_IMAGE')).message).toMatch(/PNG or WebP .* not JPEG/);
    const opaque = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } }).png().toBuffer();
    expect((await rejection(prepareMarkup(opaque, 8, 8), 'INVALID_IMAGE')).message).toMatch(/no transparency/);
    expect((await rejection(prepareMarkup(Buffer.from('not an image'), 8, 8), 'INVALID_IMAGE')).message).toMatch(/could not be read/);
    const png = await markupLayer(40, 40, [{ x: 0, y: 0, w: 4, h: 4 }]);
    await rejection(prepareMarkup(png.subarray(0, png.length - 30), 40, 40), 'INVALID_IMAGE');
    await rejection(prepareMarkup(png, 0, 40), 'INVALID_ARGUMENTS');
    await rejection(prepareMarkup(Buffer.alloc(0), 40, 40), 'INVALID_IMAGE');
  });

  it('applies EXIF orientation before comparing sizes', async () => {
    const layer = await sharp(await markupLayer(100, 50, [{ x: 0, y: 0, w: 10, h: 10 }])).png().withMetadata({ orientation: 6 }).toBuffer();
    const m = await prepareMarkup(layer, 50, 100);
    expect(m).toMatchObject({ width: 50, height: 100, resized: false });
    const alpha = await alphaOf(m.png);
    expect(alpha[0 * 50 + 45]).toBe(255); // top-left stroke is now top-right
  });
});
