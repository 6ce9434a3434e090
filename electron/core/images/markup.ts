import sharp, { type Metadata } from 'sharp';
import { LoupeError } from '../../shared';
import { MAX_INPUT_PIXELS } from './inspect';

/*
 * Markup as the Images API wants it (reference §3.2): one PNG overlaid on the first input
 * image, at exactly that image's size after orientation, containing transparent pixels;
 * the strokes on it (pens, arrows, circles) say where and what to change.
 *
 * The painter draws on the source photo as the person sees it: its oriented size, which
 * is often larger than the size Loupe sends (inputs are scaled down to what the model
 * uses). So `width` and `height` here are the first image's size AS SENT, and a layer of
 * the same shape (aspect within 1%) is scaled to it; a layer of another shape is refused,
 * because stretching it would put the marks in the wrong place.
 */

export interface PreparedMarkup {
  /** RGBA PNG at width x height. */
  png: Buffer;
  width: number;
  height: number;
  /** Share of pixels with any mark on them (alpha > 0), 0..1. */
  markedShare: number;
  /** The layer had another size (same shape) and was scaled to the sent size. */
  resized: boolean;
}

/** Aspect ratios within 1% are the same shape give or take rounding, as for masks. */
const ASPECT_TOLERANCE = 0.01;
/** Far above a 4K layer as PNG; the API's own limit for markup is not published. */
export const MAX_MARKUP_BYTES = 50 * 1024 * 1024;

const invalid = (message: string): LoupeError => new LoupeError('INVALID_IMAGE', message);

async function header(bytes: Buffer): Promise<Metadata> {
  try {
    return await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw invalid('The markup layer could not be read: it is damaged or not an image.');
  }
}

/**
 * Checks and converts the painter's layer (PNG or WebP) into the API's markup for a first
 * image sent at `width` x `height`. Throws INVALID_IMAGE, with a message for the person,
 * when it is another format, another shape, has no alpha channel, is empty (no marks) or
 * is fully opaque (no transparent pixels).
 */
export async function prepareMarkup(bytes: Buffer, width: number, height: number): Promise<PreparedMarkup> {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new LoupeError('INVALID_ARGUMENTS', `Markup cannot be made for a ${width}x${height} image.`);
  }
  if (bytes.length === 0) throw invalid('The markup layer is empty (0 bytes).');
  if (bytes.length > MAX_MARKUP_BYTES) throw invalid('The markup layer is larger than the 50 MB Loupe accepts.');
  const meta = await header(bytes);
  if (meta.format !== 'png' && meta.format !== 'webp') {
    throw invalid(`The markup layer must be a PNG or WebP with transparency, not ${String(meta.format).toUpperCase()}.`);
  }
  if (!meta.width || !meta.height) throw invalid('The markup layer has no size.');
  if (meta.width * meta.height > MAX_INPUT_PIXELS) throw invalid(`The markup layer is ${meta.width}x${meta.height}, too large to open safely.`);
  if (!meta.hasAlpha) throw invalid('The markup layer has no transparency: it must show the image through it, with marks only where a change is wanted.');
  const swap = (meta.orientation ?? 1) >= 5;
  const w = swap ? meta.height : meta.width;
  const h = swap ? meta.width : meta.height;
  const resized = w !== width || h !== height;
  if (resized && Math.abs(w / h / (width / height) - 1) > ASPECT_TOLERANCE) {
    throw invalid(
      `The markup layer is ${w}x${h} but the first image is ${width}x${height}: their shapes differ, so the marks would land in the wrong place. Draw the markup on the first image.`,
    );
  }

  let rgba: Buffer;
  try {
    let img = sharp(bytes, { failOn: 'error' }).autoOrient();
    // sharp premultiplies alpha while it resizes, so stroke edges keep their colour.
    if (resized) img = img.resize({ width, height, fit: 'fill' });
    rgba = await img.toColourspace('srgb').ensureAlpha().raw().toBuffer();
  } catch {
    throw invalid('The markup layer could not be read: it is damaged or truncated.');
  }
  let marked = 0;
  let clear = 0;
  for (let i = 3; i < rgba.length; i += 4) {
    const a = rgba[i]!;
    if (a === 0) clear++;
    else marked++;
  }
  if (marked === 0) throw invalid('The markup layer is empty: draw on the image where you want a change.');
  if (clear === 0) throw invalid('The markup layer has no transparent pixels: the API needs to see the image through it. Erase the background.');
  const png = await sharp(rgba, { raw: { width, height, channels: 4 } }).png({ compressionLevel: 6 }).toBuffer();
  return { png, width, height, markedShare: marked / (width * height), resized };
}
