/**
 * Economy batches through the fake's Files and Batches endpoints: one JSONL upload, the
 * results mapped back to their photos by custom_id at half price, polling that resumes
 * after a restart without submitting anything twice, expiry, and the models it refuses.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { costFromUsage, type BatchView, type JobView } from '../../electron/shared';
import { DEFAULT_BATCH_TIMINGS } from '../fake-openai/batches';
import { SHOOT, writeShoot } from '../support/batch-photos';
import { makeHarness, type Harness } from './core-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

const recipe = { model: 'gpt-image-2.6-flare', prompt: 'Soft film look', quality: 'low', size: '1024x1024', outputFormat: 'jpeg', background: 'auto', moderation: 'auto' };

async function setup(timings: Partial<typeof DEFAULT_BATCH_TIMINGS> = {}) {
  const x = await makeHarness({ env: { LOUPE_BATCH_ROOTS: '/tmp' }, tuning: { batchPollMs: 40 } });
  h = x;
  x.fake.setOptions({ batchTimings: { ...DEFAULT_BATCH_TIMINGS, validatingMs: 20, inProgressMs: 100, finalizingMs: 20, ...timings } });
  const inputDir = join(x.root, 'shoot');
  const outputDir = join(x.root, 'economy-out');
  await writeShoot(inputDir);
  return { x, outputDir, args: { inputDir, outputDir, recipe, mode: 'economy' } };
}

async function settled(x: Harness, batchId: number): Promise<BatchView> {
  await expect.poll(async () => (await x.ok<BatchView>('batches:get', { batchId })).status, { timeout: 60_000, interval: 50 }).not.toMatch(/running|waiting/);
  return x.ok<BatchView>('batches:get', { batchId });
}

const direct = (x: Harness) => x.fake.requests.filter((r) => r.path.startsWith('/v1/images/') && !r.viaBatch);

describe('economy batches', () => {
  it('uploads one JSONL, maps every result back to its photo, and bills half price', async () => {
    const { x, outputDir, args } = await setup();
    const started = await x.ok<BatchView>('batches:start', args);
    expect(started.status).toBe('waiting');
    expect(started.items.every((i) => i.status === 'submitted')).toBe(true);
    expect(started.remote).toHaveLength(1);
    const done = await settled(x, started.id);
    expect(done.status).toBe('done');
    expect(done.counts).toMatchObject({ succeeded: 5, failed: 0 });
    expect(done.remote[0]).toMatchObject({ status: 'completed', completed: 5, failed: 0, total: 5 });
    // Nothing went to the image endpoints but the Batch API's own lines.
    expect(direct(x)).toHaveLength(0);
    expect(x.fake.batches.batches.size).toBe(1);
    const [remote] = [...x.fake.batches.batches.values()];
    expect(remote!.lines.map((l) => l.custom_id).sort()).toEqual(done.items.map((i) => `loupe-${done.id}-${i.id}`).sort());
    const body = remote!.lines[0]!.body as { images: Array<{ image_url: string }>; model: string; n: number };
    expect(body.images[0]!.image_url).toMatch(/^data:image\/(jpeg|png|webp);base64,/);
    expect(body).toMatchObject({ model: 'gpt-image-2.6-flare', n: 1 });
    for (const item of done.items) {
      expect((await stat(join(outputDir, ...item.relPath.split('/')))).isFile()).toBe(true);
      const job = await x.ok<JobView>('jobs:get', { jobId: item.jobId! });
      expect(job.status).toBe('succeeded');
      expect(job.costUsd).toBeCloseTo(costFromUsage(job.model, job.usage!)! / 2, 10);
      expect(job.inputs[0]!.hash).toBe(item.sourceHash);
    }
    expect(done.spentUsd).toBeLessThan(done.estimate.nowUsd);
  });

  it('goes on polling after a restart and submits nothing twice', async () => {
    const { x, args } = await setup({ inProgressMs: 1500 });
    const started = await x.ok<BatchView>('batches:start', args);
    await x.reopen();
    const done = await settled(x, started.id);
    expect(done.counts.succeeded).toBe(SHOOT.length);
    expect(x.fake.batches.batches.size).toBe(1);
    expect(x.fake.requests.filter((r) => r.path === '/v1/batches' && r.method === 'POST')).toHaveLength(1);
    // Starting the same batch again finds it done: nothing is submitted.
    await x.ok<BatchView>('batches:start', args);
    expect((await settled(x, started.id)).counts.succeeded).toBe(5);
    expect(x.fake.batches.batches.size).toBe(1);
  });

  it('says so when the Batch API lets a batch expire, and retries only those photos', async () => {
    const { x, args } = await setup({ inProgressMs: 500, expiresAfterMs: 100 });
    const expired = await settled(x, (await x.ok<BatchView>('batches:start', args)).id);
    expect(expired.counts.failed).toBe(5);
    expect(expired.items[0]!.error?.message).toContain('within its 24 hours');
    x.fake.setOptions({ batchTimings: { ...DEFAULT_BATCH_TIMINGS, validatingMs: 0, inProgressMs: 50, finalizingMs: 0 } });
    const retried = await settled(x, (await x.ok<BatchView>('batches:retry-failed', { batchId: expired.id })).id);
    expect(retried.counts.succeeded).toBe(5);
    expect(x.fake.batches.batches.size).toBe(2);
  });

  it('offers economy only for models the Batch API is confirmed for', async () => {
    const { x, args } = await setup();
    const r = await x.call('batches:start', { ...args, recipe: { ...recipe, model: 'gpt-image-2.5-sunburst' } });
    expect(r).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED', message: expect.stringContaining('has not confirmed') } });
    expect(x.fake.requests.filter((q) => q.path.startsWith('/v1/files'))).toHaveLength(0);
  });
});
