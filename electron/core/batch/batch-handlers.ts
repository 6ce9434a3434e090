/** The batch channels (schemas-batch.ts); the work is in batch-service.ts. */
import type { Handlers } from '../../shared';
import type { BatchService } from './batch-service';

export type BatchChannels = 'batches:plan' | 'batches:start' | 'batches:list' | 'batches:get' | 'batches:cancel' | 'batches:review' | 'batches:retry-failed';

export function batchHandlers(batches: BatchService): Pick<Handlers, BatchChannels> {
  return {
    'batches:plan': (args) => batches.plan(args),
    'batches:start': (args) => batches.start(args),
    'batches:list': async () => batches.list(),
    'batches:get': async ({ batchId }) => batches.view(batchId),
    'batches:cancel': ({ batchId }) => batches.cancel(batchId),
    'batches:review': async ({ batchId, itemIds, review }) => batches.review(batchId, itemIds, review),
    'batches:retry-failed': ({ batchId }) => batches.retryFailed(batchId),
  };
}
