/**
 * One job in the gallery, as a card (grid) or a row (list). The item is focusable and
 * opens the details on click or Enter; its checkbox selects it (Shift for a range). While
 * its JobView is still on its way, a placeholder of the same size holds the place.
 */
import type { DragEvent, MouseEvent } from 'react';
import { findModel, type JobView, type OutputView } from '../../../../electron/shared';
import { loupe } from '../../bridge/client';
import { isTerminal } from '../../bridge/jobs-store';
import { formatDate, formatDateTime, promptForName } from '../../ui/format';
import { outputBadge, variantFor } from '../../ui/output-kind';
import { errorTitle } from '../../ui/error-info';
import { costText, imageCount, sortedOutputs, STATUS_LABELS } from './job-text';
import { MarkBadges } from './marks';
import { refusalFacts } from './refusal';

export interface ItemProps {
  id: number;
  job: JobView | undefined;
  gone: boolean;
  index: number;
  total: number;
  mode: 'grid' | 'list';
  selected: boolean;
  current: boolean;
  /** The one item in the Tab order (roving tabindex). */
  tabbable: boolean;
  onSelect: (id: number, e: MouseEvent) => void;
  onDragOutput: (e: DragEvent, job: JobView, output: OutputView) => void;
}

const MAX_THUMBS = 4;
const MAX_CARD_TAGS = 3;

/**
 * Every output's thumbnail, up to four (a 2x2 mosaic on cards, a strip in rows); past four,
 * three and a "+N" tile. Each image carries the job's prompt in its name.
 */
function Thumbs({ job, onDragOutput }: { job: JobView; onDragOutput: ItemProps['onDragOutput'] }) {
  const outputs = sortedOutputs(job);
  const n = imageCount(job);
  const prompt = promptForName(job.prompt);
  if (outputs.length === 0) {
    return (
      <div className="g-thumb placeholder" aria-hidden="true">
        {job.status === 'succeeded' ? 'No image' : isTerminal(job.status) ? STATUS_LABELS[job.status] : '…'}
      </div>
    );
  }
  const shown = outputs.length > MAX_THUMBS ? outputs.slice(0, MAX_THUMBS - 1) : outputs;
  const more = outputs.length - shown.length;
  return (
    <div className={`g-mosaic count-${Math.min(outputs.length, MAX_THUMBS)}`}>
      {shown.map((o) => {
        const badge = outputBadge(job, o);
        return (
          <div key={o.id} className="g-thumb checker">
            {badge ? <span className="output-badge">{badge}</span> : null}
            <MarkBadges rating={o.rating} flag={o.flag} labels={o.label ? [o.label] : []} className="on-thumb" />
            <img
              src={loupe.assetUrl(o.lockedHash ?? o.assetHash, o.lockedHash ? 'thumb' : variantFor(o.mime, 'thumb'))}
              alt={`History output ${o.index + 1} of ${n}: ${prompt}`}
              loading="lazy"
              decoding="async"
              onDragStart={(e) => onDragOutput(e, job, o)}
            />
          </div>
        );
      })}
      {more > 0 ? (
        <span className="g-thumb g-more" aria-label={`${more} more images`}>
          +{more}
        </span>
      ) : null}
    </div>
  );
}

/**
 * A job that failed without images is folded to what matters: why (with the moderation
 * category) and the request id to quote, in a compact box instead of an empty picture.
 */
function FailedBox({ job }: { job: JobView }) {
  const error = job.error ?? { code: 'INTERNAL' as const, message: 'The job failed without saying why.' };
  const refusal = refusalFacts(job);
  return (
    <div className="g-failed-box">
      <p className="g-failed-title">
        <span aria-hidden="true">⚠ </span>
        {refusal ? 'Refused by moderation' : errorTitle(error)}
      </p>
      <p className="g-failed-why">{refusal ? (refusal.categories.length > 0 ? `Category: ${refusal.categories.join(', ')}` : 'No category given') : error.message}</p>
      {refusal?.requestId ? (
        <p className="g-failed-rid" title={refusal.requestId}>
          <code>{refusal.requestId}</code>
        </p>
      ) : null}
      {job.dismissed ? <p className="g-failed-note">Dismissed from Generate</p> : null}
    </div>
  );
}

function Meta({ job, grid }: { job: JobView; grid: boolean }) {
  const status = <span className={`badge badge-${job.status}`}>{STATUS_LABELS[job.status]}</span>;
  const label = findModel(job.model)?.label ?? job.model;
  const model = <span title={label}>{label}</span>;
  const cost = <span className="g-cost">{costText(job)}</span>;
  const date = (
    <time dateTime={new Date(job.createdAt).toISOString()} title={formatDateTime(job.createdAt)}>
      {grid ? formatDate(job.createdAt) : formatDateTime(job.createdAt)}
    </time>
  );
  // A card is narrow: two short lines instead of one that would cut the date off.
  return grid ? (
    <>
      <p className="g-meta">
        {status}
        {model}
      </p>
      <p className="g-meta">
        {cost}
        {date}
      </p>
    </>
  ) : (
    <p className="g-meta">
      {status}
      {model}
      {cost}
      {date}
    </p>
  );
}

/** Plain spans, not a nested list: the Jobs list's items should be jobs only. */
function Tags({ tags, limit }: { tags: readonly string[]; limit: number }) {
  if (tags.length === 0) return null;
  return (
    <p className="g-tags">
      <span className="visually-hidden">Tags: </span>
      {tags.slice(0, limit).map((t) => (
        <span key={t} className="tag-chip">
          {t}
        </span>
      ))}
      {tags.length > limit ? (
        <span className="tag-chip more" title={tags.slice(limit).join(', ')}>
          +{tags.length - limit}
        </span>
      ) : null}
    </p>
  );
}

export function GalleryItem(props: ItemProps) {
  const { id, job, gone, index, total, mode, selected, current, tabbable, onSelect } = props;
  const grid = mode === 'grid';
  const folded = job !== undefined && job.outputs.length === 0 && (job.status === 'failed' || job.status === 'interrupted');
  return (
    <div
      role="listitem"
      aria-posinset={index + 1}
      aria-setsize={total}
      aria-current={current ? 'true' : undefined}
      aria-busy={job ? undefined : true}
      tabIndex={tabbable ? 0 : -1}
      data-index={index}
      data-job={id}
      className={`g-item ${grid ? 'g-card' : 'g-row'}${folded ? ' g-folded' : ''}${selected ? ' selected' : ''}${current ? ' current' : ''}${job ? ` status-${job.status}` : ' loading'}`}
    >
      <input
        type="checkbox"
        className="g-check"
        aria-label={`Select job ${id}`}
        checked={selected}
        tabIndex={tabbable ? 0 : -1}
        // onClick, not onChange: the handler needs the Shift key for ranges.
        onClick={(e) => onSelect(id, e)}
        onChange={() => undefined}
      />
      {job ? (
        <>
          <div className="g-thumbs">
            {folded ? <FailedBox job={job} /> : <Thumbs job={job} onDragOutput={props.onDragOutput} />}
            {job.favourite && !job.outputs.some((o) => o.flag === 'pick') ? (
              <span className="g-star" role="img" aria-label="Favourite" title="Favourite">
                ★
              </span>
            ) : null}
          </div>
          <div className="g-body">
            <p className="g-prompt" title={job.prompt}>
              {/* The prompt in its own element, so it can be found by its exact text. */}
              <span className="g-id">#{job.id}</span> <span>{job.prompt}</span>
            </p>
            <Meta job={job} grid={grid} />
            <Tags tags={job.tags} limit={grid ? MAX_CARD_TAGS : 8} />
          </div>
        </>
      ) : (
        <>
          <div className="g-thumbs">
            <div className="g-thumb skeleton" aria-hidden="true" />
          </div>
          <div className="g-body">
            <p className="g-prompt muted">{gone ? `Job #${id} is no longer in the library.` : `Loading job #${id}…`}</p>
          </div>
        </>
      )}
    </div>
  );
}
