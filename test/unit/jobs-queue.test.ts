import { describe, expect, it } from 'vitest';
import { LoupeError } from '../../electron/shared';
import { JobQueue, stopReason } from '../../electron/core/jobs/job-queue';
import { isRetryable, MAX_ATTEMPTS_CEILING, MAX_BACKOFF_MS, MAX_RETRY_AFTER_MS, retryDelayMs, sleep } from '../../electron/core/jobs/retry-policy';
import { DEFAULT_TUNING, resolveTuning } from '../../electron/core/jobs/tuning';

/** A run function whose jobs finish when the test says so (or when aborted). */
function controllable() {
  const started: number[] = [];
  const stops: Array<[number, string | null]> = [];
  const release = new Map<number, () => void>();
  const run = (jobId: number, signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      started.push(jobId);
      release.set(jobId, resolve);
      signal.addEventListener('abort', () => {
        stops.push([jobId, stopReason(signal)]);
        resolve();
      });
    });
  return { started, stops, release, run };
}
const tick = () => new Promise((r) => setTimeout(r, 5));

describe('JobQueue', () => {
  it('runs in FIFO order with at most `concurrency` at once', async () => {
    const c = controllable();
    const q = new JobQueue({ concurrency: 2, run: c.run });
    [1, 2, 3, 4].forEach((id) => q.enqueue(id));
    await tick();
    expect(c.started).toEqual([1, 2]);
    c.release.get(2)!();
    await tick();
    expect(c.started).toEqual([1, 2, 3]);
    c.release.get(1)!();
    c.release.get(3)!();
    await tick();
    c.release.get(4)!();
    await q.whenIdle();
    expect(c.started).toEqual([1, 2, 3, 4]);
  });

  it('ignores a job that is already waiting or running', async () => {
    const c = controllable();
    const q = new JobQueue({ concurrency: 1, run: c.run });
    q.enqueue(1);
    q.enqueue(1);
    q.enqueue(2);
    q.enqueue(2);
    await tick();
    c.release.get(1)!();
    await tick();
    c.release.get(2)!();
    await q.whenIdle();
    expect(c.started).toEqual([1, 2]);
  });

  it('drops a waiting job and aborts a running one with reason cancel', async () => {
    const c = controllable();
    const q = new JobQueue({ concurrency: 1, run: c.run });
    q.enqueue(1);
    q.enqueue(2);
    await tick();
    expect(await q.cancel(2)).toBe('dropped');
    expect(await q.cancel(1)).toBe('stopped');
    expect(await q.cancel(3)).toBe('unknown');
    expect(c.stops).toEqual([[1, 'cancel']]);
    await q.whenIdle();
    expect(c.started).toEqual([1]);
  });

  it('close() aborts with reason shutdown, waits, and accepts nothing more', async () => {
    const c = controllable();
    const q = new JobQueue({ concurrency: 2, run: c.run });
    q.enqueue(1);
    q.enqueue(2);
    q.enqueue(3);
    await tick();
    await q.close();
    expect(c.stops).toEqual([
      [1, 'shutdown'],
      [2, 'shutdown'],
    ]);
    q.enqueue(4);
    await tick();
    expect(c.started).toEqual([1, 2]);
  });

  it('reports a crashing runner and keeps going', async () => {
    const crashes: number[] = [];
    const q = new JobQueue({
      concurrency: 1,
      run: async (id) => {
        if (id === 1) throw new Error('bug');
      },
      onCrash: (id) => crashes.push(id),
    });
    q.enqueue(1);
    q.enqueue(2);
    await q.whenIdle();
    expect(crashes).toEqual([1]);
  });
});

describe('retry policy', () => {
  const err = (code: ConstructorParameters<typeof LoupeError>[0], detail?: LoupeError['detail']) => new LoupeError(code, 'x', detail);

  it('retries only transient failures', () => {
    for (const code of ['RATE_LIMITED', 'SERVER_ERROR', 'NETWORK_ERROR', 'TIMEOUT', 'STREAM_STALLED', 'STREAM_ERROR'] as const) {
      expect(isRetryable(err(code, { retryable: true })), code).toBe(true);
    }
    for (const code of ['INSUFFICIENT_QUOTA', 'MODERATION_BLOCKED', 'INVALID_REQUEST', 'INVALID_IMAGE', 'AUTH_INVALID_KEY', 'ORG_NOT_VERIFIED', 'CANCELED', 'STORAGE_ERROR'] as const) {
      expect(isRetryable(err(code)), code).toBe(false);
    }
    expect(isRetryable(err('SERVER_ERROR', { retryable: false }))).toBe(false);
  });

  it('never retries on its own a request that may have been billed (outcome unknown)', () => {
    for (const code of ['NETWORK_ERROR', 'TIMEOUT', 'STREAM_STALLED'] as const) {
      expect(isRetryable(err(code, { retryable: true, outcome: 'unknown' })), code).toBe(false);
    }
  });

  it('backs off exponentially from the base with full jitter, capped at 60 s', () => {
    const e = err('SERVER_ERROR');
    expect([2, 3, 4, 5].map((a) => retryDelayMs(a, 2000, e, MAX_RETRY_AFTER_MS, () => 1))).toEqual([2000, 4000, 8000, 16000]);
    expect([2, 3, 4, 5].map((a) => retryDelayMs(a, 2000, e, MAX_RETRY_AFTER_MS, () => 0.5))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(12, 2000, e, MAX_RETRY_AFTER_MS, () => 1)).toBe(MAX_BACKOFF_MS);
    const spread = new Set(Array.from({ length: 50 }, () => retryDelayMs(4, 2000, e)));
    expect(spread.size).toBeGreaterThan(10);
    for (const d of spread) expect(d).toBeLessThanOrEqual(8000);
  });

  it('honours Retry-After, capped by the setting (120 s by default)', () => {
    expect(retryDelayMs(2, 2000, err('RATE_LIMITED', { retryAfterSeconds: 0.25 }))).toBe(250);
    expect(retryDelayMs(2, 2000, err('RATE_LIMITED', { retryAfterSeconds: 90 }))).toBe(90_000);
    expect(retryDelayMs(2, 2000, err('RATE_LIMITED', { retryAfterSeconds: 3600 }))).toBe(MAX_RETRY_AFTER_MS);
    expect(retryDelayMs(2, 2000, err('RATE_LIMITED', { retryAfterSeconds: 3600 }), 30_000)).toBe(30_000);
  });

  it('sleep ends early on abort', async () => {
    const ac = new AbortController();
    const t0 = Date.now();
    setTimeout(() => ac.abort(), 10);
    expect(await sleep(5_000, ac.signal)).toBe(false);
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(await sleep(1, new AbortController().signal)).toBe(true);
  });
});

describe('tuning', () => {
  it('explicit values win over LOUPE_* env, which wins over defaults', () => {
    expect(resolveTuning(undefined, {})).toEqual(DEFAULT_TUNING);
    const t = resolveTuning({ maxAttempts: 5 }, { LOUPE_MAX_ATTEMPTS: '2', LOUPE_STREAM_IDLE_MS: '250', LOUPE_RETRY_BASE_MS: 'nonsense' });
    expect(t).toMatchObject({ maxAttempts: 5, streamIdleMs: 250, retryBaseDelayMs: DEFAULT_TUNING.retryBaseDelayMs });
    expect(resolveTuning({ concurrency: 0, maxAttempts: -1 }, {})).toMatchObject({ concurrency: 1, maxAttempts: 1 });
  });

  it('no variable can make attempts unbounded', () => {
    expect(resolveTuning(undefined, { LOUPE_MAX_ATTEMPTS: '1e300' }).maxAttempts).toBe(MAX_ATTEMPTS_CEILING);
    expect(resolveTuning(undefined, { LOUPE_MAX_ATTEMPTS: 'Infinity' }).maxAttempts).toBe(DEFAULT_TUNING.maxAttempts);
    expect(resolveTuning(undefined, { LOUPE_MAX_RETRY_AFTER_MS: '99999999999' }).maxRetryAfterMs).toBe(3_600_000);
  });
});
