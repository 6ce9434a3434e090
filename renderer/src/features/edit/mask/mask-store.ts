/**
 * One painted mask per first image, outside React so a tab switch or a reorder never
 * loses a painting (moving another image first and back brings it back). Each painting
 * is sent to the core as the API's mask a moment after it stops changing, and only when
 * it changed; the returned hash is what an edit sends. Importing or reusing a mask loads
 * it into the same painting, so it can be refined with the brush.
 */
import type { MaskView } from '../../../../../electron/shared';
import { call, loupe } from '../../../bridge/client';
import { useStore } from '../../../bridge/store';
import { createLayerSessions, dirtySession, type LayerSession, type LayerState } from '../canvas/layer-sessions';
import { readBase64 } from '../import-files';
import type { TrayItem } from '../tray-store';
import { MaskEngine } from './mask-engine';

export interface MaskSession extends LayerSession<MaskEngine> {
  /** The core's figure for the synced mask. */
  share: number | null;
}

const layers = createLayerSessions<MaskEngine, MaskSession, MaskView>({
  make: (first) => new MaskEngine(first.width, first.height),
  extra: () => ({ share: null }),
  busy: (engine) => engine.painting,
  empty: (engine) => engine.editedShare === 0,
  emptied: { share: 0 },
  refused: { share: null },
  async upload(s, firstHash) {
    const dataBase64 = await readBase64(await s.engine.exportPng());
    const view = await call('importMask', { name: 'painted-mask.png', dataBase64, firstHash, invert: false, painted: true });
    return { hash: view.hash, share: view.editedShare };
  },
});
const store = layers.store;

export function useMaskState(): LayerState<MaskSession, MaskView> {
  return useStore(store);
}

export function dirty(s: MaskSession): boolean {
  return dirtySession(s);
}

/** The painting for `first`, created on first use (at its original pixel size). */
export const ensureSession = layers.ensure;

/** Sends any pending change now; resolves to the mask hash to send (null: no mask) or throws the refusal. */
export const flushMask = layers.flush;

/** Every painting, taken away by "New edit" and given back by its Undo. */
export const takeMasks = layers.take;
export const restoreMasks = layers.restore;

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
  layers.loaded(first, mask.width === first.width && mask.height === first.height ? { hash: mask.hash, share } : null);
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
    ensureSession(first);
    layers.loaded(first, { hash: view.hash, share: view.editedShare });
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
