import sharp, { type Sharp } from 'sharp';
import type { ModelInfo } from '../../shared';
import { cleanExif } from '../export/exif-clean';
import { exifChunk, insertBeforeIdat, readChunks, writeChunks } from '../export/png-chunks';
import { classifyPixels, type ContentKind } from './classify';
import { decodeHeic } from './heic';
import { INPUT_LIMITS, decodeFailure, inspectInput, type InputLimits, type Inspected } from './inspect';
import { iccDescription, isMultiPictureJpeg } from './sniff';
// libvips threads per pipeline: see sharp-threads.ts.
import './sharp-threads';

export { INPUT_LIMITS, MAX_INPUT_BYTES, MAX_INPUT_PIXELS, type InputLimits } from './inspect';

export type SentMime = 'image/png' | 'image/jpeg' | 'image/webp';

export interface InputTarget {
  maxLongEdge: number;
  maxShortEdge?: number;
  /** A format asked for (a mask's PNG, the person's choice); unset: graphics PNG, photos JPEG. */
  preferFormat?: 'png' | 'jpeg' | 'webp';
  /** Why preferFormat was asked for, said in the notes ("like the mask", "as you chose"). */
  preferReason?: string;
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
  /** Graphic (sent losslessly) or photo (sent as JPEG), and why: what the pixels look like. */
  content: { kind: ContentKind; reason: string };
  /** One line on the format sent and why ("PNG: a graphic, it has only 6 colours"). */
  sentAs: string;
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
  if (info.format === 'heic') notes.push('HEIC photo decoded');
  if (info.orientation !== 1) notes.push(`EXIF orientation ${info.orientation} applied`);
  if (m.space === 'cmyk') notes.push('CMYK converted to sRGB');
  else if (m.hasProfile) {
    const name = iccDescription(m.icc);
    if (!name || !/srgb/i.test(name)) notes.push(`${name ? `${name} colour profile` : 'Embedded colour profile'} converted to sRGB`);
  }
  if (m.depth === 'ushort' || (m.bitsPerSample ?? 8) > 8) notes.push('16-bit reduced to 8-bit');
  if (m.space === 'b-w' || m.space === 'grey16') notes.push('Greyscale converted to sRGB');
  if ((m.pages ?? 1) > 1) {
    const unit = info.format === 'tiff' ? 'pages' : info.format === 'avif' || info.format === 'heic' ? 'images' : 'frames';
    notes.push(`First of ${m.pages} ${unit} used`);
  }
  if (info.format === 'jpeg' && isMultiPictureJpeg(bytes)) notes.push('Multi-picture JPEG: only the main picture is sent');
  return notes;
}

/**
 * Step "decode": the picture upright (EXIF orientation applied) as a sharp pipeline not yet
 * converted to sRGB. HEIC comes from heic-decode (heic.ts), everything else from sharp.
 * `density` draws an SVG at the size it will be used.
 */
async function decodeUpright(info: Inspected, bytes: Buffer, density?: number): Promise<Sharp> {
  if (info.format === 'heic') return decodeHeic(bytes, info.orientation, info.options.limitInputPixels as number);
  return sharp(bytes, density === undefined ? info.options : { ...info.options, density }).autoOrient();
}

/**
 * Turns any supported input into what the Images API should receive, in the order the
 * work happens:
 *   1. sniff: the header only (inspect.ts), refusing what cannot or must not be decoded;
 *   2. decode: upright, 8-bit sRGB, and fitted to the target in the same libvips pass
 *      (for JPEG a smaller target lets libjpeg decode at 1/2, 1/4 or 1/8 scale);
 *   3. classify: graphic or photo, from the pixels (classify.ts);
 *   4. encode: graphics as PNG, photos as JPEG, unless the target asks for a format;
 *      PNG whenever transparency is really used.
 * Throws INVALID_IMAGE naming the file for anything unreadable, unsupported or too large.
 */
export async function normaliseInput(bytes: Buffer, fileName: string, target: InputTarget, limits: InputLimits = INPUT_LIMITS): Promise<NormalisedInput> {
  // 1. Sniff.
  const info = await inspectInput(bytes, fileName, limits);
  const m = info.meta;
  const notes = describeInput(info, bytes);
  const isSvg = info.format === 'svg';
  try {
    // 2. Decode and fit. Vectors have no native resolution: drawn at the size the model will use.
    const out = fitInside(info.width, info.height, target, isSvg);
    let density: number | undefined;
    if (isSvg) {
      density = 72 * out.scale;
      if (density < 1 || density > 100_000) throw new Error('pixel limit');
      notes.push(`SVG drawn at ${out.width}x${out.height}`);
    }
    let img = await decodeUpright(info, bytes, density);
    const scaled = !isSvg && (out.width !== info.width || out.height !== info.height);
    if (scaled) notes.push(`Scaled from ${info.width}x${info.height} to ${out.width}x${out.height}`);
    // Mitchell rather than sharp's default Lanczos: as free of aliasing and ringing, a
    // touch softer, and 10-15 ms faster on a camera file; the API resamples again anyway.
    if (isSvg || scaled) img = img.resize({ width: out.width, height: out.height, fit: 'fill', kernel: 'mitchell' });
    // toColourspace also casts 16-bit to 8-bit; sharp converts any embedded ICC profile
    // (CMYK, Display P3, Adobe RGB) to sRGB on output and strips all metadata (EXIF, GPS).
    img = img.toColourspace('srgb');
    const alpha = m.hasAlpha || info.format === 'heic';
    const { data, info: ri } = await (alpha ? img.ensureAlpha() : img.removeAlpha()).raw().toBuffer({ resolveWithObject: true });
    const channels = ri.channels === 4 ? 4 : 3;

    // 3. Classify.
    const content = classifyPixels(data, ri.width, ri.height, channels);
    if (m.hasAlpha && !content.alphaUsed) notes.push('Transparency unused, so it was dropped');

    // 4. Encode.
    const format = content.alphaUsed ? 'png' : (target.preferFormat ?? (content.kind === 'graphic' ? 'png' : 'jpeg'));
    let pipeline = sharp(data, { raw: { width: ri.width, height: ri.height, channels } });
    if (channels === 4 && !content.alphaUsed) pipeline = pipeline.removeAlpha();
    const encoded = await encode(pipeline, format, ri.width, ri.height).toBuffer();
    const original = {
      format: info.format,
      width: info.width,
      height: info.height,
      bytes: bytes.length,
      ...(info.orientation !== 1 ? { orientation: info.orientation } : m.orientation ? { orientation: m.orientation } : {}),
      ...(m.space ? { space: m.space } : {}),
      ...(m.pages ? { pages: m.pages } : {}),
      hasAlpha: m.hasAlpha,
    };
    return {
      bytes: encoded,
      mime: mimeOf(format),
      width: ri.width,
      height: ri.height,
      original,
      content: { kind: content.kind, reason: content.reason },
      sentAs: sentAs(format, ri.width, ri.height, content, target),
      notes,
    };
  } catch (err) {
    throw decodeFailure(fileName, err);
  }
}

/** The line that says which format goes and why. */
function sentAs(format: 'png' | 'jpeg' | 'webp', w: number, h: number, content: { kind: ContentKind; reason: string; alphaUsed: boolean }, target: InputTarget): string {
  const name = format === 'png' ? 'PNG' : format === 'webp' ? 'WebP' : `JPEG (quality ${jpegQuality(w, h)})`;
  if (content.alphaUsed) {
    return target.preferFormat && target.preferFormat !== 'png' ? `Sent as PNG: it has transparent areas, which ${target.preferFormat === 'jpeg' ? 'JPEG' : 'WebP'} would lose` : 'Sent as PNG: it has transparent areas';
  }
  if (target.preferFormat) return `Sent as ${name}${target.preferReason ? `, ${target.preferReason}` : ''}; it looks like a ${content.kind} (${content.reason})`;
  return content.kind === 'graphic' ? `Sent as PNG, lossless: a graphic (${content.reason})` : `Sent as ${name}: a photo (${content.reason})`;
}

/**
 * The picture normaliseInput starts from, at full size: EXIF orientation applied, 8-bit
 * sRGB, the first page or frame, as raw pixels with `channels` channels. What a pixel
 * lock at the photo's full resolution pastes back. Throws INVALID_IMAGE naming the file.
 */
export async function decodeOriginal(bytes: Buffer, fileName: string, channels: 3 | 4, limits: InputLimits = INPUT_LIMITS): Promise<{ data: Buffer; width: number; height: number }> {
  const info = await inspectInput(bytes, fileName, limits);
  try {
    const img = (await decodeUpright(info, bytes)).toColourspace('srgb');
    const { data, info: ri } = await (channels === 4 ? img.ensureAlpha() : img.removeAlpha()).raw().toBuffer({ resolveWithObject: true });
    return { data, width: ri.width, height: ri.height };
  } catch (err) {
    throw decodeFailure(fileName, err);
  }
}

/**
 * A HEIC photo as a lossless PNG at full size, upright, for the library to store: every
 * other part of Loupe (thumbnails, the painter, the pixel lock, the browser) reads PNG,
 * none reads HEIC. The camera's EXIF travels along in an eXIf chunk, as a JPEG original
 * keeps it in the store, so the usual rules apply on export (kept on edits if chosen, GPS
 * only when asked); its Orientation is removed, the pixels being upright already.
 * Throws INVALID_IMAGE naming the file.
 */
export async function heicToPng(info: Inspected, bytes: Buffer, fileName: string): Promise<{ png: Buffer; width: number; height: number }> {
  try {
    let img = (await decodeUpright(info, bytes)).toColourspace('srgb');
    // heic-decode always gives RGBA; an alpha plane the file does not have is not stored.
    if (!info.meta.hasAlpha) img = img.removeAlpha();
    const { data, info: ri } = await img.png({ compressionLevel: 6 }).toBuffer({ resolveWithObject: true });
    const exif = info.meta.exif ? cleanExif(info.meta.exif, { width: ri.width, height: ri.height }, { keepGps: true }) : null;
    const png = exif ? writeChunks(insertBeforeIdat(readChunks(data), [exifChunk(exif)])) : data;
    return { png, width: ri.width, height: ri.height };
  } catch (err) {
    throw decodeFailure(fileName, err);
  }
}

function encode(img: Sharp, format: 'png' | 'jpeg' | 'webp', w: number, h: number): Sharp {
  if (format === 'png') return img.png({ compressionLevel: 6 });
  if (format === 'webp') return img.webp({ quality: 90, effort: 2 });
  // Trellis/mozjpeg and optimised Huffman tables cost a third more time for a few
  // percent of bytes: not worth it for a file the API decodes once.
  return img.jpeg({ quality: jpegQuality(w, h), mozjpeg: false, optimiseCoding: false, chromaSubsampling: '4:2:0' });
}

function mimeOf(format: string): SentMime {
  return format === 'png' ? 'image/png' : format === 'webp' ? 'image/webp' : 'image/jpeg';
}
