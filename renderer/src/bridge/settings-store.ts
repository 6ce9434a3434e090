/**
 * Settings and app info, loaded once and replaced by whatever each settings call returns,
 * so every view (status bar, Generate's default model, Settings) agrees.
 */
import { useEffect } from 'react';
import type { AppError, ResponseOf, SettingsView } from '../../../electron/shared';
import { call, toAppError } from './client';
import { createStore, useStore } from './store';

export type AppInfo = ResponseOf<'app:info'>;

interface SettingsState {
  settings: SettingsView | null;
  appInfo: AppInfo | null;
  error: AppError | null;
  loading: boolean;
}

const store = createStore<SettingsState>({ settings: null, appInfo: null, error: null, loading: false });
let started = false;

export async function reloadSettings(): Promise<void> {
  store.set((s) => ({ ...s, loading: true, error: null }));
  try {
    const [settings, appInfo] = await Promise.all([call('getSettings', {}), call('appInfo', {})]);
    store.set({ settings, appInfo, error: null, loading: false });
  } catch (err) {
    store.set((s) => ({ ...s, error: toAppError(err), loading: false }));
  }
}

/** Every settings mutation returns the new view; keep it. */
export function applySettings(settings: SettingsView): void {
  store.set((s) => ({ ...s, settings }));
}

export function useSettings(): SettingsState & { reload: () => Promise<void> } {
  const state = useStore(store);
  useEffect(() => {
    if (!started) {
      started = true;
      void reloadSettings();
    }
  }, []);
  return { ...state, reload: reloadSettings };
}
