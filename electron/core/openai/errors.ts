/**
 * Every failure of an OpenAI call becomes one LoupeError with a code the UI can explain
 * and a `retryable` flag the job queue obeys (reference §6.4, §7, §11.7). Messages say
 * what to do next; the API's own text is kept where it is the most precise thing we
 * have, with any key-shaped text masked.
 */
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from 'openai';
import { LoupeError, type AppError, type ErrorCode } from '../../shared';
import { redact } from './redact';

export interface ErrorContext {
  model: string;
  /** Our idle watchdog aborted the request: the stream went quiet. */
  stalled?: boolean;
  /** The user canceled (or the app is closing). */
  canceled?: boolean;
  /** Cut out of every message, whatever echoes it. */
  apiKey?: string | null;
  /** Shown in network messages ("Could not reach <host>"). */
  baseURL?: string;
}

type Detail = NonNullable<AppError['detail']>;

interface ApiErrorBody {
  message?: string;
  code?: string | null;
  type?: string;
  param?: string | null;
  moderation_details?: { moderation_stage?: string; categories?: string[] };
}

const NEVER_RETRY = false;

/** Seconds from `retry-after-ms`, then `retry-after` (seconds or an HTTP date), as the SDK reads them (§6.5). */
export function retryAfterSeconds(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms / 1000;
  const raw = headers.get('retry-after');
  if (!raw) return undefined;
  const secs = Number.parseFloat(raw);
  if (Number.isFinite(secs) && secs >= 0) return secs;
  const date = Date.parse(raw);
  if (Number.isFinite(date)) return Math.max(0, (date - now) / 1000);
  return undefined;
}

function hostOf(baseURL: string | undefined): string {
  if (!baseURL) return 'the OpenAI API';
  try {
    return new URL(baseURL).host;
  } catch {
    return 'the OpenAI API';
  }
}

/** Said of every failure whose request may have been made and billed anyway. */
export const UNKNOWN_OUTCOME =
  'OpenAI may still have made (and billed) the image, so Loupe did not ask again by itself. Retry to ask again: it may be billed twice.';

/** A failure after the request was sent and before any answer: not retried on its own. */
function unknownOutcome(code: ErrorCode, message: string, ctx: ErrorContext): LoupeError {
  return make(code, `${message} ${UNKNOWN_OUTCOME}`, { retryable: true, outcome: 'unknown' }, ctx);
}

/** Connection failures that prove nothing was sent (no connection was ever made). */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']);

function causeCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function make(code: ErrorCode, message: string, detail: Detail, ctx: ErrorContext): LoupeError {
  const clean = Object.fromEntries(Object.entries(detail).filter(([, v]) => v !== undefined && v !== null)) as Detail;
  return new LoupeError(code, redact(message, ctx.apiKey), clean);
}

function apiMessage(err: APIError): string {
  const body = err.error as ApiErrorBody | undefined;
  return body?.message ?? err.message;
}

/** The body-level mapping shared by HTTP errors and mid-stream error events. */
function mapByCode(err: APIError, base: Detail, ctx: ErrorContext): LoupeError | null {
  const body = (err.error ?? {}) as ApiErrorBody;
  const code = err.code ?? body.code ?? undefined;
  if (code === 'moderation_blocked' || code === 'content_policy_violation') {
    const categories = body.moderation_details?.categories ?? [];
    const stage = body.moderation_details?.moderation_stage;
    const what = categories.length > 0 ? ` (${categories.join(', ')})` : '';
    const where = stage === 'output' ? 'the generated image' : stage === 'input' ? 'the request' : 'the request';
    return make(
      'MODERATION_BLOCKED',
      `OpenAI's safety system rejected ${where}${what}. Change the prompt or inputs; Loupe does not retry this.`,
      { ...base, retryable: NEVER_RETRY, categories, stage },
      ctx,
    );
  }
  if (code === 'invalid_image_file') {
    return make('INVALID_IMAGE', `OpenAI could not read an input image: ${apiMessage(err)}`, { ...base, retryable: NEVER_RETRY }, ctx);
  }
  if (code === 'insufficient_quota' || err.type === 'insufficient_quota' || code === 'billing_hard_limit_reached') {
    return make(
      'INSUFFICIENT_QUOTA',
      'Your OpenAI account is out of credit or over its budget. Add credit or raise the limit at platform.openai.com → Settings → Billing, then try again.',
      { ...base, retryable: NEVER_RETRY },
      ctx,
    );
  }
  if (code === 'model_not_found') {
    return make(
      'MODEL_NOT_FOUND',
      `This API key cannot use ${ctx.model || 'that model'} (it does not exist or your account has no access). Test the connection in Settings to see the models you can use.`,
      { ...base, retryable: NEVER_RETRY },
      ctx,
    );
  }
  return null;
}

export function mapOpenAIError(err: unknown, ctx: ErrorContext): LoupeError {
  if (err instanceof LoupeError) return err;

  // A cancel wins over whatever the aborted request threw on its way out.
  if (ctx.canceled && !ctx.stalled) return make('CANCELED', 'Canceled.', { retryable: false }, ctx);

  // Aborts come before other SDK errors: APIUserAbortError is also an APIError.
  if (err instanceof APIUserAbortError || isAbort(err)) {
    if (ctx.stalled) return unknownOutcome('STREAM_STALLED', 'The image stream stopped sending data, so Loupe gave up waiting.', ctx);
    return make('CANCELED', 'Canceled.', { retryable: false }, ctx);
  }
  if (err instanceof APIConnectionTimeoutError) {
    return unknownOutcome('TIMEOUT', `OpenAI did not answer in time (${hostOf(ctx.baseURL)}).`, ctx);
  }
  if (err instanceof APIConnectionError) {
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
    const code = causeCode(err.cause);
    if (code && NEVER_SENT.has(code)) {
      return make('NETWORK_ERROR', `Could not reach ${hostOf(ctx.baseURL)}${cause}. Check the network connection and the base URL in Settings.`, { retryable: true }, ctx);
    }
    // The connection was made and then lost: the request may have arrived.
    return unknownOutcome('NETWORK_ERROR', `The connection to ${hostOf(ctx.baseURL)} was lost before the answer came${cause}.`, ctx);
  }
  if (err instanceof APIError) return mapApiError(err, ctx);

  // Not from the SDK: a socket dropped while reading a stream body surfaces as undici's
  // "TypeError: terminated" (cause: "other side closed"), which the SDK does not wrap.
  if (err instanceof Error && isNetworkFailure(err)) {
    return unknownOutcome('NETWORK_ERROR', `The connection to ${hostOf(ctx.baseURL)} was lost while the image was arriving (${describe(err)}).`, ctx);
  }
  const message = err instanceof Error ? err.message : String(err);
  return make('INTERNAL', `Something went wrong talking to OpenAI: ${message}`, { retryable: false }, ctx);
}

function mapApiError(err: APIError, ctx: ErrorContext): LoupeError {
  const status = typeof err.status === 'number' ? err.status : undefined;
  const base: Detail = {
    status,
    requestId: err.requestID ?? undefined,
    apiCode: err.code ?? undefined,
    param: err.param ?? undefined,
  };

  const byCode = mapByCode(err, base, ctx);
  if (byCode) return byCode;

  // A mid-stream `error` event: the SDK throws a bare APIError without a status (§5.2).
  if (status === undefined) {
    return make('STREAM_ERROR', `The image stream failed: ${apiMessage(err)}`, { ...base, retryable: true }, ctx);
  }

  if (err instanceof AuthenticationError || status === 401) {
    return make('AUTH_INVALID_KEY', 'OpenAI did not accept the API key (401). Check it in Settings.', { ...base, retryable: NEVER_RETRY }, ctx);
  }
  if (err instanceof PermissionDeniedError || status === 403) {
    if (/must be verified/i.test(apiMessage(err))) {
      return make(
        'ORG_NOT_VERIFIED',
        `Your OpenAI organization must be verified to use ${ctx.model || 'GPT Image models'}. Verify it at platform.openai.com → Settings → Organization → General (Verify Organization); access can take up to 15 minutes to arrive after verifying.`,
        { ...base, retryable: NEVER_RETRY },
        ctx,
      );
    }
    return make('PERMISSION_DENIED', `OpenAI refused the request (403): ${apiMessage(err)}`, { ...base, retryable: NEVER_RETRY }, ctx);
  }
  if (err instanceof RateLimitError || status === 429) {
    const after = retryAfterSeconds(err.headers);
    return make(
      'RATE_LIMITED',
      `OpenAI's rate limit was reached${after !== undefined ? `; it asks to wait ${formatSeconds(after)}` : ''}. This is usually temporary.`,
      { ...base, retryable: true, retryAfterSeconds: after },
      ctx,
    );
  }
  if (status === 408) {
    return make('TIMEOUT', `OpenAI timed out handling the request (408). This is usually temporary.`, { ...base, retryable: true }, ctx);
  }
  if (err instanceof NotFoundError || status === 404) {
    return make('NOT_FOUND', `OpenAI answered 404: ${apiMessage(err)} Check the base URL in Settings.`, { ...base, retryable: NEVER_RETRY }, ctx);
  }
  if (err instanceof BadRequestError || (status >= 400 && status < 500)) {
    const param = err.param ? ` (${err.param})` : '';
    return make('INVALID_REQUEST', `OpenAI rejected the request${param}: ${apiMessage(err)}`, { ...base, retryable: NEVER_RETRY }, ctx);
  }
  if (status >= 500) {
    return make('SERVER_ERROR', `OpenAI had a server error (${status}). This is usually temporary.`, { ...base, retryable: true }, ctx);
  }
  return make('INTERNAL', `Unexpected answer from OpenAI (${status}): ${apiMessage(err)}`, { ...base, retryable: NEVER_RETRY }, ctx);
}

function isAbort(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: string }).name === 'AbortError';
}

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

function isNetworkFailure(err: Error): boolean {
  if (err.message === 'terminated' || err.message === 'fetch failed') return true;
  const cause = (err as { cause?: { code?: string } }).cause;
  const code = (err as { code?: string }).code ?? cause?.code;
  return code !== undefined && NETWORK_CODES.has(code);
}

function describe(err: Error): string {
  const cause = (err as { cause?: unknown }).cause;
  return cause instanceof Error ? cause.message : err.message;
}

function formatSeconds(s: number): string {
  return s < 1 ? `${Math.round(s * 1000)} ms` : `${Math.round(s * 10) / 10} s`;
}
