/**
 * The leak metrics' fast paths against the plain way of computing the same thing:
 * ΔE from tabulated Lab against sRGB → XYZ → L*a*b* with Math.pow and Math.cbrt,
 * ssim.js's Bezkrovny variant against its original sliding window, and the grey blocks
 * against weighing every pixel on its own.
 */
import sharp from 'sharp';
import { ssim } from 'ssim.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { greyBlocks, type Grey, type Rect } from '../../electron/core/images/align';
import { editWeights } from '../../electron/core/images/edit-weights';
import { leakageMetrics, type LeakageInput } from '../../electron/core/images/leakage';
import { ellipseAlpha, fakeEdit, sourceRgb, type RawImage } from '../fixtures/edits';

const W = 1536;
const H = 1024;

/** CIE L*a*b* (D65) of an 8-bit sRGB colour, computed directly. */
const LIN = Array.from({ length: 256 }, (_, v) => {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
});
function lab(r: number, g: number, b: number): [number, number, number] {
  const [R, G, B] = [LIN[r]!, LIN[g]!, LIN[b]!];
  const x = (0.4124564 * R + 0.3575761 * G + 0.1804375 * B) / 0.95047;
  const y = 0.2126729 * R + 0.7151522 * G + 0.072175 * B;
  const z = (0.0193339 * R + 0.119192 * G + 0.9503041 * B) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

/** ΔE share and mean over the weight-0 pixels inside `valid`, one pixel at a time. */
function referenceDeltaE(p: LeakageInput): { changedShare: number; meanDeltaE: number; outsidePixels: number } {
  let changed = 0;
  let sum = 0;
  let count = 0;
  for (let y = p.valid.y0; y < p.valid.y1; y++) {
    for (let x = p.valid.x0; x < p.valid.x1; x++) {
      const i = y * p.width + x;
      if (p.weights[i] !== 0) continue;
      const q = i * p.channels;
      const a = lab(p.source[q]!, p.source[q + 1]!, p.source[q + 2]!);
      const b = lab(p.output[q]!, p.output[q + 1]!, p.output[q + 2]!);
      const e = Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
      count++;
      sum += e;
      if (e > p.threshold) changed++;
    }
  }
  return { changedShare: changed / count, meanDeltaE: sum / count, outsidePixels: count };
}

/** Grey blocks the slow way: each pixel weighed on its own, then averaged. */
function referenceGrey(pix: Uint8Array, width: number, height: number, c: number, k: number): Float32Array {
  const w = Math.floor(width / k);
  const h = Math.floor(height / k);
  const g = new Float32Array(w * h);
  for (let by = 0; by < h; by++) {
    for (let bx = 0; bx < w; bx++) {
      let acc = 0;
      for (let y = by * k; y < by * k + k; y++) {
        for (let x = bx * k; x < bx * k + k; x++) {
          const q = (y * width + x) * c;
          acc += 77 * pix[q]! + 150 * pix[q + 1]! + 29 * pix[q + 2]!;
        }
      }
      g[by * w + bx] = acc / (k * k * 256);
    }
  }
  return g;
}

let src: RawImage;
let alpha: Uint8Array;
let weights: { w: Uint8Array; box: Rect };
const outputs = new Map<number, Buffer>();

beforeAll(async () => {
  src = sourceRgb(W, H);
  alpha = ellipseAlpha(W, H);
  weights = editWeights(alpha, W, H, 4, 8);
  for (const drift of [2, 10]) outputs.set(drift, await sharp(await fakeEdit(src, alpha, { drift })).raw().toBuffer());
});

const input = (output: Uint8Array, valid: Rect = { x0: 0, y0: 0, x1: W, y1: H }, threshold = 5): LeakageInput => ({
  source: src.data,
  output,
  channels: 3,
  width: W,
  height: H,
  weights: weights.w,
  valid,
  threshold,
});

describe('leak metrics: fast paths against the plain computation', () => {
  it('ΔE from the tables agrees with sRGB → L*a*b* computed directly (mean within 0.005, share within 0.05%)', () => {
    const grey = greyBlocks(src.data, W, H, 3, 4, weights.w, weights.box);
    for (const [drift, valid, threshold] of [
      [2, { x0: 0, y0: 0, x1: W, y1: H }, 5],
      [10, { x0: 17, y0: 9, x1: W - 23, y1: H - 5 }, 2],
    ] as const) {
      const out = outputs.get(drift)!;
      const p = input(out, valid, threshold);
      const fast = leakageMetrics(p, grey, greyBlocks(out, W, H, 3, 4, weights.w, weights.box));
      const ref = referenceDeltaE(p);
      expect(fast.outsidePixels, `drift ${drift}`).toBe(ref.outsidePixels);
      expect(Math.abs(fast.meanDeltaE - ref.meanDeltaE), `drift ${drift}`).toBeLessThan(0.005);
      expect(Math.abs(fast.changedShare - ref.changedShare), `drift ${drift}`).toBeLessThan(0.0005);
    }
    // The reference puts 2.7 million pixels through Math.cbrt: seconds on a shared machine.
  }, 120_000);

  it('gives the textbook ΔE for white, black and red', () => {
    const px = (...rgb: number[]) => Uint8Array.from(rgb);
    const one = (a: Uint8Array, b: Uint8Array) => {
      const grey = greyBlocks(a, 1, 1, 3, 1, new Uint8Array(1), { x0: 0, y0: 0, x1: 0, y1: 0 });
      const p = { source: a, output: b, channels: 3 as const, width: 1, height: 1, weights: new Uint8Array(1), valid: { x0: 0, y0: 0, x1: 1, y1: 1 }, threshold: 5 };
      return leakageMetrics(p, grey, grey).meanDeltaE;
    };
    expect(one(px(255, 255, 255), px(0, 0, 0))).toBeCloseTo(100, 2);
    // sRGB red is L*a*b* (53.24, 80.09, 67.20).
    expect(one(px(255, 0, 0), px(0, 0, 0))).toBeCloseTo(117.34, 1);
    expect(one(px(120, 130, 140), px(120, 130, 140))).toBe(0);
  });

  it("SSIM's Bezkrovny variant stays within 0.025 of ssim.js's original sliding window", () => {
    const none = new Uint8Array(W * H);
    const empty = { x0: 0, y0: 0, x1: 0, y1: 0 };
    const rgba = (g: Float32Array) => {
      const a = new Uint8ClampedArray(g.length * 4);
      for (let i = 0; i < g.length; i++) a.fill(g[i]!, i * 4, i * 4 + 3).fill(255, i * 4 + 3, i * 4 + 4);
      return a;
    };
    const sg = greyBlocks(src.data, W, H, 3, 4, none, empty);
    for (const out of outputs.values()) {
      const og = greyBlocks(out, W, H, 3, 4, none, empty);
      // With nothing masked, ssimOutside is the Bezkrovny mean over the whole picture.
      const fast = leakageMetrics({ ...input(out), weights: none }, sg, og).ssimOutside;
      const original = ssim({ data: rgba(sg.g), width: sg.w, height: sg.h }, { data: rgba(og.g), width: og.w, height: og.h }, { downsample: false, ssim: 'original' }).mssim;
      expect(Math.abs(fast - original)).toBeLessThan(0.025);
      expect(fast).toBeLessThan(1);
    }
  });

  it("SSIM outside equals ssim.js's Bezkrovny over the windows wholly outside (to 1e-9)", () => {
    // The way it was computed through ssim.js: grey blocks as RGBA, the edit's blocks
    // taken from the source, the map's windows that lie wholly in kept blocks averaged.
    const viaSsimJs = (src: Grey, out: Grey): number => {
      const a = new Uint8ClampedArray(src.w * src.h * 4);
      const b = new Uint8ClampedArray(src.w * src.h * 4);
      for (let j = 0; j < src.w * src.h; j++) {
        const gb = out.keep[j] ? out.g[j]! : src.g[j]!;
        a.fill(src.g[j]!, j * 4, j * 4 + 3).fill(255, j * 4 + 3, j * 4 + 4);
        b.fill(gb, j * 4, j * 4 + 3).fill(255, j * 4 + 3, j * 4 + 4);
      }
      const { ssim_map: map } = ssim({ data: a, width: src.w, height: src.h }, { data: b, width: src.w, height: src.h }, { downsample: false, ssim: 'bezkrovny' });
      let total = 0;
      let count = 0;
      for (let wy = 0; wy < map.height; wy++) {
        for (let wx = 0; wx < map.width; wx++) {
          let kept = true;
          for (let y = wy * 11; y < Math.min(wy * 11 + 11, out.h); y++) for (let x = wx * 11; x < Math.min(wx * 11 + 11, out.w); x++) kept &&= out.keep[y * out.w + x] === 1;
          if (!kept) continue;
          total += map.data[wy * map.width + wx]!;
          count++;
        }
      }
      return total / count;
    };
    const sg = greyBlocks(src.data, W, H, 3, 4, weights.w, weights.box);
    for (const [drift, out] of outputs) {
      for (const valid of [undefined, { x0: 40, y0: 24, x1: W - 36, y1: H - 20 }]) {
        const og = greyBlocks(out, W, H, 3, 4, weights.w, weights.box, valid);
        const fast = leakageMetrics(input(out, valid), sg, og).ssimOutside;
        expect(Math.abs(fast - viaSsimJs(sg, og)), `drift ${drift}`).toBeLessThan(1e-9);
      }
    }
  });

  it('grey blocks equal weighing every pixel, for odd and even block sizes, RGB and RGBA', () => {
    const w = 203;
    const h = 151;
    const rgb = sourceRgb(w, h).data;
    const rgba = new Uint8Array(w * h * 4);
    for (let i = 0; i < w * h; i++) rgba.set([rgb[i * 3]!, rgb[i * 3 + 1]!, rgb[i * 3 + 2]!, 200], i * 4);
    const none = new Uint8Array(w * h);
    const empty = { x0: 0, y0: 0, x1: 0, y1: 0 };
    for (const k of [1, 2, 3, 4, 5, 8]) {
      for (const [pix, c] of [[rgb, 3], [rgba, 4]] as const) {
        const got = greyBlocks(pix, w, h, c, k, none, empty);
        const want = referenceGrey(pix, w, h, c, k);
        expect([got.w, got.h]).toEqual([Math.floor(w / k), Math.floor(h / k)]);
        let worst = 0;
        for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got.g[i]! - want[i]!));
        expect(worst, `k=${k} c=${c}`).toBeLessThan(1e-4);
      }
    }
  });
});
