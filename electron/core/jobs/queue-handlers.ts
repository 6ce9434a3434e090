/** queue:state, queue:pause, queue:resume. */
import type { Handlers, QueueState } from '../../shared';

export interface QueueControl {
  state(): QueueState;
  pause(): void;
  resume(): void;
}

export function queueHandlers(q: QueueControl): Pick<Handlers, 'queue:state' | 'queue:pause' | 'queue:resume'> {
  return {
    'queue:state': async () => q.state(),
    'queue:pause': async () => {
      q.pause();
      return q.state();
    },
    'queue:resume': async () => {
      q.resume();
      return q.state();
    },
  };
}
