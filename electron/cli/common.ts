/**
 * What every command shares: the global options, turning a refusal into an exit code, and
 * waiting for jobs. Options are parsed with Node's own util.parseArgs: strict, typed and
 * enough for flags and repeated values, so no argument-parser dependency earns its place.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resolve } from 'node:path';
import type { JobView } from '../shared';
import { EXIT, exitFor, type ExitCode } from './exit-codes';
import type { Printer } from './output';
import { CoreError, type Session } from './session';

export const GLOBAL_OPTIONS = {
  'data-dir': { type: 'string' },
  'output-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
  'api-key-stdin': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

export const GLOBAL_HELP = `Options for every command:
  --data-dir DIR      the library to use (default: the desktop app's, or LOUPE_DATA_DIR)
  --output-dir DIR    where outputs are saved when the library has no folder set yet
  --json              print the result as one JSON document on stdout
  --api-key-stdin     read the API key from stdin (otherwise OPENAI_API_KEY); never stored
  -h, --help          this help`;

/** A mistake on the command line: exit code 2, with the command's help pointed at. */
export class UsageError extends Error {}

export interface Context {
  printer: Printer;
  /** Opens the library (taking its lock); `tuning` applies to this run only. */
  open(tuning?: { concurrency?: number }): Promise<Session>;
}

type Parsed<O extends NonNullable<ParseArgsConfig['options']>> = ReturnType<typeof parseArgs<{ args: string[]; options: typeof GLOBAL_OPTIONS & O; strict: true; allowPositionals: boolean }>>;

export function parse<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O, positionals = false): Parsed<O> {
  try {
    return parseArgs({ args: argv, options: { ...GLOBAL_OPTIONS, ...options }, strict: true, allowPositionals: positionals }) as Parsed<O>;
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message.replace(/\. To specify.*$/s, '.') : String(err));
  }
}

export function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T;
export function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined;
export function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback?: T): T | undefined {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, not "${value}".`);
  return value as T;
}

export function intOption(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${value}".`);
  return n;
}

export const absolute = (p: string): string => resolve(p);

const TERMINAL = new Set(['succeeded', 'failed', 'interrupted', 'canceled']);

/**
 * Waits until every job is finished, as the core reports it (events, checked against
 * jobs:get every few seconds so nothing depends on catching one event).
 */
export async function waitForJobs(session: Session, ids: number[], onChange?: (jobs: JobView[]) => void): Promise<JobView[]> {
  const latest = new Map<number, JobView>();
  const refresh = async (): Promise<boolean> => {
    for (const id of ids) if (!TERMINAL.has(latest.get(id)?.status ?? '')) latest.set(id, await session.call('jobs:get', { jobId: id }));
    onChange?.(ids.map((id) => latest.get(id)!));
    return ids.every((id) => TERMINAL.has(latest.get(id)!.status));
  };
  let wake: (() => void) | null = null;
  const off = session.onEvent((e) => {
    if (e.type === 'job' && ids.includes(e.job.id)) wake?.();
  });
  try {
    while (!(await refresh())) await new Promise<void>((r) => ((wake = r), setTimeout(r, 2000)));
  } finally {
    off();
  }
  return ids.map((id) => latest.get(id)!);
}

/** The exit code for finished jobs: OK when all succeeded, else the code of the first failure. */
export function exitForJobs(jobs: JobView[]): ExitCode {
  const bad = jobs.find((j) => j.status !== 'succeeded');
  if (!bad) return EXIT.OK;
  if (bad.status === 'interrupted' || bad.status === 'canceled') return EXIT.INTERRUPTED;
  return bad.error ? exitFor(bad.error.code, bad.error.detail?.stage) : EXIT.FAILED;
}

/** A job as the CLI reports it (--json and text alike): what a script needs, nothing of the key. */
export function jobSummary(j: JobView) {
  return {
    id: j.id,
    kind: j.kind,
    status: j.status,
    model: j.model,
    prompt: j.prompt,
    costUsd: j.costUsd,
    files: j.outputs.map((o) => o.savedPath).filter((p): p is string => p !== null),
    outputs: j.outputs.map((o) => ({ id: o.id, hash: o.lockedHash ?? o.assetHash, locked: o.lockedHash !== null, width: o.width, height: o.height, savedPath: o.savedPath, saveError: o.saveError })),
    error: j.error,
    requestIds: j.requestIds,
  };
}

export { CoreError };
