/**
 * sRGB to CIE L*a*b* by table, for per-pixel ΔE loops (images/leakage.ts, compare/lab.ts):
 * the power functions are the expensive part of Lab conversion, and there are only 256
 * inputs per channel. The unit tests hold these tables to the textbook formulas.
 */
// sRGB (IEC 61966-2-1) to linear light, one entry per 8-bit code: the per-pixel power
// function is the expensive part of Lab conversion, and there are only 256 inputs.
export const LINEAR = new Float32Array(256);
for (let i = 0; i < 256; i++) {
  const c = i / 255;
  LINEAR[i] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
}
// Linear sRGB to XYZ (D65), each row divided by the D65 white (Xn, Yn, Zn) so Lab's f()
// takes the ratio directly. Tabulated per channel and code: X/Xn = XR[r] + XG[g] + XB[b].
const table = (k: number): Float32Array => Float32Array.from(LINEAR, (v) => v * k);
export const XN = 0.95047;
export const ZN = 1.08883;
const XR = table(0.4124564 / XN), XG = table(0.3575761 / XN), XB = table(0.1804375 / XN);
const YR = table(0.2126729), YG = table(0.7151522), YB = table(0.072175);
const ZR = table(0.0193339 / ZN), ZG = table(0.119192 / ZN), ZB = table(0.9503041 / ZN);

// Lab's f(t) = cbrt(t) above (6/29)^3, linear below, tabulated over t in [0, 1] (XYZ of
// 8-bit sRGB over the white never exceeds 1) at 2^16 steps and read at the nearest
// step: the error is under 2e-4 in f, a hundredth of a ΔE unit, and it replaces six
// Math.cbrt calls per pixel pair with array reads.
export const F_STEPS = 65536;
export const F = new Float32Array(F_STEPS + 2);
for (let i = 0; i < F.length; i++) {
  const t = i / F_STEPS;
  F[i] = t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116;
}

// The channel tables again as integers in 1/256ths of a table step, interleaved (X, Y, Z)
// per code: the table index is then an integer sum and a shift, and each channel's three
// terms share a cache line. Rounding each term moves an index by at most 3/512 of a step.
export const FRAC = 8;
const fixed = (x: Float32Array, y: Float32Array, z: Float32Array): Int32Array => {
  const t = new Int32Array(256 * 4);
  for (let i = 0; i < 256; i++) {
    t[i * 4] = Math.round(x[i]! * F_STEPS * (1 << FRAC));
    t[i * 4 + 1] = Math.round(y[i]! * F_STEPS * (1 << FRAC));
    t[i * 4 + 2] = Math.round(z[i]! * F_STEPS * (1 << FRAC));
  }
  return t;
};
export const TR = fixed(XR, YR, ZR);
export const TG = fixed(XG, YG, ZG);
export const TB = fixed(XB, YB, ZB);
export const HALF = 1 << (FRAC - 1);
