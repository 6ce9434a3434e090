/*
 * The one sniffer: what a buffer is, from its first bytes and header, before anything
 * decodes pixels. The import gate (inspect.ts) and the content store (sniffImage) both ask
 * here, so what one lets in the other keeps. The byte-level checks give people a precise
 * reason ("a Photoshop document") instead of sharp's generic "unsupported image format",
 * and tell HEIC (decoded by heic.ts: sharp's libheif has no HEVC decoder) from AVIF.
 */
import sharp from 'sharp';
import { isSvgText, MAX_SVG_BYTES, svgUnsafeContent } from './svg-safety';

/** ISO-BMFF brands (ftyp box) by what they mean for Loupe. */
const AVIF_BRANDS = new Set(['avif', 'avis']);
const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1', 'mif2']);

/** The brands of an ISO-BMFF file (major and compatible), or null when it has no ftyp box. */
function ftypBrands(b: Buffer): string[] | null {
  if (b.length < 16 || b.toString('latin1', 4, 8) !== 'ftyp') return null;
  const size = Math.min(b.readUInt32BE(0), b.length, 4096);
  const brands = [b.toString('latin1', 8, 12)];
  for (let o = 16; o + 4 <= size; o += 4) brands.push(b.toString('latin1', o, o + 4));
  return brands;
}

/** "avif", "heic", or null for anything that is not an HEIF container. */
export function heifKind(b: Buffer): 'avif' | 'heic' | null {
  const brands = ftypBrands(b);
  if (!brands) return null;
  if (brands.some((x) => AVIF_BRANDS.has(x))) return 'avif';
  if (brands.some((x) => HEIC_BRANDS.has(x))) return 'heic';
  return null;
}

/** Recognisable formats Loupe refuses, with the name people know them by. */
const UNSUPPORTED: readonly { name: string; test: (b: Buffer) => boolean }[] = [
  { name: 'a BMP image', test: (b) => b.toString('latin1', 0, 2) === 'BM' && b.length > 26 },
  { name: 'a PDF document', test: (b) => b.toString('latin1', 0, 5) === '%PDF-' },
  { name: 'a Photoshop document', test: (b) => b.toString('latin1', 0, 4) === '8BPS' },
  { name: 'an icon file', test: (b) => b.length > 6 && b.readUInt32BE(0) === 0x00000100 },
  { name: 'a JPEG XL image', test: (b) => (b[0] === 0xff && b[1] === 0x0a) || b.toString('latin1', 4, 8) === 'JXL ' },
  { name: 'a JPEG 2000 image', test: (b) => b.toString('latin1', 4, 8) === 'jP  ' },
  { name: 'a video', test: (b) => ['isom', 'mp41', 'mp42', 'qt  ', 'M4V '].includes(ftypBrands(b)?.[0] ?? '') },
];

/** The kind of a recognisably unsupported file ("a PDF document"), or null. */
export function unsupportedKind(b: Buffer): string | null {
  return UNSUPPORTED.find((u) => u.test(b))?.name ?? null;
}

/**
 * Whether a JPEG carries an MPF (multi-picture) index in an APP2 segment, as phones write
 * for depth maps and HDR pairs. Only the segments before the image data are scanned.
 */
export function isMultiPictureJpeg(b: Buffer): boolean {
  if (b[0] !== 0xff || b[1] !== 0xd8) return false;
  let o = 2;
  while (o + 4 <= b.length && b[o] === 0xff) {
    const marker = b[o + 1]!;
    if (marker === 0xda || marker === 0xd9) return false; // start of scan / end: no more headers
    const len = b.readUInt16BE(o + 2);
    if (marker === 0xe2 && b.toString('latin1', o + 4, o + 8) === 'MPF\0') return true;
    o += 2 + len;
  }
  return false;
}

/**
 * The description of an ICC profile ("Display P3"), or null. Reads the `desc` tag:
 * ICC v2 stores ASCII ('desc' type), v4 stores UTF-16BE records ('mluc' type).
 */
export function iccDescription(icc: Buffer | undefined): string | null {
  if (!icc || icc.length < 132) return null;
  const count = icc.readUInt32BE(128);
  for (let i = 0; i < count && 132 + i * 12 + 12 <= icc.length; i++) {
    const e = 132 + i * 12;
    if (icc.toString('latin1', e, e + 4) !== 'desc') continue;
    const off = icc.readUInt32BE(e + 4);
    if (off + 12 > icc.length) return null;
    const type = icc.toString('latin1', off, off + 4);
    if (type === 'desc') {
      const n = icc.readUInt32BE(off + 8);
      return icc.toString('latin1', off + 12, Math.min(off + 12 + n, icc.length)).replace(/\0+$/, '').trim() || null;
    }
    if (type === 'mluc' && off + 28 <= icc.length) {
      const len = icc.readUInt32BE(off + 20);
      const at = off + icc.readUInt32BE(off + 24);
      const end = Math.min(at + len, icc.length);
      const s = icc.subarray(at, end - ((end - at) % 2));
      return Buffer.from(s).swap16().toString('utf16le').replace(/\0+$/, '').trim() || null;
    }
    return null;
  }
  return null;
}


export interface ImageInfo {
  mime: string;
  width: number;
  height: number;
}

/*
 * Formats Loupe stores and serves. PDF is refused on purpose: sharp can read it, but it is
 * a document, not pixels. SVG is a document too; it is stored only once sanitised
 * (images/svg-sanitise.ts: the API's SVG outputs), and the store checks that again here.
 */
const MIME_BY_FORMAT: Record<string, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  tiff: 'image/tiff',
};

export const EXT_BY_MIME: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/tiff': 'tiff',
  'image/avif': 'avif',
  'image/svg+xml': 'svg',
};

export const MIME_BY_EXT: Record<string, string> = Object.fromEntries(Object.entries(EXT_BY_MIME).map(([m, e]) => [e, m]));

/** Why an SVG may not be stored (not sanitised, too big), or null for a safe one or no SVG at all. */
export function unsafeSvgReason(bytes: Buffer): string | null {
  if (!isSvgText(bytes)) return null;
  if (bytes.length > MAX_SVG_BYTES) return 'it is too large';
  const unsafe = svgUnsafeContent(bytes.toString('utf8'));
  return unsafe ? `it contains ${unsafe}` : null;
}

/**
 * Reads the format and size from the header only (no decode), so it is cheap enough to
 * call on every buffer. Returns null for anything that is not a supported image, and for
 * an SVG that is not safe to draw (it never reaches librsvg). Width and height are as
 * stored, before any EXIF rotation; an animated GIF's are one frame's; an SVG's are its
 * declared size at 72 dpi.
 */
export async function sniffImage(bytes: Buffer): Promise<ImageInfo | null> {
  if (bytes.length === 0) return null;
  const svg = isSvgText(bytes);
  if (svg && unsafeSvgReason(bytes)) return null;
  try {
    const m = await sharp(bytes).metadata();
    if (!m.width || !m.height || !m.format) return null;
    // AVIF is reported as HEIF; only the AV1 flavour is decodable by sharp's bundled libvips.
        // HEIC is never stored: the import decodes it (heic.ts) and stores the pixels as PNG.
    const avif = m.compression === 'av1' || heifKind(bytes) === 'avif';
    // An SVG only as recognised above: never a document sharp guessed to be one (.svgz, UTF-16).
    if (m.format === 'svg') return svg ? { mime: 'image/svg+xml', width: m.width, height: m.height } : null;
    const mime = m.format === 'heif' ? (avif ? 'image/avif' : undefined) : MIME_BY_FORMAT[m.format];
    if (!mime) return null;
    return { mime, width: m.width, height: m.height };
  } catch {
    return null;
  }
}
