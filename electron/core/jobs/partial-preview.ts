/**
 * Streamed partial images are full-size frames (~1 MB of base64 each at 1024²). The
 * renderer only needs something to look at while it waits, so each is shrunk to a
 * small JPEG before it crosses IPC; partials are never stored.
 */
import sharp from 'sharp';

export const DEFAULT_PREVIEW_PX = 384;

export async function partialPreviewDataUrl(bytes: Buffer, maxPx = DEFAULT_PREVIEW_PX): Promise<string> {
  const jpeg = await sharp(bytes)
    .resize(maxPx, maxPx, { fit: 'inside', withoutEnlargement: true })
    // JPEG has no alpha: show transparent areas as white rather than black.
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 70 })
    .toBuffer();
  return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
}
