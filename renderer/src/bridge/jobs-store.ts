/**
 * Every JobView the renderer knows, kept current by job events, plus the streamed partial
 * previews and retry notices that exist only as events. Views read from here so a job
 * looks the same in Generate and History.
 */
import type { AppError, EditParams, GenerateParams, JobEvent, JobStatus, JobView, OutputView } from '../../../electron/shared';
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
  /** Jobs started from this window, newest first: Generate shows its kind, Edit its own. */
  session: readonly number[];
  /** Kind of each session job, known before its JobView arrives. */
  kinds: ReadonlyMap<number, JobView['kind']>;
}

const TERMINAL: ReadonlySet<JobStatus> = new Set(['succeeded', 'failed', 'interrupted', 'canceled']);
export const isTerminal = (status: JobStatus): boolean => TERMINAL.has(status);

const store = createStore<JobsState>({ jobs: new Map(), partials: new Map(), retries: new Map(), session: [], kinds: new Map() });
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
  } else if (event.type === 'retry') {
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

function addToSession(jobId: number, kind: JobView['kind']): void {
  store.set((s) => {
    if (s.session.includes(jobId)) return s;
    const kinds = new Map(s.kinds);
    kinds.set(jobId, kind);
    return { ...s, session: [jobId, ...s.session], kinds };
  });
  ensurePolling();
}

/** This window's jobs of one kind, newest first; ids whose JobView has not arrived yet count as pending. */
export function sessionOf(state: JobsState, kind: JobView['kind']): { shown: JobView[]; pending: number } {
  const shown: JobView[] = [];
  let pending = 0;
  for (const id of state.session) {
    const job = state.jobs.get(id);
    if ((job?.kind ?? state.kinds.get(id)) !== kind) continue;
    // A failed job the person dismissed leaves the feed; History keeps it.
    if (job?.dismissed) continue;
    if (job) shown.push(job);
    else pending++;
  }
  return { shown, pending };
}

/** The job and output an output id belongs to, among the jobs this window has seen (lineage). */
export function findOutput(jobs: ReadonlyMap<number, JobView>, outputId: number): { job: JobView; output: OutputView } | null {
  for (const job of jobs.values()) {
    const output = job.outputs.find((o) => o.id === outputId);
    if (output) return { job, output };
  }
  return null;
}

/** Starts a generation; throws BridgeError for failures the core reports at once. */
export async function startGenerate(params: GenerateParams): Promise<number> {
  ensureJobEvents();
  const { jobId } = await call('generate', params);
  addToSession(jobId, 'generate');
  if (!store.get().jobs.has(jobId)) void refreshJob(jobId);
  return jobId;
}

/** Starts an edit; throws BridgeError for failures the core reports at once (a refused mask, a missing input). */
export async function startEdit(params: EditParams): Promise<number> {
  ensureJobEvents();
  const { jobId } = await call('edit', params);
  addToSession(jobId, 'edit');
  if (!store.get().jobs.has(jobId)) void refreshJob(jobId);
  return jobId;
}

/** After a library restore the ids this window knew may name other jobs: start clean. */
export function resetJobs(): void {
  partialOrder.clear();
  store.set({ jobs: new Map(), partials: new Map(), retries: new Map(), session: [], kinds: new Map() });
}

export function getJobs(): JobsState {
  return store.get();
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
  addToSession(job.id, job.kind);
  return job;
}

/** Takes a failed job out of this window's feed, for good (the core remembers it). */
export async function dismissJob(jobId: number): Promise<void> {
  await call('dismissJobs', { jobIds: [jobId], dismissed: true });
  await refreshJob(jobId);
}

export async function cancelJob(jobId: number): Promise<void> {
  upsertJobs([await call('cancelJob', { jobId })]);
}

export function useJobs(): JobsState {
  ensureJobEvents();
  return useStore(store);
}
