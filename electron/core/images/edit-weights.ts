import { EDIT_BELOW } from './mask';

/*
 * Where the model's pixels are kept after a masked edit, as a weight per pixel
 * (0 = source, 255 = output). Built from the distance to the edited area rather than a
 * Gaussian blur of it, for two reasons:
 * - a hard promise: beyond `grow + feather` pixels from the mask the weight is exactly 0,
 *   so the locked image equals the source there, byte for byte (a Gaussian never quite
 *   reaches zero);
 * - the feather only fades outwards: inside the mask the model's edit is kept whole, and
 *   the seam lies in the kept area, where source and output already look alike.
 * Soft (painted) mask edges are honoured: a pixel's weight is at least 1 - alpha/255.
 */

export interface EditWeights {
  /** One byte a pixel, 0..255. */
  w: Uint8Array;
  /** Bounding box of the pixels with w > 0 (x1, y1 exclusive); empty when x1 <= x0. */
  box: { x0: number; y0: number; x1: number; y1: number };
}

const DIAG = Math.SQRT2;

/**
 * Chamfer distance (steps of 1 and sqrt 2) from every pixel of the window to the nearest
 * seed pixel. It is exact along rows, columns and diagonals and at most 8% long in
 * between, so it never places a pixel nearer than it is: the promise above still holds.
 * Two passes, O(pixels); run only over the mask's bounding box plus the reach.
 */
function chamfer(seed: Uint8Array, w: number, h: number): Float32Array {
  const d = new Float32Array(w * h);
  const far = 1e9;
  for (let i = 0; i < d.length; i++) d[i] = seed[i] ? 0 : far;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      let v = d[i]!;
      if (v === 0) continue;
      if (x > 0) v = Math.min(v, d[i - 1]! + 1);
      if (y > 0) {
        const up = i - w;
        v = Math.min(v, d[up]! + 1);
        if (x > 0) v = Math.min(v, d[up - 1]! + DIAG);
        if (x < w - 1) v = Math.min(v, d[up + 1]! + DIAG);
      }
      d[i] = v;
    }
  }
  for (let y = h - 1; y >= 0; y--) {
    for (let x = w - 1; x >= 0; x--) {
      const i = y * w + x;
      let v = d[i]!;
      if (v === 0) continue;
      if (x < w - 1) v = Math.min(v, d[i + 1]! + 1);
      if (y < h - 1) {
        const dn = i + w;
        v = Math.min(v, d[dn]! + 1);
        if (x < w - 1) v = Math.min(v, d[dn + 1]! + DIAG);
        if (x > 0) v = Math.min(v, d[dn - 1]! + DIAG);
      }
      d[i] = v;
    }
  }
  return d;
}

/**
 * The first and last rows that may hold a pixel below 255 (a superset), or [0, -1] when
 * none does. A mask is mostly kept (255), so the plane is read four bytes at a time from
 * both ends to skip the kept rows above and below the edit.
 */
function editedRows(alpha: Uint8Array, width: number): [number, number] {
  const n = alpha.length;
  const head = Math.min(n, (4 - (alpha.byteOffset & 3)) & 3);
  const words = new Uint32Array(alpha.buffer, alpha.byteOffset + head, (n - head) >> 2);
  const tail = head + words.length * 4;
  const FULL = 0xffffffff;
  let first = -1;
  for (let i = 0; i < head && first < 0; i++) if (alpha[i] !== 255) first = i;
  for (let i = 0; i < words.length && first < 0; i++) if (words[i] !== FULL) first = head + i * 4;
  for (let i = tail; i < n && first < 0; i++) if (alpha[i] !== 255) first = i;
  if (first < 0) return [0, -1];
  let last = -1;
  for (let i = n - 1; i >= tail && last < 0; i--) if (alpha[i] !== 255) last = i;
  for (let i = words.length - 1; i >= 0 && last < 0; i--) if (words[i] !== FULL) last = head + i * 4 + 3;
  for (let i = head - 1; i >= 0 && last < 0; i--) if (alpha[i] !== 255) last = i;
  return [Math.floor(first / width), Math.floor(last / width)];
}

/** Bounding box (x1, y1 exclusive) of the pixels below 255, or null when every pixel is kept. */
export function editedBounds(alpha: Uint8Array, width: number): EditWeights['box'] | null {
  const rows = editedRows(alpha, width);
  let x0 = width, y0 = -1, x1 = -1, y1 = -1;
  for (let y = rows[0]; y <= rows[1]; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      if (alpha[row + x]! === 255) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y0 < 0) y0 = y;
      y1 = y;
    }
  }
  return x1 < 0 ? null : { x0, y0, x1: x1 + 1, y1: y1 + 1 };
}

/**
 * Weights from the mask's alpha plane (0 = edit, at the source's size): 255 within
 * `grow` px of the edited area (alpha < 128), a smoothstep down to 0 over the next
 * `feather` px, 0 beyond.
 */
export function editWeights(alpha: Uint8Array, width: number, height: number, grow: number, feather: number): EditWeights {
  const wts = new Uint8Array(width * height);
  const reach = Math.max(0, grow) + Math.max(0, feather);
  // Bounding box of everything not fully kept, then widened by the reach.
  const edited = editedBounds(alpha, width);
  if (!edited) return { w: wts, box: { x0: 0, y0: 0, x1: 0, y1: 0 } };
  const r = Math.ceil(reach) + 1;
  const x0 = Math.max(0, edited.x0 - r);
  const y0 = Math.max(0, edited.y0 - r);
  const x1 = Math.min(width, edited.x1 + r);
  const y1 = Math.min(height, edited.y1 + r);
  const bw = x1 - x0;
  const bh = y1 - y0;

  const seed = new Uint8Array(bw * bh);
  for (let y = 0; y < bh; y++) {
    for (let x = 0; x < bw; x++) seed[y * bw + x] = alpha[(y + y0) * width + x + x0]! < EDIT_BELOW ? 1 : 0;
  }
  const dist = chamfer(seed, bw, bh);
  const g = Math.max(0, grow);
  const f = Math.max(0, feather);
  const end = g + f;
  for (let y = 0; y < bh; y++) {
    const row = (y + y0) * width + x0;
    for (let x = 0, j = y * bw; x < bw; x++, j++) {
      const d = dist[j]!;
      const i = row + x;
      const a = alpha[i]!;
      if (d <= g) {
        wts[i] = 255;
        continue;
      }
      let v = 0;
      if (d < end) {
        const t = (d - g) / f;
        v = 255 * (1 - t * t * (3 - 2 * t));
      }
      // A painted soft edge keeps at least its own share of the edit.
      if (a !== 255 && 255 - a > v) v = 255 - a;
      wts[i] = Math.round(v);
    }
  }
  return { w: wts, box: { x0, y0, x1, y1 } };
}
