/** Batch: a folder of photos, one recipe. The form on the left, the open batch on the right, earlier batches below it. */
import { useEffect } from 'react';
import { formatDateTime, plural } from '../../ui/format';
import { BatchForm } from './batch-form';
import { BatchProgress } from './batch-progress';
import { ensureBatchEvents, loadBatches, openBatch, useBatches } from './batch-store';

export function BatchView() {
  const { list, current } = useBatches();
  useEffect(() => {
    ensureBatchEvents();
    void loadBatches().catch(() => undefined);
  }, []);
  return (
    <div className="batch-view">
      <div className="batch-left">
        <BatchForm />
      </div>
      <div className="batch-right">
        {current ? (
          <BatchProgress batch={current} />
        ) : (
          <div className="empty-state">
            <p>Choose a folder of photos and one edit for all of them. Results keep each photo’s metadata and go to a folder laid out like the original.</p>
          </div>
        )}
        {list && list.length > 0 ? (
          <section className="panel" aria-label="Earlier batches">
            <h2 className="section-title">Batches</h2>
            <ul className="stack-list">
              {list.map((b) => (
                <li key={b.id}>
                  <button type="button" className={`batch-pick ${current?.id === b.id ? 'is-selected' : ''}`} aria-pressed={current?.id === b.id} onClick={() => void openBatch(b.id)}>
                    <span className="mono">{b.inputDir}</span>
                    <span className="field-note">
                      {formatDateTime(b.createdAt)} · {b.counts.succeeded} of {plural(b.counts.total, 'photo')} done · {b.status}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>
    </div>
  );
}
