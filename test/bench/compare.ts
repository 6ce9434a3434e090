/**
 * The comparison lab's budgets:
 * - the picture metrics of a 4-variant experiment on a 1536x1024 masked edit (the source
 *   and its mask prepared once; each output decoded, ΔE per pixel overall and inside/outside
 *   the mask, SSIM), budget 250 ms, against the naive way (ssim.js with its defaults and a
 *   textbook per-pixel Lab conversion for each output);
 * - face identity, reported on its own: loading the models once, then finding and
 *   describing the faces of a source and four outputs.
 * The outputs are the fake API's own edits for four of today's models and qualities.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import sharp from 'sharp';
import { ssim } from 'ssim.js';
import { faceEngine } from '../../electron/core/compare/faces';
import { labOf } from '../../electron/core/compare/lab';
import { measureOutput, prepareSource } from '../../electron/core/compare/measure';
import { editRaw } from '../fake-openai/edit-render';
import { ellipseAlpha, encodePng, maskPng, sourceRgb } from '../fixtures/edits';
import { timeIt, type Timed } from './image-stages';
import { row, type BenchRow } from './report';

const W = 1536;
const H = 1024;
const RUNS = 9;
const METRICS_BUDGET_MS = 250;
const VARIANTS = [
  ['gpt-image-2.6-sunburst', 'high'],
  ['gpt-image-2.6-flare', 'low'],
  ['gpt-image-2.5-sunburst', 'medium'],
  ['gpt-image-2', 'low'],
] as const;

const context = (t: Timed, runs = RUNS): string => `median of ${runs} runs; CPU ${Math.round(t.cpu)} ms (all threads); load average ${loadavg()[0]!.toFixed(1)} on 2 cores`;

async function outputsOf(source: Buffer, mask: Buffer): Promise<Buffer[]> {
  return Promise.all(
    VARIANTS.map(async ([model, quality], index) => {
      const raw = await editRaw({ prompt: 'put a red hat on the person', model, width: W, height: H, quality, index, images: [{ data: source } as never], mask: { data: mask } as never });
      return sharp(raw, { raw: { width: W, height: H, channels: 4 } }).png().toBuffer();
    }),
  );
}

/** What one would write first: ssim.js as documented, and Lab by the textbook for every pixel. */
async function naiveMetrics(source: Buffer, outputs: Buffer[]): Promise<void> {
  const decode = async (b: Buffer) => {
    const { data, info } = await sharp(b).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    return { data: new Uint8ClampedArray(data), width: info.width, height: info.height };
  };
  const src = await decode(source);
  for (const o of outputs) {
    const out = await decode(o);
    ssim(src, out);
    let sum = 0;
    for (let i = 0; i < src.width * src.height; i++) {
      const q = i * 4;
      const a = labOf(src.data[q]!, src.data[q + 1]!, src.data[q + 2]!);
      const b = labOf(out.data[q]!, out.data[q + 1]!, out.data[q + 2]!);
      sum += Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    }
    if (!(sum >= 0)) throw new Error('ΔE went wrong');
  }
}

async function metricsRows(): Promise<BenchRow[]> {
  const source = await encodePng(sourceRgb(W, H));
  const mask = await maskPng(ellipseAlpha(W, H), W, H);
  const outputs = await outputsOf(source, mask);
  const all = async () => {
    const src = await prepareSource(source, mask, W / H);
    return Promise.all(outputs.map((o) => measureOutput(src, o)));
  };
  const t = await timeIt(all, RUNS);
  const naive = await timeIt(() => naiveMetrics(source, outputs), 3, 1);
  const m = await all();
  const drift = m.map((x, i) => `${VARIANTS[i]![0].replace('gpt-image-', '')} ${VARIANTS[i]![1]}: ΔE out ${x.outsideMask!.meanDeltaE.toFixed(2)}, SSIM out ${x.outsideMask!.ssim.toFixed(3)}`).join('; ');
  return [
    row('compare: metrics of a 4-variant 1536x1024 masked experiment', t.wall, 'ms', METRICS_BUDGET_MS, {
      note: `${context(t)}; source and mask prepared once, 4 PNG outputs decoded and measured (ΔE overall/inside/outside, SSIM overall/inside/outside); ${drift}`,
      naive: { value: naive.wall, way: 'ssim.js defaults + textbook Lab per pixel, per output (median of 3)' },
    }),
  ];
}

async function faceRows(): Promise<BenchRow[]> {
  const t0 = performance.now();
  const state = await faceEngine();
  const load = performance.now() - t0;
  if (!state.ok) return [row('compare: face identity', 0, 'ms', null, { note: `not available here: ${state.reason}` })];
  const portrait = await sharp(await readFile(join(import.meta.dirname, '../fixtures/faces/man.jpg'))).resize(W, H, { fit: 'cover' }).jpeg({ quality: 92 }).toBuffer();
  const alpha = new Uint8Array(W * H).fill(255);
  for (let y = 820; y < H; y++) for (let x = 0; x < 300; x++) alpha[y * W + x] = 0;
  const outputs = await outputsOf(portrait, await maskPng(alpha, W, H));
  const pictures = await Promise.all([portrait, ...outputs].map((b) => sharp(b).removeAlpha().raw().toBuffer()));
  const all = async () => {
    for (const p of pictures) await state.engine.detect(p, W, H);
  };
  const t = await timeIt(all, 3, 1);
  return [
    row('compare: face models loaded (once per process, on first use)', load, 'ms', null, { note: 'BlazeFace + FaceRes + mesh on the TensorFlow.js WASM backend, from the package folder' }),
    row('compare: face identity of a source and 4 outputs (1536x1024, one face each)', t.wall, 'ms', null, { note: `${context(t, 3)}; runs after the picture metrics are stored, off their budget` }),
  ];
}

export async function benchCompare(): Promise<BenchRow[]> {
  return [...(await metricsRows()), ...(await faceRows())];
}
