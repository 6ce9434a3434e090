/**
 * One markup layer per first image, outside React like the mask paintings, so a tab
 * switch, a reorder or choosing "Mask" for a while never loses it. Each layer is saved to
 * the library a moment after it stops changing (only when it changed); the returned hash
 * is what an edit sends. A past edit's markup, or a recent one, loads into the same
 * layer so it can be drawn on further.
 */
import type { AppError, MarkupView } from '../../../../../electron/shared';
import { BridgeError, call, loupe, toAppError } from '../../../bridge/client';
import { createStore, useStore } from '../../../bridge/store';
import { readBase64 } from '../import-files';
import { trayStore, type TrayItem } from '../tray-store';
import { MarkupEngine } from './markup-engine';

export interface MarkupSession {
  engine: MarkupEngine;
  /** Engine version this snapshot shows (a new object per change, for React). */
  version: number;
  /** The markup in the library for `syncedVersion`; null when nothing is drawn. */
  hash: string | null;
  syncedVersion: number;
  syncing: boolean;
  /** The core refused the layer: an edit with it must not run. */
  error: AppError | null;
}

interface MarkupState {
  sessions: ReadonlyMap<string, MarkupSession>;
  recent: readonly MarkupView[];
}

const store = createStore<MarkupState>({ sessions: new Map(), recent: [] });
const timers = new Map<string, ReturnType<typeof setTimeout>>();
/** Layers of images no longer first stay for a while; each holds two full-size canvases. */
const KEEP = 3;
const SYNC_DELAY_MS = 500;

export function useMarkupState(): MarkupState {
  return useStore(store);
}

export function markupDirty(s: MarkupSession): boolean {
  return s.syncedVersion !== s.version;
}

function patch(hash: string, change: Partial<MarkupSession>): void {
  store.set((st) => {
    const cur = st.sessions.get(hash);
    if (!cur) return st;
    const sessions = new Map(st.sessions);
    sessions.set(hash, { ...cur, ...change });
    return { ...st, sessions };
  });
}

/** The layer for `first`, created on first use (at its oriented pixel size). */
export function ensureMarkupSession(first: TrayItem): MarkupSession {
  const existing = store.get().sessions.get(first.hash);
  if (existing && existing.engine.width === first.width && existing.engine.height === first.height) return existing;
  const engine = new MarkupEngine(first.width, first.height);
  const session: MarkupSession = { engine, version: engine.version, hash: null, syncedVersion: engine.version, syncing: false, error: null };
  // The painter redraws from the engine itself; React hears of a stroke once, when it ends.
  engine.subscribe(() => {
    if (engine.drawing) return;
    patch(first.hash, { version: engine.version });
    schedule(first.hash);
  });
  store.set((st) => {
    const sessions = new Map(st.sessions);
    sessions.delete(first.hash);
    sessions.set(first.hash, session);
    for (const key of [...sessions.keys()].slice(0, Math.max(0, sessions.size - KEEP))) sessions.delete(key);
    return { ...st, sessions };
  });
  return session;
}

/** "Markup on photo.jpg": how the recent list and History name it. */
function markupName(width: number, height: number, firstHash: string): string {
  const first = trayStore.get().items.find((i) => i.hash === firstHash);
  return `markup on ${first?.name ?? `a ${width}x${height} image`}`.slice(0, 255);
}

function schedule(firstHash: string): void {
  clearTimeout(timers.get(firstHash));
  if (!store.get().sessions.has(firstHash)) return;
  timers.set(firstHash, setTimeout(() => void sync(firstHash), SYNC_DELAY_MS));
}

async function sync(firstHash: string): Promise<void> {
  timers.delete(firstHash);
  const s = store.get().sessions.get(firstHash);
  if (!s || !markupDirty(s)) return;
  const version = s.engine.version;
  if (!s.engine.hasMarks) {
    patch(firstHash, { hash: null, syncedVersion: version, error: null });
    return;
  }
  patch(firstHash, { syncing: true });
  try {
    const dataBase64 = await readBase64(await s.engine.exportPng());
    const view = await call('saveMarkup', { name: markupName(s.engine.width, s.engine.height, firstHash), dataBase64, firstHash });
    // Drawn on meanwhile: this result is already stale, the pending timer sends the newer one.
    if (store.get().sessions.get(firstHash)?.engine.version === version) patch(firstHash, { hash: view.hash, syncedVersion: version, error: null });
    void refreshRecentMarkups();
  } catch (err) {
    if (store.get().sessions.get(firstHash)?.engine.version === version) patch(firstHash, { hash: null, syncedVersion: version, error: toAppError(err) });
  } finally {
    patch(firstHash, { syncing: false });
  }
}

/** Sends any pending change now; resolves to the markup hash to send (null: nothing drawn) or throws the refusal. */
export async function flushMarkup(firstHash: string): Promise<string | null> {
  clearTimeout(timers.get(firstHash));
  let s = store.get().sessions.get(firstHash);
  if (!s) return null;
  if (markupDirty(s)) await sync(firstHash);
  s = store.get().sessions.get(firstHash)!;
  if (s.error) throw new BridgeError(s.error);
  return s.hash;
}

export async function refreshRecentMarkups(): Promise<void> {
  try {
    const recent = await call('listMarkups', {});
    store.set((st) => ({ ...st, recent }));
  } catch {
    // The list is a convenience; the painter works without it.
  }
}

/**
 * Shows a stored markup in the layer. Made for exactly this image size, its hash is used
 * as is; otherwise the loaded layer is saved again (scaled to this image).
 */
async function loadIntoSession(first: TrayItem, markup: { hash: string; width: number; height: number }): Promise<void> {
  const s = ensureMarkupSession(first);
  const img = new Image();
  // Canvas reads of another origin's pixels need CORS (the desktop app's asset scheme).
  img.crossOrigin = 'anonymous';
  img.src = loupe.assetUrl(markup.hash, 'full');
  await img.decode();
  s.engine.load(img);
  clearTimeout(timers.get(first.hash));
  if (markup.width === first.width && markup.height === first.height) patch(first.hash, { hash: markup.hash, syncedVersion: s.engine.version, error: null });
  else schedule(first.hash);
}

export function reuseMarkup(markup: MarkupView, first: TrayItem): Promise<void> {
  return loadIntoSession(first, markup);
}

/** A past job's markup, known by hash and size. */
export function reuseJobMarkup(markup: { hash: string; width: number; height: number }, first: TrayItem): Promise<void> {
  return loadIntoSession(first, markup);
}
