/**
 * The image budgets of the edit studio:
 * - preparing a 24-megapixel camera JPEG for upload (orient, sRGB, 8-bit, scale to what
 *   the model can use, encode), against the naive way of uploading the original file;
 * - pixel lock plus leakage metrics for a 1536x1024 masked edit.
 */
import { readFile } from 'node:fs/promises';
import { findModel } from '../../electron/shared';
import { normaliseInput, pixelLock, targetForModel } from '../../electron/core/images';
import { ensureFixtures, fixturePath } from '../fixtures/generate';
import { ellipseAlpha, encodePng, fakeEdit, maskPng, sourceRgb } from '../fixtures/edits';
import { median, row, type BenchRow } from './report';

const RUNS = 15;

async function timeIt(fn: () => Promise<unknown>, runs = RUNS, warmup = 3): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const t = performance.now();
    await fn();
    if (i >= warmup) times.push(performance.now() - t);
  }
  return median(times);
}

export async function benchImages(): Promise<BenchRow[]> {
  await ensureFixtures();
  const camera = await readFile(fixturePath('camera-24mp.jpg'));
  const rows: BenchRow[] = [];
  for (const [modelId, fidelity] of [['gpt-image-1.5', 'high'], ['gpt-image-1.5', 'low'], ['gpt-image-2', 'high']] as const) {
    const target = targetForModel(findModel(modelId)!, fidelity);
    let sent = 0;
    let dims = '';
    const ms = await timeIt(async () => {
      const r = await normaliseInput(camera, 'camera-24mp.jpg', target);
      sent = r.bytes.length;
      dims = `${r.width}x${r.height}`;
    });
    const label = `24 MP camera JPEG for ${modelId} at ${fidelity} fidelity (-> ${dims})`;
    rows.push(row(`${label}: prepare time`, ms, 'ms', 150));
    rows.push(row(`${label}: bytes sent / original bytes`, sent / camera.length, 'ratio', 0.2));
  }

  const w = 1536;
  const h = 1024;
  const src = sourceRgb(w, h);
  const alpha = ellipseAlpha(w, h);
  const source = await encodePng(src);
  const mask = await maskPng(alpha, w, h);
  const drifted = await fakeEdit(src, alpha, { drift: 4 });
  const zoomed = await fakeEdit(src, alpha, { drift: 4, zoom: 1.03 });
  rows.push(row('pixel lock + metrics, 1536x1024 edit', await timeIt(() => pixelLock(source, drifted, mask, { feather: 8, grow: 4 })), 'ms', 100));
  rows.push(row('pixel lock + metrics, 1536x1024 edit reframed 3% (alignment search)', await timeIt(() => pixelLock(source, zoomed, mask, { feather: 8, grow: 4 })), 'ms', 100));
  return rows;
}
