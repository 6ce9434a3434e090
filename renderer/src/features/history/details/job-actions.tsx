/** The details panel's actions on the whole job: favourite, re-run, reuse settings, export, retry, delete. */
import { useState } from 'react';
import type { JobView } from '../../../../../electron/shared';
import { call } from '../../../bridge/client';
import { putJobs } from '../../../bridge/job-cache';
import { libraryChanged, projectName, useLibrary } from '../../../bridge/library-store';
import { retryJob } from '../../../bridge/jobs-store';
import { useNavigate } from '../../../app/navigation';
import { askConfirm } from '../../../ui/confirm-store';
import { ErrorAlert } from '../../../ui/error-alert';
import { canRetry } from '../../../ui/error-info';
import { plural } from '../../../ui/format';
import { reuseEditJob } from '../../edit/edit-draft';
import { reuseJob } from '../../generate/draft';
import { ExportDialog } from '../export-dialog';
import { deleteJobs } from '../history-actions';
import { rerun } from '../rerun';
import { useLifecycle } from '../../generate/use-form-model';
import { announce, openJob } from '../history-state';
import { ActionStatus } from '../../../ui/action-status';
import { useAction } from '../../../ui/use-action';
import { CompareFromJob } from '../../lab/compare-buttons';

export function FavouriteButton({ job }: { job: JobView }) {
  const action = useAction();
  return (
    <button
      type="button"
      className={`btn small fav-toggle${job.favourite ? ' on' : ''}`}
      aria-pressed={job.favourite}
      disabled={action.busy}
      title={job.favourite ? 'Remove from favourites (lifts the picks of its images)' : 'Add to favourites (picks every image of this job)'}
      onClick={() =>
        void action.run(async () => {
          putJobs([await call('setFavourite', { jobId: job.id, favourite: !job.favourite })]);
          libraryChanged();
          return null;
        })
      }
    >
      <span aria-hidden="true">{job.favourite ? '★' : '☆'}</span> Favourite
    </button>
  );
}

export function JobActions({ job }: { job: JobView }) {
  const navigate = useNavigate();
  const { projects } = useLibrary();
  const action = useAction();
  const life = useLifecycle();
  const edit = job.kind === 'edit';
  const offerRetry = job.status === 'interrupted' || job.status === 'canceled' || (job.status === 'failed' && (!job.error || canRetry(job.error)));

  const doRerun = () =>
    action.run(async () => {
      const r = await rerun(job, projectName(projects, job.projectId), life);
      return r === null ? null : `Re-running as job #${r.jobId}.${r.notice ? ` ${r.notice}` : ''}`;
    });

  const [exporting, setExporting] = useState(false);

  return (
    <div className="det-actions">
      <div className="button-row compact">
        <FavouriteButton job={job} />
        <button type="button" className="btn small" onClick={() => void doRerun()} disabled={action.busy} title="Send the same request again">
          Re-run
        </button>
        {offerRetry ? (
          <button type="button" className="btn small" disabled={action.busy} onClick={() => void action.run(async () => `Retrying as job #${(await retryJob(job.id)).id}.`)}>
            Retry
          </button>
        ) : null}
        <button
          type="button"
          className="btn small"
          title={edit ? 'Open Edit with this prompt, its settings and its images' : 'Open Generate with this prompt and its settings'}
          onClick={() => {
            if (edit) reuseEditJob(job);
            else reuseJob(job);
            navigate(edit ? 'edit' : 'generate');
          }}
        >
          Use these settings
        </button>
        <button type="button" className="btn small" onClick={() => setExporting(true)} disabled={action.busy || job.outputs.length === 0}>
          Export…
        </button>
        <CompareFromJob job={job} />
        {exporting ? (
          <ExportDialog
            what={`job #${job.id}`}
            outputIds={() => Promise.resolve(job.outputs.map((o) => o.id))}
            onClose={(message) => {
              setExporting(false);
              if (message) void action.run(() => Promise.resolve(message));
            }}
          />
        ) : null}
      </div>
      <ActionStatus action={action} className="det-status" />
    </div>
  );
}

/** At the panel's foot, away from the everyday buttons. */
export function DeleteJobButton({ job }: { job: JobView }) {
  const action = useAction();
  const doDelete = async () => {
    const ok = await askConfirm({
      title: `Delete job #${job.id}?`,
      body: <p>The job, its settings and its images leave the library. Image files still used by other jobs are kept; files you saved to your folders are not touched.</p>,
      confirmLabel: 'Delete',
      danger: true,
    });
    if (!ok) return;
    await action.run(async () => {
      const r = await deleteJobs([job.id]);
      openJob(null);
      announce(`Deleted ${plural(r.deletedJobs, 'job')}, removed ${plural(r.removedFiles, 'file')} from the store.`);
      return null;
    });
  };

  return (
    <div className="det-delete">
      <button type="button" className="btn small danger" onClick={() => void doDelete()} disabled={action.busy}>
        Delete job
      </button>
      {action.error ? <ErrorAlert error={action.error} offerSettings={false} /> : null}
    </div>
  );
}
