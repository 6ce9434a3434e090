/** One past job in History: what was asked, what came back, what it cost, and Retry where that helps. */
import { useState } from 'react';
import { costFromUsage, findModel, type AppError, type JobView } from '../../../../electron/shared';
import { loupe, toAppError } from '../../bridge/client';
import { isTerminal, retryJob } from '../../bridge/jobs-store';
import { ErrorAlert } from '../../ui/error-alert';
import { canRetry, errorTitle } from '../../ui/error-info';
import { formatDateTime, formatUsd, promptForName } from '../../ui/format';
import { openViewer } from '../../ui/viewer-store';
import { useNavigate } from '../../app/navigation';
import { reuseEditJob } from '../edit/edit-draft';
import { startOutputDrag } from '../edit/from-output';
import { EditOutputButton } from '../edit/results/edit-output-button';
import { leakageSentence } from '../edit/results/leakage-report';
import { JobSources } from '../edit/results/job-sources';
import { Lineage } from '../edit/results/lineage';
import { VersionToggle } from '../edit/results/version-toggle';
import { reuseJob } from '../generate/draft';

const STATUS_LABELS: Record<JobView['status'], string> = {
  queued: 'Queued',
  running: 'Running',
  retrying: 'Retrying',
  succeeded: 'Done',
  failed: 'Failed',
  interrupted: 'Interrupted',
  canceled: 'Canceled',
};

function costText(job: JobView): string {
  const actual = job.costUsd ?? (job.usage ? costFromUsage(job.model, job.usage) : null);
  if (actual !== null) return formatUsd(actual);
  // An estimate next to a job that has ended would read as a charge; say what is known.
  if (isTerminal(job.status)) return 'no usage recorded';
  if (job.estimate) return `est. ${formatUsd(job.estimate.costUsd)}`;
  return '—';
}

export function HistoryItem({ job, onRetried }: { job: JobView; onRetried: (job: JobView) => void }) {
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [showRaw, setShowRaw] = useState(false);
  const edit = job.kind === 'edit';
  const locked = job.outputs.some((o) => o.lockedHash !== null);
  const prompt = promptForName(job.prompt);
  const n = Math.max(job.params.n, job.outputs.length);
  // A blocked prompt or an invalid request would fail the same way again: no Retry there.
  const offerRetry = job.status === 'interrupted' || job.status === 'canceled' || (job.status === 'failed' && (!job.error || canRetry(job.error)));

  const retry = async () => {
    setBusy(true);
    setError(null);
    try {
      onRetried(await retryJob(job.id));
    } catch (err) {
      setError(toAppError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className={`history-item status-${job.status}`}>
      <div className="history-thumbs">
        {job.outputs.length === 0 ? (
          <div className="thumb placeholder" aria-hidden="true">
            {isTerminal(job.status) ? 'No image' : '…'}
          </div>
        ) : (
          [...job.outputs]
            .sort((a, b) => a.index - b.index)
            .map((o) => {
              const hash = o.lockedHash && !showRaw ? o.lockedHash : o.assetHash;
              return (
                // The button is a sibling over the image, not its parent: a button's content is
                // presentational, which would hide the image's name from assistive tech.
                <div key={o.id} className="thumb-cell">
                  <div className="thumb checker" draggable onDragStart={(e) => startOutputDrag(e, job, o)}>
                    <img src={loupe.assetUrl(hash, 'thumb')} alt={`History output ${o.index + 1} of ${n}: ${prompt}`} loading="lazy" draggable={false} />
                    <button
                      type="button"
                      className="thumb-open"
                      aria-label={`View history image ${o.index + 1} of ${n} full size`}
                      title={o.metrics ? leakageSentence(o.metrics) : 'View full size'}
                      onClick={() => openViewer({ src: loupe.assetUrl(hash, 'full'), title: prompt, caption: `${o.index + 1} of ${n} · ${o.width}x${o.height}` })}
                    />
                  </div>
                  <EditOutputButton job={job} output={o} compact />
                </div>
              );
            })
        )}
      </div>
      <div className="history-body">
        <p className="history-prompt" title={job.prompt}>
          {job.prompt}
        </p>
        <p className="history-meta">
          <span className={`badge badge-${job.status}`}>{STATUS_LABELS[job.status]}</span>
          <span>{findModel(job.model)?.label ?? job.model}</span>
          <span>
            {job.params.n} × {job.params.size}, {job.params.quality}
          </span>
          <span>{costText(job)}</span>
          <time dateTime={new Date(job.createdAt).toISOString()}>{formatDateTime(job.createdAt)}</time>
        </p>
        {edit ? <Lineage job={job} /> : null}
        {edit ? <JobSources job={job} prefix="History " /> : null}
        {locked ? (
          <div className="history-versions">
            <VersionToggle showRaw={showRaw} onChange={setShowRaw} />
            {job.outputs.map((o) =>
              o.metrics ? (
                <p key={o.id} className="leakage-figures">
                  {job.outputs.length > 1 ? `Output ${o.index + 1}: ` : ''}
                  {leakageSentence(o.metrics)}
                </p>
              ) : null,
            )}
          </div>
        ) : null}
        {job.error && job.status !== 'succeeded' ? (
          <p className="history-error">
            {errorTitle(job.error)}: {job.error.message}
          </p>
        ) : null}
        {error ? <ErrorAlert error={error} /> : null}
      </div>
      <div className="history-actions">
        {offerRetry ? (
          <button type="button" className="btn small" onClick={() => void retry()} disabled={busy}>
            Retry
          </button>
        ) : null}
        <button
          type="button"
          className="btn small ghost"
          title={edit ? 'Open Edit with this prompt, its settings and its images' : 'Open Generate with this prompt and its settings'}
          onClick={() => {
            if (edit) reuseEditJob(job);
            else reuseJob(job);
            navigate(edit ? 'edit' : 'generate');
          }}
        >
          Reuse settings
        </button>
      </div>
    </li>
  );
}
