import { readFileSync } from 'node:fs';
import sharp, { type Metadata } from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { normaliseInput, targetForModel, type InputTarget } from '../../electron/core/images/intake';
import { INPUT_LIMITS } from '../../electron/core/images/inspect';
import { isMultiPictureJpeg } from '../../electron/core/images/sniff';
import { svgExternalReference } from '../../electron/core/images/svg-safety';
import { LoupeError, findModel } from '../../electron/shared';
import { pixels } from '../fixtures/edits';
import { BLUE, GREEN, RED, WHITE } from '../fixtures/pixels';
import { BOMB_SIDE, CAMERA, MARKER, ensureFixtures, fixturePath } from '../fixtures/generate';
import { rejection } from './helpers/rejection';

const HIGH: InputTarget = { maxLongEdge: 1536, maxShortEdge: 1024 };
const read = (name: string): Buffer => readFileSync(fixturePath(name));
const norm = (name: string, target: InputTarget = HIGH) => normaliseInput(read(name), name, target);

beforeAll(() => ensureFixtures(), 120_000);

const refusal = (p: Promise<unknown>): Promise<LoupeError> => rejection(p, 'INVALID_IMAGE');

function near(actual: number[], expected: readonly number[], tolerance: number): void {
  expected.forEach((v, i) => expect(Math.abs(actual[i]! - v), `channel ${i}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance));
}

/** Checks the marker picture (red TL, green TR, blue BL, white BR) at the sent size. */
async function expectMarker(bytes: Buffer, tolerance = 12): Promise<void> {
  const p = await pixels(bytes);
  const [w, h] = [p.width, p.height];
  near(p.at(Math.round(w * 0.1), Math.round(h * 0.1)), RED, tolerance);
  near(p.at(Math.round(w * 0.9), Math.round(h * 0.1)), GREEN, tolerance);
  near(p.at(Math.round(w * 0.1), Math.round(h * 0.9)), BLUE, tolerance);
  near(p.at(Math.round(w * 0.9), Math.round(h * 0.9)), WHITE, tolerance);
}

async function expect8BitSrgb(bytes: Buffer): Promise<Metadata> {
  const m = await sharp(bytes).metadata();
  expect(m.space).toBe('srgb');
  expect(m.depth).toBe('uchar');
  expect(m.orientation ?? 1).toBe(1);
  expect(m.exif).toBeUndefined();
  return m;
}

describe('normaliseInput: the odd-image corpus', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('applies EXIF orientation %i', async (o) => {
    const r = await norm(`orientation-${o}.jpg`);
    expect([r.width, r.height]).toEqual([MARKER.width, MARKER.height]);
    expect(r.original).toMatchObject({ format: 'jpeg', width: MARKER.width, height: MARKER.height, orientation: o });
    expect(r.notes.some((n) => n === `EXIF orientation ${o} applied`)).toBe(o !== 1);
    // Three flat blocks on white: a graphic, sent losslessly even though it came as JPEG.
    expect(r.content.kind).toBe('graphic');
    expect(r.mime).toBe('image/png');
    await expect8BitSrgb(r.bytes);
    await expectMarker(r.bytes);
  });

  it('converts CMYK to sRGB', async () => {
    const r = await norm('cmyk.jpg');
    expect(r.original.space).toBe('cmyk');
    expect(r.notes).toContain('CMYK converted to sRGB');
    expect((await expect8BitSrgb(r.bytes)).channels).toBe(3);
    // A round trip through a print profile compresses the gamut: hues hold, values shift.
    const p = await pixels(r.bytes);
    const strongest = (x: number, y: number) => p.at(x, y).indexOf(Math.max(...p.at(x, y)));
    expect([strongest(30, 20), strongest(270, 20), strongest(30, 180)]).toEqual([0, 1, 2]);
    expect(Math.min(...p.at(270, 180))).toBeGreaterThan(200);
  });

  it('reduces 16-bit PNG to 8-bit', async () => {
    const r = await norm('rgb16.png');
    expect(r.notes).toContain('16-bit reduced to 8-bit');
    await expect8BitSrgb(r.bytes);
    await expectMarker(r.bytes, 4);
  });

  it('keeps the transparency of a palette PNG, as PNG', async () => {
    const r = await norm('palette-alpha.png');
    expect(r.mime).toBe('image/png');
    const m = await expect8BitSrgb(r.bytes);
    expect(m.hasAlpha).toBe(true);
    expect(m.isPalette).toBe(false);
    const p = await pixels(r.bytes);
    expect(p.at(10, 10)).toEqual([...RED, 255]);
    expect(p.at(190, 10)[3]).toBe(0);
    expect(Math.abs(p.at(100, 150)[3]! - 128)).toBeLessThanOrEqual(2);
  });

  it('drops an alpha channel that is opaque everywhere', async () => {
    const r = await norm('opaque-rgba.png');
    expect(r.mime).toBe('image/png'); // flat blocks: a graphic
    expect(r.original.hasAlpha).toBe(true);
    expect((await sharp(r.bytes).metadata()).hasAlpha).toBe(false);
    expect(r.notes).toContain('Transparency unused, so it was dropped');
    await expectMarker(r.bytes);
  });

  it('expands greyscale to sRGB', async () => {
    const r = await norm('grey.png');
    expect(r.notes).toContain('Greyscale converted to sRGB');
    expect((await expect8BitSrgb(r.bytes)).channels).toBe(3);
  });

  it('uses the first frame of an animated GIF', async () => {
    const r = await norm('animated.gif');
    expect(r.original).toMatchObject({ format: 'gif', pages: 3, width: 120, height: 80 });
    expect(r.notes).toContain('First of 3 frames used');
    near((await pixels(r.bytes)).at(60, 40), RED, 12);
  });

  it('uses the first page of a multi-page TIFF', async () => {
    const r = await norm('multipage.tiff');
    expect(r.original).toMatchObject({ format: 'tiff', pages: 3 });
    expect(r.notes).toContain('First of 3 pages used');
    near((await pixels(r.bytes)).at(60, 40), RED, 12);
  });

  it.each(['photo.webp', 'photo.avif'])('reads %s', async (name) => {
    const r = await norm(name);
    expect(r.original.format).toBe(name.split('.')[1]);
    expect([r.width, r.height]).toEqual([MARKER.width, MARKER.height]);
    await expectMarker(r.bytes, 20);
  });

  it('converts a Display P3 JPEG to sRGB values', async () => {
    const bytes = read('display-p3.jpg');
    const stored = await sharp(bytes, { ignoreIcc: true }).raw().toBuffer();
    const r = await normaliseInput(bytes, 'p3.jpg', HIGH);
    expect(r.notes.some((n) => /colour profile converted to sRGB/.test(n))).toBe(true);
    const sent = (await pixels(r.bytes)).at(32, 32);
    near(sent, [40, 170, 60], 4);
    // The stored numbers are P3 ones; sending them unconverted would shift the colour.
    expect(Math.abs(stored[0]! - sent[0]!) + Math.abs(stored[2]! - sent[2]!)).toBeGreaterThan(10);
  });

  it('re-encodes a multi-picture JPEG without its second picture', async () => {
    const bytes = read('multi-picture.jpg');
    expect(isMultiPictureJpeg(bytes)).toBe(true);
    const r = await normaliseInput(bytes, 'phone.jpg', HIGH);
    expect(r.notes).toContain('Multi-picture JPEG: only the main picture is sent');
    expect(isMultiPictureJpeg(r.bytes)).toBe(false);
    expect(r.bytes.indexOf(Buffer.from([0xff, 0xd8]), 2)).toBe(-1);
    await expectMarker(r.bytes);
  });

  it('rasterises a self-contained SVG at the target size', async () => {
    const r = await norm('clean.svg');
    expect(r.original).toMatchObject({ format: 'svg', width: 400, height: 200 });
    expect([r.width, r.height]).toEqual([1536, 768]);
    expect(r.notes).toContain('SVG drawn at 1536x768');
    near((await pixels(r.bytes)).at(100, 100), RED, 6);
  });

  it('refuses an SVG with an external reference, naming the file and the reference', async () => {
    const e = await refusal(norm('external.svg'));
    expect(e.message).toBe(
      '"external.svg" refers to an external resource (https://example.com/tracker.png), so Loupe will not draw it: use an SVG that contains everything it shows.',
    );
  });

  it('refuses a HEIC file with no picture in it as damaged', async () => {
    const e = await refusal(norm('IMG_0001.HEIC'));
    expect(e.message).toBe('"IMG_0001.HEIC" could not be read: the file is damaged or truncated.');
  });

  it('refuses an empty file', async () => {
    expect((await refusal(norm('empty.png'))).message).toBe('"empty.png" is empty (0 bytes).');
  });

  it('refuses a text file named .png', async () => {
    const e = await refusal(norm('not-an-image.png'));
    expect(e.message).toBe('"not-an-image.png" is not an image Loupe can read. Use JPEG, PNG, WebP, HEIC, TIFF, GIF, AVIF or SVG.');
  });

  it('refuses a truncated JPEG', async () => {
    expect((await refusal(norm('truncated.jpg'))).message).toBe('"truncated.jpg" could not be read: the file is damaged or truncated.');
  });

  it('refuses a truncated PNG', async () => {
    const png = await sharp(read('orientation-1.jpg')).png().toBuffer();
    const e = await refusal(normaliseInput(png.subarray(0, Math.floor(png.length / 2)), 'half.png', HIGH));
    expect(e.message).toBe('"half.png" could not be read: the file is damaged or truncated.');
  });

  it('refuses a 30000x30000 bomb from its header, before decoding', async () => {
    const t0 = performance.now();
    const e = await refusal(norm('bomb-30000.png'));
    expect(performance.now() - t0).toBeLessThan(100);
    expect(e.message).toBe(
      `"bomb-30000.png" declares ${BOMB_SIDE}x${BOMB_SIDE} pixels (900 megapixels), more than the 100 megapixels Loupe opens, so it was not decoded.`,
    );
  });

  it('applies the pixel and byte limits it is given', async () => {
    const cam = read('camera-24mp.jpg');
    const pixelsOver = await refusal(normaliseInput(cam, 'DSC_0001.JPG', HIGH, { ...INPUT_LIMITS, maxPixels: 20_000_000 }));
    expect(pixelsOver.message).toMatch(/^"DSC_0001.JPG" declares 6000x4000 pixels \(24 megapixels\), more than the 20 megapixels/);
    const bytesOver = await refusal(normaliseInput(cam, 'DSC_0001.JPG', HIGH, { ...INPUT_LIMITS, maxBytes: 1024 * 1024 }));
    expect(bytesOver.message).toBe(`"DSC_0001.JPG" is ${(cam.length / 1048576).toFixed(1)} MB, more than the 1.0 MB Loupe accepts for one image.`);
  });

  it('names only the file, not its folder', async () => {
    const e = await refusal(normaliseInput(Buffer.alloc(0), '/Users/someone/Pictures/x.png', HIGH));
    expect(e.message).toBe('"x.png" is empty (0 bytes).');
  });
});

describe('normaliseInput: sizes and formats', () => {
  it('prepares a 24-megapixel camera JPEG: scaled, EXIF gone, a fifth of the bytes at most', async () => {
    const cam = read('camera-24mp.jpg');
    expect((await sharp(cam).metadata()).exif).toBeDefined();
    for (const model of ['gpt-image-1.5', 'gpt-image-2'] as const) {
      const target = targetForModel(findModel(model)!, 'high');
      const r = await normaliseInput(cam, 'camera.jpg', target);
      expect(Math.max(r.width, r.height)).toBeLessThanOrEqual(target.maxLongEdge);
      expect(Math.min(r.width, r.height)).toBeLessThanOrEqual(target.maxShortEdge);
      expect(Math.abs(r.width / r.height - CAMERA.width / CAMERA.height)).toBeLessThan(0.002);
      expect(r.bytes.length).toBeLessThanOrEqual(cam.length / 5);
      expect(r.notes).toContain(`Scaled from 6000x4000 to ${r.width}x${r.height}`);
      await expect8BitSrgb(r.bytes);
    }
  });

  it('fits both the long and the short bound, portrait too', async () => {
    const tall = await sharp({ create: { width: 1000, height: 3000, channels: 3, background: '#336699' } }).png().toBuffer();
    const r = await normaliseInput(tall, 'tall.png', HIGH);
    expect([r.width, r.height]).toEqual([512, 1536]);
    const wide = await sharp({ create: { width: 3000, height: 2500, channels: 3, background: '#336699' } }).png().toBuffer();
    const w = await normaliseInput(wide, 'wide.png', HIGH);
    expect([w.width, w.height]).toEqual([1229, 1024]);
  });

  it('never enlarges a raster image', async () => {
    const r = await norm('orientation-1.jpg', { maxLongEdge: 3840, maxShortEdge: 2160 });
    expect([r.width, r.height]).toEqual([MARKER.width, MARKER.height]);
    expect(r.notes.some((n) => n.startsWith('Scaled'))).toBe(false);
  });

  it('honours the preferred format for opaque images, PNG whenever alpha is used', async () => {
    expect((await norm('orientation-1.jpg', { ...HIGH, preferFormat: 'png' })).mime).toBe('image/png');
    const webp = await norm('orientation-1.jpg', { ...HIGH, preferFormat: 'webp' });
    expect(webp.mime).toBe('image/webp');
    expect((await sharp(webp.bytes).metadata()).format).toBe('webp');
    expect((await norm('palette-alpha.png', { ...HIGH, preferFormat: 'webp' })).mime).toBe('image/png');
  });
});

describe('targetForModel', () => {
  const m = (id: string) => findModel(id)!;
  it('sizes by fidelity on the fixed-size models', () => {
    expect(targetForModel(m('gpt-image-1.5'), 'low')).toEqual({ maxLongEdge: 2048, maxShortEdge: 768 });
    expect(targetForModel(m('gpt-image-1.5'), 'high')).toEqual({ maxLongEdge: 1536, maxShortEdge: 1024 });
    expect(targetForModel(m('gpt-image-1'), 'high')).toEqual({ maxLongEdge: 1536, maxShortEdge: 1024 });
  });
  it('treats a model without input_fidelity as low', () => {
    expect(targetForModel(m('gpt-image-1-mini'), 'high')).toEqual({ maxLongEdge: 2048, maxShortEdge: 768 });
  });
  it("uses gpt-image-2's largest canvas at any fidelity", () => {
    expect(targetForModel(m('gpt-image-2'), 'low')).toEqual({ maxLongEdge: 3840, maxShortEdge: 2160 });
  });
  it('gives inputs past the detailed ones the low-fidelity size', () => {
    expect(targetForModel(m('gpt-image-1'), 'high', 1)).toEqual({ maxLongEdge: 2048, maxShortEdge: 768 });
    expect(targetForModel(m('gpt-image-1.5'), 'high', 4)).toEqual({ maxLongEdge: 1536, maxShortEdge: 1024 });
    expect(targetForModel(m('gpt-image-1.5'), 'high', 5)).toEqual({ maxLongEdge: 2048, maxShortEdge: 768 });
  });
});

describe('svgExternalReference', () => {
  it.each([
    ['<svg><image href="http://x.test/a.png"/></svg>', 'http://x.test/a.png'],
    ['<svg><use xlink:href="file:///etc/passwd#x"/></svg>', 'file:///etc/passwd#x'],
    ["<svg><image href='other.svg'/></svg>", 'other.svg'],
    ['<svg><style>@import url(https://fonts.test/f.css);</style></svg>', 'https://fonts.test/f.css'],
    ['<svg><rect style="fill: url(http://x.test/p.svg#g)"/></svg>', 'http://x.test/p.svg#g'],
    ['<svg><rect fill="url(&quot;https://x.test/g&quot;)"/></svg>', 'https://x.test/g'],
    ['<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>', 'an XML entity declaration'],
    ['<svg><xi:include href="secret.txt" parse="text"/></svg>', 'secret.txt'],
  ])('finds the reference in %s', (svg, ref) => {
    expect(svgExternalReference(svg)).toBe(ref);
  });

  it('accepts fragment and data references', () => {
    const svg = `<svg><use href="#a"/><use xlink:href='#b'/><rect fill="url(#g)" style="fill:url('#h')"/><image href="data:image/png;base64,AAAA"/></svg>`;
    expect(svgExternalReference(svg)).toBeNull();
    expect(svgExternalReference(read('clean.svg').toString())).toBeNull();
  });
});
