/**
 * The durable queue against a real core (SQLite file, store) and the fake API over HTTP:
 * the rate limit per model, which failures are retried, pause and resume, waiting out an
 * endpoint that went away, and what the next start does with jobs a crash left behind.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JobQueue } from '../../electron/core/jobs/job-queue';
import { RateLimiter, SKEW_MS, WINDOW_MS } from '../../electron/core/jobs/rate-limiter';
import { JobsRepo } from '../../electron/core/db/jobs-repo';
import type { JobView, QueueState, SettingsView } from '../../electron/shared';
import { baseParams, makeHarness, TEST_KEY, type Harness } from './core-harness';
import { startToggleProxy, type ToggleProxy } from './helpers/toggle-proxy';

let h: Harness | null = null;
let proxy: ToggleProxy | null = null;
afterEach(async () => {
  await h?.dispose();
  await proxy?.close();
  h = null;
  proxy = null;
});

const images = (x: Harness, model?: string) =>
  x.fake.requests.filter((r) => r.path.endsWith('/images/generations') && (!model || (r.json as { model?: string } | undefined)?.model === model));

describe('RateLimiter', () => {
  it('lets each model send its own images per minute and says how long to wait', () => {
    let now = 1_000_000;
    const l = new RateLimiter(3, () => now);
    expect(l.tryTake('a', 2)).toBe(0);
    expect(l.tryTake('a', 1)).toBe(0);
    const wait = l.tryTake('a', 1);
    expect(wait).toBe(WINDOW_MS + SKEW_MS);
    expect(l.tryTake('b', 3)).toBe(0); // another model's limit is its own
    now += 20_000;
    expect(l.tryTake('a', 1)).toBe(WINDOW_MS + SKEW_MS - 20_000);
    now += WINDOW_MS + SKEW_MS - 20_000;
    expect(l.tryTake('a', 2)).toBe(0); // the first three slid out of the window
    expect(l.usage()).toEqual([{ model: 'a', sentLastMinute: 2, perMinute: 3 }]); // b's slid out too
  });

  it('holds a model after a 429 for as long as Retry-After said, and lets an oversized request go alone', () => {
    let now = 0;
    const l = new RateLimiter(2, () => now);
    l.hold('a', 5_000);
    expect(l.tryTake('a', 1)).toBe(5_000);
    now = 5_000;
    expect(l.tryTake('a', 10)).toBe(0); // bigger than the limit: alone, once the window is empty
    expect(l.tryTake('a', 1)).toBeGreaterThan(0);
  });
});

describe('JobQueue admission and pause', () => {
  it('starts nothing while paused, passes over a job its rate refuses, and comes back for it', async () => {
    const started: number[] = [];
    let allowOne = false;
    const q = new JobQueue({
      concurrency: 4,
      run: async (id) => {
        started.push(id);
      },
      admit: (id) => (id === 1 && !allowOne ? 30 : 0),
    });
    q.pause();
    q.enqueue(1);
    q.enqueue(2);
    await new Promise((r) => setTimeout(r, 20));
    expect(started).toEqual([]);
    q.resume();
    await new Promise((r) => setTimeout(r, 5));
    expect(started).toEqual([2]);
    allowOne = true;
    await q.whenIdle();
    expect(started).toEqual([2, 1]);
  });
});

describe('durable queue (core)', () => {
  it('keeps each model to its images per minute; other models go on', async () => {
    h = await makeHarness();
    await h.ok<SettingsView>('settings:update', { queue: { imagesPerMinute: 2, concurrency: 4 } });
    const a = [await h.generate(), await h.generate(), await h.generate()];
    const b = await h.generate({ model: 'gpt-image-2' });
    const x = h;
    await expect.poll(async () => (await x.ok<JobView>('jobs:get', { jobId: b })).status, { timeout: 15_000 }).toBe('succeeded');
    await expect.poll(async () => (await x.ok<JobView>('jobs:get', { jobId: a[1]! })).status, { timeout: 15_000 }).toBe('succeeded');
    await new Promise((r) => setTimeout(r, 500));
    // Two sunburst images went out this minute; the third waits its turn.
    expect((await h.ok<JobView>('jobs:get', { jobId: a[2]! })).status).toBe('queued');
    expect(images(h, baseParams.model)).toHaveLength(2);
    const state = await h.ok<QueueState>('queue:state', {});
    expect(state).toMatchObject({ waiting: 1, imagesPerMinute: 2 });
    expect(state.limits).toContainEqual({ model: baseParams.model, sentLastMinute: 2, perMinute: 2 });
    await h.ok('jobs:cancel', { jobId: a[2]! });
  });

  it('retries a 429 after its Retry-After and a 5xx, never insufficient_quota or moderation', async () => {
    h = await makeHarness();
    h.fake.queueFault({ kind: 'rate_limit', retryAfterSeconds: 1, match: 'generations' });
    const started = Date.now();
    const limited = await h.settle(await h.generate());
    expect(limited.status).toBe('succeeded');
    expect(limited.attempts).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    const retryEvent = h.events.find((e) => e.type === 'retry' && e.jobId === limited.id);
    expect(retryEvent).toMatchObject({ delayMs: 1000, error: { code: 'RATE_LIMITED' } });

    h.fake.queueFault({ kind: 'server_error', status: 503, match: 'generations' });
    expect(await h.settle(await h.generate())).toMatchObject({ status: 'succeeded', attempts: 2 });

    h.fake.queueFault({ kind: 'insufficient_quota', match: 'generations' });
    expect(await h.settle(await h.generate())).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'INSUFFICIENT_QUOTA' } });

    h.fake.queueFault({ kind: 'moderation', match: 'generations' });
    expect(await h.settle(await h.generate())).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'MODERATION_BLOCKED' } });
  });

  it('pauses and resumes: nothing is sent while paused, and the pause outlives a restart', async () => {
    h = await makeHarness();
    expect((await h.ok<QueueState>('queue:pause', {})).paused).toBe(true);
    const jobId = await h.generate();
    await new Promise((r) => setTimeout(r, 300));
    expect((await h.ok<JobView>('jobs:get', { jobId })).status).toBe('queued');
    expect(images(h)).toHaveLength(0);

    await h.reopen();
    const after = await h.ok<QueueState>('queue:state', {});
    expect(after).toMatchObject({ paused: true, waiting: 1 });
    expect(images(h)).toHaveLength(0);

    expect((await h.ok<QueueState>('queue:resume', {})).paused).toBe(false);
    expect(await h.settle(jobId)).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(images(h)).toHaveLength(1);
    expect(h.events.some((e) => e.type === 'queue' && e.state.paused)).toBe(true);
  });

  it('waits while the endpoint is unreachable and resumes by itself when it answers again', async () => {
    h = await makeHarness({ tuning: { offlineProbeMs: 50 } });
    proxy = await startToggleProxy(h.fake.url);
    await h.ok('settings:update', { baseURL: proxy.url, apiKey: TEST_KEY, queue: { concurrency: 1 } });
    await proxy.down();
    const first = await h.generate();
    const second = await h.generate();
    const x = h;
    await expect.poll(async () => (await x.ok<QueueState>('queue:state', {})).offline, { timeout: 10_000 }).toBe(true);
    await new Promise((r) => setTimeout(r, 400));
    expect(images(h)).toHaveLength(0);
    // The second job was never started while offline.
    expect((await h.ok<JobView>('jobs:get', { jobId: second })).attempts).toBe(0);

    await proxy.up();
    expect(await h.settle(second)).toMatchObject({ status: 'succeeded', attempts: 1 });
    const done = await h.ok<JobView>('jobs:get', { jobId: first });
    // One attempt that never got through, one that did: the wait used none up.
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(images(h)).toHaveLength(2);
    expect((await h.ok<QueueState>('queue:state', {})).offline).toBe(false);
  });

  it('after a crash: re-sends what was waiting, interrupts what was on its way, keeps every output', async () => {
    h = await makeHarness();
    // A job that finished, so its output exists in the store.
    const done = await h.settle(await h.generate({ n: 2 }));
    expect(done.outputs).toHaveLength(2);
    await h.core.close();

    // What a kill leaves in the file: a queued job, one waiting out a retry, one whose request was in flight
    // (with one of its two images already stored).
    const db = new Database(join(h.dataDir, 'loupe.sqlite'));
    const repo = new JobsRepo(db);
    const make = () => repo.create({ kind: 'generate', model: baseParams.model, prompt: 'after the crash', params: { ...baseParams, n: 2 }, estimate: null, createdAt: Date.now() });
    const queued = make();
    const retrying = make();
    repo.markRunning(retrying, Date.now());
    repo.markRetrying(retrying, { code: 'SERVER_ERROR', message: 'The server had an error.' });
    const inFlight = make();
    repo.markRunning(inFlight, Date.now());
    repo.addOutput(inFlight, { index: 0, assetHash: done.outputs[0]!.assetHash, width: 1024, height: 1024, mime: 'image/png', bytes: done.outputs[0]!.bytes });
    db.close();
    const before = images(h).length;

    await h.reopen();
    const x = h;
    await expect.poll(async () => (await x.ok<JobView>('jobs:get', { jobId: retrying })).status, { timeout: 15_000 }).toBe('succeeded');
    await h.core.whenIdle();
    expect(await h.ok<JobView>('jobs:get', { jobId: queued })).toMatchObject({ status: 'succeeded' });
    const interrupted = await h.ok<JobView>('jobs:get', { jobId: inFlight });
    expect(interrupted).toMatchObject({ status: 'interrupted', error: { code: 'INTERRUPTED' } });
    expect(interrupted.outputs.map((o) => o.index)).toEqual([0]);
    // Two jobs of two images were sent again; the interrupted one was not.
    expect(images(h).length - before).toBe(2);
    // Its retry asks only for the image it lacks.
    await h.ok('jobs:retry', { jobId: inFlight });
    const retried = await h.settle(inFlight);
    expect(retried.status).toBe('succeeded');
    expect((images(h).at(-1)!.json as { n: number }).n).toBe(1);
    const check = new Database(join(h.dataDir, 'loupe.sqlite'), { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();
  });
});
