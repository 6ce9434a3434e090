/**
 * When to try an image request again, and after how long. Only failures that say
 * nothing about the request itself are retried (DESIGN.md, OpenAI): rate limits that
 * are not quota, server errors, network trouble, timeouts, stalled or broken streams.
 * Moderation, invalid input, auth and quota would fail again and bill nothing useful.
 */
import type { LoupeError } from '../../shared';

export const RETRYABLE_CODES = new Set(['RATE_LIMITED', 'SERVER_ERROR', 'NETWORK_ERROR', 'TIMEOUT', 'STREAM_STALLED', 'STREAM_ERROR']);

export const MAX_BACKOFF_MS = 60_000;
/** Default cap on a server's Retry-After (tuning `maxRetryAfterMs`, LOUPE_MAX_RETRY_AFTER_MS). */
export const MAX_RETRY_AFTER_MS = 120_000;
/** No setting or variable can make a job try more often than this. */
export const MAX_ATTEMPTS_CEILING = 10;

/** Retried by the queue on its own: a retryable failure whose request cannot have been billed. */
export function isRetryable(err: LoupeError): boolean {
  // The code decides; the flag on the error can only veto (a mapped error that knows better).
  return RETRYABLE_CODES.has(err.code) && err.detail?.retryable !== false && err.detail?.outcome !== 'unknown';
}

/**
 * Delay before attempt `nextAttempt` (2 for the first retry). Retry-After from the
 * server wins when given, capped so a bad header cannot park a job for hours. Otherwise
 * exponential backoff with full jitter (a random delay up to the exponential bound), so
 * jobs that failed together do not come back together.
 */
export function retryDelayMs(nextAttempt: number, baseDelayMs: number, err: LoupeError, maxRetryAfterMs = MAX_RETRY_AFTER_MS, random: () => number = Math.random): number {
  const after = err.detail?.retryAfterSeconds;
  if (after !== undefined && Number.isFinite(after) && after >= 0) {
    return Math.min(Math.round(after * 1000), maxRetryAfterMs);
  }
  const bound = Math.min(baseDelayMs * 2 ** Math.max(0, nextAttempt - 2), MAX_BACKOFF_MS);
  return Math.round(bound * Math.min(1, Math.max(0, random())));
}

/** Resolves after `ms`, or early (false) when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
