/**
 * Finding a kit logo in an output, for the lab's region survival: where the logo best fits
 * (position and size), then how well it survived there (SSIM of the logo against that
 * patch of the output, from ssim.js). The search is normalised cross-correlation of
 * greyscale pictures, coarse to fine: every size from 6% to 60% of the output's width at
 * 1/8 scale, then the best few refined at 1/4 scale. NCC ignores brightness and contrast
 * shifts, which an edit adds anyway. A logo with transparency is cut to its drawn part and
 * laid on white when it is dark and on black when it is light, the backgrounds logos are
 * drawn to stand out on.
 */
import sharp from 'sharp';
import { ssim } from 'ssim.js';
import '../images/sharp-threads';
import { boxDown, cropRgba, type Rect } from './measure';

/** Below this correlation there is no logo there, only the least bad place. */
export const MIN_LOGO_NCC = 0.35;
const COARSE = 8;
const FINE = 4;
const MIN_WIDTH_SHARE = 0.06;
const MAX_WIDTH_SHARE = 0.6;
const SCALE_STEP = 1.15;

interface GreyPic {
  g: Float32Array;
  w: number;
  h: number;
}

const greyOf = (rgba: Uint8ClampedArray, w: number, h: number): GreyPic => {
  const g = new Float32Array(w * h);
  for (let i = 0; i < w * h; i++) g[i] = 0.299 * rgba[i * 4]! + 0.587 * rgba[i * 4 + 1]! + 0.114 * rgba[i * 4 + 2]!;
  return { g, w, h };
};

/** The logo flattened on the background it stands out on, as RGB at its own size. */
async function flatLogo(logo: Buffer): Promise<{ rgb: Buffer; width: number; height: number; background: string }> {
  const { data, info } = await sharp(logo).rotate().ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  let sum = 0;
  let n = 0;
  for (let i = 0; i < info.width * info.height; i++) {
    const a = data[i * 4 + 3]!;
    if (a < 128) continue;
    sum += 0.299 * data[i * 4]! + 0.587 * data[i * 4 + 1]! + 0.114 * data[i * 4 + 2]!;
    n++;
  }
  const background = n > 0 && sum / n > 128 ? '#000000' : '#ffffff';
  // Only the drawn part: a logo file's transparent margin shows whatever the output has there.
  const box = opaqueBox(data, info.width, info.height);
  const rgb = await sharp(logo).rotate().flatten({ background }).extract({ left: box.x, top: box.y, width: box.width, height: box.height }).removeAlpha().raw().toBuffer();
  return { rgb, width: box.width, height: box.height, background };
}

/** The bounding box of a picture's opaque pixels (alpha ≥ 128), or the whole picture. */
function opaqueBox(rgba: Buffer, w: number, h: number): Rect {
  let x0 = w, y0 = h, x1 = -1, y1 = -1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (rgba[(y * w + x) * 4 + 3]! < 128) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return x1 < 0 ? { x: 0, y: 0, width: w, height: h } : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

async function templateAt(flat: { rgb: Buffer; width: number; height: number }, w: number, h: number): Promise<GreyPic> {
  const rgb = await sharp(flat.rgb, { raw: { width: flat.width, height: flat.height, channels: 3 } }).resize({ width: w, height: h, fit: 'fill' }).raw().toBuffer();
  const g = new Float32Array(w * h);
  for (let i = 0; i < w * h; i++) g[i] = 0.299 * rgb[i * 3]! + 0.587 * rgb[i * 3 + 1]! + 0.114 * rgb[i * 3 + 2]!;
  return { g, w, h };
}

/** NCC of a template against the picture at (x, y); 0 where either is flat. */
function ncc(pic: GreyPic, t: GreyPic, tMean: number, tNorm: number, x: number, y: number): number {
  let sum = 0;
  let sum2 = 0;
  let cross = 0;
  const n = t.w * t.h;
  for (let ty = 0; ty < t.h; ty++) {
    const row = (y + ty) * pic.w + x;
    const trow = ty * t.w;
    for (let tx = 0; tx < t.w; tx++) {
      const p = pic.g[row + tx]!;
      sum += p;
      sum2 += p * p;
      cross += p * (t.g[trow + tx]! - tMean);
    }
  }
  const varP = sum2 - (sum * sum) / n;
  if (varP <= 1e-6 || tNorm <= 1e-6) return 0;
  return cross / Math.sqrt(varP * tNorm);
}

function stats(t: GreyPic): { mean: number; norm: number } {
  let s = 0;
  for (const v of t.g) s += v;
  const mean = s / t.g.length;
  let norm = 0;
  for (const v of t.g) norm += (v - mean) * (v - mean);
  return { mean, norm };
}

interface Candidate {
  score: number;
  x: number;
  y: number;
  /** Template width in working pixels. */
  width: number;
}

/** Where the logo sits in `rgb` (working size width x height) and how well it survived; null when it is not there. */
export async function findLogo(logo: Buffer, rgb: Uint8Array, width: number, height: number): Promise<{ rect: Rect; ssim: number; score: number } | null> {
  const flat = await flatLogo(logo);
  const aspect = flat.height / flat.width;
  const coarse = boxDown(rgb, width, height, COARSE);
  const cg = greyOf(coarse.data, coarse.width, coarse.height);

  const found: Candidate[] = [];
  for (let share = MIN_WIDTH_SHARE; share <= MAX_WIDTH_SHARE; share *= SCALE_STEP) {
    const tw = Math.round((width * share) / COARSE);
    const th = Math.round(tw * aspect);
    if (tw < 4 || th < 3 || tw > cg.w || th > cg.h) continue;
    const t = await templateAt(flat, tw, th);
    const { mean, norm } = stats(t);
    let best: Candidate | null = null;
    for (let y = 0; y + th <= cg.h; y++) {
      for (let x = 0; x + tw <= cg.w; x++) {
        const s = ncc(cg, t, mean, norm, x, y);
        if (!best || s > best.score) best = { score: s, x: x * COARSE, y: y * COARSE, width: tw * COARSE };
      }
    }
    if (best) found.push(best);
  }
  if (found.length === 0) return null;
  found.sort((a, b) => b.score - a.score);

  // Refine the five best sizes at 1/4 scale: ±1.5 coarse blocks and ±8% size around each.
  const fine = boxDown(rgb, width, height, FINE);
  const fg = greyOf(fine.data, fine.width, fine.height);
  let best: Candidate = { ...found[0]!, score: -1 };
  for (const c of found.slice(0, 5)) {
    for (const f of [0.92, 0.96, 1, 1.04, 1.08]) {
      const tw = Math.round((c.width * f) / FINE);
      const th = Math.round(tw * aspect);
      if (tw < 4 || th < 3 || tw > fg.w || th > fg.h) continue;
      const t = await templateAt(flat, tw, th);
      const { mean, norm } = stats(t);
      const r = Math.ceil((1.5 * COARSE) / FINE);
      const cx = Math.round(c.x / FINE);
      const cy = Math.round(c.y / FINE);
      for (let y = Math.max(0, cy - r); y <= Math.min(fg.h - th, cy + r); y++) {
        for (let x = Math.max(0, cx - r); x <= Math.min(fg.w - tw, cx + r); x++) {
          const s = ncc(fg, t, mean, norm, x, y);
          if (s > best.score) best = { score: s, x: x * FINE, y: y * FINE, width: tw * FINE };
        }
      }
    }
  }
  if (best.score < MIN_LOGO_NCC) return null;
  const rect = { x: best.x, y: best.y, width: best.width, height: Math.min(height - best.y, Math.round(best.width * aspect)) };
  // SSIM of the logo (on its background) against that patch of the output, at the patch's size.
  const logoRgb = await sharp(flat.rgb, { raw: { width: flat.width, height: flat.height, channels: 3 } }).resize({ width: rect.width, height: rect.height, fit: 'fill' }).raw().toBuffer();
  const a = cropRgba(logoRgb, rect.width, { x: 0, y: 0, width: rect.width, height: rect.height });
  const b = cropRgba(rgb, width, rect);
  const windowSize = Math.max(2, Math.min(11, rect.width, rect.height));
  return { rect, ssim: ssim(a, b, { ssim: 'bezkrovny', downsample: false, windowSize }).mssim, score: best.score };
}
