/** Batches: the list, the one open, and its progress as events arrive (a batch event means "fetch it again"). */
import type { BatchSummary, BatchView } from '../../../../electron/shared';
import { call, loupe } from '../../bridge/client';
import { createStore, useStore } from '../../bridge/store';

interface BatchState {
  list: BatchSummary[] | null;
  current: BatchView | null;
}

const store = createStore<BatchState>({ list: null, current: null });
let unsubscribe: (() => void) | null = null;
let pending: ReturnType<typeof setTimeout> | null = null;

/** Many items change at once during a run: fetch at most every 300 ms. */
function refreshSoon(batchId: number): void {
  if (pending) return;
  pending = setTimeout(() => {
    pending = null;
    const current = store.get().current;
    if (current && current.id === batchId) void openBatch(batchId);
    void loadBatches();
  }, 300);
}

export async function loadBatches(): Promise<void> {
  const list = await call('listBatches', {});
  store.set((s) => ({ ...s, list }));
}

export async function openBatch(batchId: number): Promise<void> {
  const view = await call('getBatch', { batchId });
  store.set((s) => ({ ...s, current: view }));
}

export function showBatch(view: BatchView | null): void {
  store.set((s) => ({ ...s, current: view }));
}

export function ensureBatchEvents(): void {
  if (unsubscribe) return;
  unsubscribe = loupe.onJobEvent((e) => {
    if (e.type === 'batch') refreshSoon(e.batchId);
  });
}

export function useBatches(): BatchState {
  return useStore(store);
}
