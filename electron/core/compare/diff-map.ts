import sharp from 'sharp';
import '../images/sharp-threads';
import { deltaEPlane, toLab } from './lab';

/*
 * A perceptual difference heat map between two pictures: CIE76 ΔE per pixel (lab.ts),
 * colour-mapped on a fixed scale so maps of different variants compare at a glance, and
 * transparent where the change is below what a person can see, so it lays over either
 * picture. `a` is laid on `b`'s grid the way the lab aligns an output to its source: scaled
 * to cover b's size and centre-cropped.
 */

/** ΔE below this is left transparent: under about 2 (CIE76) a change is not noticeable. */
export const UNSEEN_DELTA_E = 2;
/** The top of the colour scale: ΔE 20 and over is the brightest colour. */
export const SCALE_MAX = 20;
/** ΔE over this counts as changed (the edit studio's leak threshold: clearly visible). */
export const CHANGED_DELTA_E = 5;
/** Heat maps are made at most this long on their long edge (what the viewer shows). */
export const MAX_MAP_EDGE = 2048;

export interface AreaStats {
  meanDeltaE: number;
  p95DeltaE: number;
  maxDeltaE: number;
  changedShare: number;
  pixels: number;
}

export interface DiffMap {
  png: Buffer;
  width: number;
  height: number;
  all: AreaStats;
  /** With a mask: the pixels the mask lets the edit change, and the rest. */
  inside: AreaStats | null;
  outside: AreaStats | null;
}

// Inferno-like stops (dark purple → red → orange → pale yellow): perceptually ordered and
// readable for the common colour-vision deficiencies.
const STOPS: [number, number, number, number][] = [
  [0, 40, 11, 84],
  [0.25, 120, 28, 109],
  [0.5, 206, 68, 70],
  [0.75, 248, 142, 9],
  [1, 252, 255, 164],
];
const LUT = new Uint8Array(256 * 3);
for (let i = 0; i < 256; i++) {
  const t = i / 255;
  let s = 0;
  while (s < STOPS.length - 2 && t > STOPS[s + 1]![0]) s++;
  const [t0, r0, g0, b0] = STOPS[s]!;
  const [t1, r1, g1, b1] = STOPS[s + 1]!;
  const u = (t - t0) / (t1 - t0);
  LUT[i * 3] = Math.round(r0 + (r1 - r0) * u);
  LUT[i * 3 + 1] = Math.round(g0 + (g1 - g0) * u);
  LUT[i * 3 + 2] = Math.round(b0 + (b1 - b0) * u);
}

/** The colour (and opacity) the map gives a ΔE: what the UI's legend and the tests read. */
export function heatColour(de: number): [number, number, number, number] {
  if (de < UNSEEN_DELTA_E) return [0, 0, 0, 0];
  const t = Math.min(1, de / SCALE_MAX);
  const i = Math.round(t * 255);
  return [LUT[i * 3]!, LUT[i * 3 + 1]!, LUT[i * 3 + 2]!, Math.round(110 + 135 * Math.min(1, (de - UNSEEN_DELTA_E) / (SCALE_MAX - UNSEEN_DELTA_E)))];
}

// heatColour per tenth of a ΔE unit, RGBA: the map's loop is then one table read per pixel.
const HEAT_STEPS = SCALE_MAX * 10;
const HEAT = new Uint8Array((HEAT_STEPS + 1) * 4);
for (let i = 0; i <= HEAT_STEPS; i++) HEAT.set(heatColour(i / 10), i * 4);

const BINS_PER_UNIT = 10;
const MAX_BIN = 200 * BINS_PER_UNIT;

/** Mean, 95th percentile (to 0.1), max and changed share of the ΔE values where `pick` says so. */
export function areaStats(de: Float32Array, pick?: (i: number) => boolean): AreaStats {
  const hist = new Uint32Array(MAX_BIN + 1);
  let sum = 0;
  let max = 0;
  let changed = 0;
  let n = 0;
  for (let i = 0; i < de.length; i++) {
    if (pick && !pick(i)) continue;
    const v = de[i]!;
    n++;
    sum += v;
    if (v > max) max = v;
    if (v > CHANGED_DELTA_E) changed++;
    hist[Math.min(MAX_BIN, (v * BINS_PER_UNIT) | 0)]!++;
  }
  let p95 = 0;
  if (n > 0) {
    const target = Math.ceil(n * 0.95);
    let acc = 0;
    for (let bin = 0; bin <= MAX_BIN; bin++) {
      acc += hist[bin]!;
      if (acc >= target) {
        p95 = (bin + 1) / BINS_PER_UNIT;
        break;
      }
    }
  }
  return { meanDeltaE: n ? sum / n : 0, p95DeltaE: Math.min(p95, max), maxDeltaE: max, changedShare: n ? changed / n : 0, pixels: n };
}

/** The working size of a picture of w x h: at most MAX_MAP_EDGE on its long edge. */
export function mapSize(w: number, h: number, maxEdge = MAX_MAP_EDGE): { width: number; height: number } {
  const s = Math.min(1, maxEdge / Math.max(w, h));
  return { width: Math.max(1, Math.round(w * s)), height: Math.max(1, Math.round(h * s)) };
}

/**
 * RGB pixels of a picture (EXIF orientation applied) scaled to cover w x h and
 * centre-cropped. Bilinear: both pictures of a comparison go through the same kernel, and
 * Lanczos cost a third more for differences no metric here can see.
 */
export async function rgbAt(bytes: Buffer, width: number, height: number): Promise<Buffer> {
  const img = sharp(bytes, { limitInputPixels: 268_402_689 }).rotate().removeAlpha().toColourspace('srgb');
  const meta = await img.metadata();
  const turned = (meta.orientation ?? 1) >= 5;
  const same = (turned ? meta.height : meta.width) === width && (turned ? meta.width : meta.height) === height;
  return (same ? img : img.resize({ width, height, fit: 'cover', position: 'centre', kernel: 'linear' })).raw().toBuffer();
}

/** 1 where a mask (a PNG whose transparent pixels are the edit) lets the edit change the picture, at w x h (covered and centre-cropped like its picture). */
export async function editedAt(mask: Buffer, width: number, height: number): Promise<Uint8Array> {
  const alpha = await sharp(mask).ensureAlpha().resize({ width, height, fit: 'cover', position: 'centre', kernel: 'linear' }).extractChannel(3).raw().toBuffer();
  const out = new Uint8Array(width * height);
  for (let i = 0; i < out.length; i++) out[i] = alpha[i]! < 128 ? 1 : 0;
  return out;
}

/** Oriented size of a picture. */
export async function displayedSize(bytes: Buffer): Promise<{ width: number; height: number }> {
  const m = await sharp(bytes).metadata();
  const w = m.width ?? 1;
  const h = m.height ?? 1;
  return (m.orientation ?? 1) >= 5 ? { width: h, height: w } : { width: w, height: h };
}

/**
 * The heat map of `a` against `b` (a laid on b's grid), with its numbers. For an edit,
 * pass the source as `a` and the output as `b`: a model frames its source by covering its
 * canvas, and this lays the source on the output's grid the same way.
 */
export async function diffMap(a: Buffer, b: Buffer, mask?: Buffer): Promise<DiffMap> {
  const shown = await displayedSize(b);
  const { width, height } = mapSize(shown.width, shown.height);
  const [pa, pb, edited] = await Promise.all([rgbAt(a, width, height), rgbAt(b, width, height), mask ? editedAt(mask, width, height) : Promise.resolve(null)]);
  const de = deltaEPlane(toLab(pa, width, height, 3), toLab(pb, width, height, 3));
  const rgba = Buffer.alloc(width * height * 4);
  for (let i = 0, q = 0; i < de.length; i++, q += 4) {
    const k = Math.min(HEAT_STEPS, Math.round(de[i]! * 10)) * 4;
    rgba[q] = HEAT[k]!;
    rgba[q + 1] = HEAT[k + 1]!;
    rgba[q + 2] = HEAT[k + 2]!;
    rgba[q + 3] = HEAT[k + 3]!;
  }
  const png = await sharp(rgba, { raw: { width, height, channels: 4 } }).png({ compressionLevel: 6 }).toBuffer();
  return {
    png,
    width,
    height,
    all: areaStats(de),
    inside: edited ? areaStats(de, (i) => edited[i] === 1) : null,
    outside: edited ? areaStats(de, (i) => edited[i] === 0) : null,
  };
}
