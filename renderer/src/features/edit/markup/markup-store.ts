/**
 * One markup layer per first image, outside React like the mask paintings, so a tab
 * switch, a reorder or choosing "Mask" for a while never loses it. Each layer is saved to
 * the library a moment after it stops changing (only when it changed); the returned hash
 * is what an edit sends. A past edit's markup, or a recent one, loads into the same
 * layer so it can be drawn on further.
 */
import type { MarkupView } from '../../../../../electron/shared';
import { call, loupe } from '../../../bridge/client';
import { useStore } from '../../../bridge/store';
import { createLayerSessions, dirtySession, type LayerSession, type LayerState } from '../canvas/layer-sessions';
import { readBase64 } from '../import-files';
import { trayStore, type TrayItem } from '../tray-store';
import { MarkupEngine } from './markup-engine';

export type MarkupSession = LayerSession<MarkupEngine>;

const layers = createLayerSessions<MarkupEngine, MarkupSession, MarkupView>({
  make: (first) => new MarkupEngine(first.width, first.height),
  extra: () => ({}),
  busy: (engine) => engine.drawing,
  empty: (engine) => !engine.hasMarks,
  emptied: {},
  refused: {},
  async upload(s, firstHash) {
    const dataBase64 = await readBase64(await s.engine.exportPng());
    const view = await call('saveMarkup', { name: markupName(s.engine.width, s.engine.height, firstHash), dataBase64, firstHash });
    void refreshRecentMarkups();
    return { hash: view.hash };
  },
});
const store = layers.store;

export function useMarkupState(): LayerState<MarkupSession, MarkupView> {
  return useStore(store);
}

export function markupDirty(s: MarkupSession): boolean {
  return dirtySession(s);
}

/** The layer for `first`, created on first use (at its oriented pixel size). */
export const ensureMarkupSession = layers.ensure;

/** Sends any pending change now; resolves to the markup hash to send (null: nothing drawn) or throws the refusal. */
export const flushMarkup = layers.flush;

/** Every layer, taken away by "New edit" and given back by its Undo. */
export const takeMarkups = layers.take;
export const restoreMarkups = layers.restore;

/** "Markup on photo.jpg": how the recent list and History name it. */
function markupName(width: number, height: number, firstHash: string): string {
  const first = trayStore.get().items.find((i) => i.hash === firstHash);
  return `markup on ${first?.name ?? `a ${width}x${height} image`}`.slice(0, 255);
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
  layers.loaded(first, markup.width === first.width && markup.height === first.height ? { hash: markup.hash } : null);
}

export function reuseMarkup(markup: MarkupView, first: TrayItem): Promise<void> {
  return loadIntoSession(first, markup);
}

/** A past job's markup, known by hash and size. */
export function reuseJobMarkup(markup: { hash: string; width: number; height: number }, first: TrayItem): Promise<void> {
  return loadIntoSession(first, markup);
}
