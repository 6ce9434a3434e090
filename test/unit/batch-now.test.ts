/**
 * Photographer batches in "now" mode against a real core and the fake API: planning,
 * the mirrored output tree with the photos' metadata kept and the recipe recorded,
 * resuming (nothing sent twice), review, retry of the failed, the budget before and
 * during the run, a mask template stretched to each photo, and the folder rules.
 */
import exifr from 'exifr';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreDeps } from '../../electron/core';
import type { AssetView, BatchPlan, BatchView, JobView, QueueState } from '../../electron/shared';
import { cameraPhoto, SHOOT, writeShoot } from '../support/batch-photos';
import { makeHarness, type Harness } from './core-harness';
import { b64, ellipseMask } from './edit-helpers';

let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

const recipe = { model: 'gpt-image-2.6-flare', prompt: 'Warmer evening light, keep every face as it is', quality: 'low', size: '1024x1024', outputFormat: 'jpeg', background: 'auto', moderation: 'auto' };
const edits = (x: Harness) => x.fake.requests.filter((r) => r.path === '/v1/images/edits');

async function setup(env: Record<string, string> = {}, tuning: CoreDeps['tuning'] = {}) {
  const x = await makeHarness({ env: { LOUPE_BATCH_ROOTS: '/tmp', ...env }, tuning });
  h = x;
  const inputDir = join(x.root, 'shoot');
  const outputDir = join(x.root, 'results');
  await writeShoot(inputDir);
  return { x, inputDir, outputDir, args: { inputDir, outputDir, recipe } };
}

async function finished(x: Harness, batchId: number, timeout = 60_000): Promise<BatchView> {
  await expect.poll(async () => (await x.ok<BatchView>('batches:get', { batchId })).status, { timeout, interval: 100 }).not.toMatch(/running|waiting/);
  await x.core.whenIdle();
  return x.ok<BatchView>('batches:get', { batchId });
}

describe('batch planning', () => {
  it('finds the photos in every subfolder, prices both modes, and names what it leaves out', async () => {
    const { x, args } = await setup();
    const plan = await x.ok<BatchPlan>('batches:plan', args);
    expect(plan.files).toBe(SHOOT.length);
    expect(plan.folders).toBe(3);
    expect(plan.sample).toEqual([...SHOOT].sort());
    expect(plan.skipped).toEqual([{ relPath: 'notes.txt', reason: 'Not a photo.' }]);
    expect(plan.estimate.perItemUsd).toBeGreaterThan(0);
    expect(plan.estimate.nowUsd).toBeCloseTo(plan.estimate.perItemUsd * SHOOT.length, 10);
    expect(plan.estimate.economyUsd).toBeCloseTo(plan.estimate.nowUsd / 2, 10);
    expect(plan.estimate.economyAvailable).toBe(true);
    expect(plan.existing).toBeNull();
    expect(plan.overBudget).toBe(false);
    // Nothing was sent to plan.
    expect(edits(x)).toHaveLength(0);

    const over = await x.ok<BatchPlan>('batches:plan', { ...args, budgetUsd: plan.estimate.perItemUsd * 2 });
    expect(over.overBudget).toBe(true);
    const unconfirmed = await x.ok<BatchPlan>('batches:plan', { ...args, recipe: { ...recipe, model: 'gpt-image-2.5-flare' } });
    expect(unconfirmed.estimate.economyAvailable).toBe(false);
    expect(unconfirmed.estimate.economyNote).toContain('has not confirmed');
  });

  it('refuses folders it must not touch, with a clear reason', async () => {
    const { x, inputDir, args } = await setup();
    const refuse = async (over: Record<string, unknown>) => {
      const r = await x.call('batches:plan', { ...args, ...over });
      expect(r.ok).toBe(false);
      return r.ok ? null : r.error;
    };
    expect(await refuse({ inputDir: 'shoot' })).toMatchObject({ code: 'INVALID_ARGUMENTS', message: expect.stringContaining('must be a full path') });
    expect(await refuse({ inputDir: join(x.root, 'nowhere') })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refuse({ outputDir: join(inputDir, 'edited') })).toMatchObject({ message: expect.stringContaining('cannot be inside the photo folder') });
    expect(await refuse({ outputDir: join(x.dataDir, 'out') })).toMatchObject({ message: expect.stringContaining("data folder") });
    // The web host reads only under the home folder and LOUPE_BATCH_ROOTS (/tmp here): /etc is outside both.
    expect(await refuse({ inputDir: '/etc' })).toMatchObject({ code: 'PERMISSION_DENIED', message: expect.stringContaining('home folder') });
  });
});

describe('a batch now', () => {
  it('edits every photo into a mirrored tree, keeps their metadata, records the recipe, and never sends a done photo again', async () => {
    const { x, inputDir, outputDir, args } = await setup();
    const started = await x.ok<BatchView>('batches:start', args);
    expect(started.items.map((i) => i.relPath)).toEqual([...SHOOT].sort());
    const done = await finished(x, started.id);
    expect(done.status).toBe('done');
    expect(done.counts).toMatchObject({ total: 5, succeeded: 5, failed: 0 });
    expect(edits(x)).toHaveLength(5);
    for (const item of done.items) {
      const expected = join(outputDir, ...item.relPath.replace(/\.jpg$/, '.jpg').split('/'));
      expect(item.outputPath).toBe(expected);
      expect((await stat(expected)).isFile()).toBe(true);
      expect(item.sourceHash).toMatch(/^[0-9a-f]{64}$/);
      expect(item.outputHash).toMatch(/^[0-9a-f]{64}$/);
      expect(item.costUsd).toBeGreaterThan(0);
    }
    const saved = await readFile(join(outputDir, 'ceremony', 'vows.jpg'));
    const e = await exifr.parse(saved, { tiff: true, iptc: true, xmp: true, translateValues: false });
    expect([e.Make, e.Model, e.Byline]).toEqual(['Canon', 'EOS R5', 'Ada Lovelace']);
    const xmp = saved.toString('latin1');
    expect(xmp).toContain('&quot;source&quot;:&quot;ceremony/vows.jpg&quot;');
    expect(xmp).toContain('Warmer evening light');
    expect(done.spentUsd).toBeCloseTo(done.items.reduce((s, i) => s + (i.costUsd ?? 0), 0), 10);
    // Each photo is a job in History.
    const job = await x.ok<JobView>('jobs:get', { jobId: done.items[0]!.jobId! });
    expect(job.kind).toBe('edit');
    expect(job.inputs[0]!.name).toBe('arrival.jpg');

    // The same batch again: found, nothing re-sent.
    const again = await x.ok<BatchView>('batches:start', args);
    expect(again.id).toBe(started.id);
    expect((await finished(x, again.id)).counts.succeeded).toBe(5);
    expect(edits(x)).toHaveLength(5);
    const plan = await x.ok<BatchPlan>('batches:plan', args);
    expect(plan.existing).toEqual({ batchId: started.id, done: 5 });

    // A photo added to the folder since: only that one goes.
    await writeFile(join(inputDir, 'party', 'toast.jpg'), await cameraPhoto(960, 720, 9));
    const grown = await finished(x, (await x.ok<BatchView>('batches:start', args)).id);
    expect(grown.counts).toMatchObject({ total: 6, succeeded: 6 });
    expect(edits(x)).toHaveLength(6);
    expect((await stat(join(outputDir, 'party', 'toast.jpg'))).isFile()).toBe(true);

    // Review: approve two, reject one; a decision on nothing is refused.
    const reviewed = await x.ok<BatchView>('batches:review', { batchId: started.id, itemIds: [grown.items[0]!.id, grown.items[1]!.id], review: 'approved' });
    expect(reviewed.counts.approved).toBe(2);
    expect((await x.ok<BatchView>('batches:review', { batchId: started.id, itemIds: [grown.items[2]!.id], review: 'rejected' })).counts.rejected).toBe(1);
    expect(await x.call('batches:review', { batchId: started.id, itemIds: [99_999], review: 'approved' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await x.ok<BatchView[]>('batches:list', {}))[0]).toMatchObject({ id: started.id, status: 'done' });
  });

  it('retries only the failed photo, and stops before the budget during the run', async () => {
    const { x, args } = await setup();
    x.fake.queueFault({ kind: 'moderation', match: 'edits' });
    const first = await finished(x, (await x.ok<BatchView>('batches:start', args)).id);
    expect(first.counts).toMatchObject({ succeeded: 4, failed: 1 });
    const failed = first.items.find((i) => i.status === 'failed')!;
    expect(failed.error?.code).toBe('MODERATION_BLOCKED');
    expect(first.note).toContain('1 photo failed');
    const retried = await finished(x, (await x.ok<BatchView>('batches:retry-failed', { batchId: first.id })).id);
    expect(retried.counts).toMatchObject({ succeeded: 5, failed: 0 });
    expect(edits(x)).toHaveLength(6);
    // The retry ran the same job again: History keeps one entry per photo.
    expect(retried.items.find((i) => i.id === failed.id)!.jobId).toBe(failed.jobId);
  });

  it('stops before going over the budget while it runs, when photos cost more than the first', async () => {
    const x = await makeHarness({ env: { LOUPE_BATCH_ROOTS: '/tmp' } });
    h = x;
    const inputDir = join(x.root, 'mixed');
    // A square photo first, then 3:2 ones: high input fidelity costs more for 3:2 inputs (reference §8.2), so the later photos cost more than the estimate.
    await writeShoot(inputDir, ['a-square.jpg'], { width: 720, height: 720 });
    await writeShoot(inputDir, ['b.jpg', 'c.jpg', 'd.jpg', 'e.jpg'], { width: 1440, height: 960 });
    const args = { inputDir, outputDir: join(x.root, 'out-mixed'), recipe };
    const plan = await x.ok<BatchPlan>('batches:plan', args);
    await x.ok('settings:update', { queue: { concurrency: 1 } });
    const over = await x.call('batches:start', { ...args, budgetUsd: plan.estimate.nowUsd * 0.5 });
    expect(over).toMatchObject({ ok: false, error: { code: 'BUDGET_EXCEEDED', message: expect.stringContaining('over the') } });
    expect(edits(x)).toHaveLength(0);

    const run = await finished(x, (await x.ok<BatchView>('batches:start', { ...args, budgetUsd: plan.estimate.nowUsd })).id);
    expect(run.status).toBe('budget-stopped');
    expect(run.note).toMatch(/Stopped before going over the \$[\d.]+ budget/);
    expect(run.counts.pending).toBeGreaterThan(0);
    expect(edits(x).length).toBeLessThan(5);
    // At most the photos already on their way when the real price showed can go past it.
    expect(run.spentUsd).toBeLessThanOrEqual(plan.estimate.nowUsd * 1.25);
  });

  it('stretches a mask template to each photo, landscape or portrait', async () => {
    const { x, args } = await setup();
    const template = await x.ok<AssetView>('assets:import', { name: 'centre.png', dataBase64: b64(await ellipseMask(400, 300)) });
    const done = await finished(x, (await x.ok<BatchView>('batches:start', { ...args, recipe: { ...recipe, maskTemplate: template.hash } })).id);
    expect(done.counts.succeeded).toBe(5);
    const masks = edits(x).map((r) => r.files?.find((f) => f.field === 'mask'));
    const images = edits(x).map((r) => r.files?.find((f) => f.field === 'image[]' || f.field === 'image'));
    masks.forEach((m, i) => {
      expect(m).toBeDefined();
      expect([m!.width, m!.height]).toEqual([images[i]!.width, images[i]!.height]);
    });
    expect(new Set(images.map((f) => (f!.width! > f!.height! ? 'landscape' : 'portrait')))).toEqual(new Set(['landscape', 'portrait']));
    const job = await x.ok<JobView>('jobs:get', { jobId: done.items[0]!.jobId! });
    expect(job.outputs[0]!.lockedHash).not.toBeNull();
    const state = await x.ok<QueueState>('queue:state', {});
    expect(state.waiting).toBe(0);
  });

  it('goes on by itself after a restart mid-batch, sending no photo twice', async () => {
    // The close waits for the photo in flight however loaded the machine is (the app's own default is 15 s).
    const { x, args } = await setup({}, { shutdownDrainMs: 30_000 });
    x.fake.setOptions({ latencyMs: 400 });
    await x.ok('settings:update', { queue: { concurrency: 1 } });
    const started = await x.ok<BatchView>('batches:start', args);
    await expect.poll(async () => (await x.ok<BatchView>('batches:get', { batchId: started.id })).counts.succeeded, { timeout: 20_000, interval: 50 }).toBeGreaterThanOrEqual(1);
    await x.reopen();
    const done = await finished(x, started.id);
    expect(done.items.filter((i) => i.error).map((i) => i.error)).toEqual([]);
    expect(done.counts).toMatchObject({ succeeded: 5, failed: 0 });
    // One answered request per photo: the photo in flight at the restart finished before the close.
    const answered = edits(x).filter((r) => r.status === 200);
    expect(answered).toHaveLength(5);
    expect(edits(x)).toHaveLength(5);
  });
});
