/**
 * Files that go into a kit: PNG, JPEG and WebP as they are (checked and decoded once, as
 * every edit input is), SVG cleaned (svg-clean.ts) and drawn by sharp to a PNG at the
 * size the person chose. The store only ever holds raster files.
 */
import sharp from 'sharp';
import { LoupeError } from '../../shared';
import { decodeFailure, inspectInput } from '../images/inspect';
import { normaliseInput } from '../images/intake';
import { renderWebp, variantSpec } from '../store/content-store';
import { safeSvg } from './svg-clean';

/** A logo drawn from SVG gets this long edge unless the person chose another. */
export const DEFAULT_SVG_SIZE = 1024;
/** The API takes images under 50 MB; a kit asset is sent as an input, so it must fit. */
export const MAX_KIT_ASSET_BYTES = 50 * 1024 * 1024;
const KIT_LIMITS = { maxBytes: MAX_KIT_ASSET_BYTES, maxPixels: 64_000_000 };

const MIME: Record<string, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp', svg: 'image/svg+xml' };

export interface PreparedKitAsset {
  /** What the store keeps (the PNG drawn from an SVG). */
  bytes: Buffer;
  mime: string;
  width: number;
  height: number;
  sourceMime: string;
  svgSource: string | null;
  thumb: Buffer | null;
}

/** SVG text (or gzip, which only .svgz uses among the accepted types): cleaned before anything parses it. */
function looksLikeSvg(bytes: Buffer, fileName: string): boolean {
  if (/\.svgz?$/i.test(fileName) || (bytes[0] === 0x1f && bytes[1] === 0x8b)) return true;
  const head = bytes.subarray(0, 2048).toString('utf8');
  return /^\s*(\uFEFF)?\s*<(\?xml|!DOCTYPE|!--|svg[\s>])/i.test(head);
}

export async function prepareKitAsset(input: Buffer, fileName: string, svgSize: number = DEFAULT_SVG_SIZE): Promise<PreparedKitAsset> {
  // Cleaned first, so a hostile SVG is refused for what it contains (sharp never reads it).
  const svgSource = looksLikeSvg(input, fileName) ? await safeSvg(input, fileName) : null;
  const info = await inspectInput(svgSource === null ? input : Buffer.from(svgSource, 'utf8'), fileName, KIT_LIMITS);
  const sourceMime = MIME[info.format];
  if (!sourceMime) {
    throw new LoupeError('INVALID_IMAGE', `"${fileName}" is ${info.format.toUpperCase()}; kits take PNG, JPEG, WebP and SVG logos and images.`);
  }
  if (info.format === 'svg' || svgSource !== null) {
    if (info.format !== 'svg' || svgSource === null) throw new LoupeError('INVALID_IMAGE', `"${fileName}" is not an image Loupe can read.`);
    const raster = await normaliseInput(Buffer.from(svgSource, 'utf8'), fileName, { maxLongEdge: svgSize, maxShortEdge: svgSize, preferFormat: 'png' }, KIT_LIMITS);
    // normaliseInput drops an unused alpha channel and may pick JPEG then; a logo stays PNG.
    const png = raster.mime === 'image/png' ? raster.bytes : await sharp(raster.bytes).png().toBuffer();
    return { bytes: png, mime: 'image/png', width: raster.width, height: raster.height, sourceMime, svgSource, thumb: null };
  }
  let thumb: Buffer;
  try {
    // Strict decoding over every pixel: a truncated file has a valid header.
    const t = variantSpec('thumb');
    thumb = await renderWebp(sharp(input, info.options), t.max, t.quality);
  } catch (err) {
    throw decodeFailure(fileName, err);
  }
  return { bytes: input, mime: sourceMime, width: info.width, height: info.height, sourceMime, svgSource: null, thumb };
}
