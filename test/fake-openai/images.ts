// Deterministic image synthesis with sharp. Outputs are pure functions of the
// request (no clock, no Math.random), so the same request gives the same
// bytes and tests can compare images. No text is drawn: fonts may be missing.
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { ResolvedQuality } from './tokens';

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

const f1 = (n: number) => n.toFixed(1);

/** Seeded gradient plus overlapping shapes, as an SVG string. */
export function patternSvg(seed: number, w: number, h: number, transparent: boolean, shapes: number): string {
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

/** How busy a picture is, by quality. */
export const SHAPES: Record<ResolvedQuality, number> = { low: 5, medium: 9, high: 14, xhigh: 18, max: 22 };

export interface GenerationSpec {
  prompt: string;
  model: string;
  width: number;
  height: number;
  quality: ResolvedQuality;
  index: number;
  transparent: boolean;
}

/** Raw RGBA for one generated image; quality only changes how busy it is. */
export function generateRaw(s: GenerationSpec): Promise<Buffer> {
  const seed = seedOf('generation', s.prompt, s.model, s.width, s.height, s.quality, s.index);
  return renderPattern(seed, s.width, s.height, s.transparent, SHAPES[s.quality]);
}

/** True when any pixel is not fully opaque. */
export function hasTransparency(raw: Buffer): boolean {
  for (let i = 3; i < raw.length; i += 4) if (raw[i]! < 255) return true;
  return false;
}

export interface EncodeOptions {
  width: number;
  height: number;
  /** Still formats; GIF and SVG bodies are made in gif.ts and svg-output.ts. */
  format: 'png' | 'jpeg' | 'webp';
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
