// Deterministic image synthesis with sharp. Outputs are pure functions of the
// request (no clock, no Math.random), so the same request gives the same
// bytes and tests can compare images. No text is drawn: fonts may be missing.
import { createHash } from 'node:crypto';
import sharp, { type OverlayOptions, type Sharp } from 'sharp';
import type { InputImage } from './inputs';
import type { OutputFormat } from './validate';

/** 32-bit seed from any JSON-able parts. */
export function seedOf(...parts: unknown[]): number {
  return createHash('sha256').update(JSON.stringify(parts)).digest().readUInt32LE(0);
}

/** mulberry32: tiny, fast, good enough for pictures. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Stateless per-pixel noise in [-1, 1]: a hash of (index, seed), so no PRNG state walks 1M pixels. */
function noiseAt(i: number, seed: number): number {
  let h = Math.imul(i ^ seed, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return ((h >>> 0) / 4294967295) * 2 - 1;
}

const f1 = (n: number) => n.toFixed(1);

/** Seeded gradient plus overlapping shapes, as an SVG string. */
function patternSvg(seed: number, w: number, h: number, transparent: boolean, shapes: number): string {
  const r = rng(seed);
  const hue = r() * 360;
  const hue2 = (hue + 90 + r() * 180) % 360;
  const m = Math.min(w, h);
  const parts: string[] = [];
  if (!transparent) {
    const [x1, y1] = [r(), r()];
    parts.push(
      `<defs><linearGradient id="g" x1="${f1(x1)}" y1="${f1(y1)}" x2="${f1(1 - x1)}" y2="${f1(1 - y1)}">` +
        `<stop offset="0" stop-color="hsl(${f1(hue)},70%,55%)"/><stop offset="1" stop-color="hsl(${f1(hue2)},65%,35%)"/>` +
        `</linearGradient></defs><rect width="${w}" height="${h}" fill="url(#g)"/>`,
    );
  }
  for (let i = 0; i < shapes; i++) {
    const fill = `hsl(${f1((hue + r() * 240 + 60) % 360)},${f1(55 + r() * 40)}%,${f1(30 + r() * 45)}%)`;
    const op = f1(0.6 + r() * 0.35);
    const cx = r() * w;
    const cy = r() * h;
    const size = m * (0.08 + r() * 0.25);
    const kind = Math.floor(r() * 3);
    if (kind === 0) parts.push(`<circle cx="${f1(cx)}" cy="${f1(cy)}" r="${f1(size)}" fill="${fill}" fill-opacity="${op}"/>`);
    else if (kind === 1) {
      const rot = f1(r() * 90);
      parts.push(
        `<rect x="${f1(cx - size)}" y="${f1(cy - size / 2)}" width="${f1(size * 2)}" height="${f1(size)}" fill="${fill}" fill-opacity="${op}" transform="rotate(${rot} ${f1(cx)} ${f1(cy)})"/>`,
      );
    } else {
      parts.push(`<ellipse cx="${f1(cx)}" cy="${f1(cy)}" rx="${f1(size * 1.4)}" ry="${f1(size * 0.6)}" fill="${fill}" fill-opacity="${op}"/>`);
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${parts.join('')}</svg>`;
}

/** Raw RGBA (w·h·4 bytes) of a seeded pattern. */
export async function renderPattern(seed: number, w: number, h: number, transparent: boolean, shapes: number): Promise<Buffer> {
  return sharp(Buffer.from(patternSvg(seed, w, h, transparent, shapes)))
    .resize(w, h, { fit: 'fill' })
    .ensureAlpha()
    .raw()
    .toBuffer();
}

const SHAPES = { low: 5, medium: 9, high: 14 } as const;

export interface GenerationSpec {
  prompt: string;
  model: string;
  width: number;
  height: number;
  quality: 'low' | 'medium' | 'high';
  index: number;
  transparent: boolean;
}

/** Raw RGBA for one generated image; quality only changes how busy it is. */
export function generateRaw(s: GenerationSpec): Promise<Buffer> {
  const seed = seedOf('generation', s.prompt, s.model, s.width, s.height, s.quality, s.index);
  return renderPattern(seed, s.width, s.height, s.transparent, SHAPES[s.quality]);
}

export interface EditSpec {
  prompt: string;
  model: string;
  family: string;
  width: number;
  height: number;
  quality: 'low' | 'medium' | 'high';
  index: number;
  highFidelity: boolean;
  images: InputImage[];
  mask?: InputImage;
}

/**
 * How far an edit wanders outside the mask. Real GPT Image edits re-render the
 * whole picture (masking is prompt-guided, reference §3.3), so untouched areas
 * drift; high input fidelity keeps them much closer.
 */
const DRIFT = {
  low: { blur: 1.5, shift: 10, noise: 10, restyle: 0.35 },
  high: { blur: 0.5, shift: 3, noise: 3, restyle: 0.15 },
};

/** Resize like the model frames its canvas: cover, and mini zooms 3% into the centre. */
function frame(data: Buffer, w: number, h: number, family: string): Sharp {
  if (family !== 'gpt-image-1-mini') return sharp(data).resize(w, h, { fit: 'cover' });
  const zw = Math.round(w * 1.03);
  const zh = Math.round(h * 1.03);
  return sharp(data)
    .resize(zw, zh, { fit: 'cover' })
    .extract({ left: Math.floor((zw - w) / 2), top: Math.floor((zh - h) / 2), width: w, height: h });
}

/** Raw RGBA of one edited image. */
export async function editRaw(s: EditSpec): Promise<Buffer> {
  const { width: w, height: h } = s;
  const first = s.images[0]!;
  const d = s.highFidelity ? DRIFT.high : DRIFT.low;
  const seed = seedOf('edit', s.prompt, s.model, w, h, s.quality, s.index, s.highFidelity);
  const base = await frame(first.data, w, h, s.family).toColourspace('srgb').ensureAlpha().raw().toBuffer();
  const blurred = await sharp(base, { raw: { width: w, height: h, channels: 4 } }).blur(d.blur).raw().toBuffer();
  const maskAlpha = s.mask
    ? await frame(s.mask.data, w, h, s.family).toColourspace('srgb').ensureAlpha().extractChannel(3).raw().toBuffer()
    : undefined;
  // The new content is composed for the edited region (the mask's bounding box),
  // so the whole seeded composition lands where the edit is, not a cropped corner of it.
  const box = maskAlpha ? editBox(maskAlpha, w, h) : { x: 0, y: 0, w, h };
  const pattern = await renderPattern(seedOf('edit-pattern', s.prompt, s.model, s.index), box.w, box.h, false, SHAPES[s.quality] + 3);

  const r = rng(seed);
  const shift = [0, 1, 2].map(() => (r() < 0.5 ? -1 : 1) * (0.5 + 0.5 * r()) * d.shift);
  const out = Buffer.alloc(w * h * 4);
  for (let p = 0; p < w * h; p++) {
    const o = p * 4;
    // Edit weight: 1 where the mask is fully transparent; without a mask, a moderate global restyle.
    const wgt = maskAlpha ? 1 - maskAlpha[p]! / 255 : d.restyle;
    const px = p % w;
    const py = (p - px) / w;
    const po = wgt > 0 ? ((py - box.y) * box.w + (px - box.x)) * 4 : 0;
    for (let c = 0; c < 3; c++) {
      const drifted = blurred[o + c]! + shift[c]! + noiseAt(o + c, seed) * d.noise;
      const v = wgt > 0 ? pattern[po + c]! * wgt + drifted * (1 - wgt) : drifted;
      out[o + c] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
    }
    const a = base[o + 3]!;
    out[o + 3] = maskAlpha ? Math.round(a * (1 - wgt) + 255 * wgt) : a;
  }
  if (s.images.length < 2) return out;
  return compositeExtras(out, w, h, s.images.slice(1));
}

/** Bounding box of the pixels the mask opens for editing (alpha < 255); the whole canvas if none. */
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

/** True when any pixel is not fully opaque. */
export function hasTransparency(raw: Buffer): boolean {
  for (let i = 3; i < raw.length; i += 4) if (raw[i]! < 255) return true;
  return false;
}

export interface EncodeOptions {
  width: number;
  height: number;
  format: OutputFormat;
  compression?: number;
  transparent: boolean;
}

/** Real PNG/JPEG/WebP bytes; opaque output is flattened on white so it carries no alpha. */
export async function encode(raw: Buffer, o: EncodeOptions): Promise<Buffer> {
  let img = sharp(raw, { raw: { width: o.width, height: o.height, channels: 4 } });
  if (!o.transparent) img = img.flatten({ background: '#ffffff' });
  const quality = Math.min(100, Math.max(1, o.compression ?? 100));
  if (o.format === 'jpeg') return img.jpeg({ quality }).toBuffer();
  if (o.format === 'webp') return img.webp({ quality }).toBuffer();
  return img.png({ compressionLevel: 6 }).toBuffer();
}

/** k progressively sharper previews of the final image (sigma 4·2^(k-1-i)). */
export async function partialFrames(raw: Buffer, k: number, o: EncodeOptions): Promise<Buffer[]> {
  const frames: Buffer[] = [];
  for (let i = 0; i < k; i++) {
    const sigma = 4 * 2 ** (k - 1 - i);
    const blurred = await sharp(raw, { raw: { width: o.width, height: o.height, channels: 4 } }).blur(sigma).raw().toBuffer();
    frames.push(await encode(blurred, o));
  }
  return frames;
}
