/**
 * History → Experiments: every comparison run, newest first, each reopened in the lab.
 */
import { useEffect, useState } from 'react';
import type { AppError, ExperimentSummary } from '../../../../electron/shared';
import { call, loupe, toAppError } from '../../bridge/client';
import { ErrorAlert } from '../../ui/error-alert';
import { formatDateTime, plural } from '../../ui/format';
import { HistoryView } from '../history/history-view';
import { ExperimentLab } from './experiment-lab';
import { HistorySections } from './history-sections';
import { openExperiment, useLabUi } from './lab-store';

function ExperimentList() {
  const { epoch } = useLabUi();
  const [list, setList] = useState<{ items: ExperimentSummary[] | null; error: AppError | null }>({ items: null, error: null });
  useEffect(() => {
    let live = true;
    call('compareList', {}).then(
      (items) => live && setList({ items, error: null }),
      (err: unknown) => live && setList({ items: null, error: toAppError(err) }),
    );
    return () => {
      live = false;
    };
  }, [epoch]);

  if (list.error) return <ErrorAlert error={list.error} offerSettings={false} />;
  if (!list.items) return <p className="muted">Loading experiments…</p>;
  if (list.items.length === 0) {
    return (
      <div className="empty-state">
        <p>No experiments yet. In Edit, or on an edit job here in History, choose “Compare” to run the same edit on several models or settings and see what each kept.</p>
      </div>
    );
  }
  return (
    <ul className="experiment-list" aria-label="Experiments">
      {list.items.map((x) => (
        <li key={x.id}>
          <button type="button" className="experiment-card" onClick={() => openExperiment(x.id)} aria-label={`Open experiment: ${x.name}`}>
            <img src={loupe.assetUrl(x.sourceAsset, 'thumb')} alt="" className="checker" />
            <span className="experiment-card-text">
              <span className="experiment-name">{x.name}</span>
              <span className="muted">
                {formatDateTime(x.createdAt)} · {plural(x.variantCount, 'variant')}
                {x.winnerVariantId !== null ? ' · ★ winner picked' : ''}
              </span>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

function ExperimentsArea() {
  const { openExperimentId } = useLabUi();
  return (
    <div className="experiments-area">
      <header className="history-head">
        <h1>History</h1>
        <HistorySections />
      </header>
      {openExperimentId !== null ? <ExperimentLab id={openExperimentId} /> : <ExperimentList />}
    </div>
  );
}

/** History as the app shows it: the jobs, or the experiments. */
export function HistoryArea() {
  const { section } = useLabUi();
  return section === 'experiments' ? <ExperimentsArea /> : <HistoryView />;
}
