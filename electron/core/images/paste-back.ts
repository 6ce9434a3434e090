import sharp, { type Metadata } from 'sharp';
import { LoupeError } from '../../shared';
import { greyBlocks, undoReframe, type Alignment, type Grey, type Rect, type Reframe } from './align';
import { blendInto, wholePlane } from './blend';
import { editWeights } from './edit-weights';
import { leakageMetrics, type LeakageMetrics } from './leakage';
import { findReframe } from './reframe-search';

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

/** What a lock found: the alignment and the leakage, measured at the source's size. */
export interface LockFindings {
  width: number;
  height: number;
  alignment: Alignment;
  metrics: LeakageMetrics;
}

export interface PixelLockResult extends LockFindings {
  /** PNG at the source's size: the output inside the edit, the source outside. */
  locked: Buffer;
  /** The output aligned to the source's size: PNG, or `output` itself when it needed nothing. */
  raw: Buffer;
  rawIsOutput: boolean;
}

/** ΔE 5: clearly visible side by side; JPEG round trips and dithering stay well under it. */
export const DEFAULT_LEAK_THRESHOLD = 5;
/** Fast zlib, no row filters: these PNGs are written once per edit and the budget is 100 ms. */
const PNG_FAST = { compressionLevel: 1, adaptiveFiltering: false } as const;
/**
 * The aligned raw output is for looking at (the library keeps the API's own bytes), so it
 * is stored uncompressed inside its PNG: five times quicker than level 1, and its size
 * never reaches a disk.
 */
const PNG_STORED = { compressionLevel: 0, adaptiveFiltering: false } as const;

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

const encodePng = (data: Uint8Array, width: number, height: number, channels: 3 | 4, png: typeof PNG_FAST | typeof PNG_STORED = PNG_FAST): Promise<Buffer> =>
  sharp(data, { raw: { width, height, channels } }).png(png).toBuffer();

const noop = (): void => undefined;

/** Both pictures decoded at the source's size, the lock's weights, and the reframe found. */
interface Analysis {
  width: number;
  height: number;
  c: 3 | 4;
  resized: boolean;
  src: Buffer;
  /** The output at the source's size, before any reframe is undone. */
  out: Buffer;
  weights: Uint8Array;
  box: Rect;
  k: number;
  srcGrey: Grey;
  outGrey: Grey;
  reframe: Reframe;
  reframed: boolean;
}

async function analyse(source: Buffer, output: Buffer, mask: Buffer, opts: PixelLockOptions): Promise<Analysis> {
  const [srcMeta, outMeta] = await Promise.all([headerOf(source), headerOf(output)]);
  if (!srcMeta?.width || !srcMeta.height) throw unreadable('source image');
  if (!outMeta?.width || !outMeta.height) throw unreadable('edited image');
  const swap = (srcMeta.orientation ?? 1) >= 5;
  const width = swap ? srcMeta.height : srcMeta.width;
  const height = swap ? srcMeta.width : srcMeta.height;
  const resized = outMeta.width !== width || outMeta.height !== height;
  const c: 3 | 4 = srcMeta.hasAlpha || outMeta.hasAlpha ? 4 : 3;
  // Three decodes at once on libuv's threads; the mask is the quickest, so its weights
  // are computed on this thread while the two pictures are still decoding, and the
  // source's grey blocks while the output may still be.
  const srcP = decode(source, 'source image', c);
  const outP = decode(output, 'edited image', c, resized ? { width, height, fit: 'cover' } : undefined);
  // Awaited below; this only stops an early rejection counting as unhandled.
  srcP.catch(noop);
  outP.catch(noop);
  const { w: weights, box } = editWeights(await maskAlpha(mask, width, height), width, height, opts.grow, opts.feather);
  // Greyscale blocks at ~256 px on the short side serve both the reframe search and SSIM.
  const k = Math.max(1, Math.round(Math.min(width, height) / 256));
  const src = await srcP;
  const srcGrey = greyBlocks(src.data, width, height, c, k, weights, box);
  const out = await outP;
  const outGrey = greyBlocks(out.data, width, height, c, k, weights, box);
  const reframe = opts.detectReframe === false ? { scale: 1, dx: 0, dy: 0 } : findReframe(srcGrey, outGrey);
  const reframed = reframe.scale !== 1 || reframe.dx !== 0 || reframe.dy !== 0;
  return { width, height, c, resized, src: src.data, out: out.data, weights, box, k, srcGrey, outGrey, reframe, reframed };
}

/**
 * The locked image as a PNG, as raw pixels (`channels` a pixel, at the source's size) for
 * a caller that encodes it in another format, or not at all.
 */
export type LockedForm = 'png' | 'raw' | 'none';

interface Made {
  findings: LockFindings;
  locked: Buffer | null;
  channels: 3 | 4;
  raw: Buffer | null;
  rawIsOutput: boolean;
}

/**
 * The lock, making only the images asked for. The locked image is blended and its
 * encoding started as early as possible, before the grey blocks of an undone reframe:
 * on libuv's threads it runs alongside the metrics, the longest stretch on this thread.
 */
async function lock(source: Buffer, output: Buffer, mask: Buffer, opts: PixelLockOptions, want: { locked: LockedForm; raw: boolean }): Promise<Made> {
  const a = await analyse(source, output, mask, opts);
  const { width, height, c, box } = a;
  const weights = wholePlane(a.weights, width);
  let aligned: Buffer = a.out;
  let valid: Rect = { x0: 0, y0: 0, x1: width, y1: height };
  let lockedOut: Promise<Buffer> | null = null;
  if (a.reframed) ({ data: aligned, valid } = await undoReframe(a.out, width, height, c, a.reframe));
  if (want.locked !== 'none') {
    const locked = Buffer.from(a.src); // everything outside the box is already the source's bytes
    blendInto(wholePlane(locked, width), wholePlane(aligned, width), weights, box, c);
    lockedOut = want.locked === 'png' ? encodePng(locked, width, height, c) : Promise.resolve(locked);
    lockedOut.catch(noop); // awaited below, after the metrics
  }

  const rawIsOutput = !a.resized && !a.reframed;
  const rawPng = !want.raw ? null : rawIsOutput ? Promise.resolve(output) : encodePng(aligned, width, height, c, PNG_STORED);
  rawPng?.catch(noop);
  // SSIM compares grey blocks: a reframed output was resampled, so its blocks are new.
  const outGrey = a.reframed ? greyBlocks(aligned, width, height, c, a.k, a.weights, box, valid) : a.outGrey;
  const input = { source: a.src, output: aligned, channels: c, width, height, weights: a.weights, valid, threshold: opts.threshold ?? DEFAULT_LEAK_THRESHOLD };
  const metrics = leakageMetrics(input, a.srcGrey, outGrey);
  const [locked, raw] = await Promise.all([lockedOut, rawPng]);
  const { scale, dx, dy } = a.reframe;
  return {
    findings: { width, height, alignment: { scale, dx, dy, resized: a.resized, reframed: a.reframed }, metrics },
    locked,
    channels: c,
    raw,
    rawIsOutput,
  };
}

/**
 * Locks a masked edit to its source. `source` is the first image as sent (its size is
 * the result's size), `output` the model's image, `mask` the API mask (alpha 0 = edit;
 * resized to the source if needed).
 */
export async function pixelLock(source: Buffer, output: Buffer, mask: Buffer, opts: PixelLockOptions): Promise<PixelLockResult> {
  const r = await lock(source, output, mask, opts, { locked: 'png', raw: true });
  return { ...r.findings, locked: r.locked!, raw: r.raw!, rawIsOutput: r.rawIsOutput };
}

/**
 * The same lock without the raw image, and with the locked image in the form asked for:
 * the app keeps the API's own bytes as the raw output, a lock made at the photo's full
 * resolution needs only what was found here ('none'), and a job saving JPEG or WebP
 * takes the raw pixels, rather than a PNG it would decode again.
 */
export async function lockAtSentSize(source: Buffer, output: Buffer, mask: Buffer, opts: PixelLockOptions, locked: LockedForm): Promise<LockFindings & { locked: Buffer | null; channels: 3 | 4 }> {
  const r = await lock(source, output, mask, opts, { locked, raw: false });
  return { ...r.findings, locked: r.locked, channels: r.channels };
}
