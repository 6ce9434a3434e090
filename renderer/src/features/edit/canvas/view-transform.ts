/**
 * Zoom and pan of a painter: where the image sits in the stage. A screen point (CSS
 * pixels from the stage's top-left corner) is `image × zoom + pan`, so the painting is
 * always made in the image's own pixels, whatever the zoom: at 100% one image pixel is
 * one CSS pixel, and a click lands on exactly one source pixel of the full-size image.
 * Pure maths, so it is tested without a browser.
 */

import type { Size } from '../../../ui/compare/view-transform';

export type { Size };
export { zoomLabel } from '../../../ui/compare/view-transform';

export interface Point {
  x: number;
  y: number;
}

export interface View {
  /** CSS pixels per image pixel. */
  zoom: number;
  panX: number;
  panY: number;
  /** Follows the stage's size (refits on resize) until the user zooms or pans. */
  fit: boolean;
}

/** Steps of + and −, as in image editors; the fitted zoom sits between two of them. */
export const ZOOM_STEPS = [1 / 32, 1 / 16, 1 / 8, 1 / 6, 1 / 4, 1 / 3, 1 / 2, 2 / 3, 1, 1.5, 2, 3, 4, 6, 8, 12, 16] as const;
export const MAX_ZOOM = 16;
/** Never smaller than a few hundred pixels on screen, nor than the fitted view. */
const MIN_SHOWN_PX = 96;

export function fitZoom(stage: Size, image: Size): number {
  if (stage.width <= 0 || stage.height <= 0) return 1;
  return Math.min(stage.width / image.width, stage.height / image.height);
}

export function minZoom(stage: Size, image: Size): number {
  return Math.min(fitZoom(stage, image), MIN_SHOWN_PX / Math.max(image.width, image.height));
}

export function clampZoom(zoom: number, stage: Size, image: Size): number {
  return Math.min(MAX_ZOOM, Math.max(minZoom(stage, image), zoom));
}

/** The image centred and as large as fits. */
export function fitView(stage: Size, image: Size): View {
  const zoom = fitZoom(stage, image);
  return { zoom, panX: (stage.width - image.width * zoom) / 2, panY: (stage.height - image.height * zoom) / 2, fit: true };
}

/**
 * Keeps some of the image on screen: it may not be dragged out of the stage entirely
 * (at most all but a margin of it leaves). A smaller image than the stage is free to
 * move inside it.
 */
export function clampPan(view: View, stage: Size, image: Size): View {
  const w = image.width * view.zoom;
  const h = image.height * view.zoom;
  const marginX = Math.min(w, stage.width) / 4;
  const marginY = Math.min(h, stage.height) / 4;
  const panX = Math.min(stage.width - marginX, Math.max(marginX - w, view.panX));
  const panY = Math.min(stage.height - marginY, Math.max(marginY - h, view.panY));
  return panX === view.panX && panY === view.panY ? view : { ...view, panX, panY };
}

/** Zooms to `zoom` keeping the image point under `anchor` (a stage point) where it is. */
export function zoomAt(view: View, zoom: number, anchor: Point, stage: Size, image: Size): View {
  const z = clampZoom(zoom, stage, image);
  const ix = (anchor.x - view.panX) / view.zoom;
  const iy = (anchor.y - view.panY) / view.zoom;
  return clampPan({ zoom: z, panX: anchor.x - ix * z, panY: anchor.y - iy * z, fit: false }, stage, image);
}

/** The next step up (or down) from `zoom`; a zoom between two steps goes to the nearer one in that direction. */
export function stepZoom(zoom: number, up: boolean): number {
  const eps = 1e-6;
  if (up) return ZOOM_STEPS.find((s) => s > zoom + eps) ?? MAX_ZOOM;
  return [...ZOOM_STEPS].reverse().find((s) => s < zoom - eps) ?? ZOOM_STEPS[0];
}

/** A wheel's deltaY (pixels) as a zoom factor: about 1.5× per notch of 100, smooth on trackpads. */
export function wheelFactor(deltaY: number, deltaMode: number): number {
  const px = deltaMode === 1 ? deltaY * 33 : deltaMode === 2 ? deltaY * 400 : deltaY;
  return Math.exp(-Math.max(-300, Math.min(300, px)) * 0.004);
}

export function panBy(view: View, dx: number, dy: number, stage: Size, image: Size): View {
  return clampPan({ ...view, panX: view.panX + dx, panY: view.panY + dy, fit: false }, stage, image);
}

/** The image point under a stage point (fractions of a pixel kept: strokes are smooth). */
export function toImage(view: View, p: Point): Point {
  return { x: (p.x - view.panX) / view.zoom, y: (p.y - view.panY) / view.zoom };
}

export function toStage(view: View, p: Point): Point {
  return { x: p.x * view.zoom + view.panX, y: p.y * view.zoom + view.panY };
}

/** The source pixel a stage point falls on, or null outside the image. */
export function sourcePixel(view: View, p: Point, image: Size): Point | null {
  const q = toImage(view, p);
  const x = Math.floor(q.x);
  const y = Math.floor(q.y);
  return x >= 0 && y >= 0 && x < image.width && y < image.height ? { x, y } : null;
}

/**
 * The part of the image the stage shows, in whole image pixels (for drawing only what is
 * seen), or null when none of it is on screen.
 */
export function visibleRect(view: View, stage: Size, image: Size): { x: number; y: number; w: number; h: number } | null {
  const a = toImage(view, { x: 0, y: 0 });
  const b = toImage(view, { x: stage.width, y: stage.height });
  const x = Math.max(0, Math.floor(a.x));
  const y = Math.max(0, Math.floor(a.y));
  const w = Math.min(image.width, Math.ceil(b.x)) - x;
  const h = Math.min(image.height, Math.ceil(b.y)) - y;
  return w > 0 && h > 0 ? { x, y, w, h } : null;
}

/**
 * Where the image shows on the stage, in whole CSS pixels: its box clipped to the stage.
 * The painter's canvas takes exactly this box, so at "fit" it is the picture's own shape.
 */
export function shownBox(view: View, stage: Size, image: Size): { left: number; top: number; width: number; height: number } {
  const left = Math.max(0, Math.floor(view.panX));
  const top = Math.max(0, Math.floor(view.panY));
  const right = Math.min(stage.width, Math.ceil(view.panX + image.width * view.zoom));
  const bottom = Math.min(stage.height, Math.ceil(view.panY + image.height * view.zoom));
  return { left, top, width: Math.max(1, right - left), height: Math.max(1, bottom - top) };
}

/**
 * Which stored picture to show under the painting: the 2048-pixel preview while it has
 * at least as many pixels as the screen shows, the full-size file beyond that, so at
 * 100% the picture under the brush is the source's own pixels.
 */
export function pictureVariant(view: View, image: Size, dpr: number, previewEdge = 2048): 'preview' | 'full' {
  const longEdge = Math.max(image.width, image.height);
  if (longEdge <= previewEdge) return 'preview';
  return longEdge * view.zoom * dpr > previewEdge ? 'full' : 'preview';
}
