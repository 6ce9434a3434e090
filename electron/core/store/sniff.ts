import sharp from 'sharp';
import { heifKind } from '../images/sniff-format';
import { isSvgText, MAX_SVG_BYTES, svgUnsafeContent } from '../images/svg-safety';

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
    // Recognised the way the import gate (images/inspect.ts) does, so the store keeps whatever it lets in.
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
