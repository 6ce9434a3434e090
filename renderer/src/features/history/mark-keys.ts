/**
 * Lightroom's judging keys on outputs: 0-5 stars, P pick, X reject, U unflag, 6-9 colour
 * labels (red, yellow, green, blue; pressing a label an image already has takes it off).
 * Purple has no key, as in Lightroom; it is in the menus. Plain functions, no bridge.
 */
import type { KeyboardEvent } from 'react';
import type { OutputLabel, OutputView, RequestOf } from '../../../../electron/shared';
import { plural } from '../../ui/format';

export type MarkChange = Omit<RequestOf<'outputs:mark'>, 'outputIds'>;

export const LABELS: readonly { value: OutputLabel; name: string; key?: string }[] = [
  { value: 'red', name: 'Red', key: '6' },
  { value: 'yellow', name: 'Yellow', key: '7' },
  { value: 'green', name: 'Green', key: '8' },
  { value: 'blue', name: 'Blue', key: '9' },
  { value: 'purple', name: 'Purple' },
];

export const labelName = (label: OutputLabel): string => LABELS.find((l) => l.value === label)?.name ?? label;

/**
 * The change a key asks for, or null when it is not a judging key (or a modifier is held,
 * so Ctrl+0 and the browser's own shortcuts stay theirs). A label key toggles: the core
 * decides on or off against the marks as they are, so quick presses never read stale ones.
 */
export function markForKey(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>): MarkChange | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const key = e.key.toLowerCase();
  if (/^[0-5]$/.test(key)) return { rating: Number(key) };
  if (key === 'p') return { flag: 'pick' };
  if (key === 'x') return { flag: 'reject' };
  if (key === 'u') return { flag: null };
  const label = LABELS.find((l) => l.key === key);
  if (label) return { toggleLabel: label.value };
  return null;
}

/** "Rated 3 outputs 4 stars", "Picked 1 output", "Labelled 2 outputs green". */
export function describeMark(change: MarkChange, count: number): string {
  const what = plural(count, 'output');
  const parts: string[] = [];
  if (change.rating !== undefined) parts.push(change.rating === 0 ? `Cleared the rating of ${what}` : `Rated ${what} ${plural(change.rating, 'star')}`);
  if (change.flag !== undefined) parts.push(change.flag === 'pick' ? `Picked ${what}` : change.flag === 'reject' ? `Rejected ${what}` : `Unflagged ${what}`);
  if (change.toggleLabel !== undefined) parts.push(`Toggled the ${change.toggleLabel} label on ${what}`);
  if (change.label !== undefined) parts.push(change.label === null ? `Took the label off ${what}` : `Labelled ${what} ${labelName(change.label).toLowerCase()}`);
  return parts.join('; ');
}

/** One sentence for screen readers and tooltips: "4 stars, picked, green". */
export function marksText(m: { rating: number; flag: OutputView['flag']; labels: readonly OutputLabel[] }): string {
  const parts = [m.rating > 0 ? plural(m.rating, 'star') : 'unrated'];
  if (m.flag) parts.push(m.flag === 'pick' ? 'picked' : 'rejected');
  for (const l of m.labels) parts.push(labelName(l).toLowerCase());
  return parts.join(', ');
}
