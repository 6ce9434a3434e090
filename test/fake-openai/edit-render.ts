// What an edit does to pixels. Real GPT Image edits re-render the whole
// picture (masking is prompt-guided), so the masked area changes and the rest
// drifts. No active model takes input_fidelity, so the drift depends on the
// model (Flare more than Sunburst) and the quality (lower drifts more). A
// `markup` overlay acts like a mask over its marks, dilated.
import sharp, { type OverlayOptions, type Sharp } from 'sharp';
import { renderPattern, rng, seedOf, SHAPES } from './images';
import type { InputImage } from './inputs';
import { aliasOf } from './models';
import type { ResolvedQuality } from './tokens';

/** Drift by quality (auto renders as medium): strictly decreasing, low to max. */
export const DRIFT_BY_QUALITY: Record<ResolvedQuality, number> = { low: 1, medium: 0.75, high: 0.5, xhigh: 0.35, max: 0.25 };

/** Drift by model (aliases; snapshots use theirs): Sunburst keeps edits most consistent, Flare least. */
export const DRIFT_BY_MODEL: Record<string, number> = {
  'gpt-image-2.6-sunburst': 0.4,
  'gpt-image-2.5-sunburst': 0.5,
  'gpt-image-2': 0.6,
  'gpt-image-2.6-flare': 0.9,
  'gpt-image-2.5-flare': 1,
};

/** Drift level in (0, 1]: model × quality. */
export function driftLevel(model: string, quality: ResolvedQuality): number {
  return (DRIFT_BY_MODEL[aliasOf(model)] ?? 1) * DRIFT_BY_QUALITY[quality];
}

/** Drift levels up to this keep the picture's geometry; above it the picture warps (faces and type reshape), fully from WARP_FULL_LEVEL. */
export const WARP_FROM_LEVEL = 0.75;
const WARP_FULL_LEVEL = 0.9;

/**
 * At level 1: blur σ 1.6, colour shift ±10, noise ±10, 40% restyle without a mask; all
 * scale with the level. At the fast, low-quality end (levels over WARP_FROM_LEVEL: Flare
 * at low quality) the picture also warps smoothly by up to 3% of its short side, so shapes
 * are redrawn (a face is measurably less the same person) where the careful end only
 * softens them.
 */
function driftParams(level: number) {
  return { blur: 1.6 * level, shift: 10 * level, noise: 10 * level, restyle: 0.1 + 0.3 * level, warp: WARP_AMPLITUDE * Math.min(1, Math.max(0, (level - WARP_FROM_LEVEL) / (WARP_FULL_LEVEL - WARP_FROM_LEVEL))) };
}

/** Warp at level 1, as a share of the short side. */
const WARP_AMPLITUDE = 0.03;

/**
 * A smooth, seeded displacement of the picture (bilinear resampling): two crossed sine
 * fields with a wavelength of about a sixth of the short side, so features (eyes, mouth,
 * letters) change shape while the whole stays in place.
 */
function warpRaw(src: Buffer, w: number, h: number, amplitude: number, seed: number): Buffer {
  const a = amplitude * Math.min(w, h);
  if (a < 0.25) return src;
  const r = rng(seed ^ 0x5bd1e995);
  const k = (2 * Math.PI) / (Math.min(w, h) / 6);
  const p1 = r() * 6.28, p2 = r() * 6.28, p3 = r() * 6.28, p4 = r() * 6.28;
  const out = Buffer.alloc(src.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const sx = Math.min(w - 1.001, Math.max(0, x + a * Math.sin(k * y + p1) * Math.cos(k * 0.7 * x + p2)));
      const sy = Math.min(h - 1.001, Math.max(0, y + a * Math.sin(k * x + p3) * Math.cos(k * 0.8 * y + p4)));
      const x0 = sx | 0, y0 = sy | 0;
      const fx = sx - x0, fy = sy - y0;
      const q00 = (y0 * w + x0) * 4, q10 = q00 + 4, q01 = q00 + w * 4, q11 = q01 + 4;
      const o = (y * w + x) * 4;
      for (let c = 0; c < 4; c++) {
        const top = src[q00 + c]! + (src[q10 + c]! - src[q00 + c]!) * fx;
        const bottom = src[q01 + c]! + (src[q11 + c]! - src[q01 + c]!) * fx;
        out[o + c] = Math.round(top + (bottom - top) * fy);
      }
    }
  }
  return out;
}

export interface EditSpec {
  prompt: string;
  model: string;
  width: number;
  height: number;
  quality: ResolvedQuality;
  index: number;
  images: InputImage[];
  mask?: InputImage;
  /** Ignored when undefined (also when a relay dropped it: the `[fake:markup:ignore]` marker). */
  markup?: InputImage;
}

/** Stateless per-pixel noise in [-1, 1]: a hash of (index, seed), so no PRNG state walks 1M pixels. */
function noiseAt(i: number, seed: number): number {
  let h = Math.imul(i ^ seed, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return ((h >>> 0) / 4294967295) * 2 - 1;
}

/** Resize like the model frames its canvas: cover. */
function frame(data: Buffer, w: number, h: number): Sharp {
  return sharp(data).autoOrient().resize(w, h, { fit: 'cover' });
}

/**
 * "Keep" alpha from a markup: 0 (edit) under and around the marks, 255 elsewhere. The marks
 * (alpha ≥ 32) are dilated by ~1/24 of the short side, so the area around them changes too.
 */
async function markupKeepAlpha(markup: InputImage, w: number, h: number): Promise<Buffer> {
  const radius = Math.max(4, Math.round(Math.min(w, h) / 24));
  const alpha = await frame(markup.data, w, h).ensureAlpha().extractChannel(3).raw().toBuffer();
  const marks = new Uint8Array(w * h);
  for (let i = 0; i < marks.length; i++) marks[i] = alpha[i]! >= 32 ? 1 : 0;
  const grown = dilate(dilate(marks, w, h, radius, 1), w, h, radius, w);
  const keep = Buffer.alloc(w * h);
  for (let i = 0; i < keep.length; i++) keep[i] = grown[i] ? 0 : 255;
  return keep;
}

/** Binary dilation along one axis (step 1 = rows, step w = columns) with a sliding window count. */
function dilate(src: Uint8Array, w: number, h: number, r: number, step: number): Uint8Array {
  const out = new Uint8Array(src.length);
  const [lines, len, lineStep] = step === 1 ? [h, w, w] : [w, h, 1];
  for (let l = 0; l < lines; l++) {
    const base = l * lineStep;
    let count = 0;
    for (let i = 0; i < Math.min(r, len); i++) count += src[base + i * step]!;
    for (let i = 0; i < len; i++) {
      if (i + r < len) count += src[base + (i + r) * step]!;
      if (i - r - 1 >= 0) count -= src[base + (i - r - 1) * step]!;
      out[base + i * step] = count > 0 ? 1 : 0;
    }
  }
  return out;
}

/** Raw RGBA of one edited image. */
export async function editRaw(s: EditSpec): Promise<Buffer> {
  const { width: w, height: h } = s;
  const first = s.images[0]!;
  const level = driftLevel(s.model, s.quality);
  const d = driftParams(level);
  const seed = seedOf('edit', s.prompt, s.model, w, h, s.quality, s.index);
  const base = await frame(first.data, w, h).toColourspace('srgb').ensureAlpha().raw().toBuffer();
  // sharp's blur needs σ ≥ 0.3; below that the drift is colour shift and noise only.
  const softened = d.blur >= 0.3 ? await sharp(base, { raw: { width: w, height: h, channels: 4 } }).blur(d.blur).raw().toBuffer() : base;
  const blurred = warpRaw(softened, w, h, d.warp, seed);
  const keepAlpha = s.mask
    ? await frame(s.mask.data, w, h).toColourspace('srgb').ensureAlpha().extractChannel(3).raw().toBuffer()
    : s.markup
      ? await markupKeepAlpha(s.markup, w, h)
      : undefined;
  // The new content is composed for the edited region (its bounding box), so the
  // whole seeded composition lands where the edit is, not a cropped corner of it.
  const box = keepAlpha ? editBox(keepAlpha, w, h) : { x: 0, y: 0, w, h };
  const pattern = await renderPattern(seedOf('edit-pattern', s.prompt, s.model, s.index), box.w, box.h, false, SHAPES[s.quality] + 3);

  const r = rng(seed);
  const shift = [0, 1, 2].map(() => (r() < 0.5 ? -1 : 1) * (0.5 + 0.5 * r()) * d.shift);
  const out = Buffer.alloc(w * h * 4);
  for (let p = 0; p < w * h; p++) {
    const o = p * 4;
    // Edit weight: 1 where the mask is fully transparent (or under the markup); otherwise a moderate global restyle.
    const wgt = keepAlpha ? 1 - keepAlpha[p]! / 255 : d.restyle;
    const px = p % w;
    const py = (p - px) / w;
    const inBox = px >= box.x && px < box.x + box.w && py >= box.y && py < box.y + box.h;
    const po = wgt > 0 && inBox ? ((py - box.y) * box.w + (px - box.x)) * 4 : -1;
    for (let c = 0; c < 3; c++) {
      const drifted = blurred[o + c]! + shift[c]! + noiseAt(o + c, seed) * d.noise;
      const v = po >= 0 ? pattern[po + c]! * wgt + drifted * (1 - wgt) : drifted;
      out[o + c] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
    }
    const a = base[o + 3]!;
    out[o + 3] = keepAlpha ? Math.round(a * (1 - wgt) + 255 * wgt) : a;
  }
  if (s.images.length < 2) return out;
  return compositeExtras(out, w, h, s.images.slice(1));
}

/** Bounding box of the pixels open for editing (keep alpha < 255); the whole canvas if none. */
function editBox(alpha: Buffer, w: number, h: number): { x: number; y: number; w: number; h: number } {
  let x0 = w;
  let y0 = h;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (alpha[y * w + x]! === 255) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return x1 < 0 ? { x: 0, y: 0, w, h } : { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
}

/** Other inputs (logos, products…) appear as small framed thumbnails from the bottom-right corner, so their use is visible. */
async function compositeExtras(raw: Buffer, w: number, h: number, extras: InputImage[]): Promise<Buffer> {
  const t = Math.max(16, Math.round(Math.min(w, h) / 5));
  const gap = Math.max(2, Math.round(t / 10));
  const border = Math.max(1, Math.round(t / 40));
  const perRow = Math.max(1, Math.floor((w - gap) / (t + gap)));
  const layers: OverlayOptions[] = [];
  for (const [i, img] of extras.entries()) {
    const col = i % perRow;
    const row = Math.floor(i / perRow);
    const left = w - (col + 1) * (t + gap);
    const top = h - (row + 1) * (t + gap);
    if (left < 0 || top < 0) break;
    const inner = t - 2 * border;
    const input = await sharp(img.data)
      .resize(inner, inner, { fit: 'contain', background: { r: 255, g: 255, b: 255, alpha: 1 } })
      .flatten({ background: '#ffffff' })
      .extend({ top: border, bottom: border, left: border, right: border, background: '#ffffff' })
      .png()
      .toBuffer();
    layers.push({ input, left, top });
  }
  return sharp(raw, { raw: { width: w, height: h, channels: 4 } }).composite(layers).raw().toBuffer();
}
