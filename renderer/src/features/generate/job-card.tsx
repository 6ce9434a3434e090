/** One job in the Generate results: what was asked, what is happening, what came back and what it cost. */
import { useState } from 'react';
import { costFromUsage, findModel, type AppError, type JobView } from '../../../../electron/shared';
import { toAppError } from '../../bridge/client';
import { cancelJob, dismissJob, isTerminal, retryJob, type RetryNotice } from '../../bridge/jobs-store';
import { ErrorAlert } from '../../ui/error-alert';
import { formatDuration, formatInt, formatName, formatUsd, plural } from '../../ui/format';
import { reuseEditJob } from '../edit/edit-draft';
import { JobSources } from '../edit/results/job-sources';
import { Lineage } from '../edit/results/lineage';
import { VersionToggle } from '../edit/results/version-toggle';
import { reuseJob } from './draft';
import { JobOutputs, JobPreviews } from './job-outputs';
import { JobStatus } from './job-status';
import { QUALITY_LABELS } from './quality-labels';

interface JobCardProps {
  job: JobView;
  partials: ReadonlyMap<number, string> | undefined;
  notice: RetryNotice | undefined;
}

export function usageLine(job: JobView): string | null {
  const u = job.usage;
  if (!u) return null;
  const cost = job.costUsd ?? costFromUsage(job.model, u);
  const out = u.outputImageTokens + u.outputTextTokens;
  const tokens = `${formatInt(u.inputTextTokens)} text + ${formatInt(u.inputImageTokens)} image tokens in, ${formatInt(out)} out`;
  const money = cost === null ? '' : ` · ${formatUsd(cost)}`;
  const est = job.estimate ? ` (estimate ${formatUsd(job.estimate.costUsd)})` : '';
  return `Actual: ${tokens}${money}${est}`;
}

function failure(job: JobView): AppError | null {
  if (job.status === 'failed') return job.error ?? { code: 'INTERNAL', message: 'The job failed without saying why.' };
  if (job.status === 'interrupted') return job.error ?? { code: 'INTERRUPTED', message: 'Loupe stopped while this job was running. Nothing the API returned was lost.' };
  return null;
}

export function JobCard({ job, partials, notice }: JobCardProps) {
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<AppError | null>(null);
  const [showRaw, setShowRaw] = useState(false);
  const edit = job.kind === 'edit';
  const locked = job.outputs.some((o) => o.lockedHash !== null);
  const terminal = isTerminal(job.status);
  const model = findModel(job.model);
  const error = failure(job);
  const usage = usageLine(job);
  const p = job.params;

  const act = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setActionError(null);
    try {
      await action();
    } catch (err) {
      setActionError(toAppError(err));
    } finally {
      setBusy(false);
    }
  };
  const retry = () => void act(() => retryJob(job.id));

  return (
    <article className={`job-card status-${job.status}`}>
      <header className="job-head">
        <div className="job-head-text">
          <p id={`job-${job.id}-prompt`} className="job-prompt">
            {job.prompt}
          </p>
          <p className="job-meta">
            {edit ? `Edit of ${plural(job.inputs.filter((i) => i.role === 'image').length || (p.inputs?.length ?? 0), 'image')} · ` : ''}
            {model?.label ?? job.model} · {p.size} · {QUALITY_LABELS[p.quality]} quality{p.complexity ? ` · ${p.complexity} complexity` : ''} · {formatName(p.outputFormat)}
            {p.gif ? ` (${p.gif.frames} frames of ${p.gif.frameMs} ms)` : ''}
            {p.inputFidelity ? ` · ${p.inputFidelity} fidelity` : ''}
            {p.mask ? (p.pixelLock?.enabled ? ' · masked, pixel-locked' : ' · masked') : ''}
            {job.finishedAt && job.startedAt && job.status === 'succeeded' ? ` · done in ${formatDuration(job.finishedAt - job.startedAt)}` : ''}
          </p>
        </div>
        <button
          type="button"
          className="btn small ghost"
          onClick={() => (edit ? reuseEditJob(job) : reuseJob(job))}
          title={edit ? 'Put this prompt, its settings and its images back in the Edit view' : 'Put this prompt and its settings back in the form'}
        >
          Reuse settings
        </button>
      </header>
      {edit ? (
        <div className="job-lineage">
          <Lineage job={job} />
          <JobSources job={job} />
        </div>
      ) : null}
      {!terminal ? (
        <>
          <div className="job-running">
            <JobStatus job={job} notice={notice} />
            <button type="button" className="btn small ghost" onClick={() => void act(() => cancelJob(job.id))} disabled={busy}>
              Cancel
            </button>
          </div>
          <JobPreviews job={job} partials={partials} />
        </>
      ) : null}
      {locked ? <VersionToggle showRaw={showRaw} onChange={setShowRaw} /> : null}
      {job.outputs.length > 0 ? <JobOutputs job={job} showRaw={showRaw} /> : null}
      {error ? <ErrorAlert error={error} requestIds={job.requestIds} onRetry={retry} retrying={busy} attempts={job.attempts} /> : null}
      {error && job.outputs.length === 0 ? (
        <div className="job-dismiss">
          <button type="button" className="btn small ghost" onClick={() => void act(() => dismissJob(job.id))} disabled={busy} aria-describedby={`job-${job.id}-prompt`}>
            Dismiss
          </button>
          <span className="muted">It stays in History.</span>
        </div>
      ) : null}
      {job.status === 'canceled' ? (
        <div className="job-canceled">
          <p>Canceled.</p>
          <button type="button" className="btn small" onClick={retry} disabled={busy}>
            Retry
          </button>
        </div>
      ) : null}
      {actionError ? <ErrorAlert error={actionError} /> : null}
      {usage ? <p className="job-usage">{usage}</p> : null}
    </article>
  );
}
