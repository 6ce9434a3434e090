/**
 * What each error code means to a person: a specific title, and whether pressing Retry
 * could help (it cannot for a blocked prompt or an invalid request: the user must change
 * something first).
 */
import type { AppError, ErrorCode } from '../../../electron/shared';

const TITLES: Partial<Record<ErrorCode, string>> = {
  NO_API_KEY: 'No API key yet',
  AUTH_INVALID_KEY: 'API key rejected',
  ORG_NOT_VERIFIED: 'Organization not verified',
  PERMISSION_DENIED: 'Not allowed for this key',
  MODERATION_BLOCKED: "Blocked by OpenAI's safety system",
  RATE_LIMITED: 'Rate limited',
  INSUFFICIENT_QUOTA: 'Out of credit',
  SERVER_ERROR: 'OpenAI had a server error',
  NETWORK_ERROR: 'Network problem',
  TIMEOUT: 'The request timed out',
  STREAM_STALLED: 'The stream stalled',
  STREAM_ERROR: 'The stream broke off',
  MODEL_NOT_FOUND: 'Model not available',
  INVALID_REQUEST: 'OpenAI rejected the request',
  INVALID_IMAGE: 'Image not accepted',
  INVALID_ARGUMENTS: 'Check the settings',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Already in progress',
  STORAGE_FULL: 'The disk is full',
  STORAGE_ERROR: 'Could not store the result',
  DATABASE_TOO_NEW: 'Library made by a newer Loupe',
  UNSUPPORTED: 'Not supported',
  CANCELED: 'Canceled',
  INTERRUPTED: 'Interrupted',
  BUDGET_EXCEEDED: 'Over budget',
  INVALID_BACKUP: 'Not a usable backup',
};

/** Codes where the same request can succeed later without the user changing the prompt. */
const RETRYABLE: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'AUTH_INVALID_KEY',
  'ORG_NOT_VERIFIED',
  'PERMISSION_DENIED',
  'RATE_LIMITED',
  'INSUFFICIENT_QUOTA',
  'SERVER_ERROR',
  'NETWORK_ERROR',
  'TIMEOUT',
  'STREAM_STALLED',
  'STREAM_ERROR',
  'STORAGE_FULL',
  'STORAGE_ERROR',
  'CANCELED',
  'INTERRUPTED',
  'INTERNAL',
]);

/** Codes fixed in Settings: offer a way there. */
const SETTINGS_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['NO_API_KEY', 'AUTH_INVALID_KEY', 'PERMISSION_DENIED', 'ORG_NOT_VERIFIED', 'MODEL_NOT_FOUND']);

export function errorTitle(error: AppError): string {
  const title = TITLES[error.code] ?? 'Something went wrong';
  // The request got there and no answer came back: say plainly that it may have been billed.
  return error.detail?.outcome === 'unknown' ? `${title}: outcome unknown` : title;
}

/**
 * detail.retryable describes the queue's automatic policy; a person can still retry after
 * fixing the cause (topping up credit, replacing the key), so only add to the list here.
 */
export function canRetry(error: AppError): boolean {
  return RETRYABLE.has(error.code) || error.detail?.retryable === true;
}

export function fixedInSettings(error: AppError): boolean {
  return SETTINGS_CODES.has(error.code);
}
