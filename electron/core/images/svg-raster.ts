import sharp, { type Sharp } from 'sharp';
import { LoupeError } from '../../shared';
import { MAX_SVG_BYTES, svgUnsafeContent } from './svg-safety';

/*
 * Pixels of an SVG output for thumbnails, previews and metrics. librsvg (inside sharp)
 * would try to load what an SVG links to, so only a sanitised SVG is drawn: the same
 * check that ends sanitising runs again here, because these bytes may come from disk.
 * The SVG is drawn at the density that makes its long edge `maxEdge`, so a vector is
 * never drawn small and then enlarged.
 */

/** librsvg's own ceiling on density. */
const MAX_DENSITY = 100_000;

/** A sharp pipeline that draws the SVG with its long edge exactly `maxEdge` pixels. */
export async function svgSharp(bytes: Buffer, maxEdge: number): Promise<Sharp> {
  if (!Number.isInteger(maxEdge) || maxEdge < 1) throw new LoupeError('INVALID_ARGUMENTS', `An SVG cannot be drawn ${maxEdge} pixels wide.`);
  if (bytes.length > MAX_SVG_BYTES) throw new LoupeError('INVALID_IMAGE', 'The SVG is too large to draw.');
  const unsafe = svgUnsafeContent(bytes.toString('utf8'));
  if (unsafe) throw new LoupeError('INVALID_IMAGE', `The SVG contains ${unsafe}, so Loupe will not draw it.`);
  const { width, height } = await svgSize(bytes);
  const density = Math.min(MAX_DENSITY, Math.max(1, (72 * maxEdge) / Math.max(width, height)));
  // Rounding in librsvg can leave the long edge a pixel off; the resize makes it exact.
  return sharp(bytes, { density, failOn: 'error' }).resize(maxEdge, maxEdge, { fit: 'inside' });
}

/** The SVG as an RGBA PNG whose long edge is `maxEdge` pixels. */
export async function rasteriseSvg(bytes: Buffer, maxEdge: number): Promise<{ png: Buffer; width: number; height: number }> {
  const img = await svgSharp(bytes, maxEdge);
  try {
    const { data, info } = await img.ensureAlpha().png().toBuffer({ resolveWithObject: true });
    return { png: data, width: info.width, height: info.height };
  } catch (err) {
    throw new LoupeError('INVALID_IMAGE', `The SVG could not be drawn: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The declared size of a sanitised SVG, as sharp (librsvg) reads it at 72 dpi. */
export async function svgSize(bytes: Buffer): Promise<{ width: number; height: number }> {
  try {
    const m = await sharp(bytes).metadata();
    if (m.format === 'svg' && m.width && m.height) return { width: m.width, height: m.height };
  } catch {
    // reported below
  }
  throw new LoupeError('INVALID_IMAGE', 'The SVG cannot be drawn: it has no usable size or is damaged.');
}
