/**
 * A small FIFO with a concurrency limit, a pause switch and an admission gate (the rate
 * limit per model, the endpoint being offline). It knows nothing about OpenAI: it runs
 * `run(jobId, signal)` for each job, gives every running job an AbortController, and
 * tells cancel from shutdown through the abort reason so the runner can record the
 * right status (canceled) or none at all (shutdown: the next start marks it interrupted).
 */
export type StopReason = 'cancel' | 'shutdown';

export interface JobQueueOptions {
  concurrency: number;
  /**
   * `drain` aborts when the queue closes: a runner then starts no new attempt and stops
   * waiting (for a retry, the rate, the endpoint) but lets a request in flight finish.
   */
  run: (jobId: number, signal: AbortSignal, drain: AbortSignal) => Promise<void>;
  /** Errors escaping `run` are bugs; report them rather than lose them. */
  onCrash?: (jobId: number, err: unknown) => void;
  /**
   * Asked before a waiting job starts: 0 lets it start (and counts it against its rate
   * limit), more is how many milliseconds to wait. Jobs behind it may start meanwhile
   * (another model's limit is not this one's).
   */
  admit?: (jobId: number) => number;
  /** While true nothing starts (the endpoint is offline); call wake() when it changes. */
  blocked?: () => boolean;
  /** Told when jobs start, finish, pause or resume (the status strip). */
  onChange?: () => void;
}

export class JobQueue {
  readonly #opts: JobQueueOptions;
  readonly #waiting: number[] = [];
  readonly #running = new Map<number, { ac: AbortController; done: Promise<void> }>();
  #idleWaiters: Array<() => void> = [];
  #closed = false;
  #paused = false;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #timerAt = Number.POSITIVE_INFINITY;
  readonly #drain = new AbortController();

  constructor(opts: JobQueueOptions) {
    this.#opts = { ...opts, concurrency: Math.max(1, Math.floor(opts.concurrency)) };
  }

  get paused(): boolean {
    return this.#paused;
  }

  get concurrency(): number {
    return this.#opts.concurrency;
  }

  get waitingCount(): number {
    return this.#waiting.length;
  }

  get runningCount(): number {
    return this.#running.size;
  }

  /** Nothing new starts; running jobs finish. */
  pause(): void {
    if (this.#paused) return;
    this.#paused = true;
    this.#opts.onChange?.();
  }

  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#pump();
    this.#opts.onChange?.();
  }

  setConcurrency(n: number): void {
    this.#opts.concurrency = Math.max(1, Math.floor(n));
    this.#pump();
  }

  /** Look again at waiting jobs (the endpoint came back, a setting changed). */
  wake(): void {
    this.#pump();
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

  /**
   * Starts nothing more; gives requests in flight up to `drainMs` to bring their answers
   * (a paid-for image is worth the wait), then aborts the rest with reason 'shutdown' and
   * waits for the runners to return.
   */
  async close(drainMs = 0): Promise<void> {
    this.#closed = true;
    this.#waiting.length = 0;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#drain.abort('shutdown' satisfies StopReason);
    if (drainMs > 0 && this.#running.size > 0) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([Promise.all([...this.#running.values()].map((r) => r.done)), new Promise((r) => (timer = setTimeout(r, drainMs)))]);
      clearTimeout(timer);
    }
    const all = [...this.#running.values()];
    for (const r of all) r.ac.abort('shutdown' satisfies StopReason);
    await Promise.all(all.map((r) => r.done));
    this.#notifyIfIdle();
  }

  #pump(): void {
    if (this.#closed || this.#paused || this.#opts.blocked?.()) return;
    let earliest = Number.POSITIVE_INFINITY;
    let started = false;
    for (let i = 0; i < this.#waiting.length && this.#running.size < this.#opts.concurrency; ) {
      const jobId = this.#waiting[i]!;
      const wait = this.#opts.admit ? this.#opts.admit(jobId) : 0;
      if (wait > 0) {
        earliest = Math.min(earliest, wait);
        i++;
        continue;
      }
      this.#waiting.splice(i, 1);
      this.#start(jobId);
      started = true;
    }
    if (Number.isFinite(earliest)) this.#wakeIn(earliest);
    if (started) this.#opts.onChange?.();
  }

  #wakeIn(ms: number): void {
    const at = Date.now() + ms;
    if (this.#timer && this.#timerAt <= at) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#timerAt = Number.POSITIVE_INFINITY;
      this.#pump();
    }, ms);
  }

  #start(jobId: number): void {
    {
      const ac = new AbortController();
      const done = this.#opts
        .run(jobId, ac.signal, this.#drain.signal)
        .catch((err: unknown) => this.#opts.onCrash?.(jobId, err))
        .finally(() => {
          this.#running.delete(jobId);
          this.#pump();
          this.#notifyIfIdle();
          this.#opts.onChange?.();
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
