/** The batch channels (schemas-batch.ts). */
import { LoupeError, type Handlers } from '../../shared';

export type BatchChannels = 'batches:plan' | 'batches:start' | 'batches:list' | 'batches:get' | 'batches:cancel' | 'batches:review' | 'batches:retry-failed';

export function batchHandlers(): Pick<Handlers, BatchChannels> {
  const notYet = async (): Promise<never> => {
    throw new LoupeError('UNSUPPORTED', 'Batches are not available in this build yet.');
  };
  return {
    'batches:plan': notYet,
    'batches:start': notYet,
    'batches:list': async () => [],
    'batches:get': notYet,
    'batches:cancel': notYet,
    'batches:review': notYet,
    'batches:retry-failed': notYet,
  };
}
