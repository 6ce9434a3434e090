/** The ledger as a table with a total row, and the budget meter the Costs view shows per project. */
import type { LedgerSummary } from '../../../../electron/shared';
import { formatInt, formatUsd } from '../../ui/format';

/** Fixed decimals so amounts line up in the column: four below a dollar, two above. */
export function tableUsd(usd: number): string {
  return usd >= 1 ? `$${usd.toFixed(2)}` : `$${usd.toFixed(4)}`;
}

type Row = LedgerSummary['rows'][number];

export function BudgetMeter({ spent, budget, label }: { spent: number; budget: number; label: string }) {
  const share = budget > 0 ? spent / budget : 1;
  return (
    <span className="budget">
      <span
        className={`budget-meter${share > 1 ? ' over' : share > 0.8 ? ' near' : ''}`}
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={budget}
        aria-valuenow={Math.min(spent, budget)}
        aria-valuetext={`${formatUsd(spent)} of ${formatUsd(budget)}`}
      >
        <span style={{ width: `${Math.min(100, share * 100)}%` }} />
      </span>
      <span className={share > 1 ? 'warn-text' : undefined}>
        {formatUsd(spent)} of {formatUsd(budget)}
      </span>
    </span>
  );
}

interface Props {
  summary: LedgerSummary;
  noun: string;
  heading: string;
}

export function CostTable({ summary, noun, heading }: Props) {
  const sum = (f: (r: Row) => number) => summary.rows.reduce((n, r) => n + f(r), 0);
  return (
    <table className="cost-table">
      <caption>Cost by {noun}</caption>
      <thead>
        <tr>
          <th scope="col">{heading}</th>
          <th scope="col">Jobs</th>
          <th scope="col">Images</th>
          <th scope="col">Input tokens</th>
          <th scope="col">Output tokens</th>
          <th scope="col">Cost</th>
        </tr>
      </thead>
      <tbody>
        {summary.rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th>
              <td>{formatInt(r.jobs)}</td>
              <td>{formatInt(r.images)}</td>
              <td>{formatInt(r.inputTokens)}</td>
              <td>{formatInt(r.outputTokens)}</td>
              <td>{tableUsd(r.costUsd)}</td>
            </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total</th>
          <td>{formatInt(summary.totalJobs)}</td>
          <td>{formatInt(sum((r) => r.images))}</td>
          <td>{formatInt(sum((r) => r.inputTokens))}</td>
          <td>{formatInt(sum((r) => r.outputTokens))}</td>
          <td>{tableUsd(summary.totalUsd)}</td>
        </tr>
      </tfoot>
    </table>
  );
}
