/**
 * The history at scale: search and the visible slice of it, favourites, tags, notes,
 * projects, lineage, and deleting with reference counting.
 */
import { LoupeError, type Handlers, type JobEvent, type JobView } from '../../shared';
import type { DeleteRepo } from '../db/delete-repo';
import type { HistorySearch } from '../db/history-search';
import type { JobsRepo } from '../db/jobs-repo';
import type { LineageRepo } from '../db/lineage-repo';
import type { OrganiseRepo, ProjectFields } from '../db/organise-repo';
import type { JobQueue } from '../jobs/job-queue';
import { ensureWritableDir } from '../settings/settings-service';
import type { ContentStore } from '../store/content-store';

export interface LibraryHandlerDeps {
  jobs: JobsRepo;
  search: HistorySearch;
  organise: OrganiseRepo;
  lineage: LineageRepo;
  deletes: DeleteRepo;
  store: ContentStore;
  queue: JobQueue;
  emit: (event: JobEvent) => void;
  now: () => number;
  log: (message: string) => void;
}

type LibraryChannels =
  | 'history:search'
  | 'history:get-many'
  | 'jobs:set-favourite'
  | 'jobs:set-tags'
  | 'jobs:set-notes'
  | 'jobs:set-project'
  | 'jobs:delete'
  | 'lineage:tree'
  | 'lineage:prune'
  | 'tags:list'
  | 'projects:list'
  | 'projects:create'
  | 'projects:update'
  | 'projects:delete';

export function libraryHandlers(d: LibraryHandlerDeps): Pick<Handlers, LibraryChannels> {
  /** The job as it is now, also sent as an event so every view of it updates. */
  const changed = (jobId: number): JobView => {
    const job = d.jobs.get(jobId);
    if (!job) throw new LoupeError('NOT_FOUND', `Job ${jobId} is not in the history.`);
    d.emit({ type: 'job', job });
    return job;
  };

  const deleteJobs = async (jobIds: readonly number[]) => {
    // A job still waiting or running is stopped first; its runner has returned before its rows go.
    for (const id of d.deletes.active(jobIds)) await d.queue.cancel(id);
    const { deletedJobs, unused } = d.deletes.deleteJobs(jobIds);
    let removedFiles = 0;
    for (const hash of unused) {
      if (d.deletes.isWantedAgain(hash)) continue;
      try {
        removedFiles += await d.store.remove(hash);
      } catch (err) {
        // The rows are gone; a file that could not be removed is only wasted space.
        d.log(`could not remove ${hash}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return { deletedJobs, removedFiles };
  };

  return {
    'history:search': async ({ filter }) => d.search.search(filter),
    'history:get-many': async ({ ids }) => d.jobs.getMany(ids),

    'jobs:set-favourite': async ({ jobId, favourite }) => {
      d.organise.setFavourite(jobId, favourite);
      return changed(jobId);
    },
    'jobs:set-tags': async ({ jobId, tags }) => {
      d.organise.setTags(jobId, tags);
      return changed(jobId);
    },
    'jobs:set-notes': async ({ jobId, notes }) => {
      d.organise.setNotes(jobId, notes);
      return changed(jobId);
    },
    // No events: a move can cover thousands of jobs; the History view refetches what it shows.
    'jobs:set-project': async ({ jobIds, projectId }) => ({ updated: d.organise.setProject(jobIds, projectId) }),

    'jobs:delete': ({ jobIds }) => deleteJobs(jobIds),
    'lineage:tree': async ({ jobId }) => d.lineage.tree(jobId),
    'lineage:prune': ({ jobId }) => deleteJobs(d.lineage.subtree(jobId)),

    'tags:list': async () => d.organise.tagCounts(),

    'projects:list': async () => d.organise.projects(),
    'projects:create': async (input) => d.organise.createProject(await projectFields(input), d.now()),
    'projects:update': async ({ id, ...input }) => d.organise.updateProject(id, await projectFields(input)),
    'projects:delete': async ({ id }) => ({ deleted: d.organise.deleteProject(id) }),
  };
}

/** A project's folder must be usable now, not when its first image arrives. */
async function projectFields(input: ProjectFields): Promise<ProjectFields> {
  if (input.outputDir) await ensureWritableDir(input.outputDir, "project's output folder");
  const t = input.namingTemplate;
  if (t && !/\{(index|job)\}/i.test(t)) throw new LoupeError('INVALID_ARGUMENTS', 'namingTemplate: Include {index} or {job} so names stay distinct.');
  return input;
}

