/**
 * The image budgets of the edit studio:
 * - preparing a 24-megapixel camera JPEG for upload (orient, sRGB, 8-bit, scale to what
 *   the model can use, encode), against the naive way of uploading the original file;
 * - pixel lock plus leakage metrics for a 1536x1024 masked edit, with and without a
 *   reframe to find and undo.
 *
 * Today's models (GPT Image 2.6 Sunburst and Flare, 2.5 Sunburst and Flare, 2) share
 * gpt-image-2's input rules, so one row covers them; should the catalogue give one of
 * them other rules, it gets rows of its own. Every time row's note has the CPU time, the
 * machine's load and, from image-stages.ts, where the time goes.
 */
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { findModel } from '../../electron/shared';
import sharp from 'sharp';
import { normaliseInput, pixelLock, targetForModel } from '../../electron/core/images';
import { classifyPixels } from '../../electron/core/images/classify';
import { ensureFixtures, fixturePath } from '../fixtures/generate';
import { ellipseAlpha, encodePng, fakeEdit, maskPng, sourceRgb } from '../fixtures/edits';
import { lockStages, prepareStages, timeIt, type Timed } from './image-stages';
import { row, type BenchRow } from './report';

const RUNS = 15;
const PREPARE_BUDGET_MS = 150;
const PREPARE_BYTES_BUDGET = 0.2;
const LOCK_BUDGET_MS = 100;
/** Active models on 2026-12-03 (reference openai-images-api-2026-12.md §1), newest first. */
const TODAY = ['gpt-image-2.6-sunburst', 'gpt-image-2.6-flare', 'gpt-image-2.5-sunburst', 'gpt-image-2.5-flare', 'gpt-image-2'];

const context = (t: Timed): string => `median of ${RUNS} runs; CPU ${Math.round(t.cpu)} ms (all threads); load average ${loadavg()[0]!.toFixed(1)} on 2 cores`;

/** Today's catalogued models grouped by the input target they get (fidelity is always high on them). */
function targetsOfToday(): Map<string, { target: { maxLongEdge: number; maxShortEdge: number }; models: string[] }> {
  const groups = new Map<string, { target: { maxLongEdge: number; maxShortEdge: number }; models: string[] }>();
  for (const id of TODAY) {
    const model = findModel(id);
    if (!model) continue; // not catalogued yet: the catalogue change is landing separately
    const target = targetForModel(model, 'high');
    const key = `${target.maxLongEdge}x${target.maxShortEdge}`;
    const g = groups.get(key) ?? { target, models: [] };
    g.models.push(id);
    groups.set(key, g);
  }
  return groups;
}

async function prepareRows(camera: Buffer): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const groups = [...targetsOfToday().values()];
  for (const { target, models } of groups) {
    let sent = 0;
    let dims = { width: 0, height: 0 };
    const t = await timeIt(async () => {
      const r = await normaliseInput(camera, 'camera-24mp.jpg', target);
      sent = r.bytes.length;
      dims = { width: r.width, height: r.height };
    }, RUNS);
    const who = groups.length === 1 ? 'gpt-image-2.x input' : `${models.join(', ')} input`;
    const label = `24 MP camera JPEG for ${who} (6000x4000 -> ${dims.width}x${dims.height})`;
    const stages = await prepareStages(camera, target, dims, 5);
    const covers = `models: ${models.join(', ')}`;
    rows.push(row(`${label}: prepare time`, t.wall, 'ms', PREPARE_BUDGET_MS, { note: `${context(t)}; ${stages}; ${covers}` }));
    rows.push(
      row(`${label}: bytes sent / original bytes`, sent / camera.length, 'ratio', PREPARE_BYTES_BUDGET, {
        note: `${(sent / 1e6).toFixed(2)} MB sent of ${(camera.length / 1e6).toFixed(2)} MB`,
        naive: { value: 1, way: 'uploading the original file' },
      }),
    );
  }
  if (groups.length === 0) throw new Error(`none of ${TODAY.join(', ')} is in the catalogue`);
  return rows;
}

async function lockRows(): Promise<BenchRow[]> {
  const w = 1536;
  const h = 1024;
  const opts = { feather: 8, grow: 4 };
  const src = sourceRgb(w, h);
  const alpha = ellipseAlpha(w, h);
  const source = await encodePng(src);
  const mask = await maskPng(alpha, w, h);
  const cases: [string, Buffer][] = [
    ['pixel lock + metrics, 1536x1024 edit', await fakeEdit(src, alpha, { drift: 4 })],
    ['pixel lock + metrics, 1536x1024 edit reframed 3% (alignment search)', await fakeEdit(src, alpha, { drift: 4, zoom: 1.03 })],
  ];
  const rows: BenchRow[] = [];
  for (const [name, output] of cases) {
    const t = await timeIt(() => pixelLock(source, output, mask, opts), RUNS);
    const stages = await lockStages(source, output, mask, w, h, opts.grow, opts.feather, 5);
    rows.push(row(name, t.wall, 'ms', LOCK_BUDGET_MS, { note: `${context(t)}; locked PNG (zlib 1) and aligned raw made; ${stages}` }));
  }
  return rows;
}

/** Intake's classify step needs the pixels: CPU of the whole prepare against streaming the same photo straight to JPEG, as before the step existed. */
const CLASSIFY_OVERHEAD_BUDGET = 1.25;

async function intakeOverheadRow(camera: Buffer): Promise<BenchRow> {
  const model = findModel(TODAY[0]!)!;
  const target = targetForModel(model, 'high');
  const fit = (await normaliseInput(camera, 'camera-24mp.jpg', target)).width;
  const height = Math.round((4000 * fit) / 6000);
  const direct = await timeIt(
    () => sharp(camera, { failOn: 'error', sequentialRead: true }).autoOrient().resize({ width: fit, height, fit: 'fill', kernel: 'mitchell' }).toColourspace('srgb').jpeg({ quality: 85, mozjpeg: false, optimiseCoding: false }).toBuffer(),
    RUNS,
  );
  const intake = await timeIt(() => normaliseInput(camera, 'camera-24mp.jpg', target), RUNS);
  const { data, info } = await sharp(camera).resize({ width: fit, height }).raw().toBuffer({ resolveWithObject: true });
  const classify = await timeIt(() => classifyPixels(data, info.width, info.height, 3), RUNS);
  return row('intake of a 24 MP camera JPEG: CPU against streaming it straight to JPEG (no classify step)', intake.cpu / direct.cpu, 'ratio', CLASSIFY_OVERHEAD_BUDGET, {
    note: `CPU ${Math.round(intake.cpu)} ms against ${Math.round(direct.cpu)} ms; classifying the ${info.width}x${info.height} pixels alone ${classify.cpu.toFixed(1)} ms; load average ${loadavg()[0]!.toFixed(1)} on 2 cores`,
    naive: { value: 1, way: 'decode, resize and encode JPEG in one stream, without looking at the pixels' },
  });
}

export async function benchImages(): Promise<BenchRow[]> {
  await ensureFixtures();
  const camera = await readFile(fixturePath('camera-24mp.jpg'));
  return [...(await prepareRows(camera)), await intakeOverheadRow(camera), ...(await lockRows())];
}
