/**
 * A 429 storm with Retry-After: the fake enforces an images-per-window limit per model (as
 * the API's images per minute, in a short window so the storm lasts seconds) and answers
 * everything over it with 429 and the Retry-After the API would send. The queue must hold
 * off until then, finish every job, and send each image request exactly once successfully;
 * the fake counts the requests. With the queue's own limit set to the account's, nothing is
 * refused at all: the queue waits instead of sending.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { JobView } from '../../electron/shared';
import type { RecordedRequest } from '../fake-openai/server';
import { makeHarness, type Harness } from './core-harness';

const JOBS = 15;
const LIMIT = 3;
const WINDOW_MS = 2_000;
const CONCURRENCY = 4;

const images = (reqs: RecordedRequest[]) => reqs.filter((r) => r.path === '/v1/images/generations');

describe('a 429 storm with Retry-After', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
  });

  it('holds off as told, finishes every job, and sends each image once', async () => {
    // The queue's own limit is far too high (a person who set it wrong): the account's limit binds.
    h = await makeHarness({ tuning: { concurrency: CONCURRENCY, imagesPerMinute: 1000, maxAttempts: 6, retryBaseDelayMs: 10 } });
    h.fake.setOptions({ rateLimit: { images: LIMIT, windowMs: WINDOW_MS } });
    const started = Date.now();
    const ids: number[] = [];
    for (let i = 0; i < JOBS; i++) ids.push(await h.generate({ prompt: `storm ${i}` }));
    await h.core.whenIdle();
    const elapsed = Date.now() - started;
    const jobs = await h.ok<JobView[]>('history:get-many', { ids });

    expect(jobs.map((j) => j.status)).toEqual(ids.map(() => 'succeeded'));
    const reqs = images(h.fake.requests);
    const accepted = reqs.filter((r) => r.status === 200);
    const refused = reqs.filter((r) => r.status === 429);
    // Exactly one accepted request per job: nothing lost, nothing sent twice.
    expect(accepted).toHaveLength(JOBS);
    expect(new Set(accepted.map((r) => (r.json as { prompt: string }).prompt)).size).toBe(JOBS);
    // Never more than the limit accepted in any window (the fake's promise, checked from its record).
    for (const r of accepted) expect(accepted.filter((x) => x.receivedAt >= r.receivedAt && x.receivedAt < r.receivedAt + WINDOW_MS).length).toBeLessThanOrEqual(LIMIT);
    // The storm happened, and the queue did not hammer through it: without honouring
    // Retry-After every job would burn its six attempts within milliseconds and fail.
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.length).toBeLessThanOrEqual(JOBS * 2);
    // It took about as long as the limit allows, no less.
    expect(elapsed).toBeGreaterThanOrEqual((Math.ceil(JOBS / LIMIT) - 1) * WINDOW_MS - 200);
    // Each job says how many times it was sent; together they match the fake's count.
    expect(jobs.reduce((s, j) => s + j.attempts, 0)).toBe(reqs.length);
  }, 180_000);

  it('with its limit set to the account’s, the queue waits instead of being refused', async () => {
    h = await makeHarness({ tuning: { concurrency: CONCURRENCY, imagesPerMinute: 5, maxAttempts: 2, retryBaseDelayMs: 10 } });
    // The real window: a minute.
    h.fake.setOptions({ rateLimit: { images: 5, windowMs: 60_000 } });
    const first = [];
    for (let i = 0; i < 5; i++) first.push(await h.generate({ prompt: `within ${i}` }));
    await h.core.whenIdle();
    const sixth = await h.generate({ prompt: 'one too many' });
    // Well past the time a request would take: the sixth is held back, not sent and refused.
    await new Promise((r) => setTimeout(r, 3_000));
    const held = await h.ok<JobView>('jobs:get', { jobId: sixth });
    expect(held.status).toBe('queued');
    const reqs = images(h.fake.requests);
    expect(reqs.filter((r) => r.status === 429)).toEqual([]);
    expect(reqs).toHaveLength(5);
    const state = await h.ok<{ limits: { model: string; sentLastMinute: number; perMinute: number }[] }>('queue:state');
    expect(state.limits).toEqual([{ model: 'gpt-image-2.6-sunburst', sentLastMinute: 5, perMinute: 5 }]);
    await h.ok('jobs:cancel', { jobId: sixth });
  }, 120_000);
});
