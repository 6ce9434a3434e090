/**
 * Settings › Library: one-file backups of the whole library (database and image store;
 * never the API key) and restoring one, which replaces the library and refreshes every view.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ResponseOf } from '../../../../electron/shared';
import { call, toAppError } from '../../bridge/client';
import { clearJobCache } from '../../bridge/job-cache';
import { resetJobs } from '../../bridge/jobs-store';
import { libraryChanged } from '../../bridge/library-store';
import { reloadSettings } from '../../bridge/settings-store';
import { askConfirm } from '../../ui/confirm-store';
import { ActionStatus } from '../../ui/action-status';
import { formatBytes, formatDateTime, plural } from '../../ui/format';
import { useAction } from '../../ui/use-action';
import { openJob } from '../history/history-state';

type Backup = ResponseOf<'library:list-backups'>[number];

export function LibrarySection({ backupsDir }: { backupsDir: string }) {
  const [backups, setBackups] = useState<readonly Backup[] | null>(null);
  const action = useAction();
  const { busy, setError } = action;

  const load = useCallback(() => {
    call('listBackups', {}).then(
      (list) => setBackups([...list].sort((a, b) => b.createdAt - a.createdAt)),
      (err: unknown) => {
        setBackups([]);
        setError(toAppError(err));
      },
    );
  }, [setError]);
  useEffect(load, [load]);

  const backUp = () =>
    action.run(async () => {
      const r = await call('backupLibrary', {});
      load();
      return `Backed up ${plural(r.jobs, 'job')} to ${r.path}`;
    });

  const restore = async (b: Backup) => {
    const ok = await askConfirm({
      title: `Restore ${b.name}?`,
      body: (
        <p>
          Restore replaces the current library — every job, image, tag and project — with the one in this backup, made {formatDateTime(b.createdAt)}. Back up first if you
          may want today’s library again. Your API key is never in a backup and stays as it is.
        </p>
      ),
      confirmLabel: 'Restore',
      danger: true,
    });
    if (!ok) return;
    await action.run(async () => {
      const r = await call('restoreLibrary', { path: b.path });
      // Every id the views hold may now name another job: drop them all and reload.
      openJob(null);
      resetJobs();
      clearJobCache();
      libraryChanged();
      await reloadSettings();
      load();
      return `Library restored: ${plural(r.jobs, 'job')}`;
    });
  };

  return (
    <section className="panel" aria-labelledby="library-title">
      <h2 id="library-title">Library</h2>
      <p className="field-note">
        A backup is one file with every job and image in Loupe’s library, written to <span className="mono">{backupsDir}</span>. Your API key is never in it.
      </p>
      <div className="button-row">
        <button type="button" className="btn" onClick={() => void backUp()} disabled={busy} aria-busy={busy || undefined}>
          Back up library
        </button>
      </div>
      <ActionStatus action={action} className="library-status" />
      {backups && backups.length > 0 ? (
        <ul className="backup-list" aria-label="Backups">
          {backups.map((b) => (
            <li key={b.path} className="backup-row">
              <div className="project-text">
                <p className="mono">{b.name}</p>
                <p className="field-note">
                  {formatDateTime(b.createdAt)} · {formatBytes(b.bytes)}
                </p>
              </div>
              <button type="button" className="btn small" aria-label={`Restore ${b.name}`} onClick={() => void restore(b)} disabled={busy}>
                Restore
              </button>
            </li>
          ))}
        </ul>
      ) : backups ? (
        <p className="muted">No backups yet.</p>
      ) : null}
    </section>
  );
}
