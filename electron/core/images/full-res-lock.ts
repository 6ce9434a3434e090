import sharp, { type Metadata } from 'sharp';
import { LoupeError } from '../../shared';
import { readOnGrid, type GridMap, type Rect, type Reframe } from './align';
import { blendInto, wholePlane } from './blend';
import { editedBounds, editWeights } from './edit-weights';
import { inspectInput } from './inspect';
import { decodeOriginal } from './intake';

/*
 * Pixel lock at the photo's full resolution. The API is sent a scaled-down copy (a 24 MP
 * camera file goes as 1536x1024), and the lock at that size gives the alignment and the
 * metrics; the photographer, though, wants their own photo back: every pixel outside the
 * edit exactly as in the original, and the model's output (scaled up onto the original's
 * grid, aligned the same way) only inside the grown and feathered mask.
 *
 * Memory: one full-size buffer (the decoded original, blended in place); the mask and the
 * output are resampled by sharp only over the region around the edit.
 */

export interface OriginalLockInput {
  /** The stored original of the first image, and its name for messages. */
  original: Buffer;
  name: string;
  /** The model's image as the API returned it. */
  output: Buffer;
  /** The mask as sent (alpha 0 = edit), at the first image's sent size. */
  mask: Buffer;
  /** The first image's size as sent: the grid the alignment, grow and feather are in. */
  sent: { width: number; height: number };
  /** In sent pixels, scaled here by original/sent so the seam looks the same. */
  grow: number;
  feather: number;
  /**
   * The reframe the lock at the sent size found. A promise, so the original is read and
   * decoded (the slow part) while that lock is still running.
   */
  alignment: Promise<Reframe>;
}

export interface OriginalLock {
  /** Raw pixels, `channels` a pixel, at the original's size (EXIF orientation applied). */
  data: Buffer;
  width: number;
  height: number;
  channels: 3 | 4;
}

const noop = (): void => undefined;
const unreadable = (what: string): LoupeError => new LoupeError('INVALID_IMAGE', `The ${what} could not be read: it is damaged or not an image.`);

/** Sent pixels around the edit read at full size: the reach, and the reach of a resize of the mask. */
const SENT_MARGIN = 4;

export async function lockAtOriginal(i: OriginalLockInput): Promise<OriginalLock> {
  i.alignment.catch(noop); // awaited below, after the original has started decoding
  const info = await inspectInput(i.original, i.name);
  const { width, height } = info;
  let outMeta: Metadata;
  try {
    outMeta = await sharp(i.output).metadata();
  } catch {
    throw unreadable('edited image');
  }
  if (!outMeta.width || !outMeta.height) throw unreadable('edited image');
  const c: 3 | 4 = info.meta.hasAlpha || outMeta.hasAlpha ? 4 : 3;
  // The original decodes on libuv's threads while the rest is worked out.
  const pixels = decodeOriginal(i.original, i.name, c);
  pixels.catch(noop);

  const fx = width / i.sent.width;
  const fy = height / i.sent.height;
  const f = (fx + fy) / 2;
  let sentAlpha: Buffer;
  try {
    sentAlpha = await sharp(i.mask, { failOn: 'error' }).resize({ width: i.sent.width, height: i.sent.height, fit: 'fill' }).ensureAlpha().extractChannel(3).raw().toBuffer();
  } catch {
    throw unreadable('mask');
  }
  const bounds = editedBounds(sentAlpha, i.sent.width);
  if (!bounds) {
    await i.alignment;
    return { ...(await pixels), channels: c };
  }
  // The region around the edit, in original pixels: only there can a weight be above 0.
  const m = Math.max(0, i.grow) + Math.max(0, i.feather) + SENT_MARGIN;
  const region: Rect = {
    x0: Math.max(0, Math.floor((bounds.x0 - m) * fx)),
    y0: Math.max(0, Math.floor((bounds.y0 - m) * fy)),
    x1: Math.min(width, Math.ceil((bounds.x1 + m) * fx)),
    y1: Math.min(height, Math.ceil((bounds.y1 + m) * fy)),
  };
  const rw = region.x1 - region.x0;
  // The mask's alpha scaled to the original (bilinear: no ringing outside its edge), for
  // the region only, from the plane already decoded: a quarter of the work of the RGBA PNG.
  // One channel read as b-w, or sharp would hand back three (sRGB) channels.
  const plane = sharp(sentAlpha, { raw: { width: i.sent.width, height: i.sent.height, channels: 1 } }).toColourspace('b-w');
  const { data: alpha } = await readOnGrid(plane, { rw: width, rh: height, ox: 0, oy: 0 }, region, 'linear');
  const weights = editWeights(alpha, rw, region.y1 - region.y0, i.grow * f, i.feather * f);
  const box: Rect = { x0: weights.box.x0 + region.x0, y0: weights.box.y0 + region.y0, x1: weights.box.x1 + region.x0, y1: weights.box.y1 + region.y0 };
  if (box.x1 <= box.x0 || box.y1 <= box.y0) {
    await i.alignment;
    return { ...(await pixels), channels: c };
  }

  const map = outputMap(outMeta, { width, height }, await i.alignment, fx, fy);
  let model: Buffer;
  try {
    let img = sharp(i.output, { failOn: 'error' }).autoOrient().toColourspace('srgb');
    img = c === 4 ? img.ensureAlpha() : img.removeAlpha();
    ({ data: model } = await readOnGrid(img, map, box));
  } catch {
    throw unreadable('edited image');
  }
  const original = await pixels;
  blendInto(
    wholePlane(original.data, width),
    { data: model, x0: box.x0, y0: box.y0, w: box.x1 - box.x0 },
    { data: weights.w, x0: region.x0, y0: region.y0, w: rw },
    box,
    c,
  );
  return { data: original.data, width, height, channels: c };
}

/**
 * Where the output lies on the original's grid: scaled to cover it and centred, the way
 * the sent-size lock frames it, then the reframe undone with its shift scaled to original
 * pixels. Both steps are one resize (by cover/scale) and one whole-pixel offset.
 */
function outputMap(meta: Metadata, to: { width: number; height: number }, r: Reframe, fx: number, fy: number): GridMap {
  const swap = (meta.orientation ?? 1) >= 5;
  const ow = swap ? meta.height! : meta.width!;
  const oh = swap ? meta.width! : meta.height!;
  const cover = Math.max(to.width / ow, to.height / oh);
  const rw = Math.max(1, Math.round((ow * cover) / r.scale));
  const rh = Math.max(1, Math.round((oh * cover) / r.scale));
  // Target pixel p reads the resized output at p + ((covered size/2 + shift)/scale − size/2).
  const ox = Math.round(((ow * cover) / 2 + r.dx * fx) / r.scale - to.width / 2);
  const oy = Math.round(((oh * cover) / 2 + r.dy * fy) / r.scale - to.height / 2);
  return { rw, rh, ox, oy };
}
