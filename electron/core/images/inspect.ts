import { basename } from 'node:path';
import sharp, { type Metadata, type SharpOptions } from 'sharp';
import { LoupeError } from '../../shared';
import { svgExternalReference, svgText } from './svg-safety';
import { heifHasTransform, exifOrientation } from './heic';
import { heifKind, unsupportedKind } from './sniff';

/*
 * The gate every user-supplied image passes before anything decodes its pixels. All the
 * checks here read the header only, so a hostile or broken file costs microseconds:
 * a 30000x30000 PNG is refused from its 25-byte IHDR, not after allocating 2.7 GB.
 */

/** Far above any camera file; the API itself takes under 50 MB per image (reference §3.1). */
export const MAX_INPUT_BYTES = 200 * 1024 * 1024;
/** 100 MP: every camera up to medium format, while a decoded RGBA page stays under 400 MB. */
export const MAX_INPUT_PIXELS = 100_000_000;

export interface InputLimits {
  maxBytes: number;
  maxPixels: number;
}
export const INPUT_LIMITS: InputLimits = { maxBytes: MAX_INPUT_BYTES, maxPixels: MAX_INPUT_PIXELS };

export type InputFormat = 'jpeg' | 'png' | 'webp' | 'tiff' | 'gif' | 'avif' | 'heic' | 'svg';
const RASTER: ReadonlySet<string> = new Set(['jpeg', 'png', 'webp', 'tiff', 'gif']);
export const READABLE = 'JPEG, PNG, WebP, HEIC, TIFF, GIF, AVIF or SVG';

export interface Inspected {
  format: InputFormat;
  meta: Metadata;
  /** The EXIF orientation the decode applies (1: none). For HEIC, 1 when the file's own transforms do it. */
  orientation: number;
  /** Size as displayed: EXIF orientation applied. For SVG, the declared size at 72 dpi. */
  width: number;
  height: number;
  /** Options for every sharp() that decodes these bytes: the limits, and strict decoding. */
  options: SharpOptions;
}

const quoted = (fileName: string): string => `"${basename(fileName) || fileName || 'The file'}"`;

/** An INVALID_IMAGE error whose message starts with the file's name. */
export function refuse(fileName: string, reason: string): LoupeError {
  return new LoupeError('INVALID_IMAGE', `${quoted(fileName)} ${reason}`);
}

export const damaged = (fileName: string): LoupeError => refuse(fileName, 'could not be read: the file is damaged or truncated.');
const notImage = (fileName: string): LoupeError => refuse(fileName, `is not an image Loupe can read. Use ${READABLE}.`);

/** Maps a sharp failure while decoding pixels to the message people see. */
export function decodeFailure(fileName: string, err: unknown): LoupeError {
  if (err instanceof LoupeError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  if (/pixel limit/i.test(msg)) return refuse(fileName, 'is too large to open safely.');
  return damaged(fileName);
}

function megabytes(n: number): string {
  const mb = n / (1024 * 1024);
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`;
}

/**
 * Checks `bytes` from its header and returns what it is, or throws INVALID_IMAGE with a
 * message naming the file: empty, too many bytes, a known but unsupported format (PDF,
 * Photoshop...), not an image, a damaged header, an SVG with external references, or more
 * declared pixels than `limits.maxPixels`.
 */
export async function inspectInput(bytes: Buffer, fileName: string, limits: InputLimits = INPUT_LIMITS): Promise<Inspected> {
  if (bytes.length === 0) throw refuse(fileName, 'is empty (0 bytes).');
  if (bytes.length > limits.maxBytes) {
    throw refuse(fileName, `is ${megabytes(bytes.length)}, more than the ${megabytes(limits.maxBytes)} Loupe accepts for one image.`);
  }
  const kind = unsupportedKind(bytes);
  if (kind) throw refuse(fileName, `is ${kind}, which Loupe cannot read yet: export it as JPEG or PNG first.`);

  let meta: Metadata;
  try {
    // No pixel limit here: metadata() reads the header only, and we want the declared
    // size to refuse bombs with a message of our own rather than sharp's.
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (err) {
    const msg = err instanceof Error ? err.message : '';
    throw /unsupported image format/i.test(msg) ? notImage(fileName) : damaged(fileName);
  }
  let format: InputFormat;
  if (meta.format === 'heif') {
    format = meta.compression === 'av1' || heifKind(bytes) === 'avif' ? 'avif' : 'heic';
  } else if (meta.format === 'svg') {
    format = 'svg';
  } else if (RASTER.has(meta.format)) {
    format = meta.format as InputFormat;
  } else {
    throw notImage(fileName);
  }
  if (!meta.width || !meta.height) throw damaged(fileName);

  if (format === 'svg') {
    let ref: string | null;
    try {
      ref = svgExternalReference(svgText(bytes));
    } catch {
      throw damaged(fileName);
    }
    if (ref) {
      throw refuse(fileName, `refers to an external resource (${ref}), so Loupe will not draw it: use an SVG that contains everything it shows.`);
    }
  } else if (meta.width * meta.height > limits.maxPixels) {
    const mp = Math.round((meta.width * meta.height) / 1e6);
    throw refuse(
      fileName,
      `declares ${meta.width}x${meta.height} pixels (${mp} megapixels), more than the ${Math.round(limits.maxPixels / 1e6)} megapixels Loupe opens, so it was not decoded.`,
    );
  }
  // sharp reports no orientation for HEIF; the EXIF block says it unless the file's own transforms rule.
  const orientation = format === 'heic' ? (heifHasTransform(bytes) ? 1 : (exifOrientation(meta.exif) ?? 1)) : (meta.orientation ?? 1);
  const swap = orientation >= 5;
  return {
    format,
    meta,
    orientation,
    width: swap ? meta.height : meta.width,
    height: swap ? meta.width : meta.height,
    // 'error' rather than sharp's default 'warning': truncated and corrupt data abort,
    // while the harmless warnings phone JPEGs often carry (extraneous bytes) do not.
    options: { failOn: 'error', limitInputPixels: limits.maxPixels, sequentialRead: true },
  };
}
