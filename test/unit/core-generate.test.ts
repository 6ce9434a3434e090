import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { costFromUsage, JobViewSchema, type JobEvent, type JobView, type QueueState } from '../../electron/shared';
import { baseParams, jobEvents, makeHarness, TEST_KEY, type Harness } from './core-harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

const generations = (x: Harness) => x.fake.requests.filter((r) => r.path === '/v1/images/generations');
const retries = (events: JobEvent[], jobId: number) =>
  events.filter((e): e is Extract<JobEvent, { type: 'retry' }> => e.type === 'retry' && e.jobId === jobId);

/** Polls the job until `pred` holds (for states in the middle of a run). */
async function until(x: Harness, jobId: number, pred: (j: JobView) => boolean, ms = 5_000): Promise<JobView> {
  const end = Date.now() + ms;
  for (;;) {
    const job = await x.ok<JobView>('jobs:get', { jobId });
    if (pred(job)) return job;
    if (Date.now() > end) throw new Error(`job ${jobId} stuck in ${job.status}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A port that was free a moment ago and has nobody listening on it. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

describe('generation end to end', () => {
  it('streams n=2 as two requests, stores both images, saves them by template, reports partials and usage', async () => {
    h = await makeHarness();
    // GPT Image 2: its output tokens follow the published formula, so the estimate is exact.
    const jobId = await h.generate({ model: 'gpt-image-2', n: 2, stream: true, partialImages: 2 });
    const job = await h.settle(jobId);
    expect(JobViewSchema.parse(job).status).toBe('succeeded');
    expect(job.outputs.map((o) => o.index)).toEqual([0, 1]);

    // In the store, with a thumbnail.
    for (const o of job.outputs) {
      const full = await h.core.resolveAsset(o.assetHash, 'full');
      expect(full?.mime).toBe('image/png');
      expect(existsSync(full!.path)).toBe(true);
      expect((await h.core.resolveAsset(o.assetHash, 'thumb'))?.mime).toBe('image/webp');
    }
    // In the output folder, named by the default template, distinct.
    const saved = job.outputs.map((o) => o.savedPath!);
    expect(new Set(saved).size).toBe(2);
    expect(saved.map((p) => basename(p))).toEqual([
      expect.stringMatching(/^\d{4}-\d{2}-\d{2}_a-red-fox-in-fresh-snow_gpt-image-2_1\.png$/),
      expect.stringMatching(/_2\.png$/),
    ]);
    expect((await readdir(h.outputDir)).sort()).toEqual(saved.map((p) => basename(p)).sort());

    // Two single-image streamed requests, with only what the model takes.
    const reqs = generations(h);
    expect(reqs).toHaveLength(2);
    for (const r of reqs) {
      expect(r.json).toMatchObject({ model: 'gpt-image-2', n: 1, stream: true, partial_images: 2 });
      expect(r.json).toHaveProperty('safety_identifier');
      expect(r.json).not.toHaveProperty('user');
      expect(r.json).not.toHaveProperty('response_format');
      expect(r.json).not.toHaveProperty('output_compression');
    }
    expect(job.requestIds.sort()).toEqual(reqs.map((r) => r.id).sort());

    // Partials: small JPEG previews for both images, in order per image.
    const partials = h.events.filter((e): e is Extract<JobEvent, { type: 'partial' }> => e.type === 'partial');
    for (const img of [0, 1]) expect(partials.filter((p) => p.imageIndex === img).map((p) => p.partialIndex)).toEqual([0, 1]);
    const meta = await sharp(Buffer.from(partials[0]!.dataUrl.split(',')[1]!, 'base64')).metadata();
    expect(meta.format).toBe('jpeg');
    expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(384);

    // Usage = what the fake billed: (196 + 2 partials × 100) per image; each request bills the prompt.
    expect(job.usage).toEqual({ inputTextTokens: 12, inputImageTokens: 0, outputImageTokens: 792, outputTextTokens: 0 });
    expect(job.costUsd).toBe(costFromUsage('gpt-image-2', job.usage!));
    expect(job.estimate?.usage).toEqual(job.usage);

    // Status events: queued → running → … → succeeded, each a valid JobView.
    const statuses = jobEvents(h.events, jobId).map((j) => j.status);
    expect(statuses[0]).toBe('queued');
    expect(statuses.at(-1)).toBe('succeeded');
    // Every partial of an image is emitted before the job event that records the image.
    for (const img of [0, 1]) {
      const recorded = h.events.findIndex((e) => e.type === 'job' && e.job.outputs.some((o) => o.index === img));
      const lastPartial = h.events.findLastIndex((e) => e.type === 'partial' && e.imageIndex === img);
      expect(lastPartial).toBeGreaterThan(-1);
      expect(lastPartial).toBeLessThan(recorded);
    }
  });

  it('retries a rate limit once, honouring Retry-After, then succeeds', async () => {
    h = await makeHarness();
    h.fake.queueFault({ kind: 'rate_limit', retryAfterSeconds: 1, match: 'generations' });
    const t0 = Date.now();
    const jobId = await h.generate();
    const job = await h.settle(jobId);
    expect(job.status).toBe('succeeded');
    expect(job.attempts).toBe(2);
    expect(job.error).toBeNull();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    const [retry, ...more] = retries(h.events, jobId);
    expect(more).toEqual([]);
    expect(retry).toMatchObject({ attempt: 2, maxAttempts: 3, delayMs: 1000, error: { code: 'RATE_LIMITED', detail: { retryAfterSeconds: 1, retryable: true } } });
    expect(jobEvents(h.events, jobId).map((j) => j.status)).toContain('retrying');
    expect(job.requestIds).toHaveLength(2);
  });

  it('does not retry insufficient quota', async () => {
    h = await makeHarness();
    h.fake.queueFault({ kind: 'insufficient_quota', match: 'generations' });
    const job = await h.settle(await h.generate());
    expect(job.status).toBe('failed');
    expect(job.error).toMatchObject({ code: 'INSUFFICIENT_QUOTA', detail: { status: 429, retryable: false } });
    expect(job.attempts).toBe(1);
    expect(retries(h.events, job.id)).toEqual([]);
    expect(generations(h)).toHaveLength(1);
  });

  it('fails a moderated request with its categories and never retries it', async () => {
    h = await makeHarness();
    h.fake.queueFault({ kind: 'moderation', categories: ['violence', 'harassment'], stage: 'input', match: 'generations' });
    const job = await h.settle(await h.generate({ stream: true, partialImages: 1 }));
    expect(job.status).toBe('failed');
    expect(job.error).toMatchObject({ code: 'MODERATION_BLOCKED', detail: { categories: ['violence', 'harassment'], stage: 'input', status: 400 } });
    expect(job.error!.message).toContain('violence, harassment');
    expect(job.attempts).toBe(1);
    expect(generations(h)).toHaveLength(1);
  });

  it('waits for an endpoint that cannot be reached without using up attempts, and stops on cancel', async () => {
    // Nobody listens on that port: the connection is refused, so nothing was ever sent.
    const hh = await makeHarness({ env: { OPENAI_BASE_URL: `http://127.0.0.1:${await closedPort()}/v1` }, tuning: { offlineProbeMs: 50 } });
    h = hh;
    const jobId = await h.generate({ stream: true, partialImages: 2 });
    await expect.poll(async () => (await hh.ok<QueueState>('queue:state', {})).offline, { timeout: 10_000 }).toBe(true);
    await new Promise((r) => setTimeout(r, 300)); // several probes go by
    const waiting = await h.ok<JobView>('jobs:get', { jobId });
    expect(waiting.status).toBe('retrying');
    expect(waiting.error).toMatchObject({ code: 'NETWORK_ERROR', detail: { retryable: true } });
    expect(waiting.error?.detail?.outcome).toBeUndefined();
    expect(waiting.attempts).toBe(1);
    expect(h.events.some((e) => e.type === 'queue' && e.state.offline)).toBe(true);
    const canceled = await h.ok<JobView>('jobs:cancel', { jobId });
    expect(canceled.status).toBe('canceled');
    expect(h.fake.requests.filter((r) => r.path.includes('images'))).toEqual([]);
  });

  it('never retries on its own a request that may have been billed: a drop after sending, a stall', async () => {
    h = await makeHarness({ tuning: { streamIdleMs: 1_500 } });
    await h.settle(await h.generate({ stream: true, partialImages: 1 })); // warm the fake up
    h.fake.queueFault({ kind: 'drop', afterPartials: 1, match: 'generations' });
    const dropped = await h.settle(await h.generate({ stream: true, partialImages: 2 }));
    expect(dropped.status).toBe('failed');
    expect(dropped.error).toMatchObject({ code: 'NETWORK_ERROR', detail: { outcome: 'unknown' } });
    expect(dropped.error?.message).toContain('Retry to ask again: it may be billed twice.');
    expect(dropped.attempts).toBe(1);
    expect(retries(h.events, dropped.id)).toEqual([]);

    h.fake.queueFault({ kind: 'stall', afterPartials: 1, match: 'generations' });
    const stalled = await h.settle(await h.generate({ stream: true, partialImages: 2 }));
    expect(stalled.status).toBe('failed');
    expect(stalled.error).toMatchObject({ code: 'STREAM_STALLED', detail: { outcome: 'unknown' } });
    expect(stalled.attempts).toBe(1);
    expect(stalled.outputs).toEqual([]);

    // Offered to the person: their Retry asks again, once.
    const before = generations(h).length;
    await h.ok('jobs:retry', { jobId: stalled.id });
    const again = await h.settle(stalled.id);
    expect(again.error).toBeNull();
    expect(again.status).toBe('succeeded');
    expect(generations(h).length - before).toBe(1);
  });

  it('retries only the image that failed in a split stream, so nothing is requested twice', async () => {
    h = await makeHarness();
    h.fake.queueFault({ kind: 'server_error', status: 503, match: 'generations' });
    const job = await h.settle(await h.generate({ n: 2, stream: true, partialImages: 1 }));
    expect(job.status).toBe('succeeded');
    expect(job.outputs).toHaveLength(2);
    expect(generations(h)).toHaveLength(3); // 2 first, 1 retry of the failed one
    expect(retries(h.events, job.id)).toHaveLength(1);
  });

  it('keeps the image that arrived when its sibling is blocked', async () => {
    h = await makeHarness();
    h.fake.queueFault({ kind: 'moderation', stage: 'output', categories: ['sexual'], match: 'generations' });
    const job = await h.settle(await h.generate({ model: 'gpt-image-2', n: 2, stream: true, partialImages: 1 }));
    expect(job.status).toBe('failed');
    expect(job.error?.code).toBe('MODERATION_BLOCKED');
    expect(job.outputs).toHaveLength(1);
    expect(existsSync(job.outputs[0]!.savedPath!)).toBe(true);
    // GPT Image 2 at low 1024x1024: 196 image tokens, plus 100 for the partial.
    expect(job.usage?.outputImageTokens).toBe(296);
    expect(generations(h)).toHaveLength(2);
  });

  it('a user retry of a partly failed job asks only for the missing image and keeps the usage', async () => {
    h = await makeHarness();
    h.fake.queueFault({ kind: 'moderation', match: 'generations' });
    const jobId = await h.generate({ model: 'gpt-image-2', n: 2, stream: true, partialImages: 1 });
    const failed = await h.settle(jobId);
    expect(failed.outputs).toHaveLength(1);
    const kept = failed.outputs[0]!;

    await h.ok('jobs:retry', { jobId });
    const done = await h.settle(jobId);
    expect(done.status).toBe('succeeded');
    expect(done.error).toBeNull();
    expect(done.outputs.map((o) => o.index)).toEqual([0, 1]);
    expect(done.outputs.find((o) => o.index === kept.index)).toEqual(kept);
    expect(generations(h)).toHaveLength(3);
    expect(generations(h).at(-1)!.json).toMatchObject({ n: 1 });
    expect(done.usage!.outputImageTokens).toBe(2 * 296);
    expect(done.attempts).toBe(2);
    // Only failed, interrupted or canceled jobs can run again.
    expect(await h.call('jobs:retry', { jobId })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await h.call('jobs:cancel', { jobId })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await h.call('jobs:get', { jobId: 999 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('marks a job that was running at shutdown as interrupted, and a retry finishes it', async () => {
    // The close waits a little for the request in flight (shutdownDrainMs), then gives up on the stalled one.
    h = await makeHarness({ tuning: { streamIdleMs: 60_000, shutdownDrainMs: 300 } });
    h.fake.queueFault({ kind: 'stall', afterPartials: 1, match: 'generations' });
    const jobId = await h.generate({ stream: true, partialImages: 2 });
    await until(h, jobId, (j) => j.status === 'running');
    await new Promise((r) => setTimeout(r, 300));
    await h.reopen();
    const interrupted = await h.ok<JobView>('jobs:get', { jobId });
    expect(interrupted.status).toBe('interrupted');
    expect(interrupted.error?.code).toBe('INTERRUPTED');

    const requeued = await h.ok<JobView>('jobs:retry', { jobId });
    expect(['queued', 'running']).toContain(requeued.status);
    const done = await h.settle(jobId);
    expect(done.status).toBe('succeeded');
    expect(done.outputs).toHaveLength(1);
  });

  it('keeps the image and records the error when the output folder cannot be written', async () => {
    // A folder under a regular file cannot be created, even by root (chmod would not stop root).
    const blocker = join(tmpdir(), `loupe-blocker-${process.pid}-${Date.now()}`);
    await writeFile(blocker, 'not a folder');
    try {
      h = await makeHarness({ outputDir: join(blocker, 'out') });
      const job = await h.settle(await h.generate());
      expect(job.status).toBe('succeeded');
      expect(job.error).toBeNull();
      expect(job.outputs[0]!.savedPath).toBeNull();
      expect(job.outputs[0]!.saveError).toMatch(/could not save/i);
      expect(existsSync((await h.core.resolveAsset(job.outputs[0]!.assetHash, 'full'))!.path)).toBe(true);
    } finally {
      await rm(blocker, { force: true });
    }
  });

  it('cancels a running job: aborts the request and records canceled', async () => {
    h = await makeHarness({ tuning: { streamIdleMs: 60_000 } });
    h.fake.queueFault({ kind: 'stall', afterPartials: 1, match: 'generations' });
    const jobId = await h.generate({ stream: true, partialImages: 2 });
    await until(h, jobId, (j) => j.status === 'running');
    const canceled = await h.ok<JobView>('jobs:cancel', { jobId });
    expect(canceled.status).toBe('canceled');
    expect(canceled.error).toBeNull();
    await h.core.whenIdle();
    const again = await h.call('jobs:cancel', { jobId });
    expect(again).toMatchObject({ ok: true, value: { status: 'canceled' } });
  });

  it('refuses to start without a key, before any job exists', async () => {
    h = await makeHarness({ key: null });
    const r = await h.call('jobs:generate', baseParams);
    expect(r).toEqual({ ok: false, error: { code: 'NO_API_KEY', message: 'Add your OpenAI API key in Settings first.' } });
    expect((await h.ok<{ items: JobView[] }>('history:list', {})).items).toEqual([]);
    expect(h.fake.requests).toHaveLength(0);
  });

  it('never lets the key out: no handler result, error or event contains it', async () => {
    h = await makeHarness();
    await h.ok('settings:get');
    await h.ok('settings:set-key', { apiKey: TEST_KEY });
    await h.ok('connection:test');
    h.fake.queueFault({ kind: 'rate_limit', retryAfterSeconds: 0, match: 'generations' });
    await h.settle(await h.generate({ stream: true, partialImages: 1 }));
    await h.call('settings:set-key', { apiKey: 'sk-bad-key-0000000000000000' });
    const bad = await h.call('connection:test');
    expect(bad).toMatchObject({ ok: false, error: { code: 'AUTH_INVALID_KEY' } });
    await h.call('jobs:generate', { ...baseParams, prompt: 'x' });
    await h.core.whenIdle();
    await h.ok('history:list', {});
    await h.ok('app:info');
    const everything = JSON.stringify([h.transcript, h.events]);
    expect(everything).not.toContain(TEST_KEY);
    expect(everything).not.toContain('sk-bad-key-0000000000000000');
    expect(everything).toContain('AUTH_INVALID_KEY');
  });
});
