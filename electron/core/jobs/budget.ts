/**
 * A project's budget, checked before a job is created: a job whose estimate would take the
 * project past its budget is refused with BUDGET_EXCEEDED (the renderer asks, then sends
 * it again with confirmOverBudget). Spending is what the project's jobs actually cost.
 */
import { LoupeError } from '../../shared';
import type { OrganiseRepo } from '../db/organise-repo';

/** "$0.42", and "$0.004" for the tiny sums a low-quality image costs. */
export function formatUsd(x: number): string {
  return `$${x > 0 && x < 0.1 ? x.toFixed(3) : x.toFixed(2)}`;
}

export function checkBudget(organise: OrganiseRepo, projectId: number | undefined, estimateUsd: number, confirmed: boolean): void {
  if (projectId === undefined) return;
  const project = organise.requireProject(projectId);
  if (project.budgetUsd === null || confirmed) return;
  if (project.spentUsd + estimateUsd <= project.budgetUsd) return;
  throw new LoupeError(
    'BUDGET_EXCEEDED',
    `This job (about ${formatUsd(estimateUsd)}) would take "${project.name}" over its ${formatUsd(project.budgetUsd)} budget (${formatUsd(project.spentUsd)} spent).`,
    { budgetUsd: project.budgetUsd, spentUsd: project.spentUsd, estimateUsd },
  );
}
