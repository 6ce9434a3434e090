/**
 * What Loupe adds around one generation: validate, estimate, record the job, send,
 * decode, store (write, flush, rename), thumbnail, save to the output folder under the
 * naming template, record usage and cost, emit events. Measured against a bare SDK call
 * to the same fake server at zero latency, so the API's own time (here, the fake's
 * image synthesis) is the same on both sides and cancels out of the difference.
 */
import OpenAI from 'openai';
import { startFakeCore } from '../unit/helpers/fake-core';
import { generateParams } from '../unit/helpers/params';
import { median, row, type BenchRow } from './report';

const RUNS = 25;
const WARMUP = 3;
const KEY = 'sk-bench-0000';

export async function benchGeneration(): Promise<BenchRow[]> {
  const done = new Map<number, () => void>();
  const setup = await startFakeCore({
    prefix: 'loupe-bench-',
    key: KEY,
    version: 'bench',
    emit: (e) => {
      if (e.type === 'job' && (e.job.status === 'succeeded' || e.job.status === 'failed')) done.get(e.job.id)?.();
    },
  });
  const core = await setup.open();
  const sdk = new OpenAI({ apiKey: KEY, baseURL: setup.fake.url, maxRetries: 0 });
  const params = generateParams({ model: 'gpt-image-2', prompt: 'a glass of water on a wooden table, morning light' });

  const bare: number[] = [];
  const loupe: number[] = [];
  try {
    for (let i = 0; i < WARMUP + RUNS; i++) {
      // The naive way: one SDK call, base64 decoded, nothing kept.
      let t = performance.now();
      const r = await sdk.images.generate({ model: params.model, prompt: params.prompt, size: '1024x1024', quality: 'low', output_format: 'png' });
      Buffer.from(r.data![0]!.b64_json!, 'base64');
      if (i >= WARMUP) bare.push(performance.now() - t);

      t = performance.now();
      const { jobId } = await core.handlers['jobs:generate'](params);
      await new Promise<void>((resolve) => {
        done.set(jobId, resolve);
      });
      if (i >= WARMUP) loupe.push(performance.now() - t);
      const job = await core.handlers['jobs:get']({ jobId });
      if (job.status !== 'succeeded' || !job.outputs[0]?.savedPath) throw new Error(`bench job ${jobId} did not finish: ${job.status}`);
    }
  } finally {
    await core.close();
    await setup.dispose();
  }
  const b = median(bare);
  const l = median(loupe);
  const note = `median of ${RUNS} runs after ${WARMUP} warm-up, each side against the same fake at zero latency`;
  return [
    row('generation 1024x1024: bare SDK call to the fake', b, 'ms', null, { note }),
    row('generation 1024x1024: through Loupe, stored, thumbnailed, saved', l, 'ms', null, { note, naive: { value: b, way: 'bare SDK call, base64 decoded, nothing kept' } }),
    row('generation 1024x1024: overhead Loupe adds around the API call', l - b, 'ms', 60, { note: 'Loupe time minus the bare SDK time (medians)' }),
  ];
}
