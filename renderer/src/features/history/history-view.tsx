/** History: every past job, newest first, a page at a time; rows follow live job events. */
import { useCallback, useEffect, useState } from 'react';
import type { AppError, JobView, ResponseOf } from '../../../../electron/shared';
import { call, toAppError } from '../../bridge/client';
import { upsertJobs, useJobs } from '../../bridge/jobs-store';
import { useNavigate } from '../../app/navigation';
import { ErrorAlert } from '../../ui/error-alert';
import { HistoryItem } from './history-item';

type HistoryPage = ResponseOf<'history:list'>;

const PAGE = 30;

export function HistoryView() {
  const navigate = useNavigate();
  const { jobs } = useJobs();
  const [ids, setIds] = useState<number[] | null>(null);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<AppError | null>(null);

  const applyPage = useCallback((page: HistoryPage, append: boolean) => {
    upsertJobs(page.items);
    const pageIds = page.items.map((j) => j.id);
    setIds((prev) => (!append || !prev ? pageIds : [...prev, ...pageIds.filter((id) => !prev.includes(id))]));
    setNextBefore(page.nextBefore);
    setError(null);
    setLoading(false);
  }, []);
  const fail = useCallback((err: unknown) => {
    setError(toAppError(err));
    setLoading(false);
  }, []);

  useEffect(() => {
    let live = true;
    call('listHistory', { limit: PAGE }).then(
      (page) => live && applyPage(page, false),
      (err: unknown) => live && fail(err),
    );
    return () => {
      live = false;
    };
  }, [applyPage, fail]);

  const load = (before?: number) => {
    setLoading(true);
    call('listHistory', before === undefined ? { limit: PAGE } : { limit: PAGE, before }).then((page) => applyPage(page, before !== undefined), fail);
  };

  // A retry may come back as a new job; put it on top rather than reloading everything.
  const onRetried = (job: JobView) => setIds((prev) => (prev && !prev.includes(job.id) ? [job.id, ...prev] : prev));

  const items = (ids ?? []).map((id) => jobs.get(id)).filter((j) => j !== undefined);

  return (
    <div className="history-view">
      <header className="view-head">
        <h1>History</h1>
        <p className="muted">Every prompt, output, token count and cost, newest first.</p>
      </header>
      {error ? <ErrorAlert error={error} onRetry={() => load()} /> : null}
      {ids === null && !error ? <p className="muted">Loading history…</p> : null}
      {ids !== null && items.length === 0 ? (
        <div className="empty-state">
          <p>No jobs yet — generate something first.</p>
          <a
            href="#generate"
            className="btn primary"
            onClick={(e) => {
              e.preventDefault();
              navigate('generate');
            }}
          >
            Go to Generate
          </a>
        </div>
      ) : null}
      {items.length > 0 ? (
        <ul className="history-list" aria-label="Jobs">
          {items.map((job) => (
            <HistoryItem key={job.id} job={job} onRetried={onRetried} />
          ))}
        </ul>
      ) : null}
      {nextBefore !== null ? (
        <div className="load-more">
          <button type="button" className="btn" onClick={() => load(nextBefore)} disabled={loading}>
            Load more
          </button>
        </div>
      ) : null}
    </div>
  );
}
