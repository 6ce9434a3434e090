/**
 * Timing knobs of the job queue. Defaults suit the real API; tests and the web host
 * shrink them (explicit values first, then LOUPE_* environment variables).
 */
import { DEFAULT_PREVIEW_PX } from './partial-preview';
import type { JobTuning } from './image-job';
import { MAX_ATTEMPTS_CEILING, MAX_RETRY_AFTER_MS } from './retry-policy';

export interface Tuning extends JobTuning {
  concurrency: number;
  /** Images per minute per model until the person sets their own (Settings). */
  imagesPerMinute: number;
  /** How often an offline queue asks whether the endpoint answers again. */
  offlineProbeMs: number;
  /** How often economy batches ask the Batch API how they are doing. */
  batchPollMs: number;
  /** On quitting, how long requests in flight may take to bring their (paid-for) answers. */
  shutdownDrainMs: number;
}

export const DEFAULT_TUNING: Tuning = {
  // 0: sized per job from its model, quality, size and format (timeoutsFor in
  // shared/model-rules.ts): xhigh, max and large sizes take minutes, and a cut-off bills
  // a request whose image is then lost. Tests and LOUPE_* variables set fixed values.
  streamIdleMs: 0,
  requestTimeoutMs: 0,
  maxAttempts: 3,
  retryBaseDelayMs: 2_000,
  maxRetryAfterMs: MAX_RETRY_AFTER_MS,
  // Tier 1 allows 5 images a minute; two requests in flight keep the pipe full without
  // burning through the limit in one burst.
  concurrency: 2,
  partialPreviewPx: DEFAULT_PREVIEW_PX,
  imagesPerMinute: 50,
  offlineProbeMs: 5_000,
  batchPollMs: 60_000,
  shutdownDrainMs: 15_000,
};

const ENV_NAMES: Partial<Record<keyof Tuning, string>> = {
  streamIdleMs: 'LOUPE_STREAM_IDLE_MS',
  retryBaseDelayMs: 'LOUPE_RETRY_BASE_MS',
  maxAttempts: 'LOUPE_MAX_ATTEMPTS',
  requestTimeoutMs: 'LOUPE_REQUEST_TIMEOUT_MS',
  concurrency: 'LOUPE_CONCURRENCY',
  maxRetryAfterMs: 'LOUPE_MAX_RETRY_AFTER_MS',
  imagesPerMinute: 'LOUPE_IMAGES_PER_MINUTE',
  offlineProbeMs: 'LOUPE_OFFLINE_PROBE_MS',
  batchPollMs: 'LOUPE_BATCH_POLL_MS',
  shutdownDrainMs: 'LOUPE_SHUTDOWN_DRAIN_MS',
};

const MINIMUM: Record<keyof Tuning, number> = {
  streamIdleMs: 10,
  requestTimeoutMs: 10,
  maxAttempts: 1,
  retryBaseDelayMs: 0,
  concurrency: 1,
  partialPreviewPx: 16,
  maxRetryAfterMs: 0,
  imagesPerMinute: 1,
  offlineProbeMs: 20,
  batchPollMs: 20,
  shutdownDrainMs: 0,
};

/** Bounds no explicit value or variable can pass: attempts stay finite, waits stay under an hour. */
const MAXIMUM: Partial<Record<keyof Tuning, number>> = {
  maxAttempts: MAX_ATTEMPTS_CEILING,
  maxRetryAfterMs: 3_600_000,
  concurrency: 16,
  imagesPerMinute: 10_000,
  offlineProbeMs: 600_000,
  batchPollMs: 3_600_000,
  shutdownDrainMs: 600_000,
};

export function resolveTuning(explicit: Partial<Tuning> | undefined, env: Record<string, string | undefined>): Tuning {
  const out = { ...DEFAULT_TUNING };
  for (const key of Object.keys(DEFAULT_TUNING) as Array<keyof Tuning>) {
    const envName = ENV_NAMES[key];
    const fromEnv = envName ? Number(env[envName]) : Number.NaN;
    const value = explicit?.[key] ?? (envName && env[envName]?.trim() && Number.isFinite(fromEnv) ? fromEnv : undefined);
    if (value !== undefined && Number.isFinite(value)) out[key] = Math.min(MAXIMUM[key] ?? Number.MAX_SAFE_INTEGER, Math.max(MINIMUM[key], Math.round(value)));
  }
  return out;
}
