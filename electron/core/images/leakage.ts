import type { Grey } from './align';
import { F, FRAC, HALF, TB, TG, TR } from './lab-tables';

/*
 * How much a masked edit changed the picture where it was told not to. Computed on the
 * raw (aligned) output against the source, over the pixels the pixel lock keeps from the
 * source (weight 0), i.e. outside the mask and outside its grown and feathered edge.
 */

export interface LeakageMetrics {
  /** Share of outside pixels whose colour moved by more than `threshold` (CIE76 ΔE). */
  changedShare: number;
  /** Mean CIE76 ΔE over the outside pixels. */
  meanDeltaE: number;
  /** SSIM of the outside area (1 = structurally identical). */
  ssimOutside: number;
  outsidePixels: number;
  threshold: number;
}

/** Planes the metrics read: pixels of both images (RGB or RGBA), the lock weights and the valid area. */
export interface LeakageInput {
  source: Uint8Array;
  output: Uint8Array;
  channels: 3 | 4;
  width: number;
  height: number;
  /** 0 marks the pixels compared; anything else is the edit and its band. */
  weights: Uint8Array;
  /** Pixels the output actually covers after alignment (a reframe can leave borders). */
  valid: { x0: number; y0: number; x1: number; y1: number };
  threshold: number;
}

// Lab by table: images/lab-tables.ts (shared with the comparison lab).

/**
 * ΔE share and mean over pixels with weight 0 inside `valid`. CIE76 (Euclidean distance
 * in L*a*b*): simple, fast, and at the thresholds that matter here (~2 just noticeable,
 * 5 clearly visible) close enough to CIEDE2000 for a leak report.
 */
export function deltaE(p: LeakageInput): { changed: number; sum: number; count: number } {
  const { source: s, output: o, width, weights, valid, channels: c } = p;
  const t2 = p.threshold * p.threshold;
  let changed = 0;
  let sum = 0;
  let count = 0;
  for (let y = valid.y0; y < valid.y1; y++) {
    const end = y * width + valid.x1;
    for (let i = y * width + valid.x0, q = i * c; i < end; i++, q += c) {
      if (weights[i] !== 0) continue;
      count++;
      const r1 = s[q]!, g1 = s[q + 1]!, b1 = s[q + 2]!;
      const r2 = o[q]!, g2 = o[q + 1]!, b2 = o[q + 2]!;
      if (r1 === r2 && g1 === g2 && b1 === b2) continue;
      const r1i = r1 << 2, g1i = g1 << 2, b1i = b1 << 2;
      const r2i = r2 << 2, g2i = g2 << 2, b2i = b2 << 2;
      // (sum + HALF) >> FRAC is the nearest table step.
      const fx1 = F[(TR[r1i]! + TG[g1i]! + TB[b1i]! + HALF) >> FRAC]!;
      const fy1 = F[(TR[r1i + 1]! + TG[g1i + 1]! + TB[b1i + 1]! + HALF) >> FRAC]!;
      const fz1 = F[(TR[r1i + 2]! + TG[g1i + 2]! + TB[b1i + 2]! + HALF) >> FRAC]!;
      const fx2 = F[(TR[r2i]! + TG[g2i]! + TB[b2i]! + HALF) >> FRAC]!;
      const fy2 = F[(TR[r2i + 1]! + TG[g2i + 1]! + TB[b2i + 1]! + HALF) >> FRAC]!;
      const fz2 = F[(TR[r2i + 2]! + TG[g2i + 2]! + TB[b2i + 2]! + HALF) >> FRAC]!;
      const dl = 116 * (fy1 - fy2);
      const da = 500 * (fx1 - fy1 - fx2 + fy2);
      const db = 200 * (fy1 - fz1 - fy2 + fz2);
      const e2 = dl * dl + da * da + db * db;
      // Branch-free: whether a drifted pixel passes the threshold is a coin toss the
      // CPU cannot predict, and the mispredictions cost a quarter of the loop.
      changed += e2 > t2 ? 1 : 0;
      sum += Math.sqrt(e2);
    }
  }
  return { changed, sum, count };
}

/** ssim.js's default window, and its constants for 8-bit values: (0.01·255)², (0.03·255)². */
const WINDOW = 11;
const C1 = (0.01 * 255) ** 2;
const C2 = (0.03 * 255) ** 2;

/**
 * SSIM outside the edit, on greyscale blocks of both images (about 256 px on the short
 * side, the scale SSIM's authors recommend), by ssim.js's Bezkrovny variant: SSIM of
 * non-overlapping 11x11 windows (partial at the right and bottom edges), within about
 * 1-2% of the reference sliding window and ten times faster. Blocks touching the edit
 * and its band (or a border a reframe left uncovered) are replaced by the source's in
 * the output, and the mean is taken over the windows lying wholly outside, so the change
 * we asked for neither lowers nor inflates the score.
 *
 * Computed here rather than through ssim.js, with the same integers (ssim.js saw these
 * blocks as 8-bit RGBA and turned them back into the same grey) and the same formula:
 * ssim.js's copies into RGBA, back to grey and into per-window arrays took 4 of its 5 ms.
 * images-metrics.test.ts holds the two to 1e-9.
 */
function ssimOutside(src: Grey, out: Grey): number {
  const { w, h } = src;
  if (w < WINDOW || h < WINDOW) return 1;
  const a = new Uint8ClampedArray(w * h);
  const b = new Uint8ClampedArray(w * h);
  for (let j = 0; j < w * h; j++) {
    a[j] = src.g[j]!;
    b[j] = out.keep[j] ? out.g[j]! : src.g[j]!;
  }
  let total = 0;
  let count = 0;
  let all = 0;
  let windows = 0;
  for (let y0 = 0; y0 < h; y0 += WINDOW) {
    for (let x0 = 0; x0 < w; x0 += WINDOW) {
      const v = windowSsim(a, b, w, x0, y0, Math.min(WINDOW, w - x0), Math.min(WINDOW, h - y0));
      all += v;
      windows++;
      if (!wholly(out, x0, y0)) continue;
      total += v;
      count++;
    }
  }
  return count > 0 ? total / count : all / windows;
}

/** Bezkrovny's SSIM of one window: means, population variances and covariance. */
function windowSsim(a: Uint8ClampedArray, b: Uint8ClampedArray, w: number, x0: number, y0: number, ww: number, wh: number): number {
  const n = ww * wh;
  let sa = 0;
  let sb = 0;
  for (let y = y0; y < y0 + wh; y++) {
    for (let i = y * w + x0, e = i + ww; i < e; i++) {
      sa += a[i]!;
      sb += b[i]!;
    }
  }
  const ma = sa / n;
  const mb = sb / n;
  let va = 0;
  let vb = 0;
  let cov = 0;
  for (let y = y0; y < y0 + wh; y++) {
    for (let i = y * w + x0, e = i + ww; i < e; i++) {
      const da = a[i]! - ma;
      const db = b[i]! - mb;
      va += da * da;
      vb += db * db;
      cov += da * db;
    }
  }
  va /= n;
  vb /= n;
  cov /= n;
  return ((2 * ma * mb + C1) * (2 * cov + C2)) / ((ma * ma + mb * mb + C1) * (va + vb + C2));
}

/** Whether the window at (x0, y0) lies wholly in kept blocks. */
function wholly(g: Grey, x0: number, y0: number): boolean {
  for (let y = y0; y < Math.min(y0 + WINDOW, g.h); y++) {
    for (let x = x0; x < Math.min(x0 + WINDOW, g.w); x++) if (!g.keep[y * g.w + x]) return false;
  }
  return true;
}

/** `src` and `out` are greyscale blocks of the source and the aligned output (greyBlocks). */
export function leakageMetrics(p: LeakageInput, src: Grey, out: Grey): LeakageMetrics {
  const { changed, sum, count } = deltaE(p);
  return {
    changedShare: count ? changed / count : 0,
    meanDeltaE: count ? sum / count : 0,
    ssimOutside: count ? ssimOutside(src, out) : 1,
    outsidePixels: count,
    threshold: p.threshold,
  };
}
