/**
 * The edit studio's use of a markup layer (reference §3.2): a transparent PNG at the
 * first image's oriented size, with some transparent and some drawn pixels. The checks
 * and the resize are images/markup's; this adds what only the studio knows (the layer
 * was drawn over the first image, so its shape must be that image's) and names failures
 * the way the studio speaks: the markup, not "the image".
 */
import sharp from 'sharp';
import { LoupeError } from '../../shared';
// Interim until images/markup lands in main (see markup-interim.ts).
import { prepareMarkup } from './markup-interim';

/** Proportions within 1% are the same shape give or take the rounding of a resize (as masks). */
const ASPECT_TOLERANCE = 0.01;

export interface Size {
  width: number;
  height: number;
}

export function sameShape(a: Size, b: Size): boolean {
  return Math.abs(a.width / a.height / (b.width / b.height) - 1) <= ASPECT_TOLERANCE;
}

/** The markup as an RGBA PNG of exactly `width`x`height`; INVALID_IMAGE when it cannot be sent. */
export async function markupAtSize(bytes: Buffer, width: number, height: number): Promise<Buffer> {
  try {
    return await prepareMarkup(bytes, width, height);
  } catch (err) {
    if (err instanceof LoupeError) throw err;
    throw new LoupeError('INVALID_IMAGE', 'The markup could not be read: it is damaged. Draw it again.');
  }
}

/** A markup drawn over `first` (its displayed size): refused when its shape is another image's. */
export async function markupForImage(bytes: Buffer, first: Size): Promise<Buffer> {
  let size: Size;
  try {
    const meta = await sharp(bytes, { failOn: 'error' }).metadata();
    // Orientation 5–8 swaps the edges as people see them.
    const turned = (meta.orientation ?? 1) >= 5;
    size = { width: (turned ? meta.height : meta.width) ?? 0, height: (turned ? meta.width : meta.height) ?? 0 };
  } catch {
    throw new LoupeError('INVALID_IMAGE', 'The markup could not be read: it is not a PNG Loupe can open. Draw it again.');
  }
  if (size.width <= 0 || size.height <= 0 || !sameShape(size, first)) {
    throw new LoupeError(
      'INVALID_IMAGE',
      `The markup is ${size.width}x${size.height} but the first image is ${first.width}x${first.height}: their shapes differ, so it was drawn over another image. Draw the markup on this one.`,
    );
  }
  return markupAtSize(bytes, first.width, first.height);
}
