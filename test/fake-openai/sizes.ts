// Size rules for every active model (reference 2026-12 §3.1), GIF frame
// limits (§3.4) and `auto` resolution.
import { errors } from './errors';
import { GIF, gifEdgeCap } from './rules';

export const STANDARD_SIZES = ['1024x1024', '1536x1024', '1024x1536'] as const;

/**
 * Limits for gpt-image-2, 2.5 and 2.6 (SDK + the earlier guide's numbers, §3.1). Applying them to 2.6
 * is UNCONFIRMED officially (§3 `size` row; 3p say the same rules).
 */
export const V2_LIMITS = {
  multiple: 16,
  maxRatio: 3,
  minPixels: 655_360,
  maxPixels: 8_294_400,
  maxEdge: 3840,
  maxShortEdge: 2160,
};

export interface Size {
  width: number;
  height: number;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * Validates `size`; returns the requested size, or 'auto'. Each rule gets its own
 * message so the app can show the rule. GIF frames skip the pixel minimum (the
 * 13–16 frame cap, 720x720, is below it) and get their own caps (checkGifSize).
 */
export function checkSize(value: string, o: { gif?: boolean } = {}): Size | 'auto' {
  if (value === 'auto') return 'auto';
  const s = parse(value);
  if (!s) {
    throw errors.invalidValueMsg(
      'size',
      `Invalid value: '${value}'. Size must be 'auto' or a resolution in the form WIDTHxHEIGHT, for example '1536x864'.`,
    );
  }
  const { width: w, height: h } = s;
  const long = Math.max(w, h);
  const short = Math.min(w, h);
  const px = w * h;
  const bad = (rule: string) => errors.invalidValueMsg('size', `Invalid size '${value}': ${rule}`);
  if (w % V2_LIMITS.multiple !== 0 || h % V2_LIMITS.multiple !== 0) {
    throw bad(`width and height must both be multiples of ${V2_LIMITS.multiple}.`);
  }
  if (long > V2_LIMITS.maxEdge) {
    throw bad(`the longest edge must be at most ${V2_LIMITS.maxEdge} pixels (maximum resolution 3840x2160).`);
  }
  if (short > V2_LIMITS.maxShortEdge) {
    throw bad(`the shortest edge must be at most ${V2_LIMITS.maxShortEdge} pixels (maximum resolution 3840x2160).`);
  }
  if (long > V2_LIMITS.maxRatio * short) {
    throw bad(`the aspect ratio must be between 1:3 and 3:1 (long edge at most 3 times the short edge).`);
  }
  if (!o.gif && px < V2_LIMITS.minPixels) {
    throw bad(`the total number of pixels must be at least ${fmt(V2_LIMITS.minPixels)}, but got ${fmt(px)}.`);
  }
  if (px > V2_LIMITS.maxPixels) {
    throw bad(`the total number of pixels must be at most ${fmt(V2_LIMITS.maxPixels)}, but got ${fmt(px)}.`);
  }
  return s;
}

function parse(value: string): Size | undefined {
  const m = /^(\d{1,5})x(\d{1,5})$/.exec(value);
  if (!m) return undefined;
  const width = Number(m[1]);
  const height = Number(m[2]);
  if (width <= 0 || height <= 0) return undefined;
  return { width, height };
}

/** GIF frame limits: long edge by frame count, and frames × pixels within the budget (§3.4, UNCONFIRMED). */
export function checkGifSize(s: Size, frames: number): void {
  const cap = gifEdgeCap(frames);
  const value = sizeString(s);
  if (Math.max(s.width, s.height) > cap) {
    throw errors.invalidValueMsg(
      'size',
      `Invalid size '${value}' for GIF output: with ${frames} frames the longest edge must be at most ${cap} pixels.`,
    );
  }
  const total = frames * s.width * s.height;
  if (total > GIF.maxTotalPixels) {
    throw errors.invalidValueMsg(
      'size',
      `Invalid size '${value}' for GIF output: frames × width × height must be at most ${fmt(GIF.maxTotalPixels)}, but got ${fmt(total)}.`,
    );
  }
}

/** `auto` for GIF: the edit's (or a square) aspect, scaled to the frame count's edge cap, multiples of 16. */
export function autoGifSize(frames: number, aspectFrom: Size): Size {
  const cap = gifEdgeCap(frames);
  const long = Math.max(aspectFrom.width, aspectFrom.height);
  const fit = (v: number) => Math.max(16, Math.floor((v * cap) / long / 16) * 16);
  let s = { width: fit(aspectFrom.width), height: fit(aspectFrom.height) };
  while (frames * s.width * s.height > GIF.maxTotalPixels) s = { width: s.width - 16, height: Math.max(16, s.height - 16) };
  return s;
}

/** `auto` for generations: a square, the fastest and most common choice. */
export const GENERATION_AUTO: Size = { width: 1024, height: 1024 };

/** `auto` for edits: the standard size whose aspect is closest to the first input's. */
export function autoEditSize(inputW: number, inputH: number): Size {
  const target = Math.log(inputW / inputH);
  let best: Size = GENERATION_AUTO;
  let bestD = Infinity;
  for (const v of STANDARD_SIZES) {
    const s = parse(v)!;
    const d = Math.abs(Math.log(s.width / s.height) - target);
    if (d < bestD) {
      bestD = d;
      best = s;
    }
  }
  return best;
}

export const sizeString = (s: Size) => `${s.width}x${s.height}`;
