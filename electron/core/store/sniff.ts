import sharp from 'sharp';
import { heifKind } from '../images/sniff-format';

export interface ImageInfo {
  mime: string;
  width: number;
  height: number;
}

/*
 * Raster formats Loupe stores and serves. SVG and PDF are refused on purpose: sharp can
 * read them, but they are documents (scripts, external references), not pixels.
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
};

export const MIME_BY_EXT: Record<string, string> = Object.fromEntries(Object.entries(EXT_BY_MIME).map(([m, e]) => [e, m]));

/**
 * Reads the format and size from the header only (no decode), so it is cheap enough to
 * call on every buffer. Returns null for anything that is not a supported raster image.
 * Width and height are as stored, before any EXIF rotation.
 */
export async function sniffImage(bytes: Buffer): Promise<ImageInfo | null> {
  if (bytes.length === 0) return null;
  try {
    const m = await sharp(bytes).metadata();
    if (!m.width || !m.height || !m.format) return null;
    // AVIF is reported as HEIF; only the AV1 flavour is decodable by sharp's bundled libvips.
    // Recognised the way the import gate (images/inspect.ts) does, so the store keeps whatever it lets in.
    const avif = m.compression === 'av1' || heifKind(bytes) === 'avif';
    const mime = m.format === 'heif' ? (avif ? 'image/avif' : undefined) : MIME_BY_FORMAT[m.format];
    if (!mime) return null;
    return { mime, width: m.width, height: m.height };
  } catch {
    return null;
  }
}
