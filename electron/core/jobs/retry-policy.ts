/**
 * When to try an image request again, and after how long. Only failures that say
 * nothing about the request itself are retried (DESIGN.md, OpenAI): rate limits that
 * are not quota, server errors, network trouble, timeouts, stalled or broken streams.
 * Moderation, invalid input, auth and quota would fail again and bill nothing useful.
 */
import type { LoupeError } from '../../shared';

export const RETRYABLE_CODES = new Set(['RATE_LIMITED', 'SERVER_ERROR', 'NETWORK_ERROR', 'TIMEOUT', 'STREAM_STALLED', 'STREAM_ERROR']);

export const MAX_BACKOFF_MS = 60_000;
export const MAX_RETRY_AFTER_MS = 120_000;

export function isRetryable(err: LoupeError): boolean {
  // The code decides; the flag on the error can only veto (a mapped error that knows better).
  return RETRYABLE_CODES.has(err.code) && err.detail?.retryable !== false;
}

/**
 * Delay before attempt `nextAttempt` (2 for the first retry). Retry-After from the
 * server wins when given, capped so a bad header cannot park a job for hours.
 */
export function retryDelayMs(nextAttempt: number, baseDelayMs: number, err: LoupeError): number {
  const after = err.detail?.retryAfterSeconds;
  if (after !== undefined && Number.isFinite(after) && after >= 0) {
    return Math.min(Math.round(after * 1000), MAX_RETRY_AFTER_MS);
  }
  const exp = baseDelayMs * 2 ** Math.max(0, nextAttempt - 2);
  return Math.min(Math.round(exp), MAX_BACKOFF_MS);
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
