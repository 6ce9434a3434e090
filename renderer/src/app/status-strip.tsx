/**
 * Always-visible facts that change what a click costs or where it goes: which key, which
 * endpoint (a gateway or a fake server must never be mistaken for OpenAI), what is running.
 */
import type { SettingsView } from '../../../electron/shared';
import { isTerminal, useJobs } from '../bridge/jobs-store';
import { hostOf } from '../ui/format';
import { setQueuePaused, useQueue } from '../bridge/queue-store';
import { useNavigate } from './navigation';

export function StatusStrip({ settings }: { settings: SettingsView | null }) {
  const navigate = useNavigate();
  const queue = useQueue();
  const { jobs, session } = useJobs();
  const running = session.filter((id) => {
    const job = jobs.get(id);
    return job && !isTerminal(job.status);
  }).length;
  if (!settings) return null;
  const host = hostOf(settings.effectiveBaseURL);
  return (
    <div className="status-strip" aria-label="Connection status" role="group">
      {running > 0 ? <span className="chip chip-busy">{running} running</span> : null}
      {queue?.offline ? (
        <span className="chip chip-warn" role="status" title="Jobs wait and go on by themselves when the API answers again.">
          Offline: waiting
        </span>
      ) : null}
      {queue && (queue.paused || queue.waiting + queue.running > 0) ? (
        <button
          type="button"
          className={`chip chip-button ${queue.paused ? 'chip-warn' : ''}`}
          aria-pressed={queue.paused}
          title={queue.paused ? `Nothing new is sent (${queue.waiting} waiting)` : 'Finish what is running and send nothing new'}
          onClick={() => void setQueuePaused(!queue.paused)}
        >
          {queue.paused ? 'Queue paused · Resume' : 'Pause queue'}
        </button>
      ) : null}
      {host !== 'api.openai.com' ? (
        <span className="chip chip-warn" title={settings.effectiveBaseURL}>
          Endpoint {host}
        </span>
      ) : null}
      {settings.key.set ? (
        <span className="chip" title={`API key ending in ${settings.key.last4 ?? ''}`}>
          Key …{settings.key.last4}
        </span>
      ) : (
        <button type="button" className="chip chip-warn chip-button" onClick={() => navigate('settings')}>
          No API key
        </button>
      )}
    </div>
  );
}
