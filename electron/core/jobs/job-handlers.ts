/** The channels that start, watch, stop and list jobs. */
import {
  adaptToModel,
  EditParamsSchema,
  findModel,
  swapForShutdown,
  estimate,
  GenerateParamsSchema,
  type EditParams,
  type Estimate,
  type GenerateParams,
  type JobParams,
  LoupeError,
  type Handlers,
  type JobEvent,
  type JobView,
} from '../../shared';
import type { JobsRepo, NewInput } from '../db/jobs-repo';
import type { LibraryRepo } from '../db/library-repo';
import type { OrganiseRepo } from '../db/organise-repo';
import { checkBudget } from './budget';
import type { EditPlanner, PreparedEdit } from '../edit/edit-plan';
import { invalidArguments } from '../invoke';
import type { SettingsService } from '../settings/settings-service';
import type { JobQueue } from './job-queue';
import type { KitService } from '../kits/kit-service';

export interface JobHandlerDeps {
  jobs: JobsRepo;
  queue: JobQueue;
  settings: SettingsService;
  emit: (event: JobEvent) => void;
  now: () => number;
  planner: EditPlanner;
  library: LibraryRepo;
  organise: OrganiseRepo;
  /** Records which kit asset versions an edit made with a kit sent. */
  kits?: KitService;
}

type JobChannels = 'jobs:generate' | 'jobs:edit' | 'jobs:get' | 'jobs:cancel' | 'jobs:retry' | 'history:list' | 'jobs:rerun';

/** What a job stores as its parameters: the project is a column (it can change), the confirmation is for one send only. */
function storedParams<T extends { projectId?: number; confirmOverBudget?: boolean }>(p: T): Omit<T, 'projectId' | 'confirmOverBudget'> {
  const { projectId: _project, confirmOverBudget: _confirm, ...rest } = p;
  return rest;
}

const FINAL = new Set(['succeeded', 'failed', 'canceled']);

/** Called in the transaction that creates the job, so nothing can refer to a job that was never written, or miss one that was. */
export interface StartOptions {
  onCreated?: (jobId: number) => void;
}

export interface JobStarters {
  startEdit(p: EditParams, opts?: StartOptions): Promise<{ jobId: number }>;
}

/**
 * The job channels, and the starters behind them for other parts of the core (a batch
 * starts each photo's edit exactly as jobs:edit would, with the same checks).
 */
export function jobHandlers(d: JobHandlerDeps): Pick<Handlers, JobChannels> & { starters: JobStarters } {
  const getJob = (id: number): JobView => {
    const job = d.jobs.get(id);
    if (!job) throw new LoupeError('NOT_FOUND', `Job ${id} is not in the history.`);
    return job;
  };
  const emitJob = (id: number): JobView => {
    const job = getJob(id);
    d.emit({ type: 'job', job });
    return job;
  };
  /**
   * New work never names a shut-down model, by the catalogue's dates or by the ones the
   * API reported at the last Test connection (the schema knows only the catalogue's).
   */
  const requireLiveModel = (model: string, endpoint: 'generate' | 'edit') => {
    const swap = swapForShutdown(model, endpoint, null, d.settings.lifecycle(d.now()));
    if (swap) throw new LoupeError('INVALID_ARGUMENTS', `${swap.message.replace(/: this uses .*$/, '')}. Choose ${findModel(swap.to)?.label ?? swap.to} instead.`, { param: 'model' });
  };
  const requireKey = async () => {
    // Checked before a job exists, so a missing key never leaves a failed job behind.
    if (!(await d.settings.apiKey())) throw new LoupeError('NO_API_KEY', 'Add your OpenAI API key in Settings first.');
  };

  const startGenerate = async (p: GenerateParams): Promise<{ jobId: number }> => {
    requireLiveModel(p.model, 'generate');
    await requireKey();
    const est = estimateFor(p);
    checkBudget(d.organise, p.projectId, est.costUsd, p.confirmOverBudget === true);
    const jobId = d.jobs.create({ kind: 'generate', model: p.model, prompt: p.prompt, params: storedParams(p), estimate: est, createdAt: d.now(), projectId: p.projectId ?? null });
    emitJob(jobId);
    d.queue.enqueue(jobId);
    return { jobId };
  };

  const startEdit = async (p: EditParams, opts: StartOptions = {}): Promise<{ jobId: number }> => {
    requireLiveModel(p.model, 'edit');
    await requireKey();
    if (p.projectId !== undefined) d.organise.requireProject(p.projectId);
    // The same preparation the job will send: every input readable, the mask fits the
    // first image. A problem is reported now, before a job (or a bill) exists.
    const prepared = await d.planner.prepare(p);
    const kitUse = p.kit && d.kits ? d.kits.resolveUse(p.kit, p.inputs) : null;
    checkBudget(d.organise, p.projectId, prepared.plan.estimate.costUsd, p.confirmOverBudget === true);
    const jobId = d.jobs.transaction(() => {
      const id = d.jobs.create({
        kind: 'edit',
        model: p.model,
        prompt: p.prompt,
        params: storedParams(p),
        estimate: prepared.plan.estimate,
        createdAt: d.now(),
        parentOutputId: p.parentOutputId ?? null,
        projectId: p.projectId ?? null,
        inputs: jobInputs(prepared, d.library),
      });
      // Before the job is announced or queued: History never shows a kit job without its versions.
      if (kitUse) d.kits!.recordUse(id, kitUse);
      opts.onCreated?.(id);
      return id;
    });
    emitJob(jobId);
    d.queue.enqueue(jobId);
    return { jobId };
  };

  return {
    starters: { startEdit },
    'jobs:generate': async (args) => {
      // Validated again here: handlers are also called directly (tests, future callers).
      const parsed = GenerateParamsSchema.safeParse(args);
      if (!parsed.success) throw invalidArguments(parsed.error);
      return startGenerate(parsed.data);
    },

    'jobs:edit': async (args) => {
      const parsed = EditParamsSchema.safeParse(args);
      if (!parsed.success) throw invalidArguments(parsed.error);
      return startEdit(parsed.data);
    },

    /**
     * A new job with the same parameters, inputs, mask and project; an edit keeps its
     * place in the lineage (the output it was made from, if that still exists). The
     * estimate is worked out again (prices or inputs may have changed), and so is the budget.
     */
    'jobs:rerun': async ({ jobId }) => {
      const job = getJob(jobId);
      let again = rerunParams(job);
      // A job on a model that has since been shut down runs on its replacement, and says so.
      const swap = swapForShutdown(job.model, job.kind, d.settings.availableModels(), d.settings.lifecycle(d.now()));
      let notice: string | undefined;
      if (swap) {
        const adapted = adaptToModel(again as unknown as Parameters<typeof adaptToModel>[0], swap.to);
        again = adapted.params as unknown as Record<string, unknown>;
        notice = adapted.changes.length > 0 ? `${swap.message} Also: ${adapted.changes.join('; ')}.` : swap.message;
      }
      const started =
        job.kind === 'generate'
          ? await (async () => {
              const parsed = GenerateParamsSchema.safeParse(again);
              if (!parsed.success) throw cannotRerun(jobId, parsed.error.issues[0]?.message);
              return startGenerate(parsed.data);
            })()
          : await (async () => {
              const parsed = EditParamsSchema.safeParse(again);
              if (!parsed.success) throw cannotRerun(jobId, parsed.error.issues[0]?.message);
              return startEdit(parsed.data);
            })();
      return notice ? { ...started, notice } : started;
    },

    'jobs:get': async ({ jobId }) => getJob(jobId),

    'jobs:cancel': async ({ jobId }) => {
      const job = getJob(jobId);
      if (job.status === 'canceled') return job;
      if (job.status === 'succeeded' || job.status === 'failed') {
        throw new LoupeError('CONFLICT', `Job ${jobId} has already ${job.status === 'succeeded' ? 'finished' : 'failed'}; there is nothing to cancel.`);
      }
      // A running job's runner records 'canceled' itself once its request is aborted.
      await d.queue.cancel(jobId);
      const after = getJob(jobId);
      if (!FINAL.has(after.status)) {
        d.jobs.finish(jobId, { status: 'canceled', usage: after.usage, costUsd: after.costUsd, error: null, finishedAt: d.now() });
        return emitJob(jobId);
      }
      return after;
    },

    'jobs:retry': async ({ jobId }) => {
      getJob(jobId);
      await requireKey();
      d.jobs.requeue(jobId); // NOT_FOUND / CONFLICT unless failed, interrupted or canceled
      const job = emitJob(jobId);
      d.queue.enqueue(jobId);
      return job;
    },

    'history:list': async (q) => d.jobs.list(q),
  };
}

/**
 * What the history shows as an edit's inputs: the originals (so it can be redone
 * exactly), then the mask or the markup. Their asset rows exist from the import; the facts passed
 * here only fill a row that is missing.
 */
function jobInputs(prepared: PreparedEdit, library: LibraryRepo): NewInput[] {
  const facts = (hash: string, fallback: { mime: string; width: number; height: number; bytes: number }) => {
    const a = library.asset(hash);
    return a ? { mime: a.mime, width: a.width ?? fallback.width, height: a.height ?? fallback.height, bytes: a.bytes } : fallback;
  };
  const images = prepared.images.map(
    (img, position): NewInput => ({
      role: 'image',
      position,
      assetHash: img.input.hash,
      name: img.label,
      ...facts(img.input.hash, { mime: `image/${img.sent.original.format}`, width: img.sent.original.width, height: img.sent.original.height, bytes: img.sent.original.bytes }),
    }),
  );
  const guides: NewInput[] = [];
  const m = prepared.mask;
  if (m) guides.push({ role: 'mask', position: 0, assetHash: m.hash, name: m.name, ...facts(m.hash, { mime: 'image/png', width: m.width, height: m.height, bytes: m.png.length }) });
  const k = prepared.markup;
  if (k) guides.push({ role: 'markup', position: 0, assetHash: k.hash, name: k.name, ...facts(k.hash, { mime: 'image/png', width: k.width, height: k.height, bytes: k.png.length }) });
  return [...images, ...guides];
}

function rerunParams(job: JobView): Record<string, unknown> {
  const { parentOutputId: _stale, ...params }: JobParams = storedParams(job.params);
  const base: Record<string, unknown> = { ...params, ...(job.projectId !== null ? { projectId: job.projectId } : {}) };
  if (job.kind === 'generate') {
    const { inputs: _i, mask: _m, markup: _k, inputFidelity: _f, pixelLock: _l, ...generate } = base;
    return generate;
  }
  return {
    ...base,
    pixelLock: params.pixelLock ?? { enabled: false, feather: 6, grow: 3 },
    // The column, not the stored parameter: it is cleared when that output is deleted.
    ...(job.parentOutputId !== null ? { parentOutputId: job.parentOutputId } : {}),
  };
}

function cannotRerun(jobId: number, reason: string | undefined): LoupeError {
  return new LoupeError('INVALID_ARGUMENTS', `Job ${jobId} cannot run again as it was${reason ? `: ${reason}` : ''}. Use its settings and adjust them instead.`);
}

/** The estimate shown before sending; shared with the renderer so both agree. */
export function estimateFor(p: GenerateParams): Estimate {
  return estimate({
    model: p.model,
    prompt: p.prompt,
    n: p.n,
    size: p.size,
    quality: p.quality,
    partialImages: p.partialImages,
    stream: p.stream,
    format: p.outputFormat,
    frames: p.gif?.frames,
    complexity: p.complexity,
  });
}
