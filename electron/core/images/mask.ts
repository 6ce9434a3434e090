import sharp, { type Metadata } from 'sharp';
import { LoupeError } from '../../shared';
import { decodeFailure, inspectInput } from './inspect';

/*
 * Masks as the Images API wants them (reference §3.3): a PNG with an alpha channel at
 * exactly the first image's pixel size, where alpha 0 marks the area to edit. People
 * paint or import masks in whatever form is at hand; everything here converts to that
 * one form, and refuses what would silently do the wrong thing.
 */

export interface MaskResult {
  /** RGBA PNG: RGB white, alpha = keep (0 = edit, 255 = keep). */
  png: Buffer;
  width: number;
  height: number;
  /** Share of pixels the edit may change (alpha < 128), 0..1. */
  editedShare: number;
}

/** The API's documented mask limit is "under 4 MB" (§3.3; the guide says 50 MB, we take the stricter). */
export const MAX_MASK_BYTES = 4 * 1024 * 1024;
/** Aspect ratios within 1% are the same shape give or take rounding of an export. */
const ASPECT_TOLERANCE = 0.01;
/**
 * Fewer edited pixels than a 4x4 block is nothing to edit. A share would refuse the small,
 * precise masks a retouch needs (0.1% of a 24 MP photo is a 155 px square).
 */
export const MIN_EDITED_PIXELS = 16;
export const MAX_EDITED_SHARE = 0.999;

const invalid = (message: string): LoupeError => new LoupeError('INVALID_IMAGE', message);

/** Alpha below this counts as "edit" everywhere in Loupe (share, pixel lock). */
export const EDIT_BELOW = 128;

export function editedShareOf(alpha: Uint8Array): number {
  let edited = 0;
  for (let i = 0; i < alpha.length; i++) if (alpha[i]! < EDIT_BELOW) edited++;
  return alpha.length ? edited / alpha.length : 0;
}

function checkCoverage(share: number, pixels: number): void {
  if (share * pixels < MIN_EDITED_PIXELS - 0.5) throw invalid('The mask covers nothing: paint the area to change.');
  if (share > MAX_EDITED_SHARE) {
    throw invalid('The mask covers the whole image: there is nothing left to keep, so use no mask for a full edit.');
  }
}

/** RGBA PNG with white RGB and the given alpha plane. */
async function encodeMask(alpha: Uint8Array, width: number, height: number): Promise<MaskResult> {
  const rgba = Buffer.alloc(width * height * 4, 255);
  for (let i = 0, o = 3; i < alpha.length; i++, o += 4) rgba[o] = alpha[i]!;
  // Masks are mostly flat: fast zlib still gets them to a few hundred KB at 4K.
  const png = await sharp(rgba, { raw: { width, height, channels: 4 } }).png({ compressionLevel: 6, adaptiveFiltering: true }).toBuffer();
  return { png, width, height, editedShare: editedShareOf(alpha) };
}

function allOpaque(plane: Buffer): boolean {
  for (let i = 0; i < plane.length; i++) if (plane[i]! !== 255) return false;
  return true;
}

/**
 * Converts an imported mask file to an API mask for an image of `first` size.
 * - An image whose alpha channel is used: the alpha is the mask, as is (0 = edit).
 * - Otherwise luminance: black = edit (alpha 0), white = keep (alpha 255), greys between.
 * `invert` swaps edit and keep. The mask is resized to `first` when its proportions
 * match within 1%, and refused when they do not (stretching would misplace the edit).
 */
export async function importMask(
  bytes: Buffer,
  fileName: string,
  first: { width: number; height: number },
  opts: { invert?: boolean } = {},
): Promise<MaskResult> {
  const info = await inspectInput(bytes, fileName);
  const mine = info.width / info.height;
  const theirs = first.width / first.height;
  if (Math.abs(mine / theirs - 1) > ASPECT_TOLERANCE) {
    throw invalid(
      `The mask is ${info.width}x${info.height} but the first image is ${first.width}x${first.height}: their shapes differ, so it cannot be aligned. Use a mask with the same proportions.`,
    );
  }
  const options = { ...info.options, ...(info.format === 'svg' ? { density: Math.min(100_000, Math.max(1, (72 * first.width) / info.width)) } : {}) };
  const base = () => sharp(bytes, options).autoOrient().resize({ width: first.width, height: first.height, fit: 'fill' });
  let plane: Buffer | null = null;
  try {
    if (info.meta.hasAlpha) {
      plane = await base().ensureAlpha().extractChannel(3).raw().toBuffer();
      if (allOpaque(plane)) plane = null; // an alpha channel that says nothing: read the picture instead
    }
    if (!plane) plane = await base().removeAlpha().toColourspace('b-w').extractChannel(0).raw().toBuffer();
  } catch (err) {
    throw decodeFailure(fileName, err);
  }
  if (opts.invert) for (let i = 0; i < plane.length; i++) plane[i] = 255 - plane[i]!;
  checkCoverage(editedShareOf(plane), plane.length);
  return encodeMask(plane, first.width, first.height);
}

/**
 * Checks a mask just before it is sent: a PNG with alpha, exactly the first image's
 * size, under the API's size limit, covering some but not all of the image.
 */
export async function validateMask(png: Buffer, first: { width: number; height: number }): Promise<{ editedShare: number }> {
  let meta: Metadata;
  try {
    meta = await sharp(png).metadata();
  } catch {
    throw invalid('The mask could not be read: it is damaged or not an image.');
  }
  if (meta.format !== 'png') throw invalid(`The mask must be a PNG, not ${meta.format.toUpperCase()}.`);
  if (!meta.hasAlpha) throw invalid('The mask has no alpha channel: transparent pixels mark the area to edit.');
  if (meta.width !== first.width || meta.height !== first.height) {
    throw invalid(`The mask is ${meta.width}x${meta.height} but the first image is ${first.width}x${first.height}: it must be exactly the same size.`);
  }
  if (png.length > MAX_MASK_BYTES) throw invalid('The mask is larger than the 4 MB the API accepts.');
  let alpha: Buffer;
  try {
    alpha = await sharp(png, { failOn: 'error' }).ensureAlpha().extractChannel(3).raw().toBuffer();
  } catch {
    throw invalid('The mask could not be read: it is damaged or truncated.');
  }
  const editedShare = editedShareOf(alpha);
  checkCoverage(editedShare, alpha.length);
  return { editedShare };
}

/** The painter's alpha plane (one byte a pixel, 0 = edit) as an API mask. */
export async function maskFromPaintedAlpha(raw: Uint8Array, width: number, height: number): Promise<MaskResult> {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || raw.length !== width * height) {
    throw new LoupeError('INVALID_ARGUMENTS', `The painted mask has ${raw.length} values, not ${width}x${height}.`);
  }
  return encodeMask(raw, width, height);
}
