/**
 * Re-running a job from History. The core re-sends the job's settings; when the job's
 * model has been shut down it moves the job to the replacement and says so in `notice`,
 * which the person must see. A core that still refuses such a job gets the same swap
 * made here, from the same lifecycle data, so a dead model id is never sent either way.
 */
import type { EditParams, GenerateParams, JobView, LifecycleContext } from '../../../../electron/shared';
import { BridgeError, call } from '../../bridge/client';
import { startEdit, startGenerate } from '../../bridge/jobs-store';
import { askOverBudget } from '../../ui/over-budget';
import { baseRequest, DRAFT_DEFAULTS, draftPatchFromJob } from '../generate/draft';
import { swapDraft } from '../generate/model-choice';

const GENERATE_KEYS = ['model', 'prompt', 'n', 'size', 'quality', 'outputFormat', 'outputCompression', 'background', 'moderation', 'stream', 'partialImages', 'complexity', 'gif', 'svg'] as const;
/** What a swap may change: taken from the adjusted request, absent there means not sent. */
const OUTPUT_KEYS = ['model', 'n', 'size', 'quality', 'outputFormat', 'outputCompression', 'background', 'stream', 'partialImages', 'complexity', 'gif', 'svg'] as const;

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
  if (p.inputFidelity) params.inputFidelity = p.inputFidelity;
  if (p.parentOutputId) params.parentOutputId = p.parentOutputId;
  return params;
}

export interface Lifecycle {
  available: readonly string[] | null;
  ctx: LifecycleContext;
}

/** The job's request moved off its shut-down model, with the notice to show; null when its model still runs. */
export function swappedRequest(job: JobView, life: Lifecycle): { params: GenerateParams | EditParams; notice: string } | null {
  const draft = draftPatchFromJob(job, DRAFT_DEFAULTS);
  const patch = swapDraft(draft, job.kind, life.available, life.ctx);
  if (!patch?.model) return null;
  const { request } = baseRequest({ ...draft, ...patch }, patch.model);
  const params: Record<string, unknown> = { ...(job.kind === 'edit' ? editParamsOf(job) : generateParamsOf(job)) };
  for (const k of OUTPUT_KEYS) {
    if (request[k] === undefined) delete params[k];
    else params[k] = request[k];
  }
  // No active model takes input fidelity; the one the job was sent with is measured now, not requested.
  delete params['inputFidelity'];
  return { params: params as GenerateParams | EditParams, notice: patch.modelNotice ?? '' };
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
  const swapped = swappedRequest(job, life);
  try {
    return await call('rerunJob', { jobId: job.id });
  } catch (err) {
    if (!(err instanceof BridgeError)) throw err;
    if (err.code === 'BUDGET_EXCEEDED') {
      if (!(await askOverBudget(err.appError, projectName))) return null;
      const params = swapped?.params ?? (job.kind === 'edit' ? editParamsOf(job) : generateParamsOf(job));
      return { jobId: await send(job, { ...params, confirmOverBudget: true }), ...(swapped ? { notice: swapped.notice } : {}) };
    }
    // A core that refuses a shut-down model outright: make the swap here and say so.
    if (swapped && err.code === 'INVALID_ARGUMENTS') return { jobId: await send(job, swapped.params), notice: swapped.notice };
    throw err;
  }
}
