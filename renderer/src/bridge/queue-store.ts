/** The job queue's state (paused, offline, waiting, running) for the status strip and the Batch view, kept fresh by events. */
import { useEffect } from 'react';
import type { QueueState } from '../../../electron/shared';
import { call, loupe } from './client';
import { createStore, useStore } from './store';

const store = createStore<QueueState | null>(null);
let unsubscribe: (() => void) | null = null;

export async function refreshQueue(): Promise<void> {
  try {
    store.set(await call('queueState', {}));
  } catch {
    // The strip simply shows nothing about the queue until the next event.
  }
}

export async function setQueuePaused(paused: boolean): Promise<void> {
  store.set(await call(paused ? 'pauseQueue' : 'resumeQueue', {}));
}

export function useQueue(): QueueState | null {
  useEffect(() => {
    if (!unsubscribe) {
      unsubscribe = loupe.onJobEvent((e) => {
        if (e.type === 'queue') store.set(e.state);
      });
      void refreshQueue();
    }
  }, []);
  return useStore(store);
}
