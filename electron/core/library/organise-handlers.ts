/**
 * Marks on outputs (stars, flags, labels) and their undo, tags on many jobs, dismissing failed
 * jobs from Generate's feed, and the CSV of moderation refusals for an appeal.
 */
import type { AppError, Handlers, JobEvent, JobView } from '../../shared';
import type { HistorySearch } from '../db/history-search';
import type { JobsRepo } from '../db/jobs-repo';
import type { MarksRepo } from '../db/marks-repo';
import { toCsv } from '../ledger/csv';

export interface OrganiseHandlerDeps {
  jobs: JobsRepo;
  marks: MarksRepo;
  search: HistorySearch;
  emit: (event: JobEvent) => void;
  now: () => number;
}

type OrganiseChannels = 'outputs:mark' | 'outputs:restore-marks' | 'jobs:add-tags' | 'jobs:remove-tags' | 'jobs:dismiss' | 'history:refusals-csv';

/**
 * Past this many jobs a bulk change sends no per-job events: the renderer reloads what it
 * shows instead, as it does after a move to a project.
 */
export const MAX_EVENTS = 200;
const BATCH = 500;

export const REFUSAL_COLUMNS = ['Job', 'Date (UTC)', 'Model', 'Kind', 'Stage', 'Categories', 'Request ids', 'Prompt', 'Message'] as const;

export function organiseHandlers(d: OrganiseHandlerDeps): Pick<Handlers, OrganiseChannels> {
  const announce = (jobIds: Iterable<number>): void => {
    const ids = [...new Set(jobIds)];
    if (ids.length > MAX_EVENTS) return;
    for (const job of d.jobs.getMany(ids)) d.emit({ type: 'job', job });
  };
  const jobsOfOutputs = (outputIds: readonly number[]) => d.jobs.views.jobsOfOutputs(outputIds).values();

  return {
    'outputs:mark': async ({ outputIds, ...change }) => {
      const r = d.marks.mark(outputIds, change);
      if (r.updated > 0) announce(jobsOfOutputs(outputIds));
      return r;
    },
    'outputs:restore-marks': async ({ marks }) => {
      const updated = d.marks.restore(marks);
      announce(jobsOfOutputs(marks.map((m) => m.id)));
      return { updated };
    },
    'jobs:add-tags': async ({ jobIds, tags }) => {
      const updated = d.marks.addTags(jobIds, tags);
      announce(jobIds);
      return { updated };
    },
    'jobs:remove-tags': async ({ jobIds, tags }) => {
      const updated = d.marks.removeTags(jobIds, tags);
      announce(jobIds);
      return { updated };
    },
    'jobs:dismiss': async ({ jobIds, dismissed }) => {
      const updated = d.marks.dismiss(jobIds, dismissed);
      announce(jobIds);
      return { updated };
    },
    'history:refusals-csv': async ({ filter }) => {
      const { ids } = d.search.search({ ...filter, refused: true });
      const rows: (string | number | null)[][] = [];
      for (let i = 0; i < ids.length; i += BATCH) for (const job of d.jobs.getMany(ids.slice(i, i + BATCH))) rows.push(refusalRow(job));
      const day = new Date(d.now()).toISOString().slice(0, 10);
      return { csv: toCsv(REFUSAL_COLUMNS, rows), fileName: `loupe-refusals-${day}.csv`, rows: rows.length };
    },
  };
}

/** The request ids OpenAI needs to find the decision: the error's own first, then every attempt's. */
export function refusalRequestIds(job: Pick<JobView, 'requestIds' | 'error'>): string[] {
  const own = job.error?.detail?.requestId;
  return [...new Set([...(own ? [own] : []), ...job.requestIds])];
}

function refusalRow(job: JobView): (string | number | null)[] {
  const e = job.error as AppError;
  return [
    job.id,
    new Date(job.createdAt).toISOString(),
    job.model,
    job.kind,
    e.detail?.stage ?? '',
    (e.detail?.categories ?? []).join('; '),
    refusalRequestIds(job).join(' '),
    job.prompt,
    e.message,
  ];
}
