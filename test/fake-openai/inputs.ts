// Edit inputs: the uploaded (multipart) or referenced (JSON) images, mask and
// markup, checked the way the real API checks them (older reference §3.1–3.3,
// §7; 2026-12 §3.2, §3.7): declared MIME type, actual bytes, size limits, and
// the mask's / markup's format, alpha and dimensions.
import sharp from 'sharp';
import { errors } from './errors';
import type { ParsedMultipart } from './multipart';

export const SUPPORTED_MIME: Record<string, 'png' | 'jpeg' | 'webp'> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/webp': 'webp',
};
const MAX_IMAGE_BYTES = 50 * 1024 * 1024;
const MAX_MASK_BYTES = 4 * 1024 * 1024;
const MAX_IMAGE_URL = 20_971_520;

export interface Meta {
  format: string;
  width: number;
  height: number;
  channels: number;
  hasAlpha: boolean;
  space?: string;
  /** Dimensions after EXIF orientation (what the markup must match, §3.2). */
  orientedWidth: number;
  orientedHeight: number;
}

export interface InputImage extends Meta {
  data: Buffer;
}

export interface EditInputs {
  images: InputImage[];
  mask?: InputImage;
  markup?: InputImage;
}

/** sharp metadata, or undefined when the bytes are not a decodable image. */
export async function probe(data: Buffer): Promise<Meta | undefined> {
  try {
    const m = await sharp(data).metadata();
    if (!m.format || !m.width || !m.height) return undefined;
    return {
      format: m.format,
      width: m.width,
      height: m.height,
      channels: m.channels ?? 0,
      hasAlpha: !!m.hasAlpha,
      space: m.space,
      orientedWidth: m.autoOrient?.width ?? m.width,
      orientedHeight: m.autoOrient?.height ?? m.height,
    };
  } catch {
    return undefined;
  }
}

/** Phone HDR / multi-picture JPEGs carry an APP2 "MPF" segment; the API rejects them (reference §7). */
function isMpoJpeg(data: Buffer): boolean {
  let i = 2;
  while (i + 4 <= data.length && data[i] === 0xff) {
    const marker = data[i + 1]!;
    if (marker === 0xda || marker === 0xd9) break; // start of scan / end of image
    const len = data.readUInt16BE(i + 2);
    if (marker === 0xe2 && data.toString('latin1', i + 4, i + 8) === 'MPF\0') return true;
    i += 2 + len;
  }
  return false;
}

/** One input image: `index` is 1-based, as in the API's "for image N" message. */
async function checkImage(data: Buffer, declared: string, index: number): Promise<InputImage> {
  const expected = SUPPORTED_MIME[declared.toLowerCase()];
  if (!expected) throw errors.unsupportedMime('image', declared);
  if (data.length >= MAX_IMAGE_BYTES) {
    throw errors.badRequest(
      `Invalid file 'image': image ${index} is ${data.length} bytes; each image must be less than 50MB.`,
      'image',
      'file_too_large',
    );
  }
  const meta = await probe(data);
  const badMode = meta?.format === 'jpeg' && (meta.space === 'cmyk' || isMpoJpeg(data));
  if (!meta || meta.format !== expected || badMode) throw errors.invalidImageFile(`image ${index}`, 'image');
  return { ...meta, data };
}

async function checkMask(data: Buffer, declared: string, first: InputImage): Promise<InputImage> {
  if (!SUPPORTED_MIME[declared.toLowerCase()]) throw errors.unsupportedMime('mask', declared);
  if (data.length >= MAX_MASK_BYTES) {
    throw errors.badRequest(`Invalid mask image: the mask must be less than 4MB, but got ${data.length} bytes.`, 'mask', 'invalid_value');
  }
  const meta = await probe(data);
  if (!meta || meta.format !== SUPPORTED_MIME[declared.toLowerCase()]) throw errors.invalidImageFile('mask', 'mask');
  if (meta.format !== 'png') {
    throw errors.badRequest(`Invalid mask image: the mask must be a PNG file, but got '${meta.format}'.`, 'mask', 'invalid_value');
  }
  if (!meta.hasAlpha) {
    throw errors.badRequest(
      `Invalid mask image: the mask must have an alpha channel (RGBA or LA); fully transparent pixels mark the area to edit. Got a ${meta.channels}-channel image without alpha.`,
      'mask',
      'invalid_value',
    );
  }
  if (meta.width !== first.width || meta.height !== first.height) {
    throw errors.badRequest(
      `Invalid mask image: mask size (${meta.width}x${meta.height}) does not match image size (${first.width}x${first.height}). The mask must have the same dimensions as the first image.`,
      'mask',
      'invalid_value',
    );
  }
  return { ...meta, data };
}

/**
 * Markup (§3.2): a PNG (size limit unpublished; the fake uses the image limit) matching the first
 * image's dimensions after orientation, with transparent (alpha 0) pixels.
 */
async function checkMarkup(data: Buffer, declared: string, first: InputImage): Promise<InputImage> {
  const bad = (message: string) => errors.badRequest(`Invalid markup image: ${message}`, 'markup', 'invalid_value');
  if (!SUPPORTED_MIME[declared.toLowerCase()]) throw errors.unsupportedMime('markup', declared);
  if (data.length >= MAX_IMAGE_BYTES) throw bad(`the markup must be less than 50MB, but got ${data.length} bytes.`);
  const meta = await probe(data);
  if (!meta || meta.format !== SUPPORTED_MIME[declared.toLowerCase()]) throw errors.invalidImageFile('markup', 'markup');
  if (meta.format !== 'png') throw bad(`the markup must be a PNG file, but got '${meta.format}'.`);
  const [w, h] = [meta.orientedWidth, meta.orientedHeight];
  const [fw, fh] = [first.orientedWidth, first.orientedHeight];
  if (w !== fw || h !== fh) {
    throw bad(`markup size (${w}x${h}) does not match the first image's size after orientation (${fw}x${fh}).`);
  }
  const alpha = meta.hasAlpha ? await sharp(data).extractChannel(3).raw().toBuffer() : Buffer.alloc(0);
  if (!alpha.includes(0)) {
    throw bad('the markup must contain transparent pixels; it is overlaid on the first image, so only the marks may be opaque.');
  }
  return { ...meta, data };
}

/** Multipart form: `image` and/or repeated `image[]` parts, optional `mask` or `markup`. */
export async function multipartInputs(form: ParsedMultipart): Promise<EditInputs> {
  for (const name of ['image', 'image[]', 'mask', 'markup']) {
    if (form.fields[name] !== undefined) throw errors.invalidType(name === 'image[]' ? 'image' : name, 'a file', form.fields[name]);
  }
  const imageParts = form.files.filter((f) => f.field === 'image' || f.field === 'image[]');
  if (imageParts.length === 0) throw errors.missing('image');
  if (imageParts.length > 16) throw errors.arrayTooLong('image', 16, imageParts.length);
  const images: InputImage[] = [];
  for (const [i, part] of imageParts.entries()) images.push(await checkImage(part.data, part.type, i + 1));
  const maskParts = form.files.filter((f) => f.field === 'mask');
  if (maskParts.length > 1) throw errors.invalidType('mask', 'a file', null, 'an array');
  const m = maskParts[0];
  const mask = m ? await checkMask(m.data, m.type, images[0]!) : undefined;
  const markupParts = form.files.filter((f) => f.field === 'markup');
  if (markupParts.length > 1) throw errors.invalidType('markup', 'a file', null, 'an array');
  const k = markupParts[0];
  const markup = k ? await checkMarkup(k.data, k.type, images[0]!) : undefined;
  return { images, mask, markup };
}

type Files = Record<string, Buffer | string>;

/** JSON form: `images: ImageRefParam[]` and optional `mask: ImageRefParam`. */
export async function jsonInputs(raw: Record<string, unknown>, files: Files): Promise<EditInputs> {
  const refs = raw.images;
  if (refs === undefined || refs === null) throw errors.missing('images');
  if (!Array.isArray(refs)) throw errors.invalidType('images', 'an array', refs);
  if (refs.length === 0) throw errors.emptyArray('images');
  if (refs.length > 16) throw errors.arrayTooLong('images', 16, refs.length);
  const images: InputImage[] = [];
  for (const [i, ref] of refs.entries()) {
    const { data, type } = await resolveRef(ref, `images[${i}]`, files);
    images.push(await checkImage(data, type, i + 1));
  }
  let mask: InputImage | undefined;
  if (raw.mask !== undefined && raw.mask !== null) {
    const { data, type } = await resolveRef(raw.mask, 'mask', files);
    mask = await checkMask(data, type, images[0]!);
  }
  return { images, mask };
}

/** ImageRefParam: exactly one of image_url (http(s) or data URL) or file_id; no other keys. */
async function resolveRef(ref: unknown, path: string, files: Files): Promise<{ data: Buffer; type: string }> {
  if (ref === null || typeof ref !== 'object' || Array.isArray(ref)) throw errors.invalidType(path, 'an object', ref);
  const o = ref as Record<string, unknown>;
  for (const k of Object.keys(o)) if (k !== 'image_url' && k !== 'file_id') throw errors.unknownParameter(`${path}.${k}`);
  const hasUrl = o.image_url !== undefined && o.image_url !== null;
  const hasFile = o.file_id !== undefined && o.file_id !== null;
  if (hasUrl === hasFile) {
    throw errors.badRequest(`Invalid '${path}': provide exactly one of 'image_url' or 'file_id'.`, path, 'invalid_value');
  }
  if (hasFile) {
    const id = o.file_id;
    if (typeof id !== 'string') throw errors.invalidType(`${path}.file_id`, 'a string', id);
    const stored = files[id];
    if (stored === undefined) throw errors.badRequest(`No such File object: ${id}`, `${path}.file_id`, 'invalid_value');
    const data = typeof stored === 'string' ? (parseDataUrl(stored)?.data ?? Buffer.from(stored, 'base64')) : stored;
    // The Files API keeps its own content type; we sniff it from the bytes.
    const format = (await probe(data))?.format;
    return { data, type: format ? `image/${format}` : 'application/octet-stream' };
  }
  const url = o.image_url;
  const param = `${path}.image_url`;
  if (typeof url !== 'string') throw errors.invalidType(param, 'a string', url);
  if (url.length > MAX_IMAGE_URL) throw errors.stringTooLong(param, MAX_IMAGE_URL, url.length);
  if (url.startsWith('data:')) {
    const parsed = parseDataUrl(url);
    if (!parsed) throw errors.badRequest(`Invalid '${param}': expected a base64-encoded data URL.`, param, 'invalid_image_url');
    return parsed;
  }
  if (/^https?:\/\//i.test(url)) return download(url, param);
  throw errors.badRequest(`Invalid '${param}': expected a fully qualified URL or a base64-encoded data URL.`, param, 'invalid_image_url');
}

export function parseDataUrl(url: string): { data: Buffer; type: string } | undefined {
  const m = /^data:([^;,]*)((?:;[^;,]*)*),(.*)$/s.exec(url);
  if (!m || !/;base64/i.test(m[2] ?? '')) return undefined;
  return { type: m[1] || 'application/octet-stream', data: Buffer.from(m[3] ?? '', 'base64') };
}

/** The real API fetches http(s) image URLs; so do we (tests can serve them locally). */
async function download(url: string, param: string): Promise<{ data: Buffer; type: string }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`status ${res.status}`);
    const type = (res.headers.get('content-type') ?? 'application/octet-stream').split(';')[0]!.trim();
    return { data: Buffer.from(await res.arrayBuffer()), type };
  } catch {
    throw errors.badRequest(`Error while downloading ${url}.`, param, 'invalid_image_url');
  }
}
