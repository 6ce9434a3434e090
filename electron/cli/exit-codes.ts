/**
 * What `loupe` exits with, so a script can tell "fix your command" from "try again later"
 * from "some photos failed". Documented in `loupe --help` and the README.
 */
import type { ErrorCode } from '../shared';

export const EXIT = {
  /** Everything asked for was done. */
  OK: 0,
  /** A fault inside Loupe (a bug): the message says what. */
  INTERNAL: 1,
  /** The command line is wrong: unknown option, missing value, a file that is not there. */
  USAGE: 2,
  /** The request was refused or a job (or some batch items) failed: moderation, an invalid image, the budget. */
  FAILED: 3,
  /** No API key, or the key was refused. */
  AUTH: 4,
  /** Another Loupe (the app, the web host or another `loupe`) is using the data folder. */
  LOCKED: 5,
  /** The disk is full, or a folder cannot be written. */
  STORAGE: 6,
  /** The API could not be reached or kept refusing (network, timeouts, 5xx, rate limits, quota): try again later. */
  UNAVAILABLE: 7,
  /** Stopped by Ctrl+C or a signal; a batch resumes when started again with the same arguments. */
  INTERRUPTED: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const BY_CODE: Partial<Record<ErrorCode, ExitCode>> = {
  INVALID_ARGUMENTS: EXIT.USAGE,
  NO_API_KEY: EXIT.AUTH,
  AUTH_INVALID_KEY: EXIT.AUTH,
  PERMISSION_DENIED: EXIT.AUTH,
  ORG_NOT_VERIFIED: EXIT.AUTH,
  STORAGE_FULL: EXIT.STORAGE,
  STORAGE_ERROR: EXIT.STORAGE,
  DATABASE_TOO_NEW: EXIT.STORAGE,
  NETWORK_ERROR: EXIT.UNAVAILABLE,
  TIMEOUT: EXIT.UNAVAILABLE,
  SERVER_ERROR: EXIT.UNAVAILABLE,
  RATE_LIMITED: EXIT.UNAVAILABLE,
  INSUFFICIENT_QUOTA: EXIT.UNAVAILABLE,
  STREAM_STALLED: EXIT.UNAVAILABLE,
  STREAM_ERROR: EXIT.UNAVAILABLE,
  INTERRUPTED: EXIT.INTERRUPTED,
  CANCELED: EXIT.INTERRUPTED,
  INTERNAL: EXIT.INTERNAL,
};

/** The exit code for an error the core reported; a data-folder lock is LOCKED, any other refusal FAILED. */
export function exitFor(code: ErrorCode, stage?: string): ExitCode {
  if (code === 'CONFLICT' && stage === 'data-lock') return EXIT.LOCKED;
  return BY_CODE[code] ?? EXIT.FAILED;
}

export const EXIT_HELP = `Exit codes:
  0    done
  1    a fault inside Loupe
  2    the command line is wrong (unknown option, missing value, file not found)
  3    refused or failed (moderation, invalid image, budget; in a batch: some items failed)
  4    no API key, or the key was refused
  5    another Loupe is using the data folder (close the app, or use --data-dir)
  6    the disk is full or a folder cannot be written
  7    the API could not be reached or kept refusing (network, 5xx, rate limit, quota)
  130  interrupted (Ctrl+C); run the same batch command again to resume it`;
