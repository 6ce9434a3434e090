/**
 * Stage profiles for the image budgets' notes: each stage run on its own with the same
 * calls and options the app's code makes, and its CPU time taken (median of `runs`), so a
 * row that misses its budget says where the work goes. CPU rather than wall time: on a
 * shared 2-core machine the wall time of a stage is mostly other people's processes.
 * Stages that run side by side in the app (the two decodes, the locked PNG's encoding
 * beside the metrics) are counted alone: the sum is the work, not the wall time.
 */
import sharp from 'sharp';
import { greyBlocks, undoReframe } from '../../electron/core/images/align';
import { blendInto, wholePlane } from '../../electron/core/images/blend';
import { editWeights } from '../../electron/core/images/edit-weights';
import { inspectInput } from '../../electron/core/images/inspect';
import { leakageMetrics } from '../../electron/core/images/leakage';
import { findReframe } from '../../electron/core/images/reframe-search';
import type { InputTarget } from '../../electron/core/images';
import { median } from './report';

export interface Timed {
  /** Median wall time, ms. */
  wall: number;
  /** Median CPU time of the whole process (every thread), ms. */
  cpu: number;
}

/** Median wall and CPU time of `fn` over `runs` runs after `warmup`. */
export async function timeIt(fn: () => Promise<unknown> | unknown, runs: number, warmup = 3): Promise<Timed> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    await fn();
    const dt = performance.now() - t;
    const used = process.cpuUsage(c);
    if (i < warmup) continue;
    wall.push(dt);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

const ms = (v: number): string => `${v < 10 ? v.toFixed(1) : Math.round(v)}`;
export const profileText = (stages: [string, number][]): string => stages.map(([n, v]) => `${n} ${ms(v)}`).join(', ');

/**
 * Preparing one camera file: header; decode (the last row read, so every row is decoded
 * but nothing big is written out); decode and resize to raw pixels; the JPEG encode of
 * those pixels alone.
 */
export async function prepareStages(bytes: Buffer, target: InputTarget, out: { width: number; height: number }, runs: number): Promise<string> {
  const info = await inspectInput(bytes, 'camera.jpg');
  const decoder = () => sharp(bytes, info.options).autoOrient();
  const header = (await timeIt(() => inspectInput(bytes, 'camera.jpg'), runs)).cpu;
  const decode = (await timeIt(() => decoder().extract({ left: 0, top: info.height - 1, width: info.width, height: 1 }).raw().toBuffer(), runs)).cpu;
  const resize = () => decoder().resize({ ...out, fit: 'fill', kernel: 'mitchell' }).toColourspace('srgb').raw().toBuffer();
  const resized = (await timeIt(resize, runs)).cpu;
  const pixels = await resize();
  const jpeg = () => sharp(pixels, { raw: { ...out, channels: 3 } }).jpeg({ quality: 85, mozjpeg: false, optimiseCoding: false, chromaSubsampling: '4:2:0' }).toBuffer();
  const stages: [string, number][] = [
    ['header', header],
    ['decode at full size', decode],
    [`resize to ${out.width}x${out.height}`, Math.max(0, resized - decode)],
    ['JPEG encode', (await timeIt(jpeg, runs)).cpu],
  ];
  return `stage CPU (ms, each alone): ${profileText(stages)}; target ${target.maxLongEdge}x${target.maxShortEdge}, sharp ${sharp.concurrency()} threads a pipeline`;
}

const rawOf = async (png: Buffer) => sharp(png, { failOn: 'error' }).autoOrient().toColourspace('srgb').removeAlpha().raw().toBuffer();

/** One pixel lock (RGB, output at the source's size) taken apart stage by stage. */
export async function lockStages(source: Buffer, output: Buffer, mask: Buffer, width: number, height: number, grow: number, feather: number, runs: number): Promise<string> {
  const [src, out] = await Promise.all([rawOf(source), rawOf(output)]);
  const decode = (await timeIt(() => Promise.all([rawOf(source), rawOf(output)]), runs)).cpu;
  const maskPlane = () => sharp(mask, { failOn: 'error' }).resize({ width, height, fit: 'fill' }).ensureAlpha().extractChannel(3).raw().toBuffer();
  const alpha = await maskPlane();
  const plane = (await timeIt(maskPlane, runs)).cpu;
  const wts = editWeights(alpha, width, height, grow, feather);
  const weights = (await timeIt(() => editWeights(alpha, width, height, grow, feather), runs)).cpu;
  const k = Math.max(1, Math.round(Math.min(width, height) / 256));
  const sg = greyBlocks(src, width, height, 3, k, wts.w, wts.box);
  const og = greyBlocks(out, width, height, 3, k, wts.w, wts.box);
  const grey = (await timeIt(() => greyBlocks(src, width, height, 3, k, wts.w, wts.box), runs)).cpu;
  const reframe = findReframe(sg, og);
  const search = (await timeIt(() => findReframe(sg, og), runs)).cpu;
  const reframed = reframe.scale !== 1 || reframe.dx !== 0 || reframe.dy !== 0;
  let aligned: Uint8Array = out;
  let valid = { x0: 0, y0: 0, x1: width, y1: height };
  const stages: [string, number][] = [
    ['decode both PNGs (side by side)', decode],
    ['mask plane', plane],
    ['weights', weights],
    [`grey blocks x${reframed ? 3 : 2}`, grey * (reframed ? 3 : 2)],
    ['reframe search', search],
  ];
  if (reframed) {
    ({ data: aligned, valid } = await undoReframe(out, width, height, 3, reframe));
    stages.push(['undo reframe', (await timeIt(() => undoReframe(out, width, height, 3, reframe), runs)).cpu]);
  }
  const blend = () => {
    const locked = Buffer.from(src);
    blendInto(wholePlane(locked, width), wholePlane(aligned, width), wholePlane(wts.w, width), wts.box, 3);
    return locked;
  };
  const locked = blend();
  stages.push(['blend', (await timeIt(blend, runs)).cpu]);
  const png = (data: Uint8Array, compressionLevel: number) => sharp(data, { raw: { width, height, channels: 3 } }).png({ compressionLevel, adaptiveFiltering: false }).toBuffer();
  stages.push(['locked PNG encode (beside the metrics)', (await timeIt(() => png(locked, 1), runs)).cpu]);
  if (reframed) stages.push(['aligned raw PNG, stored', (await timeIt(() => png(aligned, 0), runs)).cpu]);
  const outGrey = reframed ? greyBlocks(aligned, width, height, 3, k, wts.w, wts.box, valid) : og;
  const input = { source: src, output: aligned, channels: 3 as const, width, height, weights: wts.w, valid, threshold: 5 };
  stages.push(['ΔE + SSIM', (await timeIt(() => leakageMetrics(input, sg, outGrey), runs)).cpu]);
  return `stage CPU (ms, each alone; their sum is the work, not the wall time): ${profileText(stages)}`;
}
