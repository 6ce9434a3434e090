/**
 * Where used: per asset version, the jobs that sent it and their outputs. After a brand
 * refresh, the jobs under older versions are the work to redo.
 */
import { useEffect, useState } from 'react';
import type { AppError, KitView, WhereUsed } from '../../../../electron/shared';
import { call, loupe, toAppError } from '../../bridge/client';
import { useNavigate } from '../../app/navigation';
import { ErrorAlert } from '../../ui/error-alert';
import { formatDateTime } from '../../ui/format';
import { openJob } from '../history/history-state';

export function KitWhereUsed({ kit }: { kit: KitView }) {
  const navigate = useNavigate();
  const [rows, setRows] = useState<WhereUsed | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  useEffect(() => {
    let live = true;
    call('kitWhereUsed', { kitId: kit.id }).then(
      (r) => live && setRows(r),
      (err: unknown) => live && setError(toAppError(err)),
    );
    return () => {
      live = false;
    };
  }, [kit]);
  const stale = rows?.filter((r) => !r.current).reduce((n, r) => n + r.jobs.length, 0) ?? 0;
  return (
    <section className="panel" aria-labelledby="kit-where-title">
      <h2 id="kit-where-title" className="section-title">
        Where used
      </h2>
      {stale > 0 ? <p className="notice warn">{stale === 1 ? '1 job uses' : `${stale} jobs use`} an older version of an asset: redo them to follow the refresh.</p> : null}
      {error ? <ErrorAlert error={error} offerSettings={false} /> : null}
      {rows && rows.every((r) => r.jobs.length === 0) ? <p className="muted">No job has used this kit yet.</p> : null}
      <ul className="kit-where-list" aria-label="Where used">
        {(rows ?? [])
          .filter((r) => r.jobs.length > 0)
          .map((r) => (
            <li key={`${r.assetId}-${r.version}`}>
              <p className="kit-where-head">
                {r.name} version {r.version} {r.current ? <span className="badge">current</span> : <span className="badge badge-failed">older</span>}
              </p>
              <ul>
                {r.jobs.map((j) => (
                  <li key={j.jobId} className="kit-where-job">
                    <button
                      type="button"
                      className="btn small ghost"
                      onClick={() => {
                        openJob(j.jobId);
                        navigate('history');
                      }}
                    >
                      Job #{j.jobId}
                    </button>
                    <span className="kit-where-prompt">{j.prompt}</span>
                    <span className="field-note">{formatDateTime(j.createdAt)}</span>
                    {j.outputs.map((o, i) => (
                      <img key={o.id} src={loupe.assetUrl(o.hash, 'thumb')} alt={`Job ${j.jobId} output ${i + 1}`} />
                    ))}
                  </li>
                ))}
              </ul>
            </li>
          ))}
      </ul>
    </section>
  );
}
