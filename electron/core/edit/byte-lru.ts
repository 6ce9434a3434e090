/**
 * A least-recently-used cache of promises, bounded by the bytes of what they resolve
 * to. The edit plan is asked for on every change in the edit studio, and the send
 * needs the same normalised inputs again: decoding a 24-megapixel photo once instead
 * of on every keystroke is the whole point. Concurrent callers of one key share one
 * computation; a failure is not cached (the next call tries again).
 */
export class ByteLru<T> {
  readonly #max: number;
  readonly #sizeOf: (value: T) => number;
  readonly #entries = new Map<string, { promise: Promise<T>; bytes: number }>();
  #total = 0;
  hits = 0;
  misses = 0;

  constructor(maxBytes: number, sizeOf: (value: T) => number) {
    this.#max = maxBytes;
    this.#sizeOf = sizeOf;
  }

  get bytes(): number {
    return this.#total;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string, load: () => Promise<T>): Promise<T> {
    const found = this.#entries.get(key);
    if (found) {
      // Map keeps insertion order: re-inserting makes this the most recently used.
      this.#entries.delete(key);
      this.#entries.set(key, found);
      this.hits++;
      return found.promise;
    }
    this.misses++;
    const entry = { promise: load(), bytes: 0 };
    this.#entries.set(key, entry);
    entry.promise.then(
      (value) => {
        if (this.#entries.get(key) !== entry) return; // evicted or replaced meanwhile
        entry.bytes = this.#sizeOf(value);
        this.#total += entry.bytes;
        this.#evict();
      },
      () => {
        if (this.#entries.get(key) === entry) this.#entries.delete(key);
      },
    );
    return entry.promise;
  }

  clear(): void {
    this.#entries.clear();
    this.#total = 0;
  }

  #evict(): void {
    for (const [key, entry] of this.#entries) {
      if (this.#total <= this.#max) return;
      // Entries still loading weigh nothing yet and are about to be used: keep them.
      if (entry.bytes === 0) continue;
      this.#entries.delete(key);
      this.#total -= entry.bytes;
    }
  }
}
