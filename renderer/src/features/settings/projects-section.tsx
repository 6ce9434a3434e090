/** Settings › Projects: a shoot or a client, with its own folder, file names and budget. */
import { useState } from 'react';
import type { AppError, ProjectView } from '../../../../electron/shared';
import { call, toAppError } from '../../bridge/client';
import { libraryChanged, reloadProjects, useLibrary } from '../../bridge/library-store';
import { askConfirm } from '../../ui/confirm-store';
import { ErrorAlert } from '../../ui/error-alert';
import { formatUsd, plural } from '../../ui/format';
import { ProjectForm } from './project-form';

function ProjectRow({ project, onEdit, onDelete }: { project: ProjectView; onEdit: () => void; onDelete: () => void }) {
  const over = project.budgetUsd !== null && project.spentUsd > project.budgetUsd;
  return (
    <li className="project-row">
      <div className="project-text">
        <p className="project-name">{project.name}</p>
        <p className="field-note">
          {plural(project.jobCount, 'job')} · <span className={over ? 'warn-text' : undefined}>{formatUsd(project.spentUsd)} spent</span>
          {project.budgetUsd !== null ? ` of ${formatUsd(project.budgetUsd)}` : ''}
          {project.outputDir ? (
            <>
              {' · '}
              <span className="mono">{project.outputDir}</span>
            </>
          ) : null}
          {project.namingTemplate ? (
            <>
              {' · '}
              <span className="mono">{project.namingTemplate}</span>
            </>
          ) : null}
        </p>
      </div>
      <div className="button-row compact">
        <button type="button" className="btn small" aria-label={`Edit project ${project.name}`} onClick={onEdit}>
          Edit
        </button>
        <button type="button" className="btn small danger" aria-label={`Delete project ${project.name}`} onClick={onDelete}>
          Delete
        </button>
      </div>
    </li>
  );
}

export function ProjectsSection({ canChooseFolders }: { canChooseFolders: boolean }) {
  const { projects, error: loadError } = useLibrary();
  const [editing, setEditing] = useState<ProjectView | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<AppError | null>(null);

  const remove = async (p: ProjectView) => {
    const ok = await askConfirm({
      title: `Delete project ${p.name}?`,
      body: <p>{p.jobCount > 0 ? `Its ${plural(p.jobCount, 'job')} stay in History, in no project. ` : ''}Files already saved to its folder are not touched.</p>,
      confirmLabel: 'Delete',
      danger: true,
    });
    if (!ok) return;
    setError(null);
    try {
      await call('deleteProject', { id: p.id });
      if (editing?.id === p.id) setEditing(null);
      libraryChanged();
      setStatus(`Project ${p.name} deleted.`);
    } catch (err) {
      setError(toAppError(err));
    }
  };

  return (
    <section className="panel" aria-labelledby="projects-title">
      <h2 id="projects-title">Projects</h2>
      <p className="field-note">Organise work by shoot or client: each project can have its own output folder, file names and budget. Choose the project in Generate and Edit.</p>
      {projects && projects.length > 0 ? (
        <ul className="project-list" aria-label="Projects">
          {projects.map((p) => (
            <ProjectRow key={p.id} project={p} onEdit={() => setEditing(p)} onDelete={() => void remove(p)} />
          ))}
        </ul>
      ) : projects ? (
        <p className="muted">No projects yet.</p>
      ) : null}
      {loadError && (projects?.length ?? 0) === 0 ? <ErrorAlert error={loadError} onRetry={() => void reloadProjects()} offerSettings={false} /> : null}
      <h3 className="section-title">{editing ? `Edit ${editing.name}` : 'New project'}</h3>
      <ProjectForm
        key={editing?.id ?? 'new'}
        editing={editing}
        canChooseFolders={canChooseFolders}
        onCancel={() => setEditing(null)}
        onDone={(project, created) => {
          setEditing(null);
          void reloadProjects();
          setStatus(created ? `Project ${project.name} created.` : `Project ${project.name} saved.`);
        }}
      />
      {error ? <ErrorAlert error={error} offerSettings={false} /> : null}
      <p role="status" className="status-ok">
        {status}
      </p>
    </section>
  );
}
