/**
 * One Loupe at a time per data folder. Two processes on one library would each run their
 * own job queue, each mark the other's running jobs interrupted at start, and a restore in
 * one would swap the database out from under the other. So every host takes this lock
 * before it opens the core, and refuses to start while another live process holds it.
 *
 * The lock is a file created exclusively (O_EXCL), holding the holder's pid, host name and
 * start time. A lock whose pid is dead on this machine was left by a crash and is taken
 * over; one from another machine (a shared folder) cannot be checked and is respected.
 * Taking over goes through a second exclusive file, so two processes finding the same
 * stale lock cannot both take it.
 */
import { hostname } from 'node:os';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { LoupeError } from '../../shared';

export const LOCK_FILE = 'loupe.lock';
const TAKEOVER_FILE = 'loupe.lock.takeover';

export interface LockHolder {
  pid: number;
  host: string;
  /** ISO time the holder started. */
  startedAt: string;
  /** Which of Loupe's hosts holds it ("electron", "web", "cli"). */
  app: string;
}

export interface DataLock {
  path: string;
  holder: LockHolder;
  release(): Promise<void>;
}

function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null ? (err as NodeJS.ErrnoException).code : undefined;
}

/** Whether `pid` is a live process on this machine (EPERM: alive, someone else's). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errnoCode(err) === 'EPERM';
  }
}

async function createExclusive(path: string, holder: LockHolder): Promise<boolean> {
  try {
    const fh = await open(path, 'wx', 0o644);
    try {
      await fh.writeFile(`${JSON.stringify(holder)}\n`);
      await fh.sync();
    } finally {
      await fh.close();
    }
    return true;
  } catch (err) {
    if (errnoCode(err) === 'EEXIST') return false;
    throw err;
  }
}

/** The holder a lock file names; null when it cannot be read as one (half written, or gone). */
async function readHolder(path: string): Promise<LockHolder | null> {
  try {
    const v = JSON.parse(await readFile(path, 'utf8')) as Partial<LockHolder>;
    if (typeof v.pid !== 'number' || !Number.isInteger(v.pid) || v.pid <= 0 || typeof v.host !== 'string') return null;
    return { pid: v.pid, host: v.host, startedAt: String(v.startedAt ?? ''), app: String(v.app ?? 'Loupe') };
  } catch {
    return null;
  }
}

/** Lock files this process holds now: a lock naming our pid but not in here was left by an earlier process that had it (pids repeat, in containers especially). */
const heldHere = new Set<string>();

const isStale = (h: LockHolder | null, path: string): boolean =>
  h !== null && h.host === hostname() && (h.pid === process.pid ? !heldHere.has(path) : !pidAlive(h.pid));

function heldError(dataDir: string, path: string, h: LockHolder | null): LoupeError {
  const who = h
    ? `process ${h.pid} (${h.app === 'electron' ? 'the Loupe app' : `Loupe's ${h.app} host`}) on ${h.host}, started ${h.startedAt}`
    : 'another process (its lock file cannot be read)';
  return new LoupeError(
    'CONFLICT',
    `Another Loupe is already using the data folder ${dataDir}: ${who}. Close it first, or use another data folder. If it is not running, delete ${path}.`,
    { path, stage: 'data-lock' },
  );
}

function held(lock: DataLock): DataLock {
  heldHere.add(lock.path);
  return lock;
}

/** Takes the data folder's lock or throws CONFLICT naming the process that holds it. */
export async function acquireDataLock(dataDir: string, app: string, now: () => number = Date.now): Promise<DataLock> {
  await mkdir(dataDir, { recursive: true });
  const path = resolve(dataDir, LOCK_FILE);
  const takeover = resolve(dataDir, TAKEOVER_FILE);
  const holder: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date(now()).toISOString(), app };
  const lock: DataLock = {
    path,
    holder,
    release: async () => {
      heldHere.delete(path);
      // Only our own lock: after a takeover by someone else it is theirs.
      const current = await readHolder(path);
      if (current && current.pid === holder.pid && current.host === holder.host && current.startedAt === holder.startedAt) await rm(path, { force: true });
    },
  };

  for (let attempt = 0; attempt < 5; attempt++) {
    if (await createExclusive(path, holder)) return held(lock);
    const current = await readHolder(path);
    if (current === null) {
      // Being written by its creator this very moment, or garbage: look again shortly.
      await new Promise((r) => setTimeout(r, 50));
      if ((await readHolder(path)) !== null || !(await createExclusive(takeover, holder))) continue;
    } else if (!isStale(current, path)) {
      throw heldError(dataDir, path, current);
    } else if (!(await createExclusive(takeover, holder))) {
      // Someone else is taking it over; a takeover file left by a dead process is cleared.
      if (isStale(await readHolder(takeover), takeover)) await rm(takeover, { force: true });
      else await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    // We hold the takeover file: nobody else removes or replaces the lock meanwhile.
    heldHere.add(takeover);
    try {
      const again = await readHolder(path);
      if (again === null || isStale(again, path)) await rm(path, { force: true });
      if (await createExclusive(path, holder)) return held(lock);
    } finally {
      heldHere.delete(takeover);
      await rm(takeover, { force: true });
    }
  }
  throw heldError(dataDir, path, await readHolder(path));
}
