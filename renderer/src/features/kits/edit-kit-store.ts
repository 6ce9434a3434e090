/**
 * Which kit the edit being put together uses, apart from kit-edit.ts so the edit draft can
 * read it (kit-edit.ts itself writes the draft; one module doing both would be a cycle).
 */
import type { KitUse, KitView } from '../../../../electron/shared';
import { createStore, useStore } from '../../bridge/store';
import type { TrayItem } from '../edit/tray-store';

export interface EditKitState {
  kit: KitView | null;
  presetId: string | null;
}

export const editKitStore = createStore<EditKitState>({ kit: null, presetId: null });

export function useEditKit(): EditKitState {
  return useStore(editKitStore);
}

const hashesOf = (kit: KitView): Set<string> => new Set(kit.assets.flatMap((a) => a.versions.map((v) => v.hash)));

/** The kit the request names: only while one of its assets is in the tray. */
export function kitForEdit(items: readonly TrayItem[]): KitUse | undefined {
  const { kit, presetId } = editKitStore.get();
  if (!kit) return undefined;
  const hashes = hashesOf(kit);
  if (!items.some((i) => hashes.has(i.hash))) return undefined;
  return presetId ? { id: kit.id, presetId } : { id: kit.id };
}

export function isKitItem(kit: KitView, item: TrayItem): boolean {
  return hashesOf(kit).has(item.hash);
}

