import sharp, { type Metadata } from 'sharp';
import { LoupeError } from '../../shared';
import { findReframe, greyBlocks, undoReframe, type Alignment, type Rect } from './align';
import { editWeights } from './edit-weights';
import { leakageMetrics, type LeakageMetrics } from './leakage';

export type { LeakageMetrics } from './leakage';
export type { Alignment } from './align';

/*
 * Pixel lock. GPT Image treats a mask as guidance and re-renders the whole picture
 * (reference §3.3), so after a masked edit Loupe puts the source back everywhere outside
 * the mask: the output is aligned to the source, blended in through a grown and
 * feathered edge, and the source is copied untouched beyond it. The report says how
 * much the model changed where it was told not to.
 */

export interface PixelLockOptions {
  /** Width of the fade from the model's pixels to the source's, in source pixels. */
  feather: number;
  /** How far the edited area is widened before the fade, in source pixels. */
  grow: number;
  /** ΔE (CIE76) above which an outside pixel counts as changed. */
  threshold?: number;
  /** Look for a slight zoom/shift (gpt-image-1-mini) and undo it. Default true. */
  detectReframe?: boolean;
}

export interface PixelLockResult {
  /** PNG at the source's size: the output inside the edit, the source outside. */
  locked: Buffer;
  /** The output aligned to the source's size: PNG, or `output` itself when it needed nothing. */
  raw: Buffer;
  rawIsOutput: boolean;
  width: number;
  height: number;
  alignment: Alignment;
  metrics: LeakageMetrics;
}

/** ΔE 5: clearly visible side by side; JPEG round trips and dithering stay well under it. */
export const DEFAULT_LEAK_THRESHOLD = 5;
/** Fast zlib, no row filters: these PNGs are written once per edit and the budget is 100 ms. */
const PNG_FAST = { compressionLevel: 1, adaptiveFiltering: false } as const;

/** Header facts, or null for anything sharp cannot read (it throws synchronously on empty input). */
async function headerOf(bytes: Buffer): Promise<Metadata | null> {
  try {
    return await sharp(bytes).metadata();
  } catch {
    return null;
  }
}

const unreadable = (what: string): LoupeError => new LoupeError('INVALID_IMAGE', `The ${what} could not be read: it is damaged or not an image.`);

/** Raw sRGB pixels with `channels` channels (RGB when neither image has alpha: a quarter less to move). */
async function decode(bytes: Buffer, what: string, channels: 3 | 4, resize?: { width: number; height: number; fit: 'cover' | 'fill' }): Promise<{ data: Buffer; width: number; height: number }> {
  try {
    let img = sharp(bytes, { failOn: 'error' }).autoOrient();
    if (resize) img = img.resize(resize);
    img = img.toColourspace('srgb');
    const { data, info } = await (channels === 4 ? img.ensureAlpha() : img.removeAlpha()).raw().toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  } catch {
    throw unreadable(what);
  }
}

/** The mask's alpha plane at the source's size (a mask of another size is stretched to it). */
async function maskAlpha(mask: Buffer, width: number, height: number): Promise<Uint8Array> {
  try {
    return await sharp(mask, { failOn: 'error' }).resize({ width, height, fit: 'fill' }).ensureAlpha().extractChannel(3).raw().toBuffer();
  } catch {
    throw unreadable('mask');
  }
}

const encodePng = (data: Uint8Array, width: number, height: number, channels: 3 | 4): Promise<Buffer> =>
  sharp(data, { raw: { width, height, channels } }).png(PNG_FAST).toBuffer();

/**
 * Locks a masked edit to its source. `source` is the first image as sent (its size is
 * the result's size), `output` the model's image, `mask` the API mask (alpha 0 = edit;
 * resized to the source if needed).
 */
export async function pixelLock(source: Buffer, output: Buffer, mask: Buffer, opts: PixelLockOptions): Promise<PixelLockResult> {
  const threshold = opts.threshold ?? DEFAULT_LEAK_THRESHOLD;
  const [srcMeta, outMeta] = await Promise.all([headerOf(source), headerOf(output)]);
  if (!srcMeta?.width || !srcMeta.height) throw unreadable('source image');
  if (!outMeta?.width || !outMeta.height) throw unreadable('edited image');
  const swap = (srcMeta.orientation ?? 1) >= 5;
  const width = swap ? srcMeta.height : srcMeta.width;
  const height = swap ? srcMeta.width : srcMeta.height;
  const resized = outMeta.width !== width || outMeta.height !== height;
  const c: 3 | 4 = srcMeta.hasAlpha || outMeta.hasAlpha ? 4 : 3;
  // Three decodes at once on libuv's threads; the mask is the quickest, so its weights
  // are computed on this thread while the two pictures are still decoding.
  const pictures = Promise.all([
    decode(source, 'source image', c),
    decode(output, 'edited image', c, resized ? { width, height, fit: 'cover' } : undefined),
  ]);
  pictures.catch(() => undefined); // awaited below; this only stops an early rejection counting as unhandled
  const { w: weights, box } = editWeights(await maskAlpha(mask, width, height), width, height, opts.grow, opts.feather);
  const [src, out] = await pictures;

  // Greyscale blocks at ~256 px on the short side serve both the reframe search and SSIM.
  const k = Math.max(1, Math.round(Math.min(width, height) / 256));
  const srcGrey = greyBlocks(src.data, width, height, c, k, weights, box);
  let outGrey = greyBlocks(out.data, width, height, c, k, weights, box);
  const reframe = opts.detectReframe === false ? { scale: 1, dx: 0, dy: 0 } : findReframe(srcGrey, outGrey);
  const reframed = reframe.scale !== 1 || reframe.dx !== 0 || reframe.dy !== 0;
  let aligned: Buffer = out.data;
  let valid: Rect = { x0: 0, y0: 0, x1: width, y1: height };
  if (reframed) {
    ({ data: aligned, valid } = await undoReframe(out.data, width, height, c, reframe));
    outGrey = greyBlocks(aligned, width, height, c, k, weights, box, valid);
  }

  const rawIsOutput = !resized && !reframed;
  // Start encoding the raw image on libuv's threads while this thread blends and measures.
  const rawPng = rawIsOutput ? Promise.resolve(output) : encodePng(aligned, width, height, c);

  // Blend only inside the weights' box; everything else is already the source's bytes.
  const locked = Buffer.from(src.data);
  const s = src.data;
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      const i = y * width + x;
      const wv = weights[i]!;
      if (wv === 0) continue;
      const inv = 255 - wv;
      // Integer blend with rounding: w = 255 gives the output exactly, w = 0 the source.
      for (let q = i * c, e = q + c; q < e; q++) locked[q] = (aligned[q]! * wv + s[q]! * inv + 127) / 255;
    }
  }
  const lockedPng = encodePng(locked, width, height, c);
  const metrics = leakageMetrics({ source: s, output: aligned, channels: c, width, height, weights, valid, threshold }, srcGrey, outGrey);
  const [lockedBytes, rawBytes] = await Promise.all([lockedPng, rawPng]);
  return {
    locked: lockedBytes,
    raw: rawBytes,
    rawIsOutput,
    width,
    height,
    alignment: { scale: reframe.scale, dx: reframe.dx, dy: reframe.dy, resized, reframed },
    metrics,
  };
}
