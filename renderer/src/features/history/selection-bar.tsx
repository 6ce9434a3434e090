/** What can be done to the selected jobs at once: export their images, move them to a project, delete them. */
import { call } from '../../bridge/client';
import { clearJobCache } from '../../bridge/job-cache';
import { libraryChanged, useLibrary } from '../../bridge/library-store';
import { askConfirm } from '../../ui/confirm-store';
import { ErrorAlert } from '../../ui/error-alert';
import { plural } from '../../ui/format';
import { useAction } from '../../ui/use-action';
import { ProjectOptions } from '../projects/project-field';
import { useState } from 'react';
import { ExportDialog } from './export-dialog';
import { deleteJobs, fetchJobs } from './history-actions';
import { announce, openJob } from './history-state';

interface Props {
  selected: ReadonlySet<number>;
  total: number;
  openId: number | null;
  onSelectAll: () => void;
  onClear: () => void;
}

export function SelectionBar({ selected, total, openId, onSelectAll, onClear }: Props) {
  const { projects } = useLibrary();
  const action = useAction();
  const { busy, error } = action;
  const ids = [...selected];
  const count = ids.length;

  // What happened is announced to the whole view, so no status line of its own.
  const act = (work: () => Promise<void>) =>
    action.run(async () => {
      await work();
      return null;
    });

  const [exporting, setExporting] = useState(false);

  const move = (value: string) =>
    act(async () => {
      const projectId = value === 'none' ? null : Number(value);
      const r = await call('setProject', { jobIds: ids, projectId });
      clearJobCache();
      libraryChanged();
      const name = projectId === null ? 'no project' : (projects?.find((p) => p.id === projectId)?.name ?? `project #${projectId}`);
      announce(`Moved ${plural(r.updated, 'job')} to ${name}.`);
    });

  const remove = async () => {
    const ok = await askConfirm({
      title: `Delete ${plural(count, 'job')}?`,
      body: <p>The selected jobs and their images leave the library. Image files still used by other jobs are kept; files saved to your folders are not touched.</p>,
      confirmLabel: 'Delete',
      danger: true,
    });
    if (!ok) return;
    await act(async () => {
      const r = await deleteJobs(ids);
      if (openId !== null && selected.has(openId)) openJob(null);
      onClear();
      announce(`Deleted ${plural(r.deletedJobs, 'job')}, removed ${plural(r.removedFiles, 'file')} from the store.`);
    });
  };

  if (count === 0) {
    return total > 0 ? (
      <button type="button" className="btn small ghost" onClick={onSelectAll}>
        Select all
      </button>
    ) : null;
  }
  return (
    <div className="selection-bar" role="group" aria-label="Selected jobs">
      <span className="selection-count">{plural(count, 'job')} selected</span>
      <button type="button" className="btn small" onClick={() => setExporting(true)} disabled={busy}>
        Export selected…
      </button>
      {exporting ? (
        <ExportDialog
          what={plural(count, 'job')}
          outputIds={async () => (await fetchJobs(ids)).flatMap((j) => j.outputs.map((o) => o.id))}
          onClose={(message) => {
            setExporting(false);
            if (message) announce(message);
          }}
        />
      ) : null}
      <label className="visually-hidden" htmlFor="sel-project">
        Move to project
      </label>
      <select
        id="sel-project"
        className="compact-select"
        value=""
        disabled={busy}
        onChange={(e) => {
          if (e.target.value) void move(e.target.value);
        }}
      >
        <ProjectOptions projects={projects} empty="Move to project…" none />
      </select>
      <button type="button" className="btn small danger" onClick={() => void remove()} disabled={busy}>
        Delete selected
      </button>
      <button type="button" className="btn small ghost" onClick={onClear}>
        Clear selection
      </button>
      {error ? <ErrorAlert error={error} offerSettings={false} /> : null}
    </div>
  );
}
