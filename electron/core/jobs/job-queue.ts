/**
 * A small FIFO with a concurrency limit. It knows nothing about OpenAI: it runs
 * `run(jobId, signal)` for each job, gives every running job an AbortController, and
 * tells cancel from shutdown through the abort reason so the runner can record the
 * right status (canceled) or none at all (shutdown: the next start marks it interrupted).
 */
export type StopReason = 'cancel' | 'shutdown';

export interface JobQueueOptions {
  concurrency: number;
  run: (jobId: number, signal: AbortSignal) => Promise<void>;
  /** Errors escaping `run` are bugs; report them rather than lose them. */
  onCrash?: (jobId: number, err: unknown) => void;
}

export class JobQueue {
  readonly #opts: JobQueueOptions;
  readonly #waiting: number[] = [];
  readonly #running = new Map<number, { ac: AbortController; done: Promise<void> }>();
  #idleWaiters: Array<() => void> = [];
  #closed = false;

  constructor(opts: JobQueueOptions) {
    this.#opts = { ...opts, concurrency: Math.max(1, Math.floor(opts.concurrency)) };
  }

  /** Adds a job; ignored when it is already waiting or running (a double click on Retry). */
  enqueue(jobId: number): void {
    if (this.#closed || this.has(jobId)) return;
    this.#waiting.push(jobId);
    this.#pump();
  }

  has(jobId: number): boolean {
    return this.#waiting.includes(jobId) || this.#running.has(jobId);
  }

  /** Jobs waiting or running. */
  get size(): number {
    return this.#waiting.length + this.#running.size;
  }

  isRunning(jobId: number): boolean {
    return this.#running.has(jobId);
  }

  /**
   * Stops a job. A waiting job is just dropped (returns 'dropped': the caller records
   * the status); a running one is aborted and this resolves once its runner returned.
   */
  async cancel(jobId: number): Promise<'dropped' | 'stopped' | 'unknown'> {
    const i = this.#waiting.indexOf(jobId);
    if (i >= 0) {
      this.#waiting.splice(i, 1);
      this.#notifyIfIdle();
      return 'dropped';
    }
    const running = this.#running.get(jobId);
    if (!running) return 'unknown';
    running.ac.abort('cancel' satisfies StopReason);
    await running.done;
    return 'stopped';
  }

  /** Resolves when nothing is waiting or running. */
  whenIdle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Aborts everything running with reason 'shutdown' and waits for the runners to return. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#waiting.length = 0;
    const all = [...this.#running.values()];
    for (const r of all) r.ac.abort('shutdown' satisfies StopReason);
    await Promise.all(all.map((r) => r.done));
    this.#notifyIfIdle();
  }

  #pump(): void {
    while (!this.#closed && this.#running.size < this.#opts.concurrency && this.#waiting.length > 0) {
      const jobId = this.#waiting.shift()!;
      const ac = new AbortController();
      const done = this.#opts
        .run(jobId, ac.signal)
        .catch((err: unknown) => this.#opts.onCrash?.(jobId, err))
        .finally(() => {
          this.#running.delete(jobId);
          this.#pump();
          this.#notifyIfIdle();
        });
      this.#running.set(jobId, { ac, done });
    }
  }

  #isIdle(): boolean {
    return this.#waiting.length === 0 && this.#running.size === 0;
  }

  #notifyIfIdle(): void {
    if (!this.#isIdle()) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const w of waiters) w();
  }
}

export function stopReason(signal: AbortSignal): StopReason | null {
  if (!signal.aborted) return null;
  return signal.reason === 'shutdown' ? 'shutdown' : 'cancel';
}
