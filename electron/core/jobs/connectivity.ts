/**
 * Whether the API endpoint answers. A request that could not reach it (refused, no route,
 * DNS) turns the queue offline: nothing new is sent, and a probe asks the endpoint every
 * few seconds; the first answer of any kind (even 401) brings the queue back by itself.
 */
export interface ConnectivityOptions {
  /** Resolves true when the endpoint answered at all, false when it could not be reached. */
  probe: () => Promise<boolean>;
  probeEveryMs: number;
  now: () => number;
  onChange: (offline: boolean) => void;
  log?: (message: string) => void;
}

export class Connectivity {
  readonly #o: ConnectivityOptions;
  #offlineSince: number | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #waiters: Array<() => void> = [];
  #closed = false;

  constructor(o: ConnectivityOptions) {
    this.#o = o;
  }

  get offline(): boolean {
    return this.#offlineSince !== null;
  }

  get offlineSince(): number | null {
    return this.#offlineSince;
  }

  /**
   * A request failed to reach the endpoint. Probes once at once: true when the endpoint
   * is really out of reach (the queue is now offline), false when it answers (a passing
   * fault: the caller's retry policy applies as usual).
   */
  async reportUnreachable(): Promise<boolean> {
    if (this.offline) return true;
    if (await this.#probe()) return false;
    if (this.offline || this.#closed) return this.offline;
    this.#offlineSince = this.#o.now();
    this.#o.log?.('the API endpoint cannot be reached: the queue waits for it');
    this.#o.onChange(true);
    this.#schedule();
    return true;
  }

  /** Resolves true once the endpoint answers again, false if `signal` aborts first. */
  whenOnline(signal: AbortSignal): Promise<boolean> {
    if (!this.offline) return Promise.resolve(true);
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = () => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      };
      const onAbort = () => {
        this.#waiters = this.#waiters.filter((w) => w !== done);
        resolve(false);
      };
      this.#waiters.push(done);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  async #probe(): Promise<boolean> {
    try {
      return await this.#o.probe();
    } catch {
      return false;
    }
  }

  #schedule(): void {
    if (this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#probe().then((answered) => {
        if (this.#closed) return;
        if (!answered) return this.#schedule();
        this.#offlineSince = null;
        this.#o.log?.('the API endpoint answers again: the queue resumes');
        const waiters = this.#waiters;
        this.#waiters = [];
        for (const w of waiters) w();
        this.#o.onChange(false);
      });
    }, this.#o.probeEveryMs);
    this.#timer.unref?.();
  }
}
