/**
 * One painted mask per first image, outside React so a tab switch or a reorder never
 * loses a painting (moving another image first and back brings it back). Each painting
 * is sent to the core as the API's mask a moment after it stops changing, and only when
 * it changed; the returned hash is what an edit sends. Importing or reusing a mask loads
 * it into the same painting, so it can be refined with the brush.
 */
import type { AppError, MaskView } from '../../../../../electron/shared';
import { BridgeError, call, loupe, toAppError } from '../../../bridge/client';
import { createStore, useStore } from '../../../bridge/store';
import { readBase64 } from '../import-files';
import type { TrayItem } from '../tray-store';
import { MaskEngine } from './mask-engine';

export interface MaskSession {
  engine: MaskEngine;
  /** Engine version this snapshot shows (a new object per change, for React). */
  version: number;
  /** The mask in the library for `syncedVersion`; null when nothing is painted. */
  hash: string | null;
  syncedVersion: number;
  syncing: boolean;
  /** The core refused the painted mask (empty, whole image…): an edit must not run. */
  error: AppError | null;
  /** The core's figure for the synced mask. */
  share: number | null;
}

interface MaskState {
  sessions: ReadonlyMap<string, MaskSession>;
  recent: readonly MaskView[];
}

const store = createStore<MaskState>({ sessions: new Map(), recent: [] });
const timers = new Map<string, ReturnType<typeof setTimeout>>();
/** Paintings of images no longer first stay for a while; each can hold two full-size canvases. */
const KEEP = 3;
const SYNC_DELAY_MS = 500;

export function useMaskState(): MaskState {
  return useStore(store);
}

export function dirty(s: MaskSession): boolean {
  return s.syncedVersion !== s.version;
}

function patch(hash: string, change: Partial<MaskSession>): void {
  store.set((st) => {
    const cur = st.sessions.get(hash);
    if (!cur) return st;
    const sessions = new Map(st.sessions);
    sessions.set(hash, { ...cur, ...change });
    return { ...st, sessions };
  });
}

/** The painting for `first`, created on first use (at its original pixel size). */
export function ensureSession(first: TrayItem): MaskSession {
  const existing = store.get().sessions.get(first.hash);
  if (existing && existing.engine.width === first.width && existing.engine.height === first.height) return existing;
  const engine = new MaskEngine(first.width, first.height);
  const session: MaskSession = { engine, version: engine.version, hash: null, syncedVersion: engine.version, syncing: false, error: null, share: null };
  // The painter redraws from the engine itself; React hears of a stroke once, when it ends.
  engine.subscribe(() => {
    if (engine.painting) return;
    patch(first.hash, { version: engine.version });
    schedule(first.hash);
  });
  store.set((st) => {
    const sessions = new Map(st.sessions);
    sessions.delete(first.hash);
    sessions.set(first.hash, session);
    // Map order is insertion order: drop the oldest paintings beyond KEEP.
    for (const key of [...sessions.keys()].slice(0, Math.max(0, sessions.size - KEEP))) sessions.delete(key);
    return { ...st, sessions };
  });
  return session;
}

function schedule(firstHash: string): void {
  clearTimeout(timers.get(firstHash));
  if (!store.get().sessions.has(firstHash)) return;
  timers.set(firstHash, setTimeout(() => void sync(firstHash), SYNC_DELAY_MS));
}

async function sync(firstHash: string): Promise<void> {
  timers.delete(firstHash);
  const s = store.get().sessions.get(firstHash);
  if (!s || !dirty(s)) return;
  const version = s.engine.version;
  if (s.engine.editedShare === 0) {
    patch(firstHash, { hash: null, syncedVersion: version, error: null, share: 0 });
    return;
  }
  patch(firstHash, { syncing: true });
  try {
    const dataBase64 = await readBase64(await s.engine.exportPng());
    const view = await call('importMask', { name: 'painted-mask.png', dataBase64, firstHash, invert: false, painted: true });
    const now = store.get().sessions.get(firstHash);
    // Painted on meanwhile: this result is already stale, the pending timer sends the newer one.
    if (now && now.engine.version === version) patch(firstHash, { hash: view.hash, syncedVersion: version, error: null, share: view.editedShare });
  } catch (err) {
    if (store.get().sessions.get(firstHash)?.engine.version === version) patch(firstHash, { hash: null, syncedVersion: version, error: toAppError(err), share: null });
  } finally {
    patch(firstHash, { syncing: false });
  }
}

/** Sends any pending change now; resolves to the mask hash to send (null: no mask) or throws the refusal. */
export async function flushMask(firstHash: string): Promise<string | null> {
  clearTimeout(timers.get(firstHash));
  let s = store.get().sessions.get(firstHash);
  if (!s) return null;
  if (dirty(s)) await sync(firstHash);
  s = store.get().sessions.get(firstHash)!;
  if (s.error) throw new BridgeError(s.error);
  return s.hash;
}

/** The mask image's "edit" amount per pixel, read from any mask picture at the painting's size. */
async function alphaFromMaskImage(url: string, width: number, height: number): Promise<Uint8Array> {
  const img = new Image();
  // Canvas reads of another origin's pixels need CORS (the desktop app's asset scheme).
  img.crossOrigin = 'anonymous';
  img.src = url;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(img, 0, 0, width, height);
  const d = ctx.getImageData(0, 0, width, height).data;
  let hasAlpha = false;
  for (let j = 3; j < d.length && !hasAlpha; j += 4) if (d[j]! < 255) hasAlpha = true;
  const alpha = new Uint8Array(width * height);
  // API masks keep in alpha (0 = edit). A preview that lost its alpha shows it as light:
  // white over black, so dark = edit then.
  for (let i = 0, j = 0; i < alpha.length; i++, j += 4) alpha[i] = 255 - (hasAlpha ? d[j + 3]! : Math.round((d[j]! + d[j + 1]! + d[j + 2]!) / 3));
  return alpha;
}

/**
 * Shows a stored mask in the painting. When it was made for exactly this image size its
 * hash is used as is; otherwise the loaded painting is re-sent (scaled to this image).
 */
async function loadIntoSession(first: TrayItem, mask: MaskView, share: number | null = mask.editedShare): Promise<void> {
  const s = ensureSession(first);
  let alpha: Uint8Array;
  try {
    alpha = await alphaFromMaskImage(loupe.assetUrl(mask.hash, 'preview'), first.width, first.height);
  } catch {
    alpha = await alphaFromMaskImage(loupe.assetUrl(mask.hash, 'full'), first.width, first.height);
  }
  s.engine.load(alpha);
  clearTimeout(timers.get(first.hash));
  if (mask.width === first.width && mask.height === first.height) {
    patch(first.hash, { hash: mask.hash, syncedVersion: s.engine.version, error: null, share });
  } else {
    schedule(first.hash);
  }
}

export async function refreshRecentMasks(): Promise<void> {
  try {
    const recent = await call('listMasks', {});
    store.set((st) => ({ ...st, recent }));
  } catch {
    // The list is a convenience; the painter works without it.
  }
}

/** Imports a mask file for `first`; throws the core's refusal (aspect mismatch, empty, whole image). */
export async function importMaskFile(file: File, first: TrayItem, invert: boolean): Promise<MaskView> {
  const dataBase64 = await readBase64(file);
  const view = await call('importMask', { name: file.name.slice(0, 255) || 'mask.png', dataBase64, firstHash: first.hash, invert });
  try {
    await loadIntoSession(first, view);
  } catch {
    // Shown by hash even if the picture could not be drawn here: the edit still uses it.
    const s = ensureSession(first);
    patch(first.hash, { hash: view.hash, syncedVersion: s.engine.version, error: null, share: view.editedShare });
  }
  void refreshRecentMasks();
  return view;
}

export async function reuseMask(mask: MaskView, first: TrayItem): Promise<void> {
  await loadIntoSession(first, mask);
}

/** A past job's mask, known only by hash and size: the painting's own count stands for its share. */
export async function reuseJobMask(mask: { hash: string; width: number; height: number }, first: TrayItem): Promise<void> {
  await loadIntoSession(first, { ...mask, name: 'mask', editedShare: 0 }, null);
}
