/**
 * The comparison lab's picture metrics against known pairs: identical pictures, known
 * colour shifts and noise, a change confined to the mask, and the heat map's colours.
 * Real sharp, real ssim.js; the Lab tables are held to the textbook formulas.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { areaStats, diffMap, heatColour, SCALE_MAX, UNSEEN_DELTA_E } from '../../electron/core/compare/diff-map';
import { deltaEPlane, labOf, toLab } from '../../electron/core/compare/lab';
import { centreCrop, measureOutput, prepareSource, regionSsim, toWorking } from '../../electron/core/compare/measure';
import { encodePng, ellipseAlpha, maskPng, sourceRgb, type RawImage } from '../fixtures/edits';
import { hash01 } from '../fixtures/pixels';

const W = 768;
const H = 512;
const source = sourceRgb(W, H);

const map = (img: RawImage, f: (v: number, i: number) => number): RawImage => {
  const data = Buffer.alloc(img.data.length);
  for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, Math.round(f(img.data[i]!, i))));
  return { ...img, data };
};

describe('Lab and ΔE (CIE76)', () => {
  it('matches the exact conversion to within 0.05 ΔE over a spread of colours', () => {
    const colours: [number, number, number][] = [];
    for (let r = 0; r < 256; r += 17) for (let g = 0; g < 256; g += 51) for (let b = 0; b < 256; b += 85) colours.push([r, g, b]);
    const px = Buffer.from(colours.flat());
    const lab = toLab(px, colours.length, 1, 3);
    let worst = 0;
    colours.forEach((c, i) => {
      const [L, a, b] = labOf(...c);
      worst = Math.max(worst, Math.hypot(lab.L[i]! - L, lab.a[i]! - a, lab.b[i]! - b));
    });
    expect(worst).toBeLessThan(0.05);
  });

  it('gives the textbook values: white L 100, black 0, their ΔE 100; sRGB red L 53.2 a 80.1 b 67.2', () => {
    expect(labOf(255, 255, 255)[0]).toBeCloseTo(100, 2);
    expect(labOf(0, 0, 0)[0]).toBeCloseTo(0, 5);
    const [L, a, b] = labOf(255, 0, 0);
    expect(L).toBeCloseTo(53.24, 1);
    expect(a).toBeCloseTo(80.09, 1);
    expect(b).toBeCloseTo(67.2, 1);
    const de = deltaEPlane(toLab(Buffer.from([255, 255, 255]), 1, 1, 3), toLab(Buffer.from([0, 0, 0]), 1, 1, 3));
    expect(de[0]).toBeCloseTo(100, 1);
  });

  it('p95, max and changed share of known values', () => {
    const de = Float32Array.from({ length: 1000 }, (_, i) => i / 100); // 0 .. 9.99
    const s = areaStats(de);
    expect(s.meanDeltaE).toBeCloseTo(4.995, 3);
    expect(s.p95DeltaE).toBeCloseTo(9.5, 1);
    expect(s.maxDeltaE).toBeCloseTo(9.99, 2);
    expect(s.changedShare).toBeCloseTo(0.499, 3); // over 5
    expect(areaStats(de, (i) => i < 100).maxDeltaE).toBeCloseTo(0.99, 2);
  });
});

describe('measureOutput', () => {
  it('identical pictures: SSIM 1 and ΔE 0 everywhere', async () => {
    const png = await encodePng(source);
    const src = await prepareSource(png, await maskPng(ellipseAlpha(W, H), W, H));
    const m = await measureOutput(src, png);
    expect(m.overall.ssim).toBeCloseTo(1, 9);
    expect(m.overall.meanDeltaE).toBe(0);
    expect(m.insideMask!.ssim).toBeCloseTo(1, 9);
    expect(m.outsideMask!).toMatchObject({ meanDeltaE: 0, changedShare: 0 });
    expect(m.outsideMask!.ssim).toBeCloseTo(1, 9);
    expect(m.insideMask!.pixels + m.outsideMask!.pixels).toBe(W * H);
  });

  it('a uniform shift of +12 in every channel: ΔE in the 3–8 range, structure (SSIM) almost untouched', async () => {
    const src = await prepareSource(await encodePng(source), null);
    const m = await measureOutput(src, await encodePng(map(source, (v) => v + 12)));
    expect(m.overall.meanDeltaE).toBeGreaterThan(3);
    expect(m.overall.meanDeltaE).toBeLessThan(8);
    expect(m.overall.ssim).toBeGreaterThan(0.95);
    expect(m.insideMask).toBeNull();
  });

  it('noise lowers SSIM and raises ΔE with its amplitude', async () => {
    const src = await prepareSource(await encodePng(source), null);
    const noisy = async (amp: number) => measureOutput(src, await encodePng(map(source, (v, i) => v + (hash01(i, 7) * 2 - 1) * amp)));
    const [n8, n40] = await Promise.all([noisy(8), noisy(40)]);
    expect(n8.overall.ssim).toBeLessThan(1);
    expect(n40.overall.ssim).toBeLessThan(n8.overall.ssim - 0.05);
    expect(n8.overall.meanDeltaE).toBeGreaterThan(1);
    expect(n40.overall.meanDeltaE).toBeGreaterThan(n8.overall.meanDeltaE * 3);
  });

  it('a change only inside the mask shows inside, and leaves outside at SSIM 1, ΔE 0', async () => {
    const alpha = ellipseAlpha(W, H);
    const inside = map(source, (v, i) => (alpha[Math.floor(i / 3)] === 0 ? 255 - v : v));
    const src = await prepareSource(await encodePng(source), await maskPng(alpha, W, H));
    const m = await measureOutput(src, await encodePng(inside));
    expect(m.insideMask!.meanDeltaE).toBeGreaterThan(30);
    expect(m.insideMask!.ssim).toBeLessThan(0.5);
    expect(m.outsideMask!.meanDeltaE).toBeLessThan(0.01);
    expect(m.outsideMask!.changedShare).toBe(0);
    expect(m.outsideMask!.ssim).toBeCloseTo(1, 6);
    // The overall numbers lie between the two.
    expect(m.overall.meanDeltaE).toBeGreaterThan(m.outsideMask!.meanDeltaE);
    expect(m.overall.meanDeltaE).toBeLessThan(m.insideMask!.meanDeltaE);
  });

  it('an output of other proportions is compared with the centre of the source it was framed from', async () => {
    // The model's canvas covers 3:2 from a 4:3 source: the top and bottom are cut.
    const src43 = sourceRgb(800, 600);
    const framed = await sharp(src43.data, { raw: { width: 800, height: 600, channels: 3 } }).resize(768, 512, { fit: 'cover' }).png().toBuffer();
    const src = await prepareSource(await encodePng(src43), null, 768 / 512, 768);
    expect(src.crop).toEqual(centreCrop(800, 600, 1.5));
    expect(src.crop).toMatchObject({ x: 0, width: 800 });
    const m = await measureOutput(src, framed);
    expect(m.overall.meanDeltaE).toBeLessThan(1.5);
    expect(m.overall.ssim).toBeGreaterThan(0.97);
  });

  it('a region: SSIM of the same rectangle, in source pixels', async () => {
    const src = await prepareSource(await encodePng(source), null);
    // Damage only the red block at (0.15, 0.7, 0.2, 0.12) of the picture.
    const box = { x: Math.round(0.15 * W), y: Math.round(0.7 * H), width: Math.round(0.2 * W), height: Math.round(0.12 * H) };
    const damaged = map(source, (v, i) => {
      const p = Math.floor(i / 3);
      const x = p % W;
      const y = Math.floor(p / W);
      return x >= box.x && x < box.x + box.width && y >= box.y && y < box.y + box.height ? v * 0.2 + (hash01(i, 3) * 255) * 0.8 : v;
    });
    const m = await measureOutput(src, await encodePng(damaged));
    const r = toWorking(src, box)!;
    expect(regionSsim(src, m.rgb, r)).toBeLessThan(0.5);
    const elsewhere = toWorking(src, { x: 20, y: 20, width: 200, height: 100 })!;
    expect(regionSsim(src, m.rgb, elsewhere)).toBeCloseTo(1, 6);
  });
});

describe('diffMap', () => {
  it('colours: transparent under the just-noticeable difference, brighter and more opaque up the scale', () => {
    expect(heatColour(0)[3]).toBe(0);
    expect(heatColour(UNSEEN_DELTA_E - 0.01)[3]).toBe(0);
    const low = heatColour(UNSEEN_DELTA_E + 1);
    const high = heatColour(SCALE_MAX);
    expect(low[3]).toBeGreaterThan(0);
    expect(high[3]).toBeGreaterThan(low[3]);
    const lum = (c: number[]) => 0.299 * c[0]! + 0.587 * c[1]! + 0.114 * c[2]!;
    expect(lum(high)).toBeGreaterThan(lum(low) + 100);
    expect(heatColour(SCALE_MAX * 3)).toEqual(high);
  });

  it('lays a on b’s grid: a source of other proportions is covered and centre-cut, like the model framed it', async () => {
    const src43 = sourceRgb(800, 600);
    const a = await encodePng(src43);
    const b = await sharp(src43.data, { raw: { width: 800, height: 600, channels: 3 } }).resize(768, 512, { fit: 'cover' }).png().toBuffer();
    const m = await diffMap(a, b);
    expect([m.width, m.height]).toEqual([768, 512]);
    expect(m.all.meanDeltaE).toBeLessThan(1.5);
    expect(m.all.changedShare).toBeLessThan(0.02);
  });
});
