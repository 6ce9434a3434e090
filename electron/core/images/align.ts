import sharp from 'sharp';

/*
 * Putting the model's output back on the source's pixel grid. The API returns fixed
 * canvas sizes (1024x1024, 1536x1024...), so the output is first scaled to cover the
 * source's size and centre-cropped, the way the model framed it. Some models also
 * reframe slightly: gpt-image-1-mini zooms about 3% into the centre. A reframe shows up
 * as a systematic misfit of the kept (unmasked) area, so we search a small range of
 * zooms and shifts on greyscale thumbnails for the one that fits best, and undo it.
 */

export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface Alignment {
  /** Zoom the model applied (1.03 = 3% into the centre), undone here. */
  scale: number;
  /** Shift the model applied, in source pixels, undone here. */
  dx: number;
  dy: number;
  /** The output had another size or aspect and was scaled to cover the source. */
  resized: boolean;
  /** A zoom or shift was found and undone. */
  reframed: boolean;
}

export interface Grey {
  /** Mean luminance per block, 0..255. */
  g: Float32Array;
  w: number;
  h: number;
  /** Block size in source pixels. */
  k: number;
  /** 1 where the whole block is compared: outside the edit (weight 0) and inside `valid`. */
  keep: Uint8Array;
}

/**
 * Box-averaged luminance at 1/k size, with a keep flag per block. Weights are only
 * looked at inside their box (they are 0 everywhere else), so this is one pass of
 * integer arithmetic over the pixels.
 */
export function greyBlocks(pix: Uint8Array, width: number, height: number, channels: 3 | 4, k: number, weights: Uint8Array, box: Rect, valid?: Rect): Grey {
  const w = Math.floor(width / k);
  const h = Math.floor(height / k);
  const sums = new Uint32Array(w);
  const g = new Float32Array(w * h);
  const norm = 1 / (k * k * 256);
  for (let by = 0; by < h; by++) {
    sums.fill(0);
    for (let y = by * k; y < by * k + k; y++) {
      let q = y * width * channels;
      for (let bx = 0; bx < w; bx++) {
        let acc = 0;
        for (let x = 0; x < k; x++, q += channels) acc += 77 * pix[q]! + 150 * pix[q + 1]! + 29 * pix[q + 2]!;
        sums[bx] = sums[bx]! + acc;
      }
    }
    for (let bx = 0; bx < w; bx++) g[by * w + bx] = sums[bx]! * norm;
  }
  const keep = new Uint8Array(w * h).fill(1);
  for (let y = box.y0; y < Math.min(box.y1, h * k); y++) {
    for (let x = box.x0; x < Math.min(box.x1, w * k); x++) {
      if (weights[y * width + x] !== 0) keep[Math.floor(y / k) * w + Math.floor(x / k)] = 0;
    }
  }
  if (valid) {
    for (let by = 0; by < h; by++) {
      for (let bx = 0; bx < w; bx++) {
        if (bx * k < valid.x0 || (bx + 1) * k > valid.x1 || by * k < valid.y0 || (by + 1) * k > valid.y1) keep[by * w + bx] = 0;
      }
    }
  }
  return { g, w, h, k, keep };
}

/** The same picture at m times coarser blocks; a coarse block is kept only if all its blocks are. */
function coarser(a: Grey, m: number): Grey {
  const w = Math.floor(a.w / m);
  const h = Math.floor(a.h / m);
  const g = new Float32Array(w * h);
  const keep = new Uint8Array(w * h);
  for (let by = 0; by < h; by++) {
    for (let bx = 0; bx < w; bx++) {
      let sum = 0;
      let all = 1;
      for (let y = by * m; y < by * m + m; y++) {
        for (let x = bx * m; x < bx * m + m; x++) {
          sum += a.g[y * a.w + x]!;
          all &= a.keep[y * a.w + x]!;
        }
      }
      g[by * w + bx] = sum / (m * m);
      keep[by * w + bx] = all;
    }
  }
  return { g, w, h, k: a.k * m, keep };
}

/**
 * Mean absolute difference between the source and the output sampled where a zoom `s`
 * about the centre plus a shift (tx, ty) would put each source pixel. Only kept blocks
 * count; `offset` removes the global brightness drift the model adds anyway.
 */
function misfit(src: Grey, out: Grey, s: number, tx: number, ty: number, offset: number, step: number): number {
  const { w, h } = src;
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  let err = 0;
  let n = 0;
  let total = 0;
  for (let y = 0; y < h; y += step) {
    const qy = cy + s * (y - cy) + ty;
    const y0 = Math.floor(qy);
    const fy = qy - y0;
    for (let x = 0; x < w; x += step) {
      const i = y * w + x;
      if (!src.keep[i]) continue;
      total++;
      const qx = cx + s * (x - cx) + tx;
      const x0 = Math.floor(qx);
      if (x0 < 0 || y0 < 0 || x0 >= w - 1 || y0 >= h - 1) continue;
      const fx = qx - x0;
      const j = y0 * w + x0;
      const top = out.g[j]! + (out.g[j + 1]! - out.g[j]!) * fx;
      const bot = out.g[j + w]! + (out.g[j + w + 1]! - out.g[j + w]!) * fx;
      err += Math.abs(src.g[i]! - (top + (bot - top) * fy) - offset);
      n++;
    }
  }
  // A candidate that pushes most of the kept area off the canvas proves nothing.
  return n > 0.6 * total && n > 16 ? err / n : Infinity;
}

function meanOffset(src: Grey, out: Grey): number {
  let d = 0;
  let n = 0;
  for (let i = 0; i < src.g.length; i++) {
    if (!src.keep[i]) continue;
    d += src.g[i]! - out.g[i]!;
    n++;
  }
  return n ? d / n : 0;
}

interface Fit {
  s: number;
  tx: number;
  ty: number;
  e: number;
}

function best(src: Grey, out: Grey, offset: number, step: number, cands: Iterable<[number, number, number]>): Fit {
  let b: Fit = { s: 1, tx: 0, ty: 0, e: Infinity };
  for (const [s, tx, ty] of cands) {
    const e = misfit(src, out, s, tx, ty, offset, step);
    if (e < b.e) b = { s, tx, ty, e };
  }
  return b;
}

function* grid(ss: number[], txs: number[], tys: number[]): Generator<[number, number, number]> {
  for (const s of ss) for (const tx of txs) for (const ty of tys) yield [s, tx, ty];
}
const range = (c: number, half: number, step: number): number[] => {
  const out: number[] = [];
  for (let v = -half; v <= half + 1e-9; v += step) out.push(Math.round((c + v) * 1e4) / 1e4);
  return out;
};

/** Zooms searched: 6% out to 8% in covers every reframe seen so far, with margin. */
const ZOOM_MIN = 0.94;
const ZOOM_MAX = 1.08;
/** A fit must beat "no reframe" by this much to be believed: drift and blur alone must not trigger it. */
const GAIN = 0.85;
/** Coarse search thumbnails are about this many blocks on the short side. */
const COARSE_SHORT = 96;

const IDENTITY = { scale: 1, dx: 0, dy: 0 };

/**
 * The zoom about the centre and shift (in source pixels) that best map the source onto
 * the output, or the identity. `src` and `out` are greyscale blocks of both (see
 * greyBlocks, ~256 px on the short side). A coarse scan on ~96 px thumbnails finds the
 * zoom, then the shift; only when that is not the identity is it refined at full
 * thumbnail resolution. A few milliseconds for any image size.
 */
export function findReframe(src: Grey, out: Grey): { scale: number; dx: number; dy: number } {
  const m = Math.max(1, Math.round(Math.min(src.w, src.h) / COARSE_SHORT));
  const sA = coarser(src, m);
  const oA = coarser(out, m);
  const offA = meanOffset(sA, oA);
  // Zoom first (it dominates a reframe), then each shift on its own, then both together:
  // about 45 evaluations instead of a full grid's thousand.
  let fit = best(sA, oA, offA, 1, grid(range((ZOOM_MIN + ZOOM_MAX) / 2, (ZOOM_MAX - ZOOM_MIN) / 2, 0.01), [0], [0]));
  fit = best(sA, oA, offA, 1, grid(range(fit.s, 0.005, 0.005), [0], [0]));
  fit = best(sA, oA, offA, 1, grid([fit.s], range(0, 3, 1), [0]));
  fit = best(sA, oA, offA, 1, grid([fit.s], [fit.tx], range(0, 3, 1)));
  fit = best(sA, oA, offA, 1, grid([fit.s], range(fit.tx, 1, 1), range(fit.ty, 1, 1)));
  if (Math.abs(fit.s - 1) < 1e-6 && fit.tx === 0 && fit.ty === 0) return IDENTITY;
  fit = best(sA, oA, offA, 1, grid(range(fit.s, 0.005, 0.0025), range(fit.tx, 0.5, 0.5), range(fit.ty, 0.5, 0.5)));

  const offB = meanOffset(src, out);
  let fine = best(src, out, offB, 2, grid(range(fit.s, 0.003, 0.0015), range(fit.tx * m, 1, 1), range(fit.ty * m, 1, 1)));
  // Last, the zoom alone in steps of 0.0005 (a third of a pixel at the edge of 1536).
  fine = best(src, out, offB, 1, grid(range(fine.s, 0.0015, 0.0005), [fine.tx], [fine.ty]));
  const identity = misfit(src, out, 1, 0, 0, offB, 2);
  const dx = Math.round(fine.tx * src.k);
  const dy = Math.round(fine.ty * src.k);
  if (!(fine.e < GAIN * identity) || (Math.abs(fine.s - 1) < 0.002 && dx === 0 && dy === 0)) return IDENTITY;
  return { scale: fine.s, dx, dy };
}

/**
 * The output (raw pixels at the source's size) with a reframe undone: each source pixel p
 * takes the output at centre + scale·(p − centre) + shift. Borders the output never
 * showed are filled by repeating its edge and reported as outside `valid`.
 */
export async function undoReframe(
  output: Uint8Array,
  width: number,
  height: number,
  channels: 3 | 4,
  r: { scale: number; dx: number; dy: number },
): Promise<{ data: Buffer; valid: Rect }> {
  const wr = Math.max(1, Math.round(width / r.scale));
  const hr = Math.max(1, Math.round(height / r.scale));
  // In the resized output, source pixel p sits at p + ((size/2 + shift)/scale − size/2).
  const ox = Math.round((width / 2 + r.dx) / r.scale - width / 2);
  const oy = Math.round((height / 2 + r.dy) / r.scale - height / 2);
  const left = Math.max(0, ox);
  const top = Math.max(0, oy);
  const ew = Math.min(wr, ox + width) - left;
  const eh = Math.min(hr, oy + height) - top;
  const padL = Math.max(0, -ox);
  const padT = Math.max(0, -oy);
  const data = await sharp(output, { raw: { width, height, channels } })
    .resize({ width: wr, height: hr, fit: 'fill' })
    .extract({ left, top, width: ew, height: eh })
    .extend({ left: padL, top: padT, right: width - padL - ew, bottom: height - padT - eh, extendWith: 'copy' })
    .raw()
    .toBuffer();
  return { data, valid: { x0: padL, y0: padT, x1: padL + ew, y1: padT + eh } };
}
