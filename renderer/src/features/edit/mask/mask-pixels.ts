/**
 * Pixel plumbing for the mask painting: its alpha plane in and out of a canvas, the
 * edited-pixel count the core also uses, and the export to the API's mask format.
 */

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Matches the core: paint alpha at or above this (mask alpha below 128) counts as edited. */
const EDITED_FROM = 128;

export function countEdited(alpha: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < alpha.length; i++) if (alpha[i]! >= EDITED_FROM) n++;
  return n;
}

export function readAlpha(ctx: CanvasRenderingContext2D, r: Rect): Uint8Array {
  const data = ctx.getImageData(r.x, r.y, r.w, r.h).data;
  const alpha = new Uint8Array(r.w * r.h);
  for (let i = 0, j = 3; i < alpha.length; i++, j += 4) alpha[i] = data[j]!;
  return alpha;
}

/** White pixels with the given alpha: the painting never holds another colour. */
export function writeAlpha(ctx: CanvasRenderingContext2D, r: Rect, alpha: Uint8Array): void {
  const img = ctx.createImageData(r.w, r.h);
  const d = img.data;
  for (let i = 0, j = 0; i < alpha.length; i++, j += 4) {
    d[j] = 255;
    d[j + 1] = 255;
    d[j + 2] = 255;
    d[j + 3] = alpha[i]!;
  }
  ctx.putImageData(img, r.x, r.y);
}

/**
 * The API's mask: an RGBA PNG at the painting's size, white, alpha 0 where painted
 * (edit) and 255 elsewhere (keep). Made by compositing (opaque white with the painting
 * punched out) rather than a loop over every pixel, so a 24-megapixel mask stays quick.
 */
export function exportMaskPng(painting: HTMLCanvasElement): Promise<Blob> {
  const out = document.createElement('canvas');
  out.width = painting.width;
  out.height = painting.height;
  const ctx = out.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.globalCompositeOperation = 'destination-out';
  ctx.drawImage(painting, 0, 0);
  return new Promise((resolve, reject) => out.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The mask could not be encoded.'))), 'image/png'));
}
