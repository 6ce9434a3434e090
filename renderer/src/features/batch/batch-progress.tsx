/**
 * A batch as it runs: what is done, what failed and why, what it cost against the budget;
 * each photo with its result beside it, to approve or reject; pause and resume the queue,
 * retry the failed, cancel.
 */
import type { BatchItemView, BatchView } from '../../../../electron/shared';
import { call, loupe } from '../../bridge/client';
import { setQueuePaused, useQueue } from '../../bridge/queue-store';
import { ErrorAlert } from '../../ui/error-alert';
import { formatUsd, plural } from '../../ui/format';
import { useAction } from '../../ui/use-action';
import { showBatch } from './batch-store';

const STATUS_LABEL: Record<BatchItemView['status'], string> = {
  pending: 'Waiting',
  queued: 'Queued',
  running: 'Editing…',
  submitted: 'With the Batch API',
  succeeded: 'Done',
  failed: 'Failed',
  canceled: 'Canceled',
  skipped: 'Skipped',
};

const BATCH_LABEL: Record<BatchView['status'], string> = {
  running: 'Running',
  waiting: 'Waiting for the Batch API',
  done: 'Finished',
  'budget-stopped': 'Stopped at the budget',
  canceled: 'Canceled',
};

export function BatchProgress({ batch }: { batch: BatchView }) {
  const queue = useQueue();
  const action = useAction();
  const c = batch.counts;
  const finished = c.succeeded + c.failed + c.canceled + c.skipped;
  const active = batch.status === 'running' || batch.status === 'waiting';

  const act = (work: () => Promise<BatchView>, status: string | null = null) =>
    action.run(async () => {
      showBatch(await work());
      return status;
    });

  return (
    <section className="batch-progress panel" aria-label={`Batch ${batch.id}`}>
      <div className="batch-head">
        <div>
          <h2 className="section-title">
            {BATCH_LABEL[batch.status]} · {finished} of {plural(c.total, 'photo')}
          </h2>
          <p className="field-note mono" title={batch.inputDir}>
            {batch.inputDir} → {batch.outputDir}
          </p>
        </div>
        <div className="button-row">
          {queue && active && batch.mode === 'now' ? (
            <button type="button" className="btn small" onClick={() => void action.run(async () => (await setQueuePaused(!queue.paused), null))}>
              {queue.paused ? 'Resume queue' : 'Pause queue'}
            </button>
          ) : null}
          {c.failed + c.canceled > 0 ? (
            <button type="button" className="btn small" disabled={action.busy} onClick={() => void act(() => call('retryBatchFailed', { batchId: batch.id }), 'Sending the failed photos again.')}>
              Retry failed ({c.failed + c.canceled})
            </button>
          ) : null}
          {active ? (
            <button type="button" className="btn small danger" disabled={action.busy} onClick={() => void act(() => call('cancelBatch', { batchId: batch.id }))}>
              Cancel batch
            </button>
          ) : null}
        </div>
      </div>
      <div className="batch-meter" role="progressbar" aria-label="Photos finished" aria-valuemin={0} aria-valuemax={c.total} aria-valuenow={finished}>
        <span style={{ width: `${c.total ? (100 * c.succeeded) / c.total : 0}%` }} className="batch-meter-done" />
        <span style={{ width: `${c.total ? (100 * c.failed) / c.total : 0}%` }} className="batch-meter-failed" />
      </div>
      <p className="batch-facts">
        <span>{c.succeeded} done</span>
        {c.failed ? <span className="warn-text">{c.failed} failed</span> : null}
        {c.pending + c.running ? <span>{c.pending + c.running} to go</span> : null}
        <span>
          Spent {formatUsd(batch.spentUsd)}
          {batch.budgetUsd !== null ? ` of ${formatUsd(batch.budgetUsd)}` : ''} · {batch.mode === 'economy' ? 'Economy (half price)' : 'Now'}
        </span>
        {c.approved || c.rejected ? (
          <span>
            {c.approved} approved, {c.rejected} rejected
          </span>
        ) : null}
        {queue?.paused && batch.mode === 'now' ? <span className="warn-text">Queue paused</span> : null}
        {queue?.offline ? <span className="warn-text">Offline: waiting for the API to answer</span> : null}
      </p>
      {batch.remote.length > 0 ? (
        <p className="field-note">
          Batch API: {batch.remote.map((r) => `${r.status} (${r.completed + r.failed}/${r.total})`).join(', ')}
        </p>
      ) : null}
      {batch.note ? <p className="banner">{batch.note}</p> : null}
      {action.error ? <ErrorAlert error={action.error} offerSettings={false} /> : null}
      {action.status ? (
        <p role="status" className="field-note">
          {action.status}
        </p>
      ) : null}
      <ul className="batch-items" aria-label="Photos">
        {batch.items.map((item) => (
          <BatchItem key={item.id} item={item} batchId={batch.id} onChange={showBatch} />
        ))}
      </ul>
    </section>
  );
}

function BatchItem({ item, batchId, onChange }: { item: BatchItemView; batchId: number; onChange: (v: BatchView) => void }) {
  const review = async (r: 'approved' | 'rejected') => onChange(await call('reviewBatchItems', { batchId, itemIds: [item.id], review: item.review === r ? null : r }));
  return (
    <li className={`batch-item is-${item.status} ${item.review ? `is-${item.review}` : ''}`} aria-label={item.relPath}>
      <span className="batch-thumbs">
        {item.sourceHash ? <img src={loupe.assetUrl(item.sourceHash, 'thumb')} alt={`${item.relPath} before`} /> : <span className="batch-thumb-empty" aria-hidden="true" />}
        {item.outputHash ? <img src={loupe.assetUrl(item.outputHash, 'thumb')} alt={`${item.relPath} after`} /> : <span className="batch-thumb-empty" aria-hidden="true" />}
      </span>
      <span className="batch-item-text">
        <span className="mono batch-item-path">{item.relPath}</span>
        <span className={`badge batch-status-${item.status}`}>{STATUS_LABEL[item.status]}</span>
        {item.error ? <span className="field-error">{item.error.message}</span> : null}
        {item.costUsd !== null ? <span className="field-note">{formatUsd(item.costUsd)}</span> : null}
      </span>
      {item.status === 'succeeded' ? (
        <span className="toggle-group" role="group" aria-label={`Review ${item.relPath}`}>
          <button type="button" aria-pressed={item.review === 'approved'} onClick={() => void review('approved')}>
            Approve
          </button>
          <button type="button" aria-pressed={item.review === 'rejected'} onClick={() => void review('rejected')}>
            Reject
          </button>
        </span>
      ) : null}
    </li>
  );
}
