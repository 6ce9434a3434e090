/**
 * Costs: what was actually spent (from recorded usage), grouped by day, month, project,
 * model or kit, as a chart and a table, with budgets per project and a CSV for invoicing.
 */
import { useEffect, useState } from 'react';
import type { AppError, LedgerSummary } from '../../../../electron/shared';
import { call, loupe, toAppError } from '../../bridge/client';
import { reloadProjects, useLibrary } from '../../bridge/library-store';
import { ActionStatus } from '../../ui/action-status';
import { ErrorAlert } from '../../ui/error-alert';
import { useAction } from '../../ui/use-action';
import { dateRange } from '../history/history-state';
import { ProjectOptions } from '../projects/project-field';
import { CostChart } from './cost-chart';
import { BudgetMeter, CostTable } from './cost-table';
import { downloadText } from './csv-download';

type Group = 'day' | 'month' | 'project' | 'model' | 'kit';
const GROUPS: [Group, string][] = [
  ['day', 'Day'],
  ['month', 'Month'],
  ['project', 'Project'],
  ['model', 'Model'],
  ['kit', 'Kit'],
];

interface Query {
  from: string;
  to: string;
  project: string;
}

function ledgerArgs(q: Query) {
  const args: { from?: number; to?: number; projectId?: number | null } = dateRange(q.from, q.to);
  if (q.project === 'none') args.projectId = null;
  else if (q.project) args.projectId = Number(q.project);
  return args;
}

export function CostsView() {
  const { projects, epoch } = useLibrary();
  const [group, setGroup] = useState<Group>('day');
  const [query, setQuery] = useState<Query>({ from: '', to: '', project: '' });
  const [answer, setAnswer] = useState<{ summary: LedgerSummary | null; error: AppError | null } | null>(null);
  const [tick, setTick] = useState(0);
  const csv = useAction();
  const key = JSON.stringify({ group, ...ledgerArgs(query) });

  useEffect(() => {
    let live = true;
    const { group: groupBy, ...rest } = JSON.parse(key) as { group: Group; from?: number; to?: number; projectId?: number | null };
    // Budgets show all-time spending: fetch it fresh with the ledger.
    void reloadProjects();
    call('ledger', { groupBy, ...rest }).then(
      (summary) => live && setAnswer({ summary, error: null }),
      (err: unknown) => live && setAnswer({ summary: null, error: toAppError(err) }),
    );
    return () => {
      live = false;
    };
  }, [key, epoch, tick]);

  // Finished jobs change the totals: refresh shortly after a burst of them.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = loupe.onJobEvent((e) => {
      if (e.type !== 'job' || (e.job.status !== 'succeeded' && e.job.status !== 'failed')) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => setTick((t) => t + 1), 800);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, []);

  const exportCsv = () =>
    csv.run(async () => {
      const { csv: text, fileName } = await call('ledgerCsv', ledgerArgs(query));
      downloadText(text, fileName);
      return `Saved ${fileName}.`;
    });

  const label = GROUPS.find(([g]) => g === group)![1];
  const summary = answer?.summary ?? null;
  const budgets = (projects ?? []).filter((p) => p.budgetUsd !== null);

  return (
    <div className="page-column costs-view">
      <header className="view-head">
        <h1>Costs</h1>
        <p className="muted">Actual spending from the usage OpenAI reported for each job. Estimates are never counted.</p>
      </header>
      <div className="panel costs-controls">
        <div className="group-by">
          <span className="field-label-text" aria-hidden="true">
            Group by
          </span>
          <div role="radiogroup" aria-label="Group by" className="segmented">
            {GROUPS.map(([g, text]) => (
              <label key={g} className={group === g ? 'is-on' : undefined}>
                <input type="radio" name="cost-group" value={g} checked={group === g} onChange={() => setGroup(g)} />
                {text}
              </label>
            ))}
          </div>
        </div>
        <div className="costs-filters">
          <div className="filter-field date">
            <label htmlFor="cost-from">From</label>
            <input id="cost-from" type="date" value={query.from} max={query.to || undefined} onChange={(e) => setQuery((q) => ({ ...q, from: e.target.value }))} />
          </div>
          <div className="filter-field date">
            <label htmlFor="cost-to">To</label>
            <input id="cost-to" type="date" value={query.to} min={query.from || undefined} onChange={(e) => setQuery((q) => ({ ...q, to: e.target.value }))} />
          </div>
          <div className="filter-field">
            <label htmlFor="cost-project">Project</label>
            <select id="cost-project" value={query.project} onChange={(e) => setQuery((q) => ({ ...q, project: e.target.value }))}>
              <ProjectOptions projects={projects} empty="All projects" none />
            </select>
          </div>
          <button type="button" className="btn" onClick={() => void exportCsv()} disabled={csv.busy}>
            Export CSV
          </button>
        </div>
        <ActionStatus action={csv} />
      </div>
      {answer?.error ? <ErrorAlert error={answer.error} onRetry={() => setTick((t) => t + 1)} /> : null}
      {summary ? (
        <section className="panel" aria-label="Spending">
          <CostChart rows={summary.rows} totalUsd={summary.totalUsd} noun={group} />
          <CostTable summary={summary} noun={group} heading={label} />
        </section>
      ) : answer ? null : (
        <p className="muted">Adding up…</p>
      )}
      {group === 'project' && budgets.length > 0 ? (
        <section className="panel" aria-labelledby="budgets-title">
          <h2 id="budgets-title">Budgets</h2>
          <p className="field-note">All-time spending of each project against its budget; Loupe asks before a job would pass it.</p>
          <ul className="stack-list budget-list">
            {budgets.map((p) => (
              <li key={p.id}>
                <span className="budget-name">{p.name}</span>
                <BudgetMeter spent={p.spentUsd} budget={p.budgetUsd!} label={`${p.name} budget used`} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
