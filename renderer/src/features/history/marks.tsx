/**
 * Marking outputs through the core, with one Undo in History's status line, and the small
 * overlay that shows an image's marks. The keys themselves are in mark-keys.ts.
 */
import type { OutputLabel, OutputMarks, OutputView } from '../../../../electron/shared';
import { call } from '../../bridge/client';
import { clearJobCache } from '../../bridge/job-cache';
import { libraryChanged } from '../../bridge/library-store';
import { announce } from './history-state';
import { describeMark, marksText, type MarkChange } from './mark-keys';

export { LABELS, labelName, markForKey, marksText, type MarkChange } from './mark-keys';

const BATCH = 10_000;

/** Marks outputs, says so in History's status line and offers to undo it. */
export async function markOutputs(outputIds: readonly number[], change: MarkChange): Promise<void> {
  if (outputIds.length === 0) {
    announce('These jobs have no images to mark.');
    return;
  }
  const previous: OutputMarks[] = [];
  let done: MarkChange = change;
  for (let i = 0; i < outputIds.length; i += BATCH) {
    const r = await call('markOutputs', { outputIds: outputIds.slice(i, i + BATCH), ...change });
    previous.push(...r.previous);
    // A toggled label is reported as what it became ("Labelled … green", "Took the label off …").
    if (change.toggleLabel !== undefined && r.label !== undefined) done = { ...change, toggleLabel: undefined, label: r.label };
  }
  // Job events bring small changes in; a large one reloads what is on screen.
  if (outputIds.length > 200) {
    clearJobCache();
    libraryChanged();
  }
  announce(`${describeMark(done, outputIds.length)}.`, {
    label: 'Undo',
    run: async () => {
      for (let i = 0; i < previous.length; i += BATCH) await call('restoreMarks', { marks: previous.slice(i, i + BATCH) });
      if (previous.length > 200) {
        clearJobCache();
        libraryChanged();
      }
      announce(`Undone: ${describeMark(done, outputIds.length).toLowerCase()}.`);
    },
  });
}

/** Stars, flag and label dots as a small overlay; its text is in the aria-label. */
export function MarkBadges({ rating, flag, labels, className = '' }: { rating: number; flag: OutputView['flag']; labels: readonly OutputLabel[]; className?: string }) {
  if (rating === 0 && flag === null && labels.length === 0) return null;
  const text = marksText({ rating, flag, labels });
  return (
    <span className={`mark-badges ${className}`} role="img" aria-label={`Marks: ${text}`} title={text}>
      {flag ? <span className={`mark-flag ${flag}`}>{flag === 'pick' ? '⚑' : '✕'}</span> : null}
      {rating > 0 ? <span className="mark-stars">{'★'.repeat(rating)}</span> : null}
      {labels.map((l) => (
        <span key={l} className={`mark-label label-${l}`} />
      ))}
    </span>
  );
}
