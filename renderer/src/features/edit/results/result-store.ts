/**
 * Which edit takes the canvas's place: the one just started from the Edit form (or tried
 * again from its result), until the person keeps or discards it, goes back to the canvas,
 * picks another guide or starts a new edit. Inputs, mask and prompt are untouched
 * meanwhile, so another try needs nothing redone.
 */
import { createStore, useStore } from '../../../bridge/store';

const store = createStore<number | null>(null);

export function showResult(jobId: number): void {
  store.set(jobId);
}

export function closeResult(): void {
  store.set(null);
}

export function useShownResult(): number | null {
  return useStore(store);
}
