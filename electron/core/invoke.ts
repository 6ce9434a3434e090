/**
 * The one door into the core, shared by Electron's IPC and the web host: look up the
 * channel, parse the arguments with its schema, call the handler, and turn whatever
 * happens into a plain `Result` that can cross a process boundary.
 */
import type { z } from 'zod';
import { CONTRACT, LoupeError, type AppError, type ChannelName, type Handlers, type Result } from '../shared';
import { redact } from './openai/redact';

export function isChannel(name: string): name is ChannelName {
  return Object.prototype.hasOwnProperty.call(CONTRACT, name);
}

/** "size: Both edges must be multiples of 16." — the first problem, where it is. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The request is not valid.';
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

export function invalidArguments(error: z.ZodError): LoupeError {
  return new LoupeError('INVALID_ARGUMENTS', describeIssue(error));
}

export async function invokeHandler(handlers: Handlers, channel: string, rawArgs: unknown): Promise<Result<unknown>> {
  if (!isChannel(channel)) {
    return { ok: false, error: { code: 'INVALID_ARGUMENTS', message: `Unknown channel: ${String(channel).slice(0, 100)}` } };
  }
  const parsed = CONTRACT[channel].request.safeParse(rawArgs === undefined ? {} : rawArgs);
  if (!parsed.success) return { ok: false, error: invalidArguments(parsed.error).toJSON() };
  try {
    // The map is keyed by channel, so this pairing is sound; TS cannot follow it through the union.
    const handler = handlers[channel] as (args: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (err) {
    return { ok: false, error: toAppError(err, channel) };
  }
}

/** SQLite's own codes for a full disk or database (better-sqlite3 puts them on `code`). */
const DB_FULL = new Set(['SQLITE_FULL', 'SQLITE_IOERR_WRITE', 'SQLITE_IOERR_FSYNC']);

export function databaseFull(err: unknown): LoupeError | null {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  if (typeof code !== 'string' || !DB_FULL.has(code)) return null;
  return new LoupeError('STORAGE_FULL', `The disk holding Loupe's library is full, so the change was not saved (${code}). Free some space and try again; what was saved before is intact.`);
}

function toAppError(err: unknown, channel: string): AppError {
  const full = databaseFull(err);
  if (full) return full.toJSON();
  if (err instanceof LoupeError) {
    const e = err.toJSON();
    return { ...e, message: redact(e.message) };
  }
  const message = err instanceof Error ? err.message : String(err);
  // A bug, not a user error: keep the stack for whoever reads the terminal.
  console.error(`[loupe] ${channel} failed:`, redact(err instanceof Error ? (err.stack ?? message) : message));
  return { code: 'INTERNAL', message: `Something went wrong inside Loupe: ${redact(message)}` };
}
