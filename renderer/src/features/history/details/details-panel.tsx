/**
 * The details panel: one job with everything needed to reproduce it, organise it and
 * follow its lineage. It reads the job from History's cache (pinned while open) so live
 * events and edits made here show at once in the gallery too.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { AppError, JobView } from '../../../../../electron/shared';
import { call, toAppError } from '../../../bridge/client';
import { isGone, loadJob, peekJob, pinJob, refetchJobs, useJobCacheVersion } from '../../../bridge/job-cache';
import { libraryChanged, useLibrary } from '../../../bridge/library-store';
import { ErrorAlert } from '../../../ui/error-alert';
import { JobSources } from '../../edit/results/job-sources';
import { CredentialsLine } from '../../credentials/credentials-panel';
import { JobKitFacts } from '../../kits/job-kit-facts';
import { openJob } from '../history-state';
import { STATUS_LABELS } from '../job-text';
import { DetailOutputs } from './detail-outputs';
import { ParamFacts, TimingFacts, UsageFacts } from './job-facts';
import { DeleteJobButton, JobActions } from './job-actions';
import { LineageTree, parentNode, useLineage } from './lineage-tree';
import { NotesField } from './notes-field';
import { TagEditor } from './tag-editor';
import { useAction } from '../../../ui/use-action';

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = `det-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section className="det-section" aria-labelledby={id}>
      <h3 id={id} className="section-title">
        {title}
      </h3>
      {children}
    </section>
  );
}

function ProjectSelect({ job }: { job: JobView }) {
  const { projects } = useLibrary();
  const action = useAction();
  const move = (value: string) =>
    action.run(async () => {
      await call('setProject', { jobIds: [job.id], projectId: value === '' ? null : Number(value) });
      await refetchJobs([job.id]);
      libraryChanged();
      return null;
    });
  return (
    <div className="field">
      <label htmlFor="det-project">Project</label>
      <select id="det-project" value={job.projectId === null ? '' : String(job.projectId)} disabled={action.busy} onChange={(e) => void move(e.target.value)}>
        <option value="">None</option>
        {job.projectId !== null && !projects?.some((p) => p.id === job.projectId) ? <option value={String(job.projectId)}>Project #{job.projectId}</option> : null}
        {(projects ?? []).map((p) => (
          <option key={p.id} value={String(p.id)}>
            {p.name}
          </option>
        ))}
      </select>
      {action.error ? <ErrorAlert error={action.error} offerSettings={false} /> : null}
    </div>
  );
}

function Body({ job, epoch }: { job: JobView; epoch: number }) {
  const { projects } = useLibrary();
  const lineage = useLineage(job.id, epoch);
  const parent = parentNode(lineage.root, job.id);
  const self = parent?.children.find((c) => c.jobId === job.id);
  const parentText = parent ? `job #${parent.jobId}${self?.fromOutputIndex != null ? `, output ${self.fromOutputIndex + 1}` : ''}` : job.parentOutputId !== null ? `output #${job.parentOutputId}` : null;
  const failed = job.status === 'failed' || job.status === 'interrupted';
  return (
    <>
      {/* Parts holding per-job state are keyed by job (distinct keys: siblings share a list). */}
      <p className="det-prompt">{job.prompt}</p>
      <JobActions key={`JobActions-${job.id}`} job={job} />
      <Section title="Outputs">
        <DetailOutputs key={`DetailOutputs-${job.id}`} job={job} />
      </Section>
      <Section title="Lineage">
        {/* Not keyed by job: jumping along the tree keeps the keyboard focus where it is. */}
        <LineageTree jobId={job.id} root={lineage.root} error={lineage.error} />
      </Section>
      <Section title="Organise">
        <ProjectSelect key={`ProjectSelect-${job.id}`} job={job} />
        <TagEditor key={`TagEditor-${job.id}`} job={job} />
        <NotesField key={`NotesField-${job.id}`} job={job} />
      </Section>
      {job.inputs.length > 0 ? (
        <Section title="Inputs">
          <JobSources job={job} />
          {job.inputs
            .filter((input) => input.role === 'image')
            .map((input) => (
              <CredentialsLine key={`${input.hash}:${input.position}`} hash={input.hash} title={`input ${input.position + 1} (${input.name ?? 'image'})`} />
            ))}
        </Section>
      ) : null}
      {job.params.kit ? <JobKitFacts key={`JobKitFacts-${job.id}`} jobId={job.id} /> : null}
      <Section title="Parameters">
        <ParamFacts job={job} project={projects?.find((p) => p.id === job.projectId)} parentText={parentText} />
      </Section>
      <Section title="Usage and cost">
        <UsageFacts job={job} />
      </Section>
      <Section title="Timing">
        <TimingFacts job={job} />
      </Section>
      {job.error && (failed || job.status === 'canceled') ? (
        <Section title="Error">
          <ErrorAlert error={job.error} requestIds={job.requestIds} attempts={job.attempts} quiet offerSettings={false} />
        </Section>
      ) : null}
      <DeleteJobButton key={`DeleteJobButton-${job.id}`} job={job} />
    </>
  );
}

export function DetailsPanel({ id }: { id: number }) {
  useJobCacheVersion();
  const { epoch } = useLibrary();
  const [error, setError] = useState<{ id: number; error: AppError } | null>(null);
  const job = peekJob(id);
  const gone = isGone(id);

  useEffect(() => {
    pinJob(id);
    loadJob(id).catch((err: unknown) => setError({ id, error: toAppError(err) }));
    return () => pinJob(null);
  }, [id, epoch]);

  return (
    <aside
      aria-label="Job details"
      className="details-panel"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented) openJob(null);
      }}
    >
      <header className="det-head">
        <h2>Job #{id}</h2>
        {job ? <span className={`badge badge-${job.status}`}>{STATUS_LABELS[job.status]}</span> : null}
        {job ? <span className="muted det-kind">{job.kind === 'edit' ? 'edited' : 'generated'}</span> : null}
        <button type="button" className="btn small ghost det-close" aria-label="Close details" title="Close (Esc)" onClick={() => openJob(null)}>
          ✕
        </button>
      </header>
      <div className="det-scroll">
        {job ? (
          <Body job={job} epoch={epoch} />
        ) : error?.id === id ? (
          <ErrorAlert error={error.error} offerSettings={false} />
        ) : gone ? (
          <p className="muted">Job #{id} is no longer in the library.</p>
        ) : (
          <p className="muted">Loading job #{id}…</p>
        )}
      </div>
    </aside>
  );
}
