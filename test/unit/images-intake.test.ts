/**
 * Intake's two new steps on real files: HEIC decoding (the committed heif-enc fixture) and
 * the graphic/photo decision that picks the format an input is sent as.
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { classifyPixels } from '../../electron/core/images/classify';
import { exifOrientation, heifHasTransform, orient } from '../../electron/core/images/heic';
import { normaliseInput } from '../../electron/core/images/intake';
import { inspectInput } from '../../electron/core/images/inspect';
import { pixels } from '../fixtures/edits';
import { PORTRAIT_HEIC, PORTRAIT_STORED, RED_BAND } from '../fixtures/heic/make';
import { cameraRgb } from '../fixtures/pixels';
import { logoPng, photoJpeg } from './edit-helpers';

const TARGET = { maxLongEdge: 2048, maxShortEdge: 1536 };
const heic = readFileSync(PORTRAIT_HEIC);

async function classifyFile(bytes: Buffer) {
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  return classifyPixels(data, info.width, info.height, info.channels as 3 | 4);
}

/** A UI screenshot: title bar, sidebar, buttons and lines of text on flat backgrounds. */
function screenshotPng(): Promise<Buffer> {
  const lines = Array.from({ length: 14 }, (_, i) => `<text x="260" y="${120 + i * 26}" font-family="sans-serif" font-size="15" fill="#222">Line ${i + 1}: the quick brown fox jumps over the lazy dog, 0123456789</text>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="800">
    <rect width="1280" height="800" fill="#f6f7f9"/><rect width="1280" height="48" fill="#2b2f36"/>
    <text x="20" y="31" font-family="sans-serif" font-size="18" fill="#fff">Loupe · History</text>
    <rect y="48" width="220" height="752" fill="#e9ecf1"/>
    ${['Generate', 'Edit', 'History', 'Kits', 'Settings'].map((t, i) => `<text x="24" y="${100 + i * 40}" font-family="sans-serif" font-size="16" fill="#333">${t}</text>`).join('')}
    <rect x="260" y="70" width="120" height="32" rx="6" fill="#1e5adc"/><text x="280" y="92" font-family="sans-serif" font-size="15" fill="#fff">Export…</text>
    ${lines}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** The camera picture with a soft transparent vignette: a cut-out photo. */
async function photoWithAlpha(): Promise<Buffer> {
  const w = 640, h = 480;
  const rgb = cameraRgb(w, h);
  const rgba = Buffer.alloc(w * h * 4);
  for (let i = 0; i < w * h; i++) {
    rgba.set(rgb.subarray(i * 3, i * 3 + 3), i * 4);
    const x = (i % w) / w - 0.5, y = Math.floor(i / w) / h - 0.5;
    rgba[i * 4 + 3] = Math.max(0, Math.min(255, Math.round(255 * (1.6 - 4 * Math.hypot(x, y)))));
  }
  return sharp(rgba, { raw: { width: w, height: h, channels: 4 } }).png().toBuffer();
}

describe('HEIC intake (a real file made by heif-enc)', () => {
  it('reads the header: HEIC, EXIF orientation 6, shown as 320x480', async () => {
    const info = await inspectInput(heic, 'IMG_2041.HEIC');
    expect(info.format).toBe('heic');
    expect(info.orientation).toBe(6);
    expect([info.width, info.height]).toEqual([PORTRAIT_STORED.height, PORTRAIT_STORED.width]);
    expect(heifHasTransform(heic)).toBe(false);
  });

  it('decodes it upright, as a photo, without its EXIF or GPS', async () => {
    const r = await normaliseInput(heic, 'IMG_2041.HEIC', TARGET);
    expect([r.width, r.height]).toEqual([320, 480]);
    expect(r.notes).toEqual(expect.arrayContaining(['HEIC photo decoded', 'EXIF orientation 6 applied']));
    expect(r.original).toMatchObject({ format: 'heic', width: 320, height: 480, orientation: 6 });
    expect(r.content.kind).toBe('photo');
    expect(r.mime).toBe('image/jpeg');
    const m = await sharp(r.bytes).metadata();
    expect(m.exif).toBeUndefined();
    const p = await pixels(r.bytes);
    // The red band of the stored left edge is now along the top, and only there.
    const red = (c: number[]) => c[0]! > 180 && c[1]! < 80 && c[2]! < 80;
    expect(red(p.at(160, Math.floor(RED_BAND / 2)))).toBe(true);
    expect(red(p.at(160, 479 - Math.floor(RED_BAND / 2)))).toBe(false);
    expect(red(p.at(5, 240))).toBe(false);
  });

  it('finds an irot transform in the box tree, and reads EXIF orientation from TIFF bytes', () => {
    const box = (type: string, body: Buffer) => Buffer.concat([Buffer.from([0, 0, (8 + body.length) >> 8, (8 + body.length) & 255]), Buffer.from(type, 'latin1'), body]);
    const ipco = box('ipco', Buffer.concat([box('ispe', Buffer.alloc(12)), box('irot', Buffer.from([1]))]));
    const file = Buffer.concat([box('ftyp', Buffer.from('heic\0\0\0\0mif1heic', 'latin1')), box('meta', Buffer.concat([Buffer.alloc(4), box('iprp', ipco)]))]);
    expect(heifHasTransform(file)).toBe(true);
    expect(heifHasTransform(Buffer.concat([box('ftyp', Buffer.from('heic\0\0\0\0', 'latin1')), box('meta', Buffer.alloc(4))]))).toBe(false);
    const tiff = Buffer.from([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0]);
    expect(exifOrientation(Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]))).toBe(8);
    expect(exifOrientation(Buffer.from('nonsense'))).toBeUndefined();
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('turns stored pixels upright for orientation %i exactly as sharp does for a JPEG', async (o) => {
    const w = 7, h = 4;
    const px = Buffer.from(Array.from({ length: w * h * 3 }, (_, i) => (i * 37) % 256));
    const tagged = await sharp(px, { raw: { width: w, height: h, channels: 3 } }).png().withMetadata({ orientation: o }).toBuffer();
    const expected = await sharp(tagged).autoOrient().raw().toBuffer();
    expect((await orient(sharp(px, { raw: { width: w, height: h, channels: 3 } }), o).raw().toBuffer()).equals(expected)).toBe(true);
  });
});

describe('graphic or photo', () => {
  let logo: Buffer;
  beforeAll(async () => {
    logo = await logoPng();
  });

  it('a logo with transparency is a graphic, sent as PNG', async () => {
    expect((await classifyFile(logo)).kind).toBe('graphic');
    const r = await normaliseInput(logo, 'logo.png', TARGET);
    expect(r.mime).toBe('image/png');
    expect(r.sentAs).toBe('Sent as PNG: it has transparent areas');
  });

  it('the same logo flattened and saved as JPEG is still a graphic, and goes lossless', async () => {
    const jpg = await sharp(logo).flatten({ background: '#ffffff' }).jpeg({ quality: 92 }).toBuffer();
    const c = await classifyFile(jpg);
    expect(c.kind).toBe('graphic');
    expect(c.flatShare).toBeGreaterThan(0.5);
    const r = await normaliseInput(jpg, 'logo.jpg', TARGET);
    expect(r.mime).toBe('image/png');
    expect(r.sentAs).toMatch(/^Sent as PNG, lossless: a graphic \(\d+% flat colour with hard edges/);
  });

  it('a screenshot (text, buttons, flat panels) is a graphic', async () => {
    const c = await classifyFile(await screenshotPng());
    expect(c.kind).toBe('graphic');
    expect(c.colours).toBeGreaterThan(16); // anti-aliased text has many shades: flatness decides
  });

  it('a camera photo is a photo, sent as JPEG at quality 90, also when it comes as PNG', async () => {
    const jpg = await photoJpeg(1200, 900);
    const c = await classifyFile(jpg);
    expect(c).toMatchObject({ kind: 'photo', alphaUsed: false });
    expect(c.flatShare).toBeLessThan(0.2);
    const png = await sharp(jpg).png().toBuffer();
    const r = await normaliseInput(png, 'photo.png', TARGET);
    expect(r.mime).toBe('image/jpeg');
    expect(r.sentAs).toMatch(/^Sent as JPEG \(quality 90\): a photo \(continuous tones/);
  });

  it('a photo with a transparent vignette is sent as PNG, for its alpha', async () => {
    const c = await classifyFile(await photoWithAlpha());
    expect(c).toMatchObject({ kind: 'graphic', alphaUsed: true, reason: 'transparent areas' });
  });

  it('a few flat colours are counted', () => {
    const px = Buffer.alloc(64 * 64 * 3);
    for (let i = 0; i < 64 * 64; i++) px.set(i % 64 < 32 ? [10, 20, 30] : [200, 100, 0], i * 3);
    expect(classifyPixels(px, 64, 64, 3)).toMatchObject({ kind: 'graphic', colours: 2, reason: 'only 2 colours' });
  });

  it('the person can override the choice either way; transparency still forces PNG', async () => {
    const photo = await photoJpeg(800, 600);
    const lossless = await normaliseInput(photo, 'photo.jpg', { ...TARGET, preferFormat: 'png', preferReason: 'as you chose' });
    expect(lossless.mime).toBe('image/png');
    expect(lossless.sentAs).toMatch(/^Sent as PNG, as you chose; it looks like a photo/);
    const flat = await sharp(logo).flatten({ background: '#ffffff' }).png().toBuffer();
    const jpeg = await normaliseInput(flat, 'logo.png', { ...TARGET, preferFormat: 'jpeg', preferReason: 'as you chose' });
    expect(jpeg.mime).toBe('image/jpeg');
    const keep = await normaliseInput(logo, 'logo.png', { ...TARGET, preferFormat: 'jpeg', preferReason: 'as you chose' });
    expect(keep.mime).toBe('image/png');
    expect(keep.sentAs).toBe('Sent as PNG: it has transparent areas, which JPEG would lose');
  });
});
