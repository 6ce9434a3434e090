/**
 * What the mask and markup stores share: one layer per first image, kept outside React
 * so a tab switch or a reorder never loses a painting; each layer is sent to the core a
 * moment after it stops changing (only when it changed), and the returned hash is what
 * an edit sends. "New edit" takes every layer away at once and its Undo gives them back.
 */
import type { AppError } from '../../../../../electron/shared';
import { BridgeError, toAppError } from '../../../bridge/client';
import { createStore, type Store } from '../../../bridge/store';
import type { TrayItem } from '../tray-store';

export interface SessionEngine {
  readonly width: number;
  readonly height: number;
  readonly version: number;
  subscribe(listener: () => void): () => void;
}

export interface LayerSession<E extends SessionEngine> {
  engine: E;
  /** Engine version this snapshot shows (a new object per change, for React). */
  version: number;
  /** The layer in the library for `syncedVersion`; null when nothing is painted. */
  hash: string | null;
  syncedVersion: number;
  syncing: boolean;
  /** The core refused the layer: an edit with it must not run. */
  error: AppError | null;
}

export interface LayerState<S, R> {
  sessions: ReadonlyMap<string, S>;
  recent: readonly R[];
}

interface Options<E extends SessionEngine, S extends LayerSession<E>> {
  make(first: TrayItem): E;
  /** Extra fields of a fresh session. */
  extra(): Omit<S, keyof LayerSession<E>>;
  /** A stroke is under way: it is saved once it ends. */
  busy(engine: E): boolean;
  empty(engine: E): boolean;
  /** Saves the layer; resolves to its hash and any other fields the core reports. */
  upload(session: S, firstHash: string): Promise<Partial<S> & { hash: string }>;
  /** Fields set when the layer is empty (nothing sent) or refused. */
  emptied: Partial<S>;
  refused: Partial<S>;
}

/** Paintings of images no longer first stay for a while; each can hold two full-size canvases. */
const KEEP = 3;
const SYNC_DELAY_MS = 500;

export function dirtySession(s: LayerSession<SessionEngine>): boolean {
  return s.syncedVersion !== s.version;
}

export function createLayerSessions<E extends SessionEngine, S extends LayerSession<E>, R>(o: Options<E, S>) {
  const store: Store<LayerState<S, R>> = createStore<LayerState<S, R>>({ sessions: new Map(), recent: [] });
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  function patch(hash: string, change: Partial<S>): void {
    store.set((st) => {
      const cur = st.sessions.get(hash);
      if (!cur) return st;
      const sessions = new Map(st.sessions);
      sessions.set(hash, { ...cur, ...change });
      return { ...st, sessions };
    });
  }

  function schedule(firstHash: string): void {
    clearTimeout(timers.get(firstHash));
    if (!store.get().sessions.has(firstHash)) return;
    timers.set(firstHash, setTimeout(() => void sync(firstHash), SYNC_DELAY_MS));
  }

  async function sync(firstHash: string): Promise<void> {
    timers.delete(firstHash);
    const s = store.get().sessions.get(firstHash);
    if (!s || !dirtySession(s)) return;
    const version = s.engine.version;
    if (o.empty(s.engine)) {
      patch(firstHash, { hash: null, syncedVersion: version, error: null, ...o.emptied } as Partial<S>);
      return;
    }
    patch(firstHash, { syncing: true } as Partial<S>);
    const current = () => store.get().sessions.get(firstHash)?.engine === s.engine && s.engine.version === version;
    try {
      const saved = await o.upload(s, firstHash);
      // Painted on meanwhile: this result is already stale, the pending timer sends the newer one.
      if (current()) patch(firstHash, { ...saved, syncedVersion: version, error: null } as Partial<S>);
    } catch (err) {
      if (current()) patch(firstHash, { hash: null, syncedVersion: version, error: toAppError(err), ...o.refused } as Partial<S>);
    } finally {
      patch(firstHash, { syncing: false } as Partial<S>);
    }
  }

  /** The layer for `first`, created on first use (at its pixel size). */
  function ensure(first: TrayItem): S {
    const existing = store.get().sessions.get(first.hash);
    if (existing && existing.engine.width === first.width && existing.engine.height === first.height) return existing;
    const engine = o.make(first);
    const session = { engine, version: engine.version, hash: null, syncedVersion: engine.version, syncing: false, error: null, ...o.extra() } as S;
    // The painter redraws from the engine itself; React hears of a stroke once, when it ends.
    engine.subscribe(() => {
      if (o.busy(engine) || store.get().sessions.get(first.hash)?.engine !== engine) return;
      patch(first.hash, { version: engine.version } as Partial<S>);
      schedule(first.hash);
    });
    store.set((st) => {
      const sessions = new Map(st.sessions);
      sessions.delete(first.hash);
      sessions.set(first.hash, session);
      // Map order is insertion order: drop the oldest layers beyond KEEP.
      for (const key of [...sessions.keys()].slice(0, Math.max(0, sessions.size - KEEP))) sessions.delete(key);
      return { ...st, sessions };
    });
    return session;
  }

  /** Sends any pending change now; resolves to the hash to send (null: nothing painted) or throws the refusal. */
  async function flush(firstHash: string): Promise<string | null> {
    clearTimeout(timers.get(firstHash));
    let s = store.get().sessions.get(firstHash);
    if (!s) return null;
    if (dirtySession(s)) await sync(firstHash);
    s = store.get().sessions.get(firstHash)!;
    if (s.error) throw new BridgeError(s.error);
    return s.hash;
  }

  /** A layer just loaded (an imported or reused one): known by `hash`, or saved again when it must be. */
  function loaded(first: TrayItem, change: (Partial<S> & { hash: string }) | null): void {
    const s = store.get().sessions.get(first.hash);
    clearTimeout(timers.get(first.hash));
    if (!s) return;
    if (change) patch(first.hash, { ...change, syncedVersion: s.engine.version, error: null } as Partial<S>);
    else schedule(first.hash);
  }

  /** Every layer, taken away (for "New edit"); `restore` puts them back as they were. */
  function take(): ReadonlyMap<string, S> {
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
    const taken = store.get().sessions;
    store.set((st) => ({ ...st, sessions: new Map() }));
    return taken;
  }

  function restore(taken: ReadonlyMap<string, S>): void {
    store.set((st) => ({ ...st, sessions: new Map(taken) }));
    for (const [hash, s] of taken) if (dirtySession(s)) schedule(hash);
  }

  return { store, patch, ensure, flush, loaded, take, restore, schedule };
}
