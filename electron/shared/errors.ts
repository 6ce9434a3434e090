import { z } from 'zod';

/**
 * Every failure that crosses a process boundary carries one of these codes, so the
 * renderer can explain it precisely and tests can assert on it without parsing text.
 */
export const ERROR_CODES = [
  'NO_API_KEY',
  'AUTH_INVALID_KEY',
  'ORG_NOT_VERIFIED',
  'PERMISSION_DENIED',
  'MODERATION_BLOCKED',
  'RATE_LIMITED',
  'INSUFFICIENT_QUOTA',
  'SERVER_ERROR',
  'NETWORK_ERROR',
  'TIMEOUT',
  'STREAM_STALLED',
  'STREAM_ERROR',
  'MODEL_NOT_FOUND',
  'INVALID_REQUEST',
  'INVALID_IMAGE',
  'INVALID_ARGUMENTS',
  'FORBIDDEN_SENDER',
  'NOT_FOUND',
  'CONFLICT',
  'STORAGE_FULL',
  'STORAGE_ERROR',
  'DATABASE_TOO_NEW',
  'UNSUPPORTED',
  'CANCELED',
  'INTERRUPTED',
  'BUDGET_EXCEEDED',
  'INVALID_BACKUP',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const AppErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  /** Facts a person or a retry policy can act on; all optional. */
  detail: z
    .object({
      status: z.number().int().optional(),
      requestId: z.string().optional(),
      param: z.string().optional(),
      apiCode: z.string().optional(),
      categories: z.array(z.string()).optional(),
      stage: z.string().optional(),
      retryAfterSeconds: z.number().optional(),
      retryable: z.boolean().optional(),
      path: z.string().optional(),
      budgetUsd: z.number().optional(),
      spentUsd: z.number().optional(),
      estimateUsd: z.number().optional(),
      imageIndex: z.number().int().optional(),
      /**
       * 'unknown': the request reached OpenAI and no answer came back (a timeout, a stall,
       * a connection lost after sending), so it may have been made and billed. Never
       * retried on its own; offered to the person as a retry that may bill again.
       */
      outcome: z.enum(['unknown']).optional(),
    })
    .optional(),
});
export type AppError = z.infer<typeof AppErrorSchema>;

/** Thrown inside the core; turned into `{ ok: false, error }` at the boundary. */
export class LoupeError extends Error {
  readonly code: ErrorCode;
  readonly detail: AppError['detail'];
  constructor(code: ErrorCode, message: string, detail?: AppError['detail']) {
    super(message);
    this.name = 'LoupeError';
    this.code = code;
    this.detail = detail;
  }
  toJSON(): AppError {
    return this.detail ? { code: this.code, message: this.message, detail: this.detail } : { code: this.code, message: this.message };
  }
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };
