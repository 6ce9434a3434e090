/**
 * Search and filters. The search field narrows as you type (debounced by the view); every
 * other control applies at once. All of them combine.
 */
import type { ReactNode } from 'react';
import { JobStatusSchema, MODELS, type HistorySort } from '../../../../electron/shared';
import { useLibrary } from '../../bridge/library-store';
import { ProjectOptions } from '../projects/project-field';
import { setFilters, type FilterDraft } from './history-state';
import { LABELS } from './marks';
import { RefusalsCsvButton } from './refusals-csv';
import { STATUS_LABELS } from './job-text';

const SORTS: [HistorySort, string][] = [
  ['newest', 'Newest first'],
  ['oldest', 'Oldest first'],
  ['cost-desc', 'Most expensive'],
  ['cost-asc', 'Least expensive'],
  ['rating-desc', 'Best rated'],
];

function Select({ id, label, value, onChange, children }: { id: string; label: string; value: string; onChange: (v: string) => void; children: ReactNode }) {
  return (
    <div className="filter-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {children}
      </select>
    </div>
  );
}

export function FilterBar({ filters, query }: { filters: FilterDraft; query: string }) {
  const { projects, tags } = useLibrary();
  const f = filters;
  const tagMissing = f.tag !== '' && !(tags ?? []).some((t) => t.name === f.tag);
  return (
    <form role="search" aria-label="Filter history" className="filter-bar" onSubmit={(e) => e.preventDefault()}>
      <div className="filter-line">
        <div className="filter-field search-field">
          <input
            id="hist-search"
            type="search"
            aria-label="Search"
            placeholder="Search prompts, tags and notes"
            autoComplete="off"
            spellCheck={false}
            value={f.query}
            onChange={(e) => setFilters({ query: e.target.value })}
          />
        </div>
        <div className="filter-field date">
          <label htmlFor="hist-from">From</label>
          <input id="hist-from" type="date" value={f.from} max={f.to || undefined} onChange={(e) => setFilters({ from: e.target.value })} />
        </div>
        <div className="filter-field date">
          <label htmlFor="hist-to">To</label>
          <input id="hist-to" type="date" value={f.to} min={f.from || undefined} onChange={(e) => setFilters({ to: e.target.value })} />
        </div>
        <Select id="hist-sort" label="Sort" value={f.sort} onChange={(v) => setFilters({ sort: v as HistorySort })}>
          {SORTS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
      </div>
      <div className="filter-line wrap">
        <Select id="hist-model" label="Model" value={f.model} onChange={(model) => setFilters({ model })}>
          <option value="">All models</option>
          {MODELS.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label}
            </option>
          ))}
        </Select>
        <Select id="hist-kind" label="Kind" value={f.kind} onChange={(v) => setFilters({ kind: v as FilterDraft['kind'] })}>
          <option value="">All kinds</option>
          <option value="generate">Generate</option>
          <option value="edit">Edit</option>
        </Select>
        <Select id="hist-status" label="Status" value={f.status} onChange={(v) => setFilters({ status: v as FilterDraft['status'] })}>
          <option value="">All statuses</option>
          {JobStatusSchema.options.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </Select>
        <Select id="hist-fidelity" label="Fidelity" value={f.fidelity} onChange={(v) => setFilters({ fidelity: v as FilterDraft['fidelity'] })}>
          <option value="">Any fidelity</option>
          <option value="low">Low</option>
          <option value="high">High</option>
        </Select>
        <Select id="hist-tag" label="Tag" value={f.tag} onChange={(tag) => setFilters({ tag })}>
          <option value="">All tags</option>
          {/* A tag chosen before its last job lost it stays listed, so the control never lies. */}
          {tagMissing ? <option value={f.tag}>{f.tag} (0)</option> : null}
          {(tags ?? []).map((t) => (
            <option key={t.name} value={t.name}>
              {t.name} ({t.count})
            </option>
          ))}
        </Select>
        <Select id="hist-project" label="Project" value={f.project} onChange={(project) => setFilters({ project })}>
          <ProjectOptions projects={projects} empty="All projects" none />
        </Select>
        <div className="filter-checks">
          <label className="checkbox">
            <input type="checkbox" checked={f.hasMask} onChange={(e) => setFilters({ hasMask: e.target.checked })} />
            Has mask
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={f.favourite} onChange={(e) => setFilters({ favourite: e.target.checked })} />
            Favourites only
          </label>
        </div>
      </div>
      <div className="filter-line wrap">
        <Select id="hist-rating" label="Rating" value={f.rating} onChange={(rating) => setFilters({ rating })}>
          <option value="">Any rating</option>
          {[1, 2, 3, 4, 5].map((n) => (
            <option key={n} value={String(n)}>
              {n === 5 ? '★★★★★ only' : `${'★'.repeat(n)} and up`}
            </option>
          ))}
        </Select>
        <Select id="hist-flag" label="Flag" value={f.flag} onChange={(v) => setFilters({ flag: v as FilterDraft['flag'] })}>
          <option value="">Any flag</option>
          <option value="pick">Picked</option>
          <option value="reject">Rejected</option>
          <option value="none">Unflagged</option>
        </Select>
        <Select id="hist-label" label="Label" value={f.label} onChange={(v) => setFilters({ label: v as FilterDraft['label'] })}>
          <option value="">Any label</option>
          {LABELS.map((l) => (
            <option key={l.value} value={l.value}>
              {l.name}
            </option>
          ))}
        </Select>
        <div className="filter-checks">
          <label className="checkbox">
            <input type="checkbox" checked={f.refused} onChange={(e) => setFilters({ refused: e.target.checked })} />
            Refused by moderation
          </label>
        </div>
        {f.refused ? <RefusalsCsvButton filters={f} query={query} /> : null}
      </div>
    </form>
  );
}
