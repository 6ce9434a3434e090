/** The channels that start, watch, stop and list jobs. */
import {
  EditParamsSchema,
  estimate,
  GenerateParamsSchema,
  type Estimate,
  type GenerateParams,
  LoupeError,
  type Handlers,
  type JobEvent,
  type JobView,
} from '../../shared';
import type { JobsRepo, NewInput } from '../db/jobs-repo';
import type { LibraryRepo } from '../db/library-repo';
import type { EditPlanner, PreparedEdit } from '../edit/edit-plan';
import { invalidArguments } from '../invoke';
import type { SettingsService } from '../settings/settings-service';
import type { JobQueue } from './job-queue';

export interface JobHandlerDeps {
  jobs: JobsRepo;
  queue: JobQueue;
  settings: SettingsService;
  emit: (event: JobEvent) => void;
  now: () => number;
  planner: EditPlanner;
  library: LibraryRepo;
}

type JobChannels = 'jobs:generate' | 'jobs:edit' | 'jobs:get' | 'jobs:cancel' | 'jobs:retry' | 'history:list';

const FINAL = new Set(['succeeded', 'failed', 'canceled']);

export function jobHandlers(d: JobHandlerDeps): Pick<Handlers, JobChannels> {
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
  const requireKey = async () => {
    // Checked before a job exists, so a missing key never leaves a failed job behind.
    if (!(await d.settings.apiKey())) throw new LoupeError('NO_API_KEY', 'Add your OpenAI API key in Settings first.');
  };

  return {
    'jobs:generate': async (args) => {
      // Validated again here: handlers are also called directly (tests, future callers).
      const parsed = GenerateParamsSchema.safeParse(args);
      if (!parsed.success) throw invalidArguments(parsed.error);
      const p = parsed.data;
      await requireKey();
      const est = estimateFor(p);
      const jobId = d.jobs.create({ kind: 'generate', model: p.model, prompt: p.prompt, params: p, estimate: est, createdAt: d.now() });
      emitJob(jobId);
      d.queue.enqueue(jobId);
      return { jobId };
    },

    'jobs:edit': async (args) => {
      const parsed = EditParamsSchema.safeParse(args);
      if (!parsed.success) throw invalidArguments(parsed.error);
      const p = parsed.data;
      await requireKey();
      // The same preparation the job will send: every input readable, the mask fits the
      // first image. A problem is reported now, before a job (or a bill) exists.
      const prepared = await d.planner.prepare(p);
      const jobId = d.jobs.create({
        kind: 'edit',
        model: p.model,
        prompt: p.prompt,
        params: p,
        estimate: prepared.plan.estimate,
        createdAt: d.now(),
        parentOutputId: p.parentOutputId ?? null,
        inputs: jobInputs(prepared, d.library),
      });
      emitJob(jobId);
      d.queue.enqueue(jobId);
      return { jobId };
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
 * exactly), then the mask. Their asset rows exist from the import; the facts passed
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
  const m = prepared.mask;
  if (!m) return images;
  const mask: NewInput = { role: 'mask', position: 0, assetHash: m.hash, name: m.name, ...facts(m.hash, { mime: 'image/png', width: m.width, height: m.height, bytes: m.png.length }) };
  return [...images, mask];
}

/** The estimate shown before sending; shared with the renderer so both agree. */
export function estimateFor(p: GenerateParams): Estimate {
  return estimate({ model: p.model, prompt: p.prompt, n: p.n, size: p.size, quality: p.quality, partialImages: p.partialImages, stream: p.stream });
}
