import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { editWeights } from '../../electron/core/images/edit-weights';
import { pixelLock } from '../../electron/core/images/paste-back';
import { LoupeError } from '../../electron/shared';
import { ellipseAlpha, encodePng, fakeEdit, maskPng, nearEdit, pixels, sourceRgb, type RawImage } from '../fixtures/edits';

const W = 1536;
const H = 1024;
const GROW = 4;
const FEATHER = 8;

let src: RawImage;
let alpha: Uint8Array;
let srcPng: Buffer;
let mask: Buffer;
let drifted: Buffer;

beforeAll(async () => {
  src = sourceRgb(W, H);
  alpha = ellipseAlpha(W, H);
  [srcPng, mask] = await Promise.all([encodePng(src), maskPng(alpha, W, H)]);
  drifted = await fakeEdit(src, alpha, { drift: 10 });
});

/** Counts pixels (by index) where `pred` fails; returns the first few for the message. */
function mismatches(n: number, pred: (i: number) => boolean): { count: number; first: number[] } {
  const first: number[] = [];
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (pred(i)) continue;
    count++;
    if (first.length < 5) first.push(i);
  }
  return { count, first };
}

const samePixel = (a: RawImage, b: RawImage, i: number): boolean => {
  for (let c = 0; c < a.channels; c++) if (a.data[i * a.channels + c] !== b.data[i * b.channels + c]) return false;
  return true;
};

describe('pixelLock', () => {
  it('equals the source exactly beyond grow + feather, and the output exactly inside the mask', async () => {
    const r = await pixelLock(srcPng, drifted, mask, { grow: GROW, feather: FEATHER });
    expect([r.width, r.height]).toEqual([W, H]);
    const locked = await pixels(r.locked);
    const out = await pixels(drifted);
    expect([locked.width, locked.height, locked.channels]).toEqual([W, H, 3]);
    const near = nearEdit(alpha, W, H, GROW + FEATHER + 1);
    expect(mismatches(W * H, (i) => near[i] === 1 || samePixel(locked, src, i)).count).toBe(0);
    expect(mismatches(W * H, (i) => alpha[i]! >= 128 || samePixel(locked, out, i)).count).toBe(0);
    // The band in between blends: some of its pixels are neither the source nor the output.
    const band = nearEdit(alpha, W, H, GROW + FEATHER - 1);
    let blended = 0;
    for (let i = 0; i < W * H; i++) if (band[i] && alpha[i]! >= 128 && !samePixel(locked, src, i) && !samePixel(locked, out, i)) blended++;
    expect(blended).toBeGreaterThan(1000);
  });

  it('keeps the raw output, and reports the drift outside the mask', async () => {
    const r = await pixelLock(srcPng, drifted, mask, { grow: GROW, feather: FEATHER });
    expect(r.rawIsOutput).toBe(true);
    expect(r.raw).toBe(drifted);
    expect(r.alignment).toEqual({ scale: 1, dx: 0, dy: 0, resized: false, reframed: false });
    const m = r.metrics;
    expect(m.threshold).toBe(5);
    expect(m.changedShare).toBeGreaterThan(0.3);
    expect(m.meanDeltaE).toBeGreaterThan(3);
    expect(m.ssimOutside).toBeLessThan(0.99);
    expect(m.ssimOutside).toBeGreaterThan(0.5);
    // Compared pixels: everything but the edit and its band.
    const editShare = alpha.reduce((n, v) => n + (v < 128 ? 1 : 0), 0) / alpha.length;
    expect(m.outsidePixels).toBeLessThan(W * H * (1 - editShare));
    expect(m.outsidePixels).toBeGreaterThan(W * H * (1 - editShare) * 0.9);
  });

  it('reports nothing changed when the output is the source', async () => {
    const r = await pixelLock(srcPng, srcPng, mask, { grow: GROW, feather: FEATHER });
    expect(r.metrics.changedShare).toBe(0);
    expect(r.metrics.meanDeltaE).toBe(0);
    expect(r.metrics.ssimOutside).toBeCloseTo(1, 9);
    expect(r.alignment.reframed).toBe(false);
    const locked = await pixels(r.locked);
    expect(Buffer.compare(locked.data, src.data)).toBe(0);
  });

  it('counts fewer changed pixels at a higher threshold', async () => {
    const low = await pixelLock(srcPng, drifted, mask, { grow: GROW, feather: FEATHER, threshold: 2 });
    const high = await pixelLock(srcPng, drifted, mask, { grow: GROW, feather: FEATHER, threshold: 20 });
    expect(low.metrics.changedShare).toBeGreaterThan(high.metrics.changedShare);
    expect(high.metrics.threshold).toBe(20);
    expect(low.metrics.meanDeltaE).toBeCloseTo(high.metrics.meanDeltaE, 9);
  });

  it('finds and undoes a 3% zoom like gpt-image-1-mini', async () => {
    const zoomed = await fakeEdit(src, alpha, { drift: 10, zoom: 1.03 });
    const r = await pixelLock(srcPng, zoomed, mask, { grow: GROW, feather: FEATHER });
    expect(r.alignment.reframed).toBe(true);
    expect(Math.abs(r.alignment.scale - 1.03)).toBeLessThan(0.003);
    expect(Math.abs(r.alignment.dx) + Math.abs(r.alignment.dy)).toBeLessThanOrEqual(2);
    expect(r.rawIsOutput).toBe(false);
    const raw = await pixels(r.raw);
    expect([raw.width, raw.height]).toEqual([W, H]);
    const locked = await pixels(r.locked);
    const near = nearEdit(alpha, W, H, GROW + FEATHER + 1);
    expect(mismatches(W * H, (i) => near[i] === 1 || samePixel(locked, src, i)).count).toBe(0);
    // Aligned, the zoomed output measures like the unzoomed one; unaligned it looks far worse.
    const plain = await pixelLock(srcPng, drifted, mask, { grow: GROW, feather: FEATHER });
    const unaligned = await pixelLock(srcPng, zoomed, mask, { grow: GROW, feather: FEATHER, detectReframe: false });
    expect(Math.abs(r.metrics.ssimOutside - plain.metrics.ssimOutside)).toBeLessThan(0.02);
    expect(unaligned.metrics.ssimOutside).toBeLessThan(r.metrics.ssimOutside - 0.02);
    expect(unaligned.metrics.meanDeltaE).toBeGreaterThan(r.metrics.meanDeltaE * 1.2);
  });

  it('does not mistake drift for a reframe', async () => {
    const heavy = await fakeEdit(src, alpha, { drift: 20 });
    const r = await pixelLock(srcPng, heavy, mask, { grow: GROW, feather: FEATHER });
    expect(r.alignment.reframed).toBe(false);
  });

  it('scales an output of another size onto the source', async () => {
    const small = await fakeEdit(src, alpha, { drift: 5, size: { width: 768, height: 512 } });
    const r = await pixelLock(srcPng, small, mask, { grow: GROW, feather: FEATHER });
    expect(r.alignment.resized).toBe(true);
    expect(r.rawIsOutput).toBe(false);
    expect([(await pixels(r.raw)).width, (await pixels(r.locked)).width]).toEqual([W, W]);
    const locked = await pixels(r.locked);
    const near = nearEdit(alpha, W, H, GROW + FEATHER + 1);
    expect(mismatches(W * H, (i) => near[i] === 1 || samePixel(locked, src, i)).count).toBe(0);
  });

  it('with no grow and no feather, locks exactly the mask', async () => {
    const r = await pixelLock(srcPng, drifted, mask, { grow: 0, feather: 0 });
    const locked = await pixels(r.locked);
    const out = await pixels(drifted);
    expect(mismatches(W * H, (i) => (alpha[i]! < 128 ? samePixel(locked, out, i) : samePixel(locked, src, i))).count).toBe(0);
  });

  it('keeps transparency when the images have it', async () => {
    const w = 400;
    const h = 300;
    const rgba = await sharp({ create: { width: w, height: h, channels: 4, background: { r: 10, g: 120, b: 200, alpha: 0.5 } } }).png().toBuffer();
    const out = await sharp({ create: { width: w, height: h, channels: 4, background: { r: 250, g: 20, b: 20, alpha: 1 } } }).png().toBuffer();
    const a = ellipseAlpha(w, h);
    const r = await pixelLock(rgba, out, await maskPng(a, w, h), { grow: 2, feather: 4 });
    const locked = await pixels(r.locked);
    expect(locked.channels).toBe(4);
    expect(locked.at(5, 5)).toEqual([10, 120, 200, 128]);
    expect(locked.at(200, 135)).toEqual([250, 20, 20, 255]);
  });

  it('refuses unreadable images with a clear message', async () => {
    await expect(pixelLock(srcPng, Buffer.from('not a png'), mask, { grow: 0, feather: 0 })).rejects.toThrow(
      new LoupeError('INVALID_IMAGE', 'The edited image could not be read: it is damaged or not an image.'),
    );
    await expect(pixelLock(Buffer.alloc(0), drifted, mask, { grow: 0, feather: 0 })).rejects.toThrow(/source image could not be read/);
    await expect(pixelLock(srcPng, drifted, Buffer.from('x'), { grow: 0, feather: 0 })).rejects.toThrow(/mask could not be read/);
  });
});

describe('editWeights', () => {
  it('is 255 within grow, fades over feather, and is exactly 0 beyond', () => {
    const w = 101;
    const a = new Uint8Array(w * w).fill(255);
    a[50 * w + 50] = 0;
    const { w: wt, box } = editWeights(a, w, w, 3, 4);
    const row = (x: number) => wt[50 * w + x]!;
    expect([row(50), row(53), row(47)]).toEqual([255, 255, 255]);
    expect(row(54)).toBeLessThan(255);
    expect(row(54)).toBeGreaterThan(row(55));
    expect(row(55)).toBeGreaterThan(row(56));
    expect([row(57), row(43), row(80)]).toEqual([0, 0, 0]);
    // Diagonally the distance is longer: 5 steps of sqrt 2 = 7.07 > 3 + 4.
    expect(wt[55 * w + 55]).toBe(0);
    expect(box.x0).toBeLessThanOrEqual(43);
    expect(box.x1).toBeGreaterThanOrEqual(58);
  });

  it('keeps soft painted edges at least as strong as painted', () => {
    const a = new Uint8Array(50 * 50).fill(255);
    a[0] = 0;
    a[25 * 50 + 25] = 200; // mostly keep: not part of the edit, but 55/255 of it blends
    const { w } = editWeights(a, 50, 50, 0, 0);
    expect(w[0]).toBe(255);
    expect(w[25 * 50 + 25]).toBe(55);
    expect(w[10 * 50 + 10]).toBe(0);
  });

  it('is all zero for a mask that keeps everything', () => {
    const { w } = editWeights(new Uint8Array(64).fill(255), 8, 8, 3, 3);
    expect(w.every((v) => v === 0)).toBe(true);
  });
});
