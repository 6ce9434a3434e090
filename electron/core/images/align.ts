import sharp, { type Sharp } from 'sharp';
// libvips threads per pipeline: see sharp-threads.ts.
import './sharp-threads';

/*
 * Putting the model's output back on the source's pixel grid. The API returns fixed
 * canvas sizes (1024x1024, 1536x1024...), so the output is first scaled to cover the
 * source's size and centre-cropped, the way the model framed it. Some models also
 * reframe slightly: gpt-image-1-mini zooms about 3% into the centre. A reframe shows up
 * as a systematic misfit of the kept (unmasked) area, so we search a small range of
 * zooms and shifts on greyscale thumbnails for the one that fits best (reframe-search.ts),
 * and undo it.
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
  /** The picture's size in pixels (the blocks may leave a remainder of under k uncovered). */
  width: number;
  height: number;
}

/**
 * Box-averaged luminance at 1/k size, with a keep flag per block. Weights are only
 * looked at inside their box (they are 0 everywhere else), so this is one pass of
 * integer arithmetic over the pixels. Each block row sums R, G and B two pixels at a
 * time and weighs them once: the same integers as weighing every pixel, a few percent
 * quicker (5.4 against 5.8 ms for 1536x1024).
 */
export function greyBlocks(pix: Uint8Array, width: number, height: number, channels: 3 | 4, k: number, weights: Uint8Array, box: Rect, valid?: Rect): Grey {
  const w = Math.floor(width / k);
  const h = Math.floor(height / k);
  const c = channels;
  const sums = new Uint32Array(w);
  const g = new Float32Array(w * h);
  const norm = 1 / (k * k * 256);
  const pairs = k >> 1;
  const odd = k & 1;
  for (let by = 0; by < h; by++) {
    sums.fill(0);
    for (let y = by * k; y < by * k + k; y++) {
      let q = y * width * c;
      for (let bx = 0; bx < w; bx++) {
        let r = 0;
        let gr = 0;
        let b = 0;
        for (let n = 0; n < pairs; n++, q += 2 * c) {
          r += pix[q]! + pix[q + c]!;
          gr += pix[q + 1]! + pix[q + c + 1]!;
          b += pix[q + 2]! + pix[q + c + 2]!;
        }
        if (odd) {
          r += pix[q]!;
          gr += pix[q + 1]!;
          b += pix[q + 2]!;
          q += c;
        }
        sums[bx] = sums[bx]! + 77 * r + 150 * gr + 29 * b;
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
  return { g, w, h, k, keep, width, height };
}

export interface Reframe {
  scale: number;
  dx: number;
  dy: number;
}

/**
 * How a picture is laid on a target grid: resized to rw x rh, with target pixel p read at
 * p + (ox, oy) in it. Whole pixels, so the resize and the read are one exact sharp pass.
 */
export interface GridMap {
  rw: number;
  rh: number;
  ox: number;
  oy: number;
}

/**
 * How undoReframe realises a reframe on whole pixels: the output resized to 1/scale and
 * source pixel p read at p + ((size/2 + shift)/scale − size/2, rounded). The search
 * judges its last candidates exactly as realised here.
 */
export function reframePlan(width: number, height: number, r: Reframe): GridMap {
  return {
    rw: Math.max(1, Math.round(width / r.scale)),
    rh: Math.max(1, Math.round(height / r.scale)),
    ox: Math.round((width / 2 + r.dx) / r.scale - width / 2),
    oy: Math.round((height / 2 + r.dy) / r.scale - height / 2),
  };
}

/** The whole-pixel window [o + a, o + b) of a resized axis of `n` pixels, clamped, and the padding around it. */
function window(n: number, o: number, a: number, b: number): { start: number; size: number; before: number; after: number } {
  // A window wholly off the picture still reads one edge pixel, repeated: what 'copy' padding gives.
  const start = Math.min(Math.max(0, o + a), n - 1);
  const end = Math.max(Math.min(n, o + b), start + 1);
  const size = Math.min(end - start, b - a);
  const before = Math.min(Math.max(0, start - (o + a)), b - a - size);
  return { start, size, before, after: b - a - size - before };
}

/**
 * The pixels of `region` (target coordinates) of a picture laid on a target grid by
 * `map`: one resize, read only where the region needs it (libvips computes on demand),
 * so a region of a big target costs its own size. What the picture never covered is its
 * edge repeated, and reported as outside `valid` (target coordinates). Lanczos for
 * pictures; bilinear for masks, whose hard edges must not ring.
 */
export async function readOnGrid(img: Sharp, map: GridMap, region: Rect, kernel: 'lanczos3' | 'linear' = 'lanczos3'): Promise<{ data: Buffer; valid: Rect }> {
  const x = window(map.rw, map.ox, region.x0, region.x1);
  const y = window(map.rh, map.oy, region.y0, region.y1);
  const data = await img
    .resize({ width: map.rw, height: map.rh, fit: 'fill', kernel })
    .extract({ left: x.start, top: y.start, width: x.size, height: y.size })
    .extend({ left: x.before, top: y.before, right: x.after, bottom: y.after, extendWith: 'copy' })
    .raw()
    .toBuffer();
  const inside = (o: number, n: number, p: number) => Math.min(Math.max(p, -o), n - o);
  const valid = {
    x0: inside(map.ox, map.rw, region.x0),
    y0: inside(map.oy, map.rh, region.y0),
    x1: inside(map.ox, map.rw, region.x1),
    y1: inside(map.oy, map.rh, region.y1),
  };
  return { data, valid };
}

/**
 * The output (raw pixels at the source's size) with a reframe undone: each source pixel p
 * takes the output at centre + scale·(p − centre) + shift. Borders the output never
 * showed are filled by repeating its edge and reported as outside `valid`.
 */
export async function undoReframe(output: Uint8Array, width: number, height: number, channels: 3 | 4, r: Reframe): Promise<{ data: Buffer; valid: Rect }> {
  const map = reframePlan(width, height, r);
  const read = (area: Rect) => readOnGrid(sharp(output, { raw: { width, height, channels } }), map, area);
  // On glibc Linux sharp gives each pipeline a single thread (its default, against memory
  // fragmentation), so the two halves as two pipelines use both cores while the caller
  // waits: 11 ms becomes 8 for 1536x1024. Every pixel is computed the same either way.
  const mid = height >> 1;
  if (mid === 0) return read({ x0: 0, y0: 0, x1: width, y1: height });
  const [top, bottom] = await Promise.all([read({ x0: 0, y0: 0, x1: width, y1: mid }), read({ x0: 0, y0: mid, x1: width, y1: height })]);
  // The valid rows are worked out from the map, so the halves' bounds are the whole's.
  return { data: Buffer.concat([top.data, bottom.data]), valid: { x0: top.valid.x0, y0: top.valid.y0, x1: top.valid.x1, y1: bottom.valid.y1 } };
}
