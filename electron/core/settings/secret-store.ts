/**
 * Where the API key lives. The core only ever asks for it right before a request, so
 * a store backed by the OS keychain (Electron's safeStorage, in the main glue) and the
 * in-memory one below are interchangeable.
 */
export interface SecretStore {
  /** 'os': encrypted by the operating system; 'memory': gone when the process exits. */
  readonly storage: 'os' | 'memory';
  get(): Promise<string | null>;
  set(secret: string): Promise<void>;
  clear(): Promise<void>;
}

/**
 * For the web host and tests: the key is held in this process only and never written
 * to disk, so a headless session cannot leave a key behind in the data folder.
 */
export class MemorySecretStore implements SecretStore {
  readonly storage = 'memory' as const;
  #secret: string | null;

  constructor(initial: string | null = null) {
    this.#secret = initial;
  }

  async get(): Promise<string | null> {
    return this.#secret;
  }

  async set(secret: string): Promise<void> {
    this.#secret = secret;
  }

  async clear(): Promise<void> {
    this.#secret = null;
  }

  /** Keep the key out of accidental logging of the store object. */
  toJSON(): { storage: 'memory'; set: boolean } {
    return { storage: this.storage, set: this.#secret !== null };
  }
}
