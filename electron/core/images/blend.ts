import type { Rect } from './align';

/**
 * A window of a raw picture: pixel (x, y) of the whole picture is at
 * ((y − y0)·w + x − x0)·channels in `data`. Lets the same blend work on whole pictures
 * and on the small regions a full-resolution lock reads.
 */
export interface Plane {
  data: Uint8Array;
  x0: number;
  y0: number;
  w: number;
}

export const wholePlane = (data: Uint8Array, width: number): Plane => ({ data, x0: 0, y0: 0, w: width });

/**
 * Blends `model` into `base`, in place, over `box` by `weights` (one byte a pixel:
 * 0 keeps the base, 255 takes the model). Pixels with weight 0 are not written, so
 * everything there stays the base's exact bytes.
 */
export function blendInto(base: Plane, model: Plane, weights: Plane, box: Rect, channels: 3 | 4): void {
  const b = base.data;
  const m = model.data;
  const wt = weights.data;
  for (let y = box.y0; y < box.y1; y++) {
    const wRow = (y - weights.y0) * weights.w - weights.x0;
    const bRow = (y - base.y0) * base.w - base.x0;
    const mRow = (y - model.y0) * model.w - model.x0;
    for (let x = box.x0; x < box.x1; x++) {
      const wv = wt[wRow + x]!;
      if (wv === 0) continue;
      const inv = 255 - wv;
      const mq = (mRow + x) * channels;
      // Integer blend with rounding: w = 255 gives the model exactly, w = 0 the base.
      // ((v + 1)·257) >> 16 is floor(v / 255) for every v this can be, without a division.
      for (let q = (bRow + x) * channels, e = q + channels, r = mq; q < e; q++, r++) b[q] = ((m[r]! * wv + b[q]! * inv + 128) * 257) >>> 16;
    }
  }
}
