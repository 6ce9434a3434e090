/**
 * What kind of picture an output is, for showing it: an animated GIF must be served
 * whole to play (its thumbnail is a still), and an SVG stays a drawing at any size. Both
 * are shown only through <img>, where an SVG runs no script and loads nothing.
 */
import type { JobView, OutputView } from '../../../electron/shared';

export const IMAGE_EXT: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp', 'image/gif': 'gif', 'image/svg+xml': 'svg' };

export function isAnimated(mime: string): boolean {
  return mime === 'image/gif';
}

export function isVector(mime: string): boolean {
  return mime === 'image/svg+xml';
}

/** "GIF · 9 frames", "SVG", or null for a still raster image. */
export function outputBadge(job: JobView, output: OutputView): string | null {
  if (output.lockedHash !== null) return null;
  if (isAnimated(output.mime)) return job.params.gif ? `GIF · ${job.params.gif.frames} frames` : 'GIF';
  if (isVector(output.mime)) return 'SVG';
  return null;
}

/** The variant to ask for: GIFs and SVGs whole (to play, and to stay sharp), others as asked. */
export function variantFor(mime: string, wanted: 'thumb' | 'preview' | 'full'): 'thumb' | 'preview' | 'full' {
  return isAnimated(mime) || isVector(mime) ? 'full' : wanted;
}
