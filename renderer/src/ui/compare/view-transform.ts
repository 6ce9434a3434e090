/**
 * The shared view of every comparison pane, as plain numbers so each pane can draw it and
 * tests can check it without a browser.
 *
 * `scale` is screen pixels per pixel of the reference image (the first image of the
 * comparison): 1 is "100%". `cx`/`cy` is the point of the image at the centre of each pane,
 * in image-normalised coordinates (0..1), so panes showing images of different resolutions
 * (a 24 MP source beside a 1536 px output) still show the same part of the picture.
 */
export interface ViewTransform {
  /** Fitted to the pane: follows the pane's size until the user zooms or pans. */
  fit: boolean;
  scale: number;
  cx: number;
  cy: number;
}

export interface Size {
  width: number;
  height: number;
}

export const MIN_SCALE = 0.02;
export const MAX_SCALE = 32;
/** One step of +/- or of a wheel notch. */
export const ZOOM_STEP = 1.25;

export const FIT: ViewTransform = { fit: true, scale: 1, cx: 0.5, cy: 0.5 };

export function fitScale(pane: Size, image: Size): number {
  if (pane.width <= 0 || pane.height <= 0 || image.width <= 0 || image.height <= 0) return 1;
  return Math.min(pane.width / image.width, pane.height / image.height);
}

/** The transform actually drawn: a fitted view is resolved against the pane's current size. */
export function resolve(view: ViewTransform, pane: Size, image: Size): ViewTransform {
  return view.fit ? { fit: true, scale: fitScale(pane, image), cx: 0.5, cy: 0.5 } : view;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Keep the centre on the picture, so it can never be panned out of sight. */
function settle(scale: number, cx: number, cy: number): ViewTransform {
  return { fit: false, scale: clamp(scale, MIN_SCALE, MAX_SCALE), cx: clamp(cx, 0, 1), cy: clamp(cy, 0, 1) };
}

/**
 * Zoom by `factor` keeping the image point under `at` (pane pixels from its top-left corner)
 * where it is; without `at`, around the pane's centre.
 */
export function zoomAt(view: ViewTransform, pane: Size, image: Size, factor: number, at?: { x: number; y: number }): ViewTransform {
  const v = resolve(view, pane, image);
  const next = clamp(v.scale * factor, MIN_SCALE, MAX_SCALE);
  const dx = (at ? at.x : pane.width / 2) - pane.width / 2;
  const dy = (at ? at.y : pane.height / 2) - pane.height / 2;
  // The image point under the pointer before and after must be the same.
  const u = v.cx + dx / (image.width * v.scale);
  const w = v.cy + dy / (image.height * v.scale);
  return settle(next, u - dx / (image.width * next), w - dy / (image.height * next));
}

/** Actual pixels of the reference image, keeping the centre of what is shown. */
export function actualPixels(view: ViewTransform, pane: Size, image: Size): ViewTransform {
  const v = resolve(view, pane, image);
  return settle(1, v.cx, v.cy);
}

/** Move the picture by (dx, dy) screen pixels, as a drag does. */
export function panBy(view: ViewTransform, pane: Size, image: Size, dx: number, dy: number): ViewTransform {
  const v = resolve(view, pane, image);
  return settle(v.scale, v.cx - dx / (image.width * v.scale), v.cy - dy / (image.height * v.scale));
}

/** Where to draw an image's box (every layer of a pane shares it, so overlays line up). */
export function placement(view: ViewTransform, pane: Size, image: Size): { left: number; top: number; width: number; height: number } {
  const v = resolve(view, pane, image);
  const width = image.width * v.scale;
  const height = image.height * v.scale;
  return { left: pane.width / 2 - v.cx * width, top: pane.height / 2 - v.cy * height, width, height };
}

/** "38%", "100%", "6.3%": what a zoom readout says (the comparison viewer's and the painters'). */
export function zoomLabel(scale: number): string {
  const pct = scale * 100;
  return `${pct < 10 ? pct.toFixed(1).replace(/\.0$/, '') : Math.round(pct)}%`;
}
