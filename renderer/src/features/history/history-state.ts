/**
 * What the History view is showing, kept outside React so switching tabs keeps the
 * filters, the grid/list choice and the open job. Filters are kept as the controls show
 * them (text) and turned into the contract's HistoryFilter in one place.
 */
import type { HistoryFilter, HistorySort, JobStatus, OutputLabel } from '../../../../electron/shared';
import { createStore, useStore } from '../../bridge/store';

export interface FilterDraft {
  query: string;
  model: string;
  kind: '' | 'generate' | 'edit';
  status: '' | JobStatus;
  fidelity: '' | 'low' | 'high';
  tag: string;
  /** '' every project, 'none' jobs in no project, else a project id. */
  project: string;
  /** yyyy-mm-dd from the date inputs, '' for open-ended. */
  from: string;
  to: string;
  hasMask: boolean;
  favourite: boolean;
  sort: HistorySort;
  /** '' any, else the least number of stars ('1'…'5'). */
  rating: string;
  flag: '' | 'pick' | 'reject' | 'none';
  label: '' | OutputLabel;
  refused: boolean;
}

export const EMPTY_FILTERS: FilterDraft = {
  query: '',
  model: '',
  kind: '',
  status: '',
  fidelity: '',
  tag: '',
  project: '',
  from: '',
  to: '',
  hasMask: false,
  favourite: false,
  sort: 'newest',
  rating: '',
  flag: '',
  label: '',
  refused: false,
};

export interface HistoryUi {
  filters: FilterDraft;
  mode: 'grid' | 'list';
  openId: number | null;
  /** The last library-wide outcome (deleted, moved, exported), in the view's status line. */
  notice: string;
  /** How to take back the change the notice reports, when it can be. */
  undo: NoticeAction | null;
}

export interface NoticeAction {
  label: string;
  run: () => Promise<void>;
}

export const historyStore = createStore<HistoryUi>({ filters: EMPTY_FILTERS, mode: 'grid', openId: null, notice: '', undo: null });

export function useHistoryUi(): HistoryUi {
  return useStore(historyStore);
}

export function setFilters(patch: Partial<FilterDraft>): void {
  historyStore.set((s) => ({ ...s, filters: { ...s.filters, ...patch } }));
}

/** Clears what narrows the list; the sort order is a preference, not a filter, and stays. */
export function clearFilters(): void {
  historyStore.set((s) => ({ ...s, filters: { ...EMPTY_FILTERS, sort: s.filters.sort } }));
}

export function openJob(id: number | null): void {
  historyStore.set((s) => (s.openId === id ? s : { ...s, openId: id }));
}

export function announce(notice: string, undo: NoticeAction | null = null): void {
  historyStore.set((s) => ({ ...s, notice, undo }));
}

export function setMode(mode: HistoryUi['mode']): void {
  historyStore.set((s) => ({ ...s, mode }));
}

export function isFiltered(f: FilterDraft): boolean {
  return (Object.keys(EMPTY_FILTERS) as (keyof FilterDraft)[]).some((k) => k !== 'sort' && f[k] !== EMPTY_FILTERS[k]);
}

/** A local calendar day's first or last millisecond; the date inputs speak local time. */
function dayEdge(text: string, end: boolean): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const d = end ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59, 999) : new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const ms = d.getTime();
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

export function dateRange(from: string, to: string): { from?: number; to?: number } {
  const range: { from?: number; to?: number } = {};
  const f = dayEdge(from, false);
  const t = dayEdge(to, true);
  if (f !== undefined) range.from = f;
  if (t !== undefined) range.to = t;
  return range;
}

/** The contract's filter; `query` is passed separately because the view debounces it. */
export function toFilter(f: FilterDraft, query: string): HistoryFilter {
  const filter: HistoryFilter = { sort: f.sort, ...dateRange(f.from, f.to) };
  const q = query.trim();
  if (q) filter.query = q;
  if (f.model) filter.models = [f.model];
  if (f.kind) filter.kinds = [f.kind];
  if (f.status) filter.statuses = [f.status];
  if (f.fidelity) filter.fidelity = f.fidelity;
  if (f.tag) filter.tags = [f.tag];
  if (f.project === 'none') filter.projectId = null;
  else if (f.project) filter.projectId = Number(f.project);
  if (f.hasMask) filter.hasMask = true;
  if (f.favourite) filter.favourite = true;
  if (f.rating) filter.minRating = Number(f.rating);
  if (f.flag) filter.flag = f.flag;
  if (f.label) filter.label = f.label;
  if (f.refused) filter.refused = true;
  return filter;
}
