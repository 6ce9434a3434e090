/**
 * Every JobView the renderer knows, kept current by job events, plus the streamed partial
 * previews and retry notices that exist only as events. Views read from here so a job
 * looks the same in Generate and History.
 */
import type { AppError, GenerateParams, JobEvent, JobStatus, JobView } from '../../../electron/shared';
import { call, loupe } from './client';
import { createStore, useStore } from './store';

export interface RetryNotice {
  attempt: number;
  maxAttempts: number;
  delayMs: number;
  error: AppError;
  /** Local time the notice arrived, to count the delay down. */
  receivedAt: number;
}

export interface JobsState {
  jobs: ReadonlyMap<number, JobView>;
  /** jobId → imageIndex → latest preview data URL. */
  partials: ReadonlyMap<number, ReadonlyMap<number, string>>;
  retries: ReadonlyMap<number, RetryNotice>;
  /** Jobs started from this window, newest first: what the Generate view shows. */
  session: readonly number[];
}

const TERMINAL: ReadonlySet<JobStatus> = new Set(['succeeded', 'failed', 'interrupted', 'canceled']);
export const isTerminal = (status: JobStatus): boolean => TERMINAL.has(status);

const store = createStore<JobsState>({ jobs: new Map(), partials: new Map(), retries: new Map(), session: [] });
const partialOrder = new Map<string, number>();
let unsubscribe: (() => void) | null = null;
let pollTimer: ReturnType<typeof setInterval> | null = null;

function withJob(state: JobsState, job: JobView): JobsState {
  const jobs = new Map(state.jobs);
  jobs.set(job.id, job);
  let { retries } = state;
  // A notice is about the wait before the next attempt; once it runs or ends, drop it.
  if (retries.has(job.id) && job.status !== 'retrying' && job.status !== 'queued') {
    const next = new Map(retries);
    next.delete(job.id);
    retries = next;
  }
  return { ...state, jobs, retries };
}

function onEvent(event: JobEvent): void {
  if (event.type === 'job') {
    store.set((s) => withJob(s, event.job));
  } else if (event.type === 'partial') {
    // Events can overtake each other; never replace a later partial with an earlier one.
    const key = `${event.jobId}:${event.imageIndex}`;
    if ((partialOrder.get(key) ?? -1) > event.partialIndex) return;
    partialOrder.set(key, event.partialIndex);
    store.set((s) => {
      const partials = new Map(s.partials);
      const images = new Map(partials.get(event.jobId) ?? []);
      images.set(event.imageIndex, event.dataUrl);
      partials.set(event.jobId, images);
      return { ...s, partials };
    });
  } else {
    store.set((s) => {
      const retries = new Map(s.retries);
      const { attempt, maxAttempts, delayMs, error } = event;
      retries.set(event.jobId, { attempt, maxAttempts, delayMs, error, receivedAt: Date.now() });
      return { ...s, retries };
    });
  }
}

/**
 * Events are the main source; a slow poll of unfinished session jobs covers events missed
 * while the event stream reconnected.
 */
function ensurePolling(): void {
  if (pollTimer) return;
  pollTimer = setInterval(() => {
    const { session, jobs } = store.get();
    const pending = session.filter((id) => {
      const job = jobs.get(id);
      return !job || !isTerminal(job.status);
    });
    if (pending.length === 0 && pollTimer) {
      clearInterval(pollTimer);
      pollTimer = null;
      return;
    }
    for (const id of pending) void refreshJob(id);
  }, 4000);
}

export function ensureJobEvents(): void {
  if (!unsubscribe) unsubscribe = loupe.onJobEvent(onEvent);
}

export function upsertJobs(items: readonly JobView[]): void {
  if (items.length === 0) return;
  store.set((s) => items.reduce(withJob, s));
}

export async function refreshJob(jobId: number): Promise<void> {
  try {
    upsertJobs([await call('getJob', { jobId })]);
  } catch {
    // The poll is a safety net; the next event or tick will try again.
  }
}

function addToSession(jobId: number): void {
  store.set((s) => (s.session.includes(jobId) ? s : { ...s, session: [jobId, ...s.session] }));
  ensurePolling();
}

/** Starts a generation; throws BridgeError for failures the core reports at once. */
export async function startGenerate(params: GenerateParams): Promise<number> {
  ensureJobEvents();
  const { jobId } = await call('generate', params);
  addToSession(jobId);
  if (!store.get().jobs.has(jobId)) void refreshJob(jobId);
  return jobId;
}

export async function retryJob(jobId: number): Promise<JobView> {
  ensureJobEvents();
  const job = await call('retryJob', { jobId });
  // Previews of the failed attempt would pass for progress of the new one.
  for (const key of [...partialOrder.keys()]) if (key.startsWith(`${jobId}:`)) partialOrder.delete(key);
  store.set((s) => {
    if (!s.partials.has(jobId)) return s;
    const partials = new Map(s.partials);
    partials.delete(jobId);
    return { ...s, partials };
  });
  upsertJobs([job]);
  // Whether the core retries in place or as a new job, show it where the user is looking.
  addToSession(job.id);
  return job;
}

export async function cancelJob(jobId: number): Promise<void> {
  upsertJobs([await call('cancelJob', { jobId })]);
}

export function useJobs(): JobsState {
  ensureJobEvents();
  return useStore(store);
}
