/**
 * What can be done to the selected jobs at once: tag them, rate, flag or label their images,
 * export them, move them to a project, delete them. Tags and marks can be undone from the
 * status line; a delete asks first.
 */
import { useState, type ReactNode } from 'react';
import type { OutputLabel } from '../../../../electron/shared';
import { call } from '../../bridge/client';
import { clearJobCache } from '../../bridge/job-cache';
import { libraryChanged, useLibrary } from '../../bridge/library-store';
import { askConfirm } from '../../ui/confirm-store';
import { ErrorAlert } from '../../ui/error-alert';
import { plural } from '../../ui/format';
import { useAction } from '../../ui/use-action';
import { ProjectOptions } from '../projects/project-field';
import { ExportDialog } from './export-dialog';
import { deleteJobs, fetchJobs } from './history-actions';
import { LABELS, markOutputs, type MarkChange } from './marks';
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

  const [tag, setTag] = useState('');

  const mark = (change: MarkChange) =>
    act(async () => {
      const jobs = await fetchJobs(ids);
      await markOutputs(
        jobs.flatMap((j) => j.outputs.map((o) => o.id)),
        change,
      );
    });

  const addTag = () =>
    act(async () => {
      const name = tag.replace(/\s+/g, ' ').trim();
      if (!name) return;
      // Who lacks it now is who loses it again on Undo.
      const lacking = (await fetchJobs(ids)).filter((j) => !j.tags.some((t) => t.toLowerCase() === name.toLowerCase())).map((j) => j.id);
      await call('addTags', { jobIds: ids, tags: [name] });
      setTag('');
      libraryChanged();
      announce(`Tagged ${plural(count, 'job')} "${name}".`, {
        label: 'Undo',
        run: async () => {
          if (lacking.length > 0) await call('removeTags', { jobIds: lacking, tags: [name] });
          clearJobCache();
          libraryChanged();
          announce(`Undone: the tag "${name}" is off the ${plural(lacking.length, 'job')} that did not have it.`);
        },
      });
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
      <form
        className="selection-tag"
        onSubmit={(e) => {
          e.preventDefault();
          void addTag();
        }}
      >
        <label className="visually-hidden" htmlFor="sel-tag">
          Tag to add
        </label>
        <input id="sel-tag" className="compact-input" placeholder="Add a tag…" maxLength={40} value={tag} disabled={busy} onChange={(e) => setTag(e.target.value.replace(/[,\n\r\t]/g, ''))} />
        <button type="submit" className="btn small" disabled={busy || tag.trim() === ''}>
          Add tag
        </button>
      </form>
      <MarkSelect id="sel-rate" label="Rate images" disabled={busy} onPick={(v) => void mark({ rating: Number(v) })}>
        <option value="">Rate…</option>
        {[5, 4, 3, 2, 1].map((n) => (
          <option key={n} value={String(n)}>
            {'★'.repeat(n)} ({n})
          </option>
        ))}
        <option value="0">No rating (0)</option>
      </MarkSelect>
      <MarkSelect id="sel-flag" label="Flag images" disabled={busy} onPick={(v) => void mark({ flag: v === 'none' ? null : (v as 'pick' | 'reject') })}>
        <option value="">Flag…</option>
        <option value="pick">Pick (P)</option>
        <option value="reject">Reject (X)</option>
        <option value="none">Unflag (U)</option>
      </MarkSelect>
      <MarkSelect id="sel-label" label="Label images" disabled={busy} onPick={(v) => void mark({ label: v === 'none' ? null : (v as OutputLabel) })}>
        <option value="">Label…</option>
        {LABELS.map((l) => (
          <option key={l.value} value={l.value}>
            {l.name}
            {l.key ? ` (${l.key})` : ''}
          </option>
        ))}
        <option value="none">No label</option>
      </MarkSelect>
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

/** A menu that acts on choice and goes back to its title, like the project mover. */
function MarkSelect({ id, label, disabled, onPick, children }: { id: string; label: string; disabled: boolean; onPick: (value: string) => void; children: ReactNode }) {
  return (
    <>
      <label className="visually-hidden" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        className="compact-select"
        value=""
        disabled={disabled}
        onChange={(e) => {
          if (e.target.value) onPick(e.target.value);
        }}
      >
        {children}
      </select>
    </>
  );
}
