import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { importMask, maskFromPaintedAlpha, validateMask } from '../../electron/core/images/mask';
import { ellipseAlpha, maskPng, pixels } from '../fixtures/edits';
import { rejection } from './helpers/rejection';

const FIRST = { width: 1536, height: 1024 };

const failure = async (p: Promise<unknown>, code = 'INVALID_IMAGE'): Promise<string> => (await rejection(p, code)).message;

/** A black ellipse (edit) on white (keep), as people paint masks in other apps. */
async function blackAndWhite(width: number, height: number, format: 'png' | 'jpeg' = 'png'): Promise<Buffer> {
  const a = ellipseAlpha(width, height);
  return sharp(Buffer.from(a), { raw: { width, height, channels: 1 } })[format]().toBuffer();
}

async function alphaOf(png: Buffer): Promise<Buffer> {
  return sharp(png).extractChannel(3).raw().toBuffer();
}

const share = (a: Uint8Array) => a.reduce((n, v) => n + (v < 128 ? 1 : 0), 0) / a.length;

describe('importMask', () => {
  it('uses an alpha PNG as it is', async () => {
    const alpha = ellipseAlpha(FIRST.width, FIRST.height);
    const m = await importMask(await maskPng(alpha, FIRST.width, FIRST.height), 'mask.png', FIRST);
    expect([m.width, m.height]).toEqual([1536, 1024]);
    expect(Buffer.compare(await alphaOf(m.png), Buffer.from(alpha))).toBe(0);
    expect(m.editedShare).toBeCloseTo(share(alpha), 6);
    const meta = await sharp(m.png).metadata();
    expect([meta.format, meta.channels, meta.width, meta.height]).toEqual(['png', 4, 1536, 1024]);
    expect((await pixels(m.png)).at(5, 5)).toEqual([255, 255, 255, 255]);
  });

  it('turns black and white into alpha: black edits, white keeps', async () => {
    const m = await importMask(await blackAndWhite(1536, 1024), 'bw.png', FIRST);
    const a = await alphaOf(m.png);
    expect(a[512 * 1536 + 768]).toBe(0); // centre of the ellipse
    expect(a[5 * 1536 + 5]).toBe(255);
    expect(m.editedShare).toBeCloseTo(share(ellipseAlpha(1536, 1024)), 3);
  });

  it('maps greys proportionally and inverts on request', async () => {
    const grey = await sharp({ create: { width: 300, height: 200, channels: 3, background: { r: 128, g: 128, b: 128 } } })
      .composite([{ input: { create: { width: 150, height: 200, channels: 3, background: '#000000' } }, left: 0, top: 0 }])
      .png()
      .toBuffer();
    const m = await importMask(grey, 'grey.png', { width: 300, height: 200 });
    const a = await alphaOf(m.png);
    expect(a[100 * 300 + 50]).toBe(0);
    expect(Math.abs(a[100 * 300 + 250]! - 128)).toBeLessThanOrEqual(1);
    const inv = await alphaOf((await importMask(grey, 'grey.png', { width: 300, height: 200 }, { invert: true })).png);
    expect(inv[100 * 300 + 50]).toBe(255);
    expect(Math.abs(inv[100 * 300 + 250]! - 127)).toBeLessThanOrEqual(1);
  });

  it('inverts an alpha mask too', async () => {
    const alpha = ellipseAlpha(600, 400);
    const m = await importMask(await maskPng(alpha, 600, 400), 'mask.png', { width: 600, height: 400 }, { invert: true });
    const a = await alphaOf(m.png);
    expect(a.every((v, i) => v === 255 - alpha[i]!)).toBe(true);
  });

  it('reads the picture when an alpha channel is present but opaque everywhere', async () => {
    const rgba = await sharp(await blackAndWhite(600, 400)).ensureAlpha().png().toBuffer();
    expect((await sharp(rgba).metadata()).hasAlpha).toBe(true);
    const a = await alphaOf((await importMask(rgba, 'painted.png', { width: 600, height: 400 })).png);
    expect(a[200 * 600 + 300]).toBe(0);
    expect(a[0]).toBe(255);
  });

  it('resizes a mask of the same proportions, JPEG included', async () => {
    const m = await importMask(await blackAndWhite(768, 512, 'jpeg'), 'half.jpg', FIRST);
    expect([m.width, m.height]).toEqual([1536, 1024]);
    expect((await sharp(m.png).metadata()).width).toBe(1536);
    expect(m.editedShare).toBeCloseTo(share(ellipseAlpha(1536, 1024)), 2);
  });

  it('allows 1% of aspect difference from rounding, no more', async () => {
    const ok = await importMask(await blackAndWhite(1540, 1024), 'ok.png', FIRST);
    expect([ok.width, ok.height]).toEqual([1536, 1024]);
    const msg = await failure(importMask(await blackAndWhite(1600, 1024), 'wide.png', FIRST));
    expect(msg).toMatch(/^The mask is 1600x1024 but the first image is 1536x1024/);
  });

  it('refuses a mask of another shape', async () => {
    expect(await failure(importMask(await blackAndWhite(800, 800), 'square.png', FIRST))).toBe(
      'The mask is 800x800 but the first image is 1536x1024: their shapes differ, so it cannot be aligned. Use a mask with the same proportions.',
    );
  });

  it('refuses a mask that covers nothing or everything', async () => {
    const white = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#ffffff' } }).png().toBuffer();
    expect(await failure(importMask(white, 'white.png', { width: 300, height: 200 }))).toBe('The mask covers nothing: paint the area to change.');
    expect(await failure(importMask(white, 'white.png', { width: 300, height: 200 }, { invert: true }))).toBe(
      'The mask covers the whole image: there is nothing left to keep, so use no mask for a full edit.',
    );
  });

  it('refuses unreadable mask files the way inputs are refused', async () => {
    expect(await failure(importMask(Buffer.alloc(0), 'mask.png', FIRST))).toBe('"mask.png" is empty (0 bytes).');
    expect(await failure(importMask(Buffer.from('nope'), 'mask.png', FIRST))).toMatch(/^"mask.png" is not an image/);
  });
});

describe('validateMask', () => {
  const good = () => maskPng(ellipseAlpha(1536, 1024), 1536, 1024);

  it('accepts an alpha PNG of the exact size and reports the edited share', async () => {
    const { editedShare } = await validateMask(await good(), FIRST);
    expect(editedShare).toBeCloseTo(share(ellipseAlpha(1536, 1024)), 6);
  });

  it('refuses the wrong size, format or channels', async () => {
    expect(await failure(validateMask(await good(), { width: 1024, height: 1024 }))).toBe(
      'The mask is 1536x1024 but the first image is 1024x1024: it must be exactly the same size.',
    );
    const jpeg = await sharp(await good()).flatten().jpeg().toBuffer();
    expect(await failure(validateMask(jpeg, FIRST))).toBe('The mask must be a PNG, not JPEG.');
    const rgb = await sharp(await good()).removeAlpha().png().toBuffer();
    expect(await failure(validateMask(rgb, FIRST))).toBe('The mask has no alpha channel: transparent pixels mark the area to edit.');
    expect(await failure(validateMask(Buffer.from('x'), FIRST))).toBe('The mask could not be read: it is damaged or not an image.');
  });

  it('refuses empty and full masks', async () => {
    const clear = await maskPng(new Uint8Array(600 * 400).fill(255), 600, 400);
    expect(await failure(validateMask(clear, { width: 600, height: 400 }))).toBe('The mask covers nothing: paint the area to change.');
    const full = await maskPng(new Uint8Array(600 * 400), 600, 400);
    expect(await failure(validateMask(full, { width: 600, height: 400 }))).toMatch(/^The mask covers the whole image/);
  });
});

describe('maskFromPaintedAlpha', () => {
  it('turns the painter alpha plane into an RGBA PNG', async () => {
    const alpha = ellipseAlpha(640, 480);
    const m = await maskFromPaintedAlpha(alpha, 640, 480);
    expect([m.width, m.height]).toEqual([640, 480]);
    expect(Buffer.compare(await alphaOf(m.png), Buffer.from(alpha))).toBe(0);
    expect((await validateMask(m.png, { width: 640, height: 480 })).editedShare).toBeCloseTo(m.editedShare, 9);
  });

  it('refuses a plane of the wrong length', async () => {
    expect(await failure(maskFromPaintedAlpha(new Uint8Array(10), 640, 480), 'INVALID_ARGUMENTS')).toBe('The painted mask has 10 values, not 640x480.');
  });
});

describe('small precise masks', () => {
  it('accepts a 20x20 area of a 6000x4000 mask (far under 0.1%) and refuses fewer than 16 pixels', async () => {
    const maskWith = async (w: number, h: number, side: number) => {
      const rgba = Buffer.alloc(w * h * 4, 255);
      for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) rgba[((100 + y) * w + 100 + x) * 4 + 3] = 0;
      return sharp(rgba, { raw: { width: w, height: h, channels: 4 } }).png().toBuffer();
    };
    const small = await validateMask(await maskWith(6000, 4000, 20), { width: 6000, height: 4000 });
    expect(small.editedShare * 6000 * 4000).toBeCloseTo(400, 0);
    await expect(validateMask(await maskWith(600, 400, 3), { width: 600, height: 400 })).rejects.toThrow('The mask covers nothing: paint the area to change.');
  });
});
