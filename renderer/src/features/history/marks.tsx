/**
 * Lightroom's judging keys on outputs: 0-5 stars, P pick, X reject, U unflag, 6-9 colour
 * labels (red, yellow, green, blue; pressing a label an image already has takes it off).
 * Purple has no key, as in Lightroom; it is in the menus. Every change can be undone once
 * from the view's status line.
 */
import type { KeyboardEvent } from 'react';
import type { OutputLabel, OutputMarks, OutputView, RequestOf } from '../../../../electron/shared';
import { call } from '../../bridge/client';
import { clearJobCache } from '../../bridge/job-cache';
import { libraryChanged } from '../../bridge/library-store';
import { plural } from '../../ui/format';
import { announce } from './history-state';

export type MarkChange = Omit<RequestOf<'outputs:mark'>, 'outputIds'>;

export const LABELS: readonly { value: OutputLabel; name: string; key?: string }[] = [
  { value: 'red', name: 'Red', key: '6' },
  { value: 'yellow', name: 'Yellow', key: '7' },
  { value: 'green', name: 'Green', key: '8' },
  { value: 'blue', name: 'Blue', key: '9' },
  { value: 'purple', name: 'Purple' },
];

export const labelName = (label: OutputLabel): string => LABELS.find((l) => l.value === label)?.name ?? label;
export const stars = (n: number): string => '★'.repeat(n) + '☆'.repeat(5 - n);

/**
 * The change a key asks for, or null when it is not a judging key (or a modifier is held,
 * so Ctrl+0 and the browser's own shortcuts stay theirs). `current` decides label toggling.
 */
export function markForKey(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>, current: readonly Pick<OutputView, 'label'>[]): MarkChange | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const key = e.key.toLowerCase();
  if (/^[0-5]$/.test(key)) return { rating: Number(key) };
  if (key === 'p') return { flag: 'pick' };
  if (key === 'x') return { flag: 'reject' };
  if (key === 'u') return { flag: null };
  const label = LABELS.find((l) => l.key === key);
  if (label) return { label: current.length > 0 && current.every((o) => o.label === label.value) ? null : label.value };
  return null;
}

/** "Rated 3 outputs 4 stars", "Picked 1 output", "Labelled 2 outputs green". */
export function describeMark(change: MarkChange, count: number): string {
  const what = plural(count, 'output');
  const parts: string[] = [];
  if (change.rating !== undefined) parts.push(change.rating === 0 ? `Cleared the rating of ${what}` : `Rated ${what} ${plural(change.rating, 'star')}`);
  if (change.flag !== undefined) parts.push(change.flag === 'pick' ? `Picked ${what}` : change.flag === 'reject' ? `Rejected ${what}` : `Unflagged ${what}`);
  if (change.label !== undefined) parts.push(change.label === null ? `Took the label off ${what}` : `Labelled ${what} ${labelName(change.label).toLowerCase()}`);
  return parts.join('; ');
}

const BATCH = 10_000;

/** Marks outputs, says so in History's status line and offers to undo it. */
export async function markOutputs(outputIds: readonly number[], change: MarkChange): Promise<void> {
  if (outputIds.length === 0) {
    announce('These jobs have no images to mark.');
    return;
  }
  const previous: OutputMarks[] = [];
  for (let i = 0; i < outputIds.length; i += BATCH) {
    const r = await call('markOutputs', { outputIds: outputIds.slice(i, i + BATCH), ...change });
    previous.push(...r.previous);
  }
  // Job events bring small changes in; a large one reloads what is on screen.
  if (outputIds.length > 200) {
    clearJobCache();
    libraryChanged();
  }
  announce(`${describeMark(change, outputIds.length)}.`, {
    label: 'Undo',
    run: async () => {
      for (let i = 0; i < previous.length; i += BATCH) await call('restoreMarks', { marks: previous.slice(i, i + BATCH) });
      if (previous.length > 200) {
        clearJobCache();
        libraryChanged();
      }
      announce(`Undone: ${describeMark(change, outputIds.length).toLowerCase()}.`);
    },
  });
}

/** What a job's outputs carry together, for a card: the best rating, picks and rejects, the labels. */
export function jobMarks(outputs: readonly OutputView[]): { rating: number; picked: number; rejected: number; labels: OutputLabel[] } {
  const labels = LABELS.map((l) => l.value).filter((v) => outputs.some((o) => o.label === v));
  return {
    rating: outputs.reduce((m, o) => Math.max(m, o.rating), 0),
    picked: outputs.filter((o) => o.flag === 'pick').length,
    rejected: outputs.filter((o) => o.flag === 'reject').length,
    labels,
  };
}

/** One sentence for screen readers and tooltips: "4 stars, picked, green". */
export function marksText(m: { rating: number; flag: OutputView['flag']; labels: readonly OutputLabel[] }): string {
  const parts = [m.rating > 0 ? plural(m.rating, 'star') : 'unrated'];
  if (m.flag) parts.push(m.flag === 'pick' ? 'picked' : 'rejected');
  for (const l of m.labels) parts.push(labelName(l).toLowerCase());
  return parts.join(', ');
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
