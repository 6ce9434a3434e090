/**
 * The composition tray: the edit's input images in the order they are sent. It lives
 * outside React so switching to History and back keeps the tray, and so "Edit this
 * output" can fill it from any view. Order matters to the model (the first image is kept
 * with the most detail and is the one a mask applies to), so every move is announced.
 */
import type { AssetView, SendAs } from '../../../../electron/shared';
import { createStore, useStore } from '../../bridge/store';

export interface TrayItem {
  hash: string;
  name: string;
  /** Original pixel size: the mask is painted at exactly this size. */
  width: number;
  height: number;
  bytes: number;
  mime: string;
  kind: AssetView['kind'];
  /** Set when the image is one of Loupe's outputs: editing it records lineage. */
  fromOutput: { outputId: number; jobId: number; index: number } | null;
  /** The format the person chose for it; unset: auto (graphics lossless, photos JPEG). */
  sendAs?: SendAs;
}

export interface TrayState {
  items: readonly TrayItem[];
  /** Hashes ticked for Compose. */
  selected: ReadonlySet<string>;
  /** The last change worth saying aloud (aria-live). */
  announcement: string;
  /** Files being read or imported right now. */
  importing: number;
  /** Why files were not added, one line each; shown in one alert. */
  refusals: readonly string[];
}

export const trayStore = createStore<TrayState>({ items: [], selected: new Set(), announcement: '', importing: 0, refusals: [] });

export function useTray(): TrayState {
  return useStore(trayStore);
}

export function trayItemFromAsset(asset: AssetView): TrayItem {
  return { hash: asset.hash, name: asset.name, width: asset.width, height: asset.height, bytes: asset.bytes, mime: asset.mime, kind: asset.kind, fromOutput: null };
}

function position(i: number, n: number): string {
  return i === 0 ? `position 1 of ${n}, the primary image` : `position ${i + 1} of ${n}`;
}

/**
 * Inserts images at `at` (default: the end). An image already in the tray is moved there
 * instead of added twice: sending the same picture twice only costs tokens.
 */
export function insertItems(added: readonly TrayItem[], at: number | null = null): void {
  if (added.length === 0) return;
  trayStore.set((s) => {
    const hashes = new Set(added.map((i) => i.hash));
    const before = at === null ? s.items.length : at;
    // Removing duplicates that sat before the insertion point shifts it left.
    const shift = s.items.slice(0, before).filter((i) => hashes.has(i.hash)).length;
    const rest = s.items.filter((i) => !hashes.has(i.hash));
    const index = Math.min(rest.length, Math.max(0, before - shift));
    const unique = added.filter((item, i) => added.findIndex((o) => o.hash === item.hash) === i);
    const items = [...rest.slice(0, index), ...unique, ...rest.slice(index)];
    const names = unique.map((i) => i.name).join(', ');
    return { ...s, items, announcement: `Added ${names} at ${position(index, items.length)}.` };
  });
}

export function removeItem(hash: string): void {
  trayStore.set((s) => {
    const item = s.items.find((i) => i.hash === hash);
    if (!item) return s;
    const items = s.items.filter((i) => i.hash !== hash);
    const selected = new Set(s.selected);
    selected.delete(hash);
    const next = items[0];
    const primary = s.items[0]?.hash === hash && next ? ` ${next.name} is now the primary image.` : '';
    return { ...s, items, selected, announcement: `Removed ${item.name}.${primary}` };
  });
}

/** Moves the image at `from` so it ends up at index `to` of the new order. */
export function moveItem(from: number, to: number): void {
  trayStore.set((s) => {
    const item = s.items[from];
    const target = Math.max(0, Math.min(s.items.length - 1, to));
    if (!item || target === from) return s;
    const items = [...s.items];
    items.splice(from, 1);
    items.splice(target, 0, item);
    return { ...s, items, announcement: `${item.name} moved to ${position(target, items.length)}.` };
  });
}

export function toggleSelected(hash: string, on: boolean): void {
  trayStore.set((s) => {
    const selected = new Set(s.selected);
    if (on) selected.add(hash);
    else selected.delete(hash);
    return { ...s, selected };
  });
}

export function clearSelection(): void {
  trayStore.set((s) => (s.selected.size === 0 ? s : { ...s, selected: new Set() }));
}

export function setImporting(delta: number): void {
  trayStore.set((s) => ({ ...s, importing: Math.max(0, s.importing + delta) }));
}

export function setRefusals(refusals: readonly string[]): void {
  trayStore.set((s) => ({ ...s, refusals }));
}

export function replaceItems(items: readonly TrayItem[], announcement: string): void {
  trayStore.set((s) => ({ ...s, items, selected: new Set(), announcement }));
}

/** The output the edit continues from: the first image, when it is one of Loupe's outputs. */
export function parentOf(items: readonly TrayItem[]): TrayItem['fromOutput'] {
  return items[0]?.fromOutput ?? null;
}

/** Sets how one input is sent: auto, lossless (PNG) or JPEG. */
export function setSendAs(hash: string, sendAs: SendAs): void {
  trayStore.set((s) => ({
    ...s,
    items: s.items.map((i) => (i.hash === hash ? { ...i, sendAs } : i)),
    announcement: `${s.items.find((i) => i.hash === hash)?.name ?? 'The image'} will be sent ${sendAs === 'auto' ? 'as its content suggests' : sendAs === 'lossless' ? 'losslessly, as PNG' : 'as JPEG'}.`,
  }));
}
