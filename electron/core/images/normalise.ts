import sharp, { type Sharp } from 'sharp';
import type { ModelInfo } from '../../shared';
import { INPUT_LIMITS, decodeFailure, inspectInput, type InputLimits, type Inspected } from './inspect';
import { iccDescription, isMultiPictureJpeg } from './sniff-format';
// libvips threads per pipeline: see sharp-threads.ts.
import './sharp-threads';

export { INPUT_LIMITS, MAX_INPUT_BYTES, MAX_INPUT_PIXELS, type InputLimits } from './inspect';

export type SentMime = 'image/png' | 'image/jpeg' | 'image/webp';

export interface InputTarget {
  maxLongEdge: number;
  maxShortEdge?: number;
  preferFormat?: 'png' | 'jpeg' | 'webp';
}

export interface NormalisedInput {
  bytes: Buffer;
  mime: SentMime;
  width: number;
  height: number;
  original: {
    format: string;
    /** As displayed: EXIF orientation applied. */
    width: number;
    height: number;
    bytes: number;
    orientation?: number;
    space?: string;
    pages?: number;
    hasAlpha: boolean;
  };
  /** What was done to the picture, for people: "EXIF orientation 6 applied"... */
  notes: string[];
}

/*
 * How big an input is worth sending (reference §8.2, §3.4). Pixels past these sizes are
 * scaled away by the API anyway, but they still cost upload time and bytes.
 *
 * - Low fidelity (and gpt-image-1-mini, which has no fidelity setting): the documented
 *   token formula scales the shortest side to 512 px, so that is what the model sees.
 *   We send up to 768 on the short side (the vision pipeline's own working size, which
 *   GPT Image inherits) so the API's resampling starts from some headroom, and at most
 *   2048 on the long side (the vision pipeline's first fit).
 * - High fidelity on the fixed-size models: the surcharge is 4160 tokens for a square
 *   input and 6240 otherwise, exactly the output tokens of a high-quality 1024x1024 and
 *   1024x1536 image (§8.1). The input is evidently encoded on the model's own canvas, so
 *   nothing past 1536x1024 can be used.
 * - gpt-image-2 always works at high fidelity and draws canvases up to 3840x2160; its
 *   size rules are the bound (as data in models.ts, so the next model follows). Neither
 *   reference says at what size gpt-image-2.x reads an input (openai-images-api.md
 *   §8.2: "can be higher", no formula; the 2026-12 file says nothing), so no smaller
 *   target (2048, or exactly half a camera file, which would let JPEG decode at 1/2
 *   scale) is justified: that would be guessing away detail the model may use.
 * - Inputs after the model's `detailedInputs` are kept with less detail (§3.4), so they
 *   get the low-fidelity size.
 */
export const LOW_FIDELITY_TARGET = { maxLongEdge: 2048, maxShortEdge: 768 } as const;
export const HIGH_FIDELITY_TARGET = { maxLongEdge: 1536, maxShortEdge: 1024 } as const;

export function targetForModel(model: ModelInfo, fidelity: 'low' | 'high', position = 0): { maxLongEdge: number; maxShortEdge: number } {
  const effective = model.inputFidelity === 'always-high' ? 'high' : model.inputFidelity === 'unsupported' ? 'low' : fidelity;
  if (effective === 'low' || position >= model.detailedInputs) return { ...LOW_FIDELITY_TARGET };
  return { ...model.inputTarget };
}

/** JPEG quality: 90 keeps detail the model can use; above 4 MP, 85, to keep large uploads small. */
const jpegQuality = (w: number, h: number): number => (w * h > 4_000_000 ? 85 : 90);

/** Largest size inside the target with the same aspect, never larger than `w`x`h` unless `enlarge`. */
function fitInside(w: number, h: number, t: InputTarget, enlarge: boolean): { width: number; height: number; scale: number } {
  const long = Math.max(w, h);
  const short = Math.min(w, h);
  let scale = Math.min(t.maxLongEdge / long, (t.maxShortEdge ?? t.maxLongEdge) / short);
  if (!enlarge) scale = Math.min(1, scale);
  return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)), scale };
}

function describeInput(info: Inspected, bytes: Buffer): string[] {
  const m = info.meta;
  const notes: string[] = [];
  if (m.orientation && m.orientation !== 1) notes.push(`EXIF orientation ${m.orientation} applied`);
  if (m.space === 'cmyk') notes.push('CMYK converted to sRGB');
  else if (m.hasProfile) {
    const name = iccDescription(m.icc);
    if (!name || !/srgb/i.test(name)) notes.push(`${name ? `${name} colour profile` : 'Embedded colour profile'} converted to sRGB`);
  }
  if (m.depth === 'ushort' || (m.bitsPerSample ?? 8) > 8) notes.push('16-bit reduced to 8-bit');
  if (m.space === 'b-w' || m.space === 'grey16') notes.push('Greyscale converted to sRGB');
  if ((m.pages ?? 1) > 1) {
    const unit = info.format === 'tiff' ? 'pages' : info.format === 'avif' ? 'images' : 'frames';
    notes.push(`First of ${m.pages} ${unit} used`);
  }
  if (info.format === 'jpeg' && isMultiPictureJpeg(bytes)) notes.push('Multi-picture JPEG: only the main picture is sent');
  return notes;
}

/**
 * Turns any supported input into what the Images API should receive: EXIF orientation
 * applied, 8-bit sRGB, no larger than `target`, PNG when transparency is really used,
 * else JPEG (or WebP on request). Throws INVALID_IMAGE naming the file for anything
 * unreadable, unsupported or too large (see inspect.ts).
 *
 * One decode only. For JPEG, when the target is at most half the size, sharp's resize
 * makes libjpeg decode at 1/2, 1/4 or 1/8 scale (DCT scaling), most of the speed on
 * camera files. gpt-image-2.x targets are bigger than that (a 24 MP 3:2 photo goes as
 * 3240x2160, 0.54 of its size), so there the full-size decode is most of the time.
 */
export async function normaliseInput(bytes: Buffer, fileName: string, target: InputTarget, limits: InputLimits = INPUT_LIMITS): Promise<NormalisedInput> {
  const info = await inspectInput(bytes, fileName, limits);
  const m = info.meta;
  const notes = describeInput(info, bytes);
  const isSvg = info.format === 'svg';
  // Vectors have no native resolution: draw them at the size the model will use.
  const out = fitInside(info.width, info.height, target, isSvg);
  const options = { ...info.options };
  if (isSvg) {
    const density = 72 * out.scale;
    if (density < 1 || density > 100_000) throw decodeFailure(fileName, new Error('pixel limit'));
    options.density = density;
  }

  const scaled = !isSvg && (out.width !== info.width || out.height !== info.height);
  if (scaled) notes.push(`Scaled from ${info.width}x${info.height} to ${out.width}x${out.height}`);
  if (isSvg) notes.push(`SVG drawn at ${out.width}x${out.height}`);
  const original = {
    format: info.format,
    width: info.width,
    height: info.height,
    bytes: bytes.length,
    ...(m.orientation ? { orientation: m.orientation } : {}),
    ...(m.space ? { space: m.space } : {}),
    ...(m.pages ? { pages: m.pages } : {}),
    hasAlpha: m.hasAlpha,
  };
  try {
    let img: Sharp = sharp(bytes, options).autoOrient();
    // Mitchell rather than sharp's default Lanczos: as free of aliasing and ringing, a
    // touch softer, and 10-15 ms faster on a camera file; the API resamples again anyway.
    if (isSvg || scaled) img = img.resize({ width: out.width, height: out.height, fit: 'fill', kernel: 'mitchell' });
    // toColourspace also casts 16-bit to 8-bit; sharp converts any embedded ICC profile
    // (CMYK, Display P3, Adobe RGB) to sRGB on output and strips all metadata (EXIF, GPS).
    img = img.toColourspace('srgb');
    if (!m.hasAlpha) {
      const encoded = await encode(img, target.preferFormat, out.width, out.height).toBuffer({ resolveWithObject: true });
      return { bytes: encoded.data, mime: mimeOf(encoded.info.format), width: encoded.info.width, height: encoded.info.height, original, notes };
    }
    // Alpha present: decode once to raw RGBA at the sent size, then look at what the
    // alpha actually does. Many PNGs carry an alpha channel that is opaque everywhere.
    const { data, info: ri } = await img.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const used = alphaUsed(data);
    if (!used) notes.push('Transparency unused, so it was dropped');
    let fromRaw = sharp(data, { raw: { width: ri.width, height: ri.height, channels: 4 } });
    if (!used) fromRaw = fromRaw.removeAlpha();
    const encoded = await encode(fromRaw, used ? 'png' : target.preferFormat, ri.width, ri.height).toBuffer({ resolveWithObject: true });
    return { bytes: encoded.data, mime: mimeOf(encoded.info.format), width: ri.width, height: ri.height, original, notes };
  } catch (err) {
    throw decodeFailure(fileName, err);
  }
}

/**
 * The picture normaliseInput starts from, at full size: EXIF orientation applied, 8-bit
 * sRGB, the first page or frame, as raw pixels with `channels` channels. What a pixel
 * lock at the photo's full resolution pastes back. Throws INVALID_IMAGE naming the file.
 */
export async function decodeOriginal(bytes: Buffer, fileName: string, channels: 3 | 4, limits: InputLimits = INPUT_LIMITS): Promise<{ data: Buffer; width: number; height: number }> {
  const info = await inspectInput(bytes, fileName, limits);
  try {
    const img = sharp(bytes, info.options).autoOrient().toColourspace('srgb');
    const { data, info: ri } = await (channels === 4 ? img.ensureAlpha() : img.removeAlpha()).raw().toBuffer({ resolveWithObject: true });
    return { data, width: ri.width, height: ri.height };
  } catch (err) {
    throw decodeFailure(fileName, err);
  }
}

function alphaUsed(rgba: Buffer): boolean {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i]! !== 255) return true;
  return false;
}

function encode(img: Sharp, prefer: InputTarget['preferFormat'], w: number, h: number): Sharp {
  if (prefer === 'png') return img.png({ compressionLevel: 6 });
  if (prefer === 'webp') return img.webp({ quality: 90, effort: 2 });
  // Trellis/mozjpeg and optimised Huffman tables cost a third more time for a few
  // percent of bytes: not worth it for a file the API decodes once.
  return img.jpeg({ quality: jpegQuality(w, h), mozjpeg: false, optimiseCoding: false, chromaSubsampling: '4:2:0' });
}

function mimeOf(format: string): SentMime {
  return format === 'png' ? 'image/png' : format === 'webp' ? 'image/webp' : 'image/jpeg';
}
