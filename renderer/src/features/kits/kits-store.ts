/**
 * The kits as the renderer knows them: loaded once, replaced whole by every change the
 * core answers with (each kit channel returns the kit as it now is).
 */
import { useEffect } from 'react';
import type { AppError, KitView } from '../../../../electron/shared';
import { call, toAppError } from '../../bridge/client';
import { createStore, useStore } from '../../bridge/store';
import { editKitStore } from './edit-kit-store';

interface KitsState {
  kits: readonly KitView[] | null;
  selected: number | null;
  error: AppError | null;
}

export const kitsStore = createStore<KitsState>({ kits: null, selected: null, error: null });

export function useKits(): KitsState {
  const state = useStore(kitsStore);
  useEffect(() => {
    if (state.kits === null) void reloadKits();
  }, [state.kits]);
  return state;
}

export async function reloadKits(): Promise<void> {
  try {
    const kits = await call('listKits', {});
    kitsStore.set((s) => ({ ...s, kits, error: null, selected: s.selected !== null && kits.some((k) => k.id === s.selected) ? s.selected : (kits[0]?.id ?? null) }));
  } catch (err) {
    kitsStore.set((s) => ({ ...s, kits: s.kits ?? [], error: toAppError(err) }));
  }
}

/** Puts the kit the core returned in place (or adds it) and selects it. */
export function putKit(kit: KitView): void {
  // The edit that uses this kit sees its new versions and policy too.
  const inEdit = editKitStore.get();
  if (inEdit.kit?.id === kit.id) editKitStore.set({ ...inEdit, kit });
  kitsStore.set((s) => {
    const list = s.kits ?? [];
    const kits = list.some((k) => k.id === kit.id) ? list.map((k) => (k.id === kit.id ? kit : k)) : [...list, kit].sort((a, b) => a.name.localeCompare(b.name));
    return { ...s, kits, selected: kit.id };
  });
}

export function dropKit(id: number): void {
  kitsStore.set((s) => {
    const kits = (s.kits ?? []).filter((k) => k.id !== id);
    return { ...s, kits, selected: s.selected === id ? (kits[0]?.id ?? null) : s.selected };
  });
}

export function selectKit(id: number): void {
  kitsStore.set((s) => ({ ...s, selected: id }));
}

export function findKit(id: number): KitView | null {
  return kitsStore.get().kits?.find((k) => k.id === id) ?? null;
}
