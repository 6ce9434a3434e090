/**
 * The lab's picture metrics: how close an output stayed to its source, overall and
 * inside/outside the mask, and how well a chosen region survived. Pictures are compared
 * on the source's grid at a working size (at most MEASURE_EDGE on the long edge): the
 * output is scaled to cover it and centre-cropped, which is how the models frame an edit
 * (images/align.ts). SSIM comes from ssim.js (Bezkrovny's windowed variant, the one the
 * edit studio's leak report follows) on a greyscale picture of about 256 px on its short
 * side, the scale SSIM's authors recommend; ΔE is CIE76 per pixel at the working size (lab.ts).
 */
import { ssim } from 'ssim.js';
import { CHANGED_DELTA_E, displayedSize, editedAt, mapSize, rgbAt } from './diff-map';
import { deltaESums, toLab, type LabPlanes } from './lab';

/**
 * The working size's long edge: outputs up to 1536 px (every fixed API size) are measured
 * pixel for pixel, without resampling them. At 1024 the two pictures' different resampling
 * left a noise floor of about ΔE 2.5 that hid the difference between careful and fast models.
 */
export const MEASURE_EDGE = 1536;
/** SSIM's short side (the windows are 11 px of this picture). */
const SSIM_SHORT_SIDE = 256;
const WINDOW = 11;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SmallPicture {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

export interface PreparedSource {
  /** The source's displayed size, and the working size it is measured at. */
  displayed: { width: number; height: number };
  /**
   * The part of the source compared (displayed pixels): all of it, or its centre cut to the
   * outputs' proportions when they differ, which is how a model frames its canvas.
   */
  crop: Rect;
  width: number;
  height: number;
  rgb: Buffer;
  lab: LabPlanes;
  small: SmallPicture;
  /** Block size of `small` in working pixels. */
  k: number;
  /** 1 where the mask lets the edit change the picture (working size), or null without a mask. */
  edited: Uint8Array | null;
  /** Per SSIM window: the share of its pixels inside the edit. */
  windowEdited: Float32Array | null;
}

export interface AreaMetrics {
  ssim: number;
  meanDeltaE: number;
  pixels: number;
}

export interface PictureMetrics {
  overall: AreaMetrics;
  insideMask: AreaMetrics | null;
  outsideMask: (AreaMetrics & { changedShare: number; threshold: number }) | null;
  /** The aligned output at the working size: for face identity and region search. */
  rgb: Buffer;
}

/** RGBA at 1/k size by box averages (what ssim.js reads; its own greyscale follows). */
export function boxDown(rgb: Uint8Array, width: number, height: number, k: number): SmallPicture {
  const w = Math.max(1, Math.floor(width / k));
  const h = Math.max(1, Math.floor(height / k));
  const out = new Uint8ClampedArray(w * h * 4);
  const sums = new Uint32Array(w * 3);
  const norm = 1 / (k * k);
  for (let by = 0; by < h; by++) {
    sums.fill(0);
    for (let y = by * k; y < by * k + k; y++) {
      let q = y * width * 3;
      for (let bx = 0; bx < w; bx++) {
        let r = 0, g = 0, b = 0;
        for (let n = 0; n < k; n++, q += 3) {
          r += rgb[q]!;
          g += rgb[q + 1]!;
          b += rgb[q + 2]!;
        }
        sums[bx * 3] = sums[bx * 3]! + r;
        sums[bx * 3 + 1] = sums[bx * 3 + 1]! + g;
        sums[bx * 3 + 2] = sums[bx * 3 + 2]! + b;
      }
    }
    for (let bx = 0; bx < w; bx++) {
      const o = (by * w + bx) * 4;
      out[o] = sums[bx * 3]! * norm + 0.5;
      out[o + 1] = sums[bx * 3 + 1]! * norm + 0.5;
      out[o + 2] = sums[bx * 3 + 2]! * norm + 0.5;
      out[o + 3] = 255;
    }
  }
  return { data: out, width: w, height: h };
}

/** Share of each 11x11 SSIM window (of a picture at 1/k size) that lies inside the edit. */
function windowShares(edited: Uint8Array, width: number, small: SmallPicture, k: number): Float32Array {
  const ww = Math.ceil(small.width / WINDOW);
  const wh = Math.ceil(small.height / WINDOW);
  const inside = new Float64Array(ww * wh);
  const total = new Float64Array(ww * wh);
  const spanX = small.width * k;
  const spanY = small.height * k;
  for (let y = 0; y < spanY; y++) {
    const row = Math.floor(y / k / WINDOW) * ww;
    for (let x = 0; x < spanX; x++) {
      const wi = row + Math.floor(x / k / WINDOW);
      total[wi] = total[wi]! + 1;
      inside[wi] = inside[wi]! + edited[y * width + x]!;
    }
  }
  return Float32Array.from(inside, (v, i) => (total[i]! > 0 ? v / total[i]! : 0));
}

/** The centre of a w x h picture cut to `aspect` (width / height). */
export function centreCrop(w: number, h: number, aspect: number): Rect {
  if (Math.abs(w / h - aspect) < 0.005) return { x: 0, y: 0, width: w, height: h };
  if (w / h > aspect) {
    const cw = Math.round(h * aspect);
    return { x: Math.floor((w - cw) / 2), y: 0, width: cw, height: h };
  }
  const ch = Math.round(w / aspect);
  return { x: 0, y: Math.floor((h - ch) / 2), width: w, height: ch };
}

/** The source (and its mask) on the working grid, for outputs of proportions `aspect` (default: the source's own). */
export async function prepareSource(source: Buffer, mask: Buffer | null, aspect?: number, maxEdge = MEASURE_EDGE): Promise<PreparedSource> {
  const displayed = await displayedSize(source);
  const crop = centreCrop(displayed.width, displayed.height, aspect ?? displayed.width / displayed.height);
  const { width, height } = mapSize(crop.width, crop.height, maxEdge);
  const [rgb, edited] = await Promise.all([rgbAt(source, width, height), mask ? editedAt(mask, width, height) : Promise.resolve(null)]);
  const k = Math.max(1, Math.round(Math.min(width, height) / SSIM_SHORT_SIDE));
  const small = boxDown(rgb, width, height, k);
  return { displayed, crop, width, height, rgb, lab: toLab(rgb, width, height, 3), small, k, edited, windowEdited: edited ? windowShares(edited, width, small, k) : null };
}

function ssimMap(a: SmallPicture, b: SmallPicture, windowSize = WINDOW): { mssim: number; map: number[] } {
  const r = ssim(a, b, { ssim: 'bezkrovny', downsample: false, windowSize });
  return { mssim: r.mssim, map: r.ssim_map.data };
}

const mean = (values: number[], pick: (i: number) => boolean): { value: number; n: number } => {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    if (!pick(i)) continue;
    sum += values[i]!;
    n++;
  }
  return { value: n ? sum / n : NaN, n };
};

/** Metrics of one output against the prepared source. */
export async function measureOutput(src: PreparedSource, output: Buffer): Promise<PictureMetrics> {
  const { width, height } = src;
  const rgb = await rgbAt(output, width, height);
  const edited = src.edited;
  const sums = deltaESums(src.lab, rgb, 3, edited, CHANGED_DELTA_E);
  const small = boxDown(rgb, width, height, src.k);
  const { mssim, map } = ssimMap(src.small, small);
  const sumAll = sums.all;
  const sumIn = sums.inside;
  const sumOut = sums.outside;
  const nIn = sums.insideCount;
  const changedOut = sums.changedOutside;
  const n = width * height;
  const overall = { ssim: mssim, meanDeltaE: sumAll / n, pixels: n };
  if (!edited || !src.windowEdited) return { overall, insideMask: null, outsideMask: null, rgb };
  const shares = src.windowEdited;
  // Windows mostly inside the edit; windows wholly outside it (the edge band is neither).
  const inside = mean(map, (i) => shares[i]! >= 0.5);
  let outside = mean(map, (i) => shares[i] === 0);
  if (outside.n === 0) outside = mean(map, (i) => shares[i]! < 0.5);
  const nOut = n - nIn;
  return {
    overall,
    insideMask: nIn > 0 ? { ssim: Number.isNaN(inside.value) ? mssim : inside.value, meanDeltaE: sumIn / nIn, pixels: nIn } : null,
    outsideMask:
      nOut > 0
        ? { ssim: Number.isNaN(outside.value) ? mssim : outside.value, meanDeltaE: sumOut / nOut, pixels: nOut, changedShare: changedOut / nOut, threshold: CHANGED_DELTA_E }
        : null,
    rgb,
  };
}

/** RGBA of a rectangle of an RGB picture. */
export function cropRgba(rgb: Uint8Array, width: number, r: Rect): SmallPicture {
  const out = new Uint8ClampedArray(r.width * r.height * 4);
  for (let y = 0; y < r.height; y++) {
    for (let x = 0; x < r.width; x++) {
      const q = ((r.y + y) * width + r.x + x) * 3;
      const o = (y * r.width + x) * 4;
      out[o] = rgb[q]!;
      out[o + 1] = rgb[q + 1]!;
      out[o + 2] = rgb[q + 2]!;
      out[o + 3] = 255;
    }
  }
  return { data: out, width: r.width, height: r.height };
}

/** A rectangle in displayed source pixels, on the working grid (clamped); null when nothing of it is left. */
export function toWorking(src: Pick<PreparedSource, 'crop' | 'width' | 'height'>, r: Rect): Rect | null {
  const s = src.width / src.crop.width;
  const x0 = Math.max(0, Math.round((r.x - src.crop.x) * s));
  const y0 = Math.max(0, Math.round((r.y - src.crop.y) * s));
  const x1 = Math.min(src.width, Math.round((r.x + r.width - src.crop.x) * s));
  const y1 = Math.min(src.height, Math.round((r.y + r.height - src.crop.y) * s));
  if (x1 - x0 < 2 || y1 - y0 < 2) return null;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** A rectangle on the working grid in displayed source pixels. */
export function toSource(src: Pick<PreparedSource, 'crop' | 'width'>, r: Rect): Rect {
  const s = src.crop.width / src.width;
  return { x: src.crop.x + r.x * s, y: src.crop.y + r.y * s, width: r.width * s, height: r.height * s };
}

/** SSIM of the same rectangle (working pixels) of the source and an aligned output. */
export function regionSsim(src: PreparedSource, outputRgb: Uint8Array, r: Rect): number {
  const a = cropRgba(src.rgb, src.width, r);
  const b = cropRgba(outputRgb, src.width, r);
  return ssimMap(a, b, Math.max(2, Math.min(WINDOW, r.width, r.height))).mssim;
}
