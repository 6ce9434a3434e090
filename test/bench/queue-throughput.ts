/**
 * The queue against the API's rate limit: 240 jobs with the account allowing 120 images a
 * minute (the fake enforces it per model over a real 60-second window, answering 429 with
 * Retry-After past it) and Loupe's queue set to the same limit. Past the first 120, the limit
 * lets the k-th request go no sooner than a minute after the (k-120)-th arrived, so the
 * earliest the last request could go is a minute after the 120th-from-last: the rate
 * achieved is that span over the actual one, from the first request (budget: at least 95%
 * of the allowed rate). Preparing the first requests takes this machine's time either way,
 * so it cancels out.
 * Lost and duplicated items are counted at the fake: each job's prompt must be answered
 * exactly once, and nothing may be refused.
 */
import { startFakeCore } from '../unit/helpers/fake-core';
import { generateParams } from '../unit/helpers/params';
import { row, type BenchRow } from './report';

const PER_MINUTE = 120;
const JOBS = 240;
const WINDOW_MS = 60_000;

export async function benchQueueThroughput(): Promise<BenchRow[]> {
  const setup = await startFakeCore({
    prefix: 'loupe-bench-queue-',
    key: 'sk-bench-0000',
    version: 'bench',
    emit: () => undefined,
    deps: { tuning: { concurrency: 8, imagesPerMinute: PER_MINUTE, maxAttempts: 3, retryBaseDelayMs: 50 } },
  });
  setup.fake.setOptions({ rateLimit: { images: PER_MINUTE, windowMs: WINDOW_MS } });
  const core = await setup.open();
  try {
    const params = generateParams({ model: 'gpt-image-2', prompt: 'p', size: '1024x1024', quality: 'low' });
    const ids: number[] = [];
    for (let i = 0; i < JOBS; i++) ids.push((await core.handlers['jobs:generate']({ ...params, prompt: `throughput item ${i}` })).jobId);
    await core.whenIdle();
    const jobs = await core.handlers['history:get-many']({ ids });
    const reqs = setup.fake.requests.filter((r) => r.path === '/v1/images/generations');
    const accepted = reqs.filter((r) => r.status === 200);
    const refused = reqs.filter((r) => r.status === 429).length;
    const prompts = new Map<string, number>();
    for (const r of accepted) {
      const p = (r.json as { prompt: string }).prompt;
      prompts.set(p, (prompts.get(p) ?? 0) + 1);
    }
    const lost = jobs.filter((j) => j.status !== 'succeeded' || j.outputs.length !== 1).length + (JOBS - prompts.size);
    const duplicated = [...prompts.values()].reduce((s, n) => s + (n - 1), 0);
    const times = accepted.map((r) => r.receivedAt).sort((a, b) => a - b);
    const first = times[0]!;
    const last = times.at(-1)!;
    const earliest = times[times.length - 1 - PER_MINUTE]! + WINDOW_MS;
    const achieved = ((earliest - first) / Math.max(earliest - first, last - first)) * 100;
    const note = `${JOBS} jobs, ${PER_MINUTE} images/min allowed by the fake and set in the queue; first to last request ${((last - first) / 1000).toFixed(1)} s, the limit allowing ${((earliest - first) / 1000).toFixed(1)} s`;
    return [
      row('queue at the rate limit: share of the allowed rate achieved', achieved, '%', 95, { direction: 'min', note }),
      row('queue at the rate limit: items lost', lost, 'items', 0, { note: 'jobs not succeeded with their output, or prompts the fake never answered' }),
      row('queue at the rate limit: items sent twice', duplicated, 'items', 0, { note: 'prompts the fake answered more than once' }),
      row('queue at the rate limit: requests refused with 429', refused, 'requests', 0, { note: 'the queue keeps to the limit instead of being refused' }),
    ];
  } finally {
    await core.close();
    await setup.dispose();
  }
}
