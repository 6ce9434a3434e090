/** A minimal external store for useSyncExternalStore: enough state management for this app. */
import { useSyncExternalStore } from 'react';

export interface Store<T> {
  get(): T;
  set(next: T | ((prev: T) => T)): void;
  subscribe(listener: () => void): () => void;
}

export function createStore<T>(initial: T): Store<T> {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(next) {
      const value = typeof next === 'function' ? (next as (prev: T) => T)(state) : next;
      if (Object.is(value, state)) return;
      state = value;
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function useStore<T>(store: Store<T>): T {
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}

/** An object store's state with a setter that merges a partial patch: how the form drafts are edited. */
export function usePatchedStore<T extends object>(store: Store<T>): [T, (patch: Partial<T>) => void] {
  const state = useStore(store);
  return [state, (patch) => store.set((prev) => ({ ...prev, ...patch }))];
}
