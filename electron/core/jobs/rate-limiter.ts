/**
 * Images per minute, per model: a sliding window of what was sent in the last 60 seconds.
 * The API limits each model separately, so a slow model never holds up another. A 429
 * with Retry-After holds the model until then, whatever the window says.
 */
export const WINDOW_MS = 60_000;
/**
 * The API counts a request when it arrives, a moment after it left here: a sent image
 * stays in our window this much longer, so the first request of the next window is not
 * counted in the API's last one (and refused with a 429 whose retry costs a slot more).
 */
export const SKEW_MS = 1_000;

export class RateLimiter {
  readonly #sent = new Map<string, Array<{ at: number; images: number }>>();
  readonly #heldUntil = new Map<string, number>();
  #perMinute: number;
  readonly #now: () => number;

  constructor(perMinute: number, now: () => number) {
    this.#perMinute = Math.max(1, Math.floor(perMinute));
    this.#now = now;
  }

  get perMinute(): number {
    return this.#perMinute;
  }

  setPerMinute(n: number): void {
    this.#perMinute = Math.max(1, Math.floor(n));
  }

  /**
   * Records `images` for `model` and returns 0 when they may be sent now; otherwise
   * records nothing and returns how long to wait. A request bigger than the whole limit
   * goes alone once the window is empty (it could never fit otherwise).
   */
  tryTake(model: string, images: number): number {
    const now = this.#now();
    const held = (this.#heldUntil.get(model) ?? 0) - now;
    if (held > 0) return held;
    const list = this.#prune(model, now);
    const used = list.reduce((s, e) => s + e.images, 0);
    const want = Math.max(1, images);
    if (used + want <= this.#perMinute || (used === 0 && want > this.#perMinute)) {
      list.push({ at: now, images: want });
      return 0;
    }
    // Wait until enough of the window has slid out.
    let freed = 0;
    for (const e of list) {
      freed += e.images;
      if (used - freed + want <= this.#perMinute || used - freed === 0) return Math.max(1, e.at + WINDOW_MS + SKEW_MS - now);
    }
    return WINDOW_MS;
  }

  /** Waits (abortably) until `images` may be sent, then records them. False when aborted. */
  async take(model: string, images: number, signal: AbortSignal): Promise<boolean> {
    for (;;) {
      if (signal.aborted) return false;
      const wait = this.tryTake(model, images);
      if (wait === 0) return true;
      const ok = await new Promise<boolean>((resolve) => {
        const t = setTimeout(() => (signal.removeEventListener('abort', onAbort), resolve(true)), wait);
        const onAbort = () => (clearTimeout(t), resolve(false));
        signal.addEventListener('abort', onAbort, { once: true });
      });
      if (!ok) return false;
    }
  }

  /** A 429 said to wait: nothing more goes to this model until then. */
  hold(model: string, ms: number): void {
    const until = this.#now() + Math.max(0, ms);
    if (until > (this.#heldUntil.get(model) ?? 0)) this.#heldUntil.set(model, until);
  }

  /** Images sent in the last minute, per model that sent any. */
  usage(): Array<{ model: string; sentLastMinute: number; perMinute: number }> {
    const now = this.#now();
    const out: Array<{ model: string; sentLastMinute: number; perMinute: number }> = [];
    for (const model of this.#sent.keys()) {
      const n = this.#prune(model, now).reduce((s, e) => s + e.images, 0);
      if (n > 0) out.push({ model, sentLastMinute: n, perMinute: this.#perMinute });
    }
    return out;
  }

  #prune(model: string, now: number): Array<{ at: number; images: number }> {
    let list = this.#sent.get(model);
    if (!list) {
      list = [];
      this.#sent.set(model, list);
    }
    while (list.length > 0 && list[0]!.at + WINDOW_MS + SKEW_MS <= now) list.shift();
    return list;
  }
}
