/**
 * Re-running a job from History. The core re-sends the job's settings; when the job's
 * model has been shut down it moves the job to the replacement and says so in `notice`,
 * which the person must see. Over budget, the request is sent again from here with the
 * person's confirmation, moved the same way, so a dead model id is never sent.
 */
import { adaptToModel, swapForShutdown, type EditParams, type GenerateParams, type JobView, type LifecycleContext } from '../../../../electron/shared';
import { BridgeError, call } from '../../bridge/client';
import { startEdit, startGenerate } from '../../bridge/jobs-store';
import { askOverBudget } from '../../ui/over-budget';

const GENERATE_KEYS = ['model', 'prompt', 'n', 'size', 'quality', 'outputFormat', 'outputCompression', 'background', 'moderation', 'stream', 'partialImages', 'complexity', 'gif', 'svg'] as const;

function generateParamsOf(job: JobView): GenerateParams {
  const p: Record<string, unknown> = {};
  for (const k of GENERATE_KEYS) if (job.params[k] !== undefined) p[k] = job.params[k];
  const params = p as GenerateParams;
  if (job.projectId !== null) params.projectId = job.projectId;
  return params;
}

function editParamsOf(job: JobView): EditParams {
  const p = job.params;
  const images = job.inputs.filter((i) => i.role === 'image').sort((a, b) => a.position - b.position);
  const inputs = p.inputs ?? images.map((i, n) => ({ hash: i.hash, name: i.name ?? `input-${n + 1}` }));
  const mask = p.mask ?? job.inputs.find((i) => i.role === 'mask')?.hash;
  const params: EditParams = { ...generateParamsOf(job), inputs, pixelLock: p.pixelLock ?? { enabled: mask !== undefined, feather: 8, grow: 4, resolution: 'original' } };
  if (mask) params.mask = mask;
  else if (p.markup) params.markup = p.markup;
  if (p.inputFidelity) params.inputFidelity = p.inputFidelity;
  if (p.parentOutputId) params.parentOutputId = p.parentOutputId;
  return params;
}

export interface Lifecycle {
  available: readonly string[] | null;
  ctx: LifecycleContext;
}

/** The job's request, moved off its model if that has been shut down (with the notice to show). */
export function requestFor(job: JobView, life: Lifecycle): { params: GenerateParams | EditParams; notice?: string } {
  const params = job.kind === 'edit' ? editParamsOf(job) : generateParamsOf(job);
  const swap = swapForShutdown(job.model, job.kind, life.available, life.ctx);
  if (!swap) return { params };
  const adapted = adaptToModel(params, swap.to);
  return { params: adapted.params, notice: adapted.changes.length > 0 ? `${swap.message} Also: ${adapted.changes.join('; ')}.` : swap.message };
}

async function send(job: JobView, params: GenerateParams | EditParams): Promise<number> {
  return job.kind === 'edit' ? startEdit(params as EditParams) : startGenerate(params as GenerateParams);
}

/**
 * Re-runs a job with its settings. The core's rerun takes no over-budget confirmation,
 * so after "Send anyway" the same request goes through generate or edit with
 * `confirmOverBudget`. Resolves to the new job's id and any notice, or null when cancelled.
 */
export async function rerun(job: JobView, projectName: string | undefined, life: Lifecycle): Promise<{ jobId: number; notice?: string } | null> {
  try {
    return await call('rerunJob', { jobId: job.id });
  } catch (err) {
    if (!(err instanceof BridgeError) || err.code !== 'BUDGET_EXCEEDED') throw err;
    if (!(await askOverBudget(err.appError, projectName))) return null;
    const { params, notice } = requestFor(job, life);
    return { jobId: await send(job, { ...params, confirmOverBudget: true }), ...(notice ? { notice } : {}) };
  }
}
