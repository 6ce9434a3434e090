/**
 * History's rows at scale: a bounded LRU of JobViews, filled only for the ids on screen.
 * The gallery virtualises over 100,000 ids but never holds more than CAPACITY jobs, so
 * scrolling the whole library leaves memory flat. (The jobs store, by contrast, keeps every
 * job this window started and is not used for History.)
 *
 * Fetching is coalesced: whatever range was asked for last is fetched next, one request in
 * flight at a time, so a fast scroll does not queue hundreds of stale requests.
 */
import { useSyncExternalStore } from 'react';
import type { JobView } from '../../../electron/shared';
import { call, loupe } from './client';

const CAPACITY = 600;
/** getJobs takes at most 500 ids per call. */
const BATCH = 500;

const entries = new Map<number, JobView>();
/** Ids the core no longer has (deleted elsewhere): shown as gone, not fetched again. */
const gone = new Set<number>();
/** The details panel's job stays even when the gallery scrolls far away. */
const pinned = new Set<number>();
const listeners = new Set<() => void>();
let version = 0;
let wanted: readonly number[] = [];
let fetching = false;
let subscribed = false;

function changed(): void {
  version++;
  for (const l of [...listeners]) l();
}

function evict(): void {
  if (entries.size <= CAPACITY) return;
  // Map iteration is insertion order: the first entries are the least recently used.
  for (const id of entries.keys()) {
    if (entries.size <= CAPACITY) break;
    if (!pinned.has(id)) entries.delete(id);
  }
}

function put(job: JobView): void {
  entries.delete(job.id);
  entries.set(job.id, job);
  gone.delete(job.id);
}

/** Replaces cached jobs with newer views (a mutation's answer, a job event). */
export function putJobs(jobs: readonly JobView[]): void {
  if (jobs.length === 0) return;
  for (const job of jobs) put(job);
  evict();
  changed();
}

export function peekJob(id: number): JobView | undefined {
  return entries.get(id);
}

export function isGone(id: number): boolean {
  return gone.has(id);
}

async function pump(): Promise<void> {
  if (fetching) return;
  fetching = true;
  try {
    for (;;) {
      const missing = wanted.filter((id) => !entries.has(id) && !gone.has(id)).slice(0, BATCH);
      if (missing.length === 0) break;
      const asked = wanted;
      let jobs: JobView[];
      try {
        jobs = await call('getJobs', { ids: missing });
      } catch {
        // Leave them as placeholders; the next scroll or refresh asks again.
        break;
      }
      for (const job of jobs) put(job);
      const got = new Set(jobs.map((j) => j.id));
      for (const id of missing) if (!got.has(id)) gone.add(id);
      // Keep what is on screen now: refresh its recency before evicting.
      for (const id of wanted) {
        const job = entries.get(id);
        if (job) put(job);
      }
      evict();
      changed();
      if (asked === wanted && missing.length < BATCH) break;
    }
  } finally {
    fetching = false;
  }
}

/** The ids on screen (plus overscan): fetch what is missing and mark the rest recently used. */
export function wantJobs(ids: readonly number[]): void {
  ensureSubscribed();
  wanted = ids;
  for (const id of ids) {
    const job = entries.get(id);
    if (job) put(job);
  }
  void pump();
}

/** Fetches jobs whether cached or not (after a change the answer did not include, like a project move). */
export async function refetchJobs(ids: readonly number[]): Promise<void> {
  ensureSubscribed();
  for (let i = 0; i < ids.length; i += BATCH) {
    const chunk = ids.slice(i, i + BATCH);
    const jobs = await call('getJobs', { ids: [...chunk] });
    const got = new Set(jobs.map((j) => j.id));
    for (const id of chunk) if (!got.has(id)) gone.add(id);
    putJobs(jobs);
    if (jobs.length < chunk.length) changed();
  }
}

/** One job for the details panel, fetched only when it is not cached. */
export function loadJob(id: number): Promise<void> {
  return entries.has(id) ? Promise.resolve() : refetchJobs([id]);
}

export function pinJob(id: number | null): void {
  pinned.clear();
  if (id !== null) pinned.add(id);
}

/** Forget everything (after a restore or a delete): ids may now mean other jobs. */
export function clearJobCache(): void {
  entries.clear();
  gone.clear();
  changed();
}

function ensureSubscribed(): void {
  if (subscribed) return;
  subscribed = true;
  // Live status of jobs on screen; new jobs reach the gallery through a fresh search.
  loupe.onJobEvent((event) => {
    if (event.type === 'job' && entries.has(event.job.id)) putJobs([event.job]);
  });
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Re-renders when any cached job changes; read jobs with peekJob. */
export function useJobCacheVersion(): number {
  ensureSubscribed();
  return useSyncExternalStore(subscribe, () => version);
}
