/*
 * Colour difference for the comparison lab: sRGB pixels to CIE L*a*b* (D65) and CIE76
 * ΔE, the Euclidean distance in Lab.
 *
 * CIE76 rather than CIEDE2000, on purpose: the lab measures whole pictures (several
 * million pixel pairs per experiment) within a 250 ms budget, CIEDE2000's hue and chroma
 * terms cost about ten times as much per pair, and at the levels the lab reports (around 2
 * just noticeable, 5 clearly visible) the two agree closely on photographs. It is also the
 * ΔE the edit studio's leak report already shows (images/leakage.ts), so the numbers a
 * person sees in the edit view and in the lab are the same measure. No colour library is
 * used for the per-pixel loop (they convert one colour object at a time); the unit tests
 * hold these tables to the textbook formulas.
 */

import { F, FRAC, HALF, TB, TG, TR, XN, ZN } from '../images/lab-tables';

/** L*a*b* of every pixel, as three planes (L, a, b) of `width·height` values each. */
export interface LabPlanes {
  L: Float32Array;
  a: Float32Array;
  b: Float32Array;
  width: number;
  height: number;
}

/** RGB or RGBA pixels (alpha ignored) to Lab planes. */
export function toLab(pix: Uint8Array, width: number, height: number, channels: 3 | 4): LabPlanes {
  const n = width * height;
  const L = new Float32Array(n);
  const A = new Float32Array(n);
  const B = new Float32Array(n);
  for (let i = 0, q = 0; i < n; i++, q += channels) {
    const r = pix[q]! << 2, g = pix[q + 1]! << 2, b = pix[q + 2]! << 2;
    const fx = F[(TR[r]! + TG[g]! + TB[b]! + HALF) >> FRAC]!;
    const fy = F[(TR[r + 1]! + TG[g + 1]! + TB[b + 1]! + HALF) >> FRAC]!;
    const fz = F[(TR[r + 2]! + TG[g + 2]! + TB[b + 2]! + HALF) >> FRAC]!;
    L[i] = 116 * fy - 16;
    A[i] = 500 * (fx - fy);
    B[i] = 200 * (fy - fz);
  }
  return { L, a: A, b: B, width, height };
}

/** Sums of ΔE of RGB pixels against Lab planes: overall, inside the edit (edited[i] = 1) and outside it. */
export interface DeltaESums {
  all: number;
  inside: number;
  insideCount: number;
  outside: number;
  /** Pixels outside the edit (everywhere, without a mask) over `threshold`. */
  changedOutside: number;
}

/**
 * CIE76 ΔE of every pixel of `pix` against the Lab planes `ref`, summed overall and split
 * by `edited`, without storing a plane: the lab's per-output loop.
 */
export function deltaESums(ref: LabPlanes, pix: Uint8Array, channels: 3 | 4, edited: Uint8Array | null, threshold: number): DeltaESums {
  const n = ref.width * ref.height;
  const { L, a: A, b: B } = ref;
  const t2 = threshold * threshold;
  let all = 0, inside = 0, insideCount = 0, outside = 0, changedOutside = 0;
  for (let i = 0, q = 0; i < n; i++, q += channels) {
    const r = pix[q]! << 2, g = pix[q + 1]! << 2, b = pix[q + 2]! << 2;
    const fx = F[(TR[r]! + TG[g]! + TB[b]! + HALF) >> FRAC]!;
    const fy = F[(TR[r + 1]! + TG[g + 1]! + TB[b + 1]! + HALF) >> FRAC]!;
    const fz = F[(TR[r + 2]! + TG[g + 2]! + TB[b + 2]! + HALF) >> FRAC]!;
    // Rounded to float32 as the planes are: the same pixel gives exactly ΔE 0.
    const dl = L[i]! - Math.fround(116 * fy - 16);
    const da = A[i]! - Math.fround(500 * (fx - fy));
    const db = B[i]! - Math.fround(200 * (fy - fz));
    const e2 = dl * dl + da * da + db * db;
    const e = Math.sqrt(e2);
    all += e;
    if (edited !== null && edited[i] === 1) {
      inside += e;
      insideCount++;
    } else {
      outside += e;
      changedOutside += e2 > t2 ? 1 : 0;
    }
  }
  return { all, inside, insideCount, outside, changedOutside };
}

/** CIE76 ΔE of every pixel pair of two same-sized Lab pictures. */
export function deltaEPlane(p: LabPlanes, q: LabPlanes): Float32Array {
  if (p.width !== q.width || p.height !== q.height) throw new Error(`Lab planes differ in size: ${p.width}x${p.height} against ${q.width}x${q.height}.`);
  const n = p.width * p.height;
  const out = new Float32Array(n);
  const { L: l1, a: a1, b: b1 } = p;
  const { L: l2, a: a2, b: b2 } = q;
  for (let i = 0; i < n; i++) {
    const dl = l1[i]! - l2[i]!;
    const da = a1[i]! - a2[i]!;
    const db = b1[i]! - b2[i]!;
    out[i] = Math.sqrt(dl * dl + da * da + db * db);
  }
  return out;
}

/** The exact (untabulated) Lab of one sRGB colour: what the tests hold the tables to. */
export function labOf(r: number, g: number, b: number): [number, number, number] {
  const lin = (v: number) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  };
  const R = lin(r), G = lin(g), B = lin(b);
  const x = (0.4124564 * R + 0.3575761 * G + 0.1804375 * B) / XN;
  const y = 0.2126729 * R + 0.7151522 * G + 0.072175 * B;
  const z = (0.0193339 * R + 0.119192 * G + 0.9503041 * B) / ZN;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}
