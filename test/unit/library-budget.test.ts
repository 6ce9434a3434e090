import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppError, JobView, ProjectView, Result } from '../../electron/shared';
import { formatUsd } from '../../electron/core/jobs/budget';
import { makeHarness, type Harness } from './core-harness';
import { editParams, importBytes, photoJpeg } from './edit-helpers';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(() => h.dispose());

const refused = async (r: Promise<Result<unknown>>): Promise<AppError> => {
  const res = await r;
  if (res.ok) throw new Error('should have been refused');
  return res.error;
};
const jobCount = async () => (await h.ok<{ total: number }>('history:search', { filter: {} })).total;

describe('project budgets', () => {
  it('warns before a generation would pass the budget; sends it once confirmed', async () => {
    const first = await h.settle(await h.generate());
    const cost = first.costUsd!;
    const estimate = first.estimate!.costUsd;
    // Room for the first job, not for a second one.
    const budget = Math.round((cost + estimate / 2) * 1e6) / 1e6;
    const project = await h.ok<ProjectView>('projects:create', { name: 'Acme', budgetUsd: budget });
    await h.ok('jobs:set-project', { jobIds: [first.id], projectId: project.id });

    const before = await jobCount();
    const sent = h.fake.requests.length;
    const e = await refused(h.call('jobs:generate', { ...first.params, projectId: project.id }));
    expect(e.code).toBe('BUDGET_EXCEEDED');
    expect(e.message).toBe(`This job (about ${formatUsd(estimate)}) would take "Acme" over its ${formatUsd(budget)} budget (${formatUsd(cost)} spent).`);
    expect(e.detail).toEqual({ budgetUsd: budget, spentUsd: cost, estimateUsd: estimate });
    expect(await jobCount()).toBe(before); // no job created
    expect(h.fake.requests).toHaveLength(sent); // nothing sent

    const { jobId } = await h.ok<{ jobId: number }>('jobs:generate', { ...first.params, projectId: project.id, confirmOverBudget: true });
    const over = await h.settle(jobId);
    expect(over).toMatchObject({ status: 'succeeded', projectId: project.id });
    expect(over.params).not.toHaveProperty('confirmOverBudget');
    expect((await h.ok<ProjectView[]>('projects:list'))[0]!.spentUsd).toBeCloseTo(cost + over.costUsd!, 9);

    // A re-run is checked like any job.
    expect((await refused(h.call('jobs:rerun', { jobId: over.id }))).code).toBe('BUDGET_EXCEEDED');
    // Raising the budget, or no budget at all, lets it through.
    await h.ok('projects:update', { id: project.id, name: 'Acme', budgetUsd: null });
    await h.settle((await h.ok<{ jobId: number }>('jobs:rerun', { jobId: over.id })).jobId);
  });

  it('checks an edit against its planned estimate, and only jobs in a project', async () => {
    const project = await h.ok<ProjectView>('projects:create', { name: 'Tiny', budgetUsd: 0.001 });
    const photo = await importBytes(h, 'portrait.jpg', await photoJpeg(400, 300));
    const params = editParams([photo], { size: '1024x1024', projectId: project.id });
    const e = await refused(h.call('jobs:edit', params));
    expect(e.code).toBe('BUDGET_EXCEEDED');
    expect(e.detail?.estimateUsd).toBeGreaterThan(0.001);
    expect(e.message).toMatch(/^This job \(about \$[\d.]+\) would take "Tiny" over its \$0.001 budget \(\$0.00 spent\)\.$/);
    const edited = await h.settle((await h.ok<{ jobId: number }>('jobs:edit', { ...params, confirmOverBudget: true })).jobId);
    expect(edited).toMatchObject({ status: 'succeeded', projectId: project.id });
    // Outside a project there is no budget to pass.
    const { projectId: _p, ...free } = params;
    expect((await h.settle((await h.ok<{ jobId: number }>('jobs:edit', free)).jobId)).status).toBe('succeeded');
    const all = await h.ok<JobView[]>('history:get-many', { ids: (await h.ok<{ ids: number[] }>('history:search', { filter: {} })).ids });
    expect(all).toHaveLength(2);
  });

  it('formats small and large amounts readably', () => {
    expect(formatUsd(5)).toBe('$5.00');
    expect(formatUsd(0.42)).toBe('$0.42');
    expect(formatUsd(0.011)).toBe('$0.011');
    expect(formatUsd(0)).toBe('$0.00');
  });
});
