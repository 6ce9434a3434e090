/**
 * Budgets: the core refuses a job that would take its project past its budget
 * (BUDGET_EXCEEDED) until the person confirms. `sendWithBudget` asks and sends again with
 * `confirmOverBudget: true`; the caller's form is untouched either way.
 */
import type { AppError } from '../../../electron/shared';
import { BridgeError } from '../bridge/client';
import { askConfirm } from './confirm-store';
import { formatUsd } from './format';

function BudgetFacts({ error }: { error: AppError }) {
  const d = error.detail ?? {};
  const rows: [string, number | undefined][] = [
    ['Budget', d.budgetUsd],
    ['Spent so far', d.spentUsd],
    ['This job (estimate)', d.estimateUsd],
  ];
  const after = d.spentUsd !== undefined && d.estimateUsd !== undefined ? d.spentUsd + d.estimateUsd : undefined;
  return (
    <>
      <p>{error.message}</p>
      <dl className="facts budget-facts">
        {rows.map(([label, value]) =>
          value === undefined ? null : (
            <div key={label} className="facts-row">
              <dt>{label}</dt>
              <dd>{formatUsd(value)}</dd>
            </div>
          ),
        )}
        {after !== undefined ? (
          <div className="facts-row">
            <dt>Spent after this job</dt>
            <dd className="warn-text">{formatUsd(after)}</dd>
          </div>
        ) : null}
      </dl>
    </>
  );
}

export function askOverBudget(error: AppError, projectName?: string): Promise<boolean> {
  return askConfirm({
    title: projectName ? `Over budget: ${projectName}` : 'Over budget',
    body: <BudgetFacts error={error} />,
    confirmLabel: 'Send anyway',
    alert: true,
  });
}

/**
 * Runs `send(false)`; on BUDGET_EXCEEDED asks, then `send(true)` if the person agrees.
 * Resolves to null when they cancel. Other errors propagate.
 */
export async function sendWithBudget<T>(send: (confirmOverBudget: boolean) => Promise<T>, projectName?: string): Promise<T | null> {
  try {
    return await send(false);
  } catch (err) {
    if (!(err instanceof BridgeError) || err.code !== 'BUDGET_EXCEEDED') throw err;
    if (!(await askOverBudget(err.appError, projectName))) return null;
    return send(true);
  }
}
