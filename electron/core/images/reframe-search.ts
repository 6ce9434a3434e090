import { reframePlan, type Grey, type Reframe } from './align';

/*
 * The search for a model's reframe (see align.ts): a zoom about the centre and a shift
 * that map the source onto the output. It compares greyscale block thumbnails of the
 * kept (unmasked) area, coarse to fine, and ends on the whole-pixel resize and offset
 * undoReframe will really apply, since one pixel of misregistration shows in every
 * metric taken afterwards.
 */

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
  return { g, w, h, k: a.k * m, keep, width: a.width, height: a.height };
}

/** Where block x (or row y) of the source is read in the output's blocks: a·x + b. */
interface Axis {
  a: number;
  b: number;
}

/** A zoom `s` about the centre of `n` blocks plus a shift of `t` blocks. */
const zoomAxis = (n: number, s: number, t: number): Axis => ({ a: s, b: ((n - 1) / 2) * (1 - s) + t });

/**
 * The axis undoReframe realises for a size of `size` pixels resized to `resized` and read
 * from offset `o`, in blocks of `k` pixels: pixel-continuous position p maps to
 * (p + o)·size/resized in the output, and block x is centred on x·k + k/2.
 */
function realisedAxis(size: number, resized: number, o: number, k: number): Axis {
  const a = size / resized;
  return { a, b: ((k / 2 + o) * a - k / 2) / k };
}

/**
 * Mean absolute difference between the source's blocks and the output's, read
 * (bilinearly) where the axes put them. Only kept blocks count, every `step`-th in each
 * direction; `offset` removes the global brightness drift the model adds anyway.
 */
function misfit(src: Grey, out: Grey, ax: Axis, ay: Axis, offset: number, step: number): number {
  const { w, h } = src;
  // A column maps to the same output column on every row: work it out once (-1: off the output).
  const cols = Math.ceil(w / step);
  const colX = new Int32Array(cols);
  const colF = new Float64Array(cols);
  for (let c = 0; c < cols; c++) {
    const qx = ax.a * c * step + ax.b;
    const x0 = Math.floor(qx);
    colX[c] = x0 < 0 || x0 >= w - 1 ? -1 : x0;
    colF[c] = qx - x0;
  }
  const g = out.g;
  let err = 0;
  let n = 0;
  let total = 0;
  for (let y = 0; y < h; y += step) {
    const qy = ay.a * y + ay.b;
    const y0 = Math.floor(qy);
    const fy = qy - y0;
    const rowOk = y0 >= 0 && y0 < h - 1;
    const row = y * w;
    for (let c = 0, x = 0; c < cols; c++, x += step) {
      const i = row + x;
      if (!src.keep[i]) continue;
      total++;
      const x0 = colX[c]!;
      if (!rowOk || x0 < 0) continue;
      const fx = colF[c]!;
      const j = y0 * w + x0;
      const top = g[j]! + (g[j + 1]! - g[j]!) * fx;
      const bot = g[j + w]! + (g[j + w + 1]! - g[j + w]!) * fx;
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

/** The best of a grid of zooms and shifts (in blocks of `src`). */
function best(src: Grey, out: Grey, offset: number, ss: number[], txs: number[], tys: number[], step = 1): Fit {
  let b: Fit = { s: 1, tx: 0, ty: 0, e: Infinity };
  for (const s of ss) {
    for (const tx of txs) {
      for (const ty of tys) {
        const e = misfit(src, out, zoomAxis(src.w, s, tx), zoomAxis(src.h, s, ty), offset, step);
        if (e < b.e) b = { s, tx, ty, e };
      }
    }
  }
  return b;
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

/**
 * The first zoom scan (15 zooms, a third of the coarse evaluations) reads every second
 * block of every second row: it only has to find the basin of the zoom, and a quarter of
 * ~11,000 blocks still averages out drift. Thinning the later scans too was tried: it
 * halved the search but moved the result by up to 3 px at the edges in 7 of 24 test
 * reframes, so every later scan, and the final judgement, reads every block.
 */
const SPARSE = 2;
const IDENTITY: Reframe = { scale: 1, dx: 0, dy: 0 };

/**
 * The zoom about the centre and shift (in source pixels) that best map the source onto
 * the output, or the identity. `src` and `out` are greyscale blocks of both (see
 * greyBlocks, ~256 px on the short side). A coarse scan on ~96 px thumbnails finds the
 * zoom, then the shift; only when that is not the identity is it refined, on blocks of
 * twice the grey blocks' size. About 10 ms for any image size when there is a reframe,
 * 3 when there is none.
 */
export function findReframe(src: Grey, out: Grey): Reframe {
  const m = Math.max(1, Math.round(Math.min(src.w, src.h) / COARSE_SHORT));
  const sA = coarser(src, m);
  const oA = coarser(out, m);
  const offA = meanOffset(sA, oA);
  // Zoom first (it dominates a reframe), then each shift on its own, then both together:
  // about 40 evaluations instead of a full grid's thousand.
  let fit = best(sA, oA, offA, range((ZOOM_MIN + ZOOM_MAX) / 2, (ZOOM_MAX - ZOOM_MIN) / 2, 0.01), [0], [0], SPARSE);
  fit = best(sA, oA, offA, range(fit.s, 0.005, 0.005), [0], [0]);
  fit = best(sA, oA, offA, [fit.s], range(0, 3, 1), [0]);
  fit = best(sA, oA, offA, [fit.s], [fit.tx], range(0, 3, 1));
  fit = best(sA, oA, offA, [fit.s], range(fit.tx, 1, 1), range(fit.ty, 1, 1));
  if (Math.abs(fit.s - 1) < 1e-6 && fit.tx === 0 && fit.ty === 0) return IDENTITY;
  fit = best(sA, oA, offA, range(fit.s, 0.005, 0.0025), [fit.tx], [fit.ty]);
  fit = best(sA, oA, offA, [fit.s], range(fit.tx, 0.5, 0.5), range(fit.ty, 0.5, 0.5));

  // Finer, on blocks of twice the grey blocks' size: averaged rather than subsampled,
  // so a quarter of the work keeps the sensitivity to a slight zoom.
  const sB = coarser(src, 2);
  const oB = coarser(out, 2);
  const offB = meanOffset(sB, oB);
  const r = m / 2;
  let fine = best(sB, oB, offB, [fit.s], range(fit.tx * r, 0.5, 0.5), [fit.ty * r]);
  fine = best(sB, oB, offB, [fit.s], [fine.tx], range(fit.ty * r, 0.5, 0.5));
  fine = best(sB, oB, offB, range(fine.s, 0.003, 0.001), [fine.tx], [fine.ty]);
  fine = best(sB, oB, offB, range(fine.s, 0.0005, 0.0005), [fine.tx], [fine.ty]);
  const s = fine.s;

  // Last, the whole-pixel offsets undoReframe will use, one pixel either way, judged as it
  // will realise them (its resize is to whole pixels too).
  const { width, height } = src;
  const plan = reframePlan(width, height, { scale: s, dx: fine.tx * sB.k, dy: fine.ty * sB.k });
  const realised = (ox: number, oy: number): number =>
    misfit(sB, oB, realisedAxis(width, plan.rw, ox, sB.k), realisedAxis(height, plan.rh, oy, sB.k), offB, 1);
  // Each axis on its own: a column offset barely changes which row offset fits best.
  let o = { ox: plan.ox, oy: plan.oy, e: realised(plan.ox, plan.oy) };
  for (const [ox, oy] of [[o.ox - 1, o.oy], [o.ox + 1, o.oy]] as const) {
    const e = realised(ox, oy);
    if (e < o.e) o = { ox, oy, e };
  }
  for (const [ox, oy] of [[o.ox, o.oy - 1], [o.ox, o.oy + 1]] as const) {
    const e = realised(ox, oy);
    if (e < o.e) o = { ox, oy, e };
  }
  const identity = misfit(sB, oB, { a: 1, b: 0 }, { a: 1, b: 0 }, offB, 1);
  // The shift that makes reframePlan give exactly these offsets.
  const dx = Math.round(((o.ox + width / 2) * s - width / 2) * 1000) / 1000;
  const dy = Math.round(((o.oy + height / 2) * s - height / 2) * 1000) / 1000;
  if (!(o.e < GAIN * identity) || (Math.abs(s - 1) < 0.002 && Math.abs(dx) < 0.5 && Math.abs(dy) < 0.5)) return IDENTITY;
  return { scale: s, dx, dy };
}
