/**
 * History at scale: search and filters over the whole library, a virtualised grid or list
 * of the matching jobs, a selection toolbar, and the details panel of the open job.
 */
import { useCallback, useMemo, useState, type DragEvent, type KeyboardEvent } from 'react';
import type { JobView, OutputView } from '../../../../electron/shared';
import { useLibrary } from '../../bridge/library-store';
import { useSettings } from '../../bridge/settings-store';
import { useNavigate } from '../../app/navigation';
import { ErrorAlert } from '../../ui/error-alert';
import { plural } from '../../ui/format';
import { DetailsPanel } from './details/details-panel';
import { FilterBar } from './filter-bar';
import { Gallery } from './gallery';
import { announce, clearFilters, isFiltered, openJob, setMode, toFilter, useHistoryUi, type NoticeAction } from './history-state';
import { dragOutput } from './output-drag';
import { fetchJobs } from './history-actions';
import { markForKey, markOutputs } from './marks';
import { peekJob } from '../../bridge/job-cache';
import { toAppError } from '../../bridge/client';
import { SelectionBar } from './selection-bar';
import { useDebounced, useSearch } from './use-search';
import { HistorySections } from '../lab/history-sections';
import { useSelection } from './use-selection';

const NO_IDS: readonly number[] = [];
const SEARCH_DEBOUNCE_MS = 200;

function ViewToggle({ mode }: { mode: 'grid' | 'list' }) {
  return (
    <div className="toggle-group view-toggle" role="group" aria-label="Layout">
      <button type="button" aria-pressed={mode === 'grid'} onClick={() => setMode('grid')}>
        Grid
      </button>
      <button type="button" aria-pressed={mode === 'list'} onClick={() => setMode('list')}>
        List
      </button>
    </div>
  );
}

/** The status line's action (Undo), run once: the button goes as soon as it is pressed. */
function NoticeButton({ action }: { action: NoticeAction }) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="btn small ghost"
      disabled={busy}
      onClick={() => {
        setBusy(true);
        action.run().catch((err: unknown) => announce(`Could not undo: ${toAppError(err).message}`));
      }}
    >
      {action.label}
    </button>
  );
}

export function HistoryView() {
  const navigate = useNavigate();
  const { appInfo } = useSettings();
  const { filters, mode, openId, notice, undo } = useHistoryUi();
  const { epoch } = useLibrary();
  const query = useDebounced(filters.query, SEARCH_DEBOUNCE_MS);
  const filter = useMemo(() => toFilter(filters, query), [filters, query]);
  const search = useSearch(filter, epoch);
  const ids = search.ids ?? NO_IDS;
  const selection = useSelection(ids);
  const filtered = isFiltered(filters);
  const host = appInfo?.host;
  // Judging keys on a job: its images, or every selected job's when it is one of the selection.
  const onMarkKey = (e: KeyboardEvent, id: number): boolean => {
    const targets = selection.selected.has(id) ? [...selection.selected] : [id];
    const change = markForKey(e);
    if (!change) return false;
    e.preventDefault();
    void (async () => {
      const known = targets.map(peekJob).filter((j) => j !== undefined);
      const jobs = known.length === targets.length ? known : await fetchJobs(targets);
      await markOutputs(
        jobs.flatMap((j) => j.outputs.map((o) => o.id)),
        change,
      );
    })().catch((err: unknown) => announce(`Could not mark: ${toAppError(err).message}`));
    return true;
  };
  const onDragOutput = useCallback((e: DragEvent, job: JobView, output: OutputView) => dragOutput(e, job, output, host), [host]);

  return (
    <div className={`history-view${openId !== null ? ' with-details' : ''}`}>
      <div className="history-main">
        <header className="history-head">
          <h1>History</h1>
          <HistorySections />
          <p className="history-count" role="status" aria-live="polite">
            {search.ids === null ? 'Searching…' : plural(search.total, 'job')}
          </p>
          {search.searching && search.ids !== null ? <span className="spinner" aria-hidden="true" /> : null}
          <p className="history-notice" role="status">
            {notice}
          </p>
          {undo ? <NoticeButton key={notice} action={undo} /> : null}
        </header>
        <FilterBar filters={filters} query={query} />
        <div className="history-toolbar">
          <ViewToggle mode={mode} />
          <SelectionBar selected={selection.selected} total={ids.length} openId={openId} onSelectAll={selection.selectAll} onClear={selection.clear} />
          <button type="button" className="btn small ghost clear-filters" onClick={clearFilters} disabled={!filtered}>
            Clear filters
          </button>
        </div>
        {search.error ? <ErrorAlert error={search.error} onRetry={search.refresh} /> : null}
        {search.ids !== null && ids.length === 0 && !search.error ? (
          filtered ? (
            <p className="empty-state">No jobs match these filters.</p>
          ) : (
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
          )
        ) : null}
        {ids.length > 0 ? (
          <Gallery
            ids={ids}
            mode={mode}
            openId={openId}
            selected={selection.selected}
            resetKey={JSON.stringify(filter)}
            onOpen={openJob}
            onSelect={selection.select}
            onDragOutput={onDragOutput}
            onMarkKey={onMarkKey}
          />
        ) : null}
      </div>
      {openId !== null ? <DetailsPanel id={openId} /> : null}
    </div>
  );
}
