import sharp, { type Metadata } from 'sharp';
import { LoupeError } from '../../shared';
import { greyBlocks, undoReframe, type Alignment, type Rect } from './align';
import { editWeights } from './edit-weights';
import { deltaE } from './leakage';
import { findReframe } from './reframe-search';

/*
 * Did a markup edit do what the marks asked? Markup (reference §3.2) is guidance: the model
 * may change the marked places, change everything, or ignore the marks. We compare the
 * output with the first input as sent, aligned the way the pixel lock aligns (scaled to
 * cover the source's size, a small reframe found and undone), in two regions: "marked"
 * (the marks, widened by a radius relative to the image, since a mark points at something
 * near it: an arrow's tip, a circle's inside) and "elsewhere". The colour difference is
 * CIE76 ΔE, computed by the leakage code.
 *
 * What the marks enclose counts as marked: a circle around a cup means "the cup".
 *
 * Verdict (thresholds in MARKUP_THRESHOLDS, ratio = marked mean ΔE / elsewhere mean ΔE,
 * the latter floored at an imperceptible 0.5 so an untouched background does not divide
 * by zero):
 * - 'ignored' when under 5% of the marked region changed visibly (ΔE > 5), or it changed
 *   no more than 1.5× as much as elsewhere (the whole picture drifted alike);
 * - 'took-effect' when at least 15% of the marked region changed visibly and it changed at
 *   least 3× as much as elsewhere;
 * - 'weak' in between: something changed where marked, but little, or not much more than
 *   elsewhere.
 */

export const MARKUP_THRESHOLDS = {
  /** ΔE above which a pixel counts as changed: clearly visible side by side (as for leakage). */
  changedDeltaE: 5,
  /** The marks are widened by this share of the image's short edge. */
  radiusShare: 0.04,
  /** Elsewhere's mean ΔE is taken as at least this in the ratio. */
  floorDeltaE: 0.5,
  ignoredShare: 0.05,
  ignoredRatio: 1.5,
  tookShare: 0.15,
  tookRatio: 3,
} as const;

export type MarkupVerdict = 'took-effect' | 'weak' | 'ignored';

export interface RegionChange {
  pixels: number;
  meanDeltaE: number;
  /** Share of the region's pixels with ΔE above the threshold. */
  changedShare: number;
}

export interface MarkupEffect {
  /** Under and around the marks. */
  marked: RegionChange;
  elsewhere: RegionChange;
  /** marked.meanDeltaE / max(elsewhere.meanDeltaE, floor). */
  ratio: number;
  verdict: MarkupVerdict;
  /** How far the marks were widened, in source pixels. */
  radius: number;
  width: number;
  height: number;
  alignment: Alignment;
}

const unreadable = (what: string): LoupeError => new LoupeError('INVALID_IMAGE', `The ${what} could not be read: it is damaged or not an image.`);

async function orientedSize(bytes: Buffer, what: string): Promise<{ width: number; height: number; meta: Metadata }> {
  let meta: Metadata;
  try {
    meta = await sharp(bytes).metadata();
  } catch {
    throw unreadable(what);
  }
  if (!meta.width || !meta.height) throw unreadable(what);
  const swap = (meta.orientation ?? 1) >= 5;
  return { width: swap ? meta.height : meta.width, height: swap ? meta.width : meta.height, meta };
}

async function rgb(bytes: Buffer, what: string, resize?: { width: number; height: number }): Promise<Buffer> {
  try {
    let img = sharp(bytes, { failOn: 'error' }).autoOrient();
    if (resize) img = img.resize({ ...resize, fit: 'cover' });
    return await img.toColourspace('srgb').removeAlpha().raw().toBuffer();
  } catch {
    throw unreadable(what);
  }
}

/**
 * Marks the areas the widened marks enclose (weight 0 not reachable from the border) as
 * marked too: a circle around something asks for a change inside it, not on the circle.
 * Filled after widening, so a circle left slightly open still counts as closed.
 */
export function fillEnclosed(weights: Uint8Array, width: number, height: number): void {
  const seen = new Uint8Array(width * height);
  const stack = new Int32Array(width * height);
  let top = 0;
  const push = (i: number): void => {
    if (weights[i] === 0 && !seen[i]) {
      seen[i] = 1;
      stack[top++] = i;
    }
  };
  for (let x = 0; x < width; x++) {
    push(x);
    push((height - 1) * width + x);
  }
  for (let y = 0; y < height; y++) {
    push(y * width);
    push(y * width + width - 1);
  }
  while (top > 0) {
    const i = stack[--top]!;
    const x = i % width;
    if (x > 0) push(i - 1);
    if (x < width - 1) push(i + 1);
    if (i >= width) push(i - width);
    if (i < (height - 1) * width) push(i + width);
  }
  for (let i = 0; i < weights.length; i++) if (weights[i] === 0 && !seen[i]) weights[i] = 255;
}

export function verdictOf(marked: RegionChange, ratio: number): MarkupVerdict {
  const t = MARKUP_THRESHOLDS;
  if (marked.changedShare < t.ignoredShare || ratio <= t.ignoredRatio) return 'ignored';
  if (marked.changedShare >= t.tookShare && ratio >= t.tookRatio) return 'took-effect';
  return 'weak';
}

/**
 * Measures a markup edit. `source` is the first input as sent, `output` the model's image
 * (any size: it is scaled to cover the source), `markup` the markup as sent (exactly the
 * source's oriented size; see prepareMarkup). Throws INVALID_IMAGE for unreadable images
 * or a markup of another size, and when the markup has no marks.
 */
export async function markupEffect(source: Buffer, output: Buffer, markup: Buffer, opts: { detectReframe?: boolean } = {}): Promise<MarkupEffect> {
  const [src, out, mk] = await Promise.all([orientedSize(source, 'source image'), orientedSize(output, 'edited image'), orientedSize(markup, 'markup')]);
  const { width, height } = src;
  if (mk.width !== width || mk.height !== height) {
    throw new LoupeError('INVALID_IMAGE', `The markup is ${mk.width}x${mk.height} but the source image is ${width}x${height}: it must be exactly the same size to be measured.`);
  }
  const resized = out.width !== width || out.height !== height;
  const [s, o, alpha] = await Promise.all([
    rgb(source, 'source image'),
    rgb(output, 'edited image', resized ? { width, height } : undefined),
    sharp(markup).autoOrient().ensureAlpha().extractChannel(3).raw().toBuffer().catch(() => Promise.reject(unreadable('markup'))),
  ]);

  // editWeights grows "alpha below 128" by a distance: feed it the marks that way.
  const seed = new Uint8Array(width * height);
  let marks = 0;
  for (let i = 0; i < seed.length; i++) {
    const m = alpha[i]! > 0;
    seed[i] = m ? 0 : 255;
    if (m) marks++;
  }
  if (marks === 0) throw new LoupeError('INVALID_IMAGE', 'The markup layer is empty: there is nothing to measure.');
  const radius = Math.max(1, Math.round(MARKUP_THRESHOLDS.radiusShare * Math.min(width, height)));
  const { w: weights } = editWeights(seed, width, height, radius, 0);
  fillEnclosed(weights, width, height);
  const box = { x0: 0, y0: 0, x1: width, y1: height };

  // Alignment as the pixel lock does it: judged on what lies outside the marked region.
  const k = Math.max(1, Math.round(Math.min(width, height) / 256));
  const reframe = opts.detectReframe === false ? { scale: 1, dx: 0, dy: 0 } : findReframe(greyBlocks(s, width, height, 3, k, weights, box), greyBlocks(o, width, height, 3, k, weights, box));
  const reframed = reframe.scale !== 1 || reframe.dx !== 0 || reframe.dy !== 0;
  let aligned: Uint8Array = o;
  let valid: Rect = { x0: 0, y0: 0, x1: width, y1: height };
  if (reframed) ({ data: aligned, valid } = await undoReframe(o, width, height, 3, reframe));

  const inverse = new Uint8Array(weights.length);
  for (let i = 0; i < weights.length; i++) inverse[i] = weights[i] ? 0 : 1;
  const base = { source: s, output: aligned, channels: 3 as const, width, height, valid, threshold: MARKUP_THRESHOLDS.changedDeltaE };
  const region = (weightsZeroInside: Uint8Array): RegionChange => {
    const d = deltaE({ ...base, weights: weightsZeroInside });
    return { pixels: d.count, meanDeltaE: d.count ? d.sum / d.count : 0, changedShare: d.count ? d.changed / d.count : 0 };
  };
  // deltaE counts the pixels whose weight is 0: the inverse plane selects the marked region.
  const marked = region(inverse);
  const elsewhere = region(weights);
  const ratio = marked.meanDeltaE / Math.max(elsewhere.meanDeltaE, MARKUP_THRESHOLDS.floorDeltaE);
  return {
    marked,
    elsewhere,
    ratio,
    verdict: verdictOf(marked, ratio),
    radius,
    width,
    height,
    alignment: { ...reframe, resized, reframed },
  };
}
