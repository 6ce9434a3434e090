/**
 * Runs one image job (a generation or an edit) to a final status: attempts, retries with
 * backoff, partial previews, and the recording of every image as it arrives. A retry
 * (automatic, or the user's Retry on a failed job) asks only for the images the job does
 * not have yet, so nothing that already arrived is requested, or billed, twice.
 *
 * What differs between kinds is a `JobDriver`: the request each attempt sends and how an
 * arrived image is recorded. Everything here (watchdog, retry policy, cancel, shutdown,
 * ordering of previews before their image) is the same for both.
 */
import type OpenAI from 'openai';
import { costFromUsage, findModel, LoupeError, swapForShutdown, timeoutsFor, canStream, type AppError, type JobEvent, type JobView, type ModelInfo, type Usage } from '../../shared';
import type { JobsRepo } from '../db/jobs-repo';
import type { ContentStore } from '../store/content-store';
import type { OutputExporter, OutputRoute } from '../export/output-export';
import type { CredentialsService } from '../credentials/credentials-service';
import type { OutputSettings, SettingsService } from '../settings/settings-service';
import { makeClient } from '../openai/client';
import { redact } from '../openai/redact';
import { saveLeftOutputs } from './output-writer';
import { runImages, type ImageRequest } from '../openai/run-images';
import { addUsage } from '../openai/usage';
import { stopReason } from './job-queue';
import { partialPreviewDataUrl } from './partial-preview';
import { isRetryable, retryDelayMs, sleep } from './retry-policy';
import type { RateLimiter } from './rate-limiter';
import type { Connectivity } from './connectivity';

export interface JobTuning {
  /** 0: sized per job (timeoutsFor). */
  streamIdleMs: number;
  /** 0: sized per job (timeoutsFor). */
  requestTimeoutMs: number;
  maxAttempts: number;
  retryBaseDelayMs: number;
  /** Cap on a server's Retry-After. */
  maxRetryAfterMs: number;
  partialPreviewPx: number;
}

export interface ImageJobDeps {
  jobs: JobsRepo;
  store: ContentStore;
  settings: SettingsService;
  emit: (event: JobEvent) => void;
  now: () => number;
  tuning: JobTuning;
  log: (message: string) => void;
  /** Auto-save of each arrived image to the person's folder. */
  exporter: OutputExporter;
  /** Images per minute per model: retries wait their turn like first attempts (the queue admits those). */
  limiter?: RateLimiter;
  /** Whether the endpoint answers: a request that cannot reach it waits for it instead of using up attempts. */
  connectivity?: Connectivity;
  /** A batch's job: where its results are saved (output-writer.ts). */
  routeOutput?: (jobId: number) => OutputRoute | null;
  /** Reads each arrived image's content credentials and signs what Loupe changes. */
  credentials?: CredentialsService;
}

/** What every request of a job carries besides its parameters. */
export interface RequestExtras {
  safetyIdentifier: string;
}

/** What one kind of job does differently. */
export interface JobDriver {
  /** The request of one attempt, on that attempt's client (settings may have changed). */
  request(client: OpenAI, extra: RequestExtras): ImageRequest;
  /** Stores one arrived image and records it; a rejection fails that image. */
  write(index: number, bytes: Buffer, out: OutputSettings): Promise<void>;
  /** Whether each image is pixel-locked before it is saved. */
  locks?: boolean;
  /** Makes a failure more precise (an edit names the input OpenAI could not read). */
  explain?(error: LoupeError): LoupeError;
}

/**
 * Builds the driver for a job, once per run (before its first attempt). A LoupeError
 * fails the job with that error and no request is sent (an input that vanished...).
 */
export type DriverFactory = (job: JobView, model: ModelInfo, signal: AbortSignal) => Promise<JobDriver>;

export function createJobRunner(
  deps: ImageJobDeps,
  drivers: Record<JobView['kind'], DriverFactory>,
): (jobId: number, signal: AbortSignal, drain?: AbortSignal) => Promise<void> {
  return (jobId, signal, drain) => runImageJob(deps, drivers, jobId, signal, drain ?? new AbortController().signal);
}

async function runImageJob(deps: ImageJobDeps, drivers: Record<JobView['kind'], DriverFactory>, jobId: number, signal: AbortSignal, drain: AbortSignal): Promise<void> {
  // Waits between attempts end at a close too (the job stays waiting for the next start);
  // a request in flight does not.
  const waitSignal = AbortSignal.any([signal, drain]);
  const { jobs, tuning } = deps;
  const emitJob = () =>
    safeEmit(deps, () => {
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
  // A queued or retried job whose model has been shut down since is never sent.
  const swap = swapForShutdown(job.model, job.kind, null, deps.settings.lifecycle(deps.now()));
  if (swap) {
    finish('failed', { code: 'INVALID_REQUEST', message: `${swap.message.replace(/: this uses .*$/, '')}. Use Re-run to run it on ${findModel(swap.to)?.label ?? swap.to}.` });
    return;
  }
  const sized = timeoutsFor(
    { model, quality: job.params.quality, size: job.params.size, format: job.params.outputFormat, edit: job.kind === 'edit', frames: job.params.gif?.frames },
    job.params.stream ? job.params.partialImages : 0,
  );
  const requestTimeoutMs = tuning.requestTimeoutMs || sized.requestMs;
  const streamIdleMs = tuning.streamIdleMs || sized.streamIdleMs;
  const safetyIdentifier = deps.settings.safetyIdentifier();

  let driver: JobDriver | null = null;
  let prepError: LoupeError | null = null;
  try {
    driver = await drivers[job.kind](job, model, signal);
  } catch (err) {
    if (!(err instanceof LoupeError)) throw err; // a bug: the queue's onCrash records it
    prepError = err;
  }
  // Preparing an edit can take a moment (decoding camera files): a cancel or shutdown
  // meanwhile wins, and nothing is sent.
  const stopped = stopReason(signal);
  if (stopped === 'shutdown') return;
  if (stopped === 'cancel') {
    finish('canceled', null);
    return;
  }
  if (!driver) {
    finish('failed', (prepError ?? new LoupeError('INTERNAL', 'The job could not be prepared.')).toJSON());
    return;
  }
  const drive: JobDriver = driver;
  // What an earlier run received but did not get to save (it was stopped in between).
  if (received.size > 0) await saveLeftOutputs(deps, jobId, deps.settings.output(), drive.locks === true);

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
    // Closing: no new attempt (the job waits, as it was, for the next start).
    if (attempt > 1 && drain.aborted) return;
    // The queue counted the first attempt against the model's rate; a retry counts again.
    if (attempt > 1 && deps.limiter && !(await deps.limiter.take(job.model, missing.length, waitSignal))) {
      if (stopReason(signal) !== 'cancel') return;
      finish('canceled', null);
      return;
    }

    let client: OpenAI;
    let apiKey: string | null = null;
    let baseURL: string | undefined;
    try {
      const cfg = await deps.settings.clientConfig(requestTimeoutMs);
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

    const result = await runImages({
      request: drive.request(client, { safetyIdentifier }),
      stream: job.params.stream && canStream(model, job.params.outputFormat),
      indices: missing,
      signal,
      idleMs: streamIdleMs,
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
          await drive.write(index, bytes, out);
          received.add(index);
          emitJob();
        }),
    });
    usage = addUsage(usage, result.usage);
    await Promise.all(chains.values());
    const failures = drive.explain ? result.failures.map((f) => ({ ...f, error: drive.explain!(f.error) })) : result.failures;

    const stop = stopReason(signal);
    // Shutdown: record nothing more; the next start marks the job interrupted.
    if (stop === 'shutdown') return;
    if (stop === 'cancel') {
      finish('canceled', null);
      return;
    }
    for (const f of failures) if (!isRetryable(f.error)) givenUp.set(f.index, f.error);
    const retryable = failures.filter((f) => isRetryable(f.error) && !received.has(f.index));
    if (retryable.length === 0) {
      // Guards the loop: every asked-for image must have arrived or failed.
      if (failures.length === 0 && missing.some((i) => !received.has(i))) {
        lastError = new LoupeError('INTERNAL', 'An image of this job went missing without an error.');
        break;
      }
      continue; // the next turn finds nothing left to ask for and ends the loop
    }
    const err = retryable[0]!.error;
    lastError = err;
    const rateLimited = retryable.find((f) => f.error.code === 'RATE_LIMITED' && f.error.detail?.retryAfterSeconds !== undefined);
    if (rateLimited && deps.limiter) deps.limiter.hold(job.model, retryDelayMs(attempt + 1, tuning.retryBaseDelayMs, rateLimited.error, tuning.maxRetryAfterMs));
    // Could not reach the endpoint at all (nothing was sent): when it is really out of
    // reach, wait for it to answer again without using up an attempt.
    if (err.code === 'NETWORK_ERROR' && deps.connectivity && (await deps.connectivity.reportUnreachable())) {
      jobs.markRetrying(jobId, err.toJSON());
      emitJob();
      if (!(await deps.connectivity.whenOnline(waitSignal))) {
        if (stopReason(signal) !== 'cancel') return;
        finish('canceled', null);
        return;
      }
      attempt--;
      continue;
    }
    if (attempt >= tuning.maxAttempts) break;

    const delayMs = retryDelayMs(attempt + 1, tuning.retryBaseDelayMs, err, tuning.maxRetryAfterMs);
    jobs.markRetrying(jobId, err.toJSON());
    emitJob();
    safeEmit(deps, () => ({ type: 'retry', jobId, attempt: attempt + 1, maxAttempts: tuning.maxAttempts, delayMs, error: err.toJSON() }));
    const waited = await sleep(delayMs, waitSignal);
    if (!waited) {
      if (stopReason(signal) !== 'cancel') return;
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
function safeEmit(deps: ImageJobDeps, make: () => JobEvent | null): void {
  try {
    const event = make();
    if (event) deps.emit(event);
  } catch (err) {
    deps.log(`event listener failed: ${redact(String(err))}`);
  }
}
