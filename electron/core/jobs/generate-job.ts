/**
 * Runs one generation job to a final status: attempts, retries with backoff, partial
 * previews, and the recording of every image as it arrives. A retry (automatic, or the
 * user's Retry on a failed job) asks only for the images the job does not have yet, so
 * nothing that already arrived is requested, or billed, twice.
 */
import { costFromUsage, findModel, LoupeError, type AppError, type JobEvent, type Usage } from '../../shared';
import type { JobsRepo } from '../db/jobs-repo';
import type { ContentStore } from '../store/content-store';
import type { SettingsService } from '../settings/settings-service';
import { makeClient } from '../openai/client';
import { redact } from '../openai/redact';
import { runGenerate } from '../openai/run-generate';
import { addUsage } from '../openai/usage';
import { stopReason } from './job-queue';
import { writeOutput } from './output-writer';
import { partialPreviewDataUrl } from './partial-preview';
import { isRetryable, retryDelayMs, sleep } from './retry-policy';

export interface JobTuning {
  streamIdleMs: number;
  requestTimeoutMs: number;
  maxAttempts: number;
  retryBaseDelayMs: number;
  partialPreviewPx: number;
}

export interface GenerateJobDeps {
  jobs: JobsRepo;
  store: ContentStore;
  settings: SettingsService;
  emit: (event: JobEvent) => void;
  now: () => number;
  tuning: JobTuning;
  log: (message: string) => void;
}

export function createGenerateRunner(deps: GenerateJobDeps): (jobId: number, signal: AbortSignal) => Promise<void> {
  return (jobId, signal) => runGenerateJob(deps, jobId, signal);
}

async function runGenerateJob(deps: GenerateJobDeps, jobId: number, signal: AbortSignal): Promise<void> {
  const { jobs, tuning } = deps;
  const emitJob = () => safeEmit(deps, () => {
    const job = jobs.get(jobId);
    return job ? { type: 'job', job } : null;
  });
  const job = jobs.get(jobId);
  if (!job) return;
  if (stopReason(signal)) return;

  const model = findModel(job.model);
  const received = new Set(job.outputs.map((o) => o.index));
  // Usage of earlier runs stays on the job (requeue keeps it); this run adds to it.
  let usage: Usage | null = job.usage;
  const finish = (status: 'succeeded' | 'failed' | 'canceled', error: AppError | null) => {
    jobs.finish(jobId, { status, usage, costUsd: usage ? costFromUsage(job.model, usage) : null, error, finishedAt: deps.now() });
    emitJob();
  };
  if (!model) {
    finish('failed', { code: 'INVALID_REQUEST', message: `Loupe does not know the model ${job.model}.` });
    return;
  }

  // Per image, previews and the final image are handled in arrival order, so a late
  // preview can never be emitted after its image was recorded.
  const chains = new Map<number, Promise<void>>();
  const chain = (index: number, step: () => Promise<void>): Promise<void> => {
    const next = (chains.get(index) ?? Promise.resolve()).then(step);
    chains.set(index, next.catch(() => undefined));
    return next;
  };

  const all = Array.from({ length: job.params.n }, (_, i) => i);
  // Images that failed for a reason a retry cannot fix (moderation...) are not asked for again.
  const givenUp = new Map<number, LoupeError>();
  let lastError: LoupeError | null = null;
  for (let attempt = 1; ; attempt++) {
    const missing = all.filter((i) => !received.has(i) && !givenUp.has(i));
    if (missing.length === 0) break;

    let client;
    let apiKey: string | null = null;
    let baseURL: string | undefined;
    try {
      const cfg = await deps.settings.clientConfig(tuning.requestTimeoutMs);
      apiKey = cfg.apiKey;
      baseURL = cfg.baseURL;
      client = makeClient(cfg);
    } catch (err) {
      // The key was removed after the job was queued.
      lastError = err instanceof LoupeError ? err : new LoupeError('INTERNAL', String(err));
      break;
    }
    const out = deps.settings.output();
    jobs.markRunning(jobId, deps.now());
    emitJob();

    const result = await runGenerate({
      client,
      model,
      params: job.params,
      indices: missing,
      signal,
      idleMs: tuning.streamIdleMs,
      errorContext: { model: job.model, apiKey, baseURL },
      onRequestId: (id) => jobs.addRequestId(jobId, id),
      onPartial: (index, partialIndex, bytes) => {
        void chain(index, async () => {
          try {
            const dataUrl = await partialPreviewDataUrl(bytes, tuning.partialPreviewPx);
            safeEmit(deps, () => ({ type: 'partial', jobId, imageIndex: index, partialIndex, dataUrl }));
          } catch (err) {
            deps.log(`partial preview for job ${jobId} failed: ${String(err)}`);
          }
        });
      },
      onImage: (index, bytes) =>
        chain(index, async () => {
          await writeOutput(deps, job, index, bytes, out);
          received.add(index);
          emitJob();
        }),
    });
    usage = addUsage(usage, result.usage);
    await Promise.all(chains.values());

    const stop = stopReason(signal);
    // Shutdown: record nothing more; the next start marks the job interrupted.
    if (stop === 'shutdown') return;
    if (stop === 'cancel') {
      finish('canceled', null);
      return;
    }
    for (const f of result.failures) if (!isRetryable(f.error)) givenUp.set(f.index, f.error);
    const retryable = result.failures.filter((f) => isRetryable(f.error) && !received.has(f.index));
    if (retryable.length === 0) {
      // Guards the loop: every asked-for image must have arrived or failed.
      if (result.failures.length === 0 && missing.some((i) => !received.has(i))) {
        lastError = new LoupeError('INTERNAL', 'An image of this job went missing without an error.');
        break;
      }
      continue; // the next turn finds nothing left to ask for and ends the loop
    }
    const err = retryable[0]!.error;
    lastError = err;
    if (attempt >= tuning.maxAttempts) break;

    const delayMs = retryDelayMs(attempt + 1, tuning.retryBaseDelayMs, err);
    jobs.markRetrying(jobId, err.toJSON());
    emitJob();
    safeEmit(deps, () => ({ type: 'retry', jobId, attempt: attempt + 1, maxAttempts: tuning.maxAttempts, delayMs, error: err.toJSON() }));
    const waited = await sleep(delayMs, signal);
    if (!waited) {
      if (stopReason(signal) === 'shutdown') return;
      finish('canceled', null);
      return;
    }
  }

  if (all.every((i) => received.has(i))) {
    finish('succeeded', null);
    return;
  }
  // A permanent failure explains more than the last transient one.
  const error = givenUp.values().next().value ?? lastError ?? new LoupeError('INTERNAL', 'The job ended without its images.');
  finish('failed', error.toJSON());
}

/** A listener that throws (a closed window...) must not break the job that emitted. */
function safeEmit(deps: GenerateJobDeps, make: () => JobEvent | null): void {
  try {
    const event = make();
    if (event) deps.emit(event);
  } catch (err) {
    deps.log(`event listener failed: ${redact(String(err))}`);
  }
}
