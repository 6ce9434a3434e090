/**
 * What History does to many jobs at once. Each function takes job ids
 * (selections can span rows never loaded) and fetches what it needs in batches the
 * contract allows, so the gallery's bounded cache is never flooded.
 */
import type { JobView, ResponseOf } from '../../../../electron/shared';
import { call } from '../../bridge/client';
import { clearJobCache } from '../../bridge/job-cache';
import { libraryChanged } from '../../bridge/library-store';

const GET_BATCH = 500;
const ID_BATCH = 10_000;

export async function fetchJobs(ids: readonly number[]): Promise<JobView[]> {
  const jobs: JobView[] = [];
  for (let i = 0; i < ids.length; i += GET_BATCH) jobs.push(...(await call('getJobs', { ids: ids.slice(i, i + GET_BATCH) })));
  return jobs;
}

export async function deleteJobs(jobIds: readonly number[]): Promise<ResponseOf<'jobs:delete'>> {
  const total = { deletedJobs: 0, removedFiles: 0 };
  try {
    for (let i = 0; i < jobIds.length; i += ID_BATCH) {
      const r = await call('deleteJobs', { jobIds: jobIds.slice(i, i + ID_BATCH) });
      total.deletedJobs += r.deletedJobs;
      total.removedFiles += r.removedFiles;
    }
  } finally {
    // Even a partial delete changed the library.
    clearJobCache();
    libraryChanged();
  }
  return total;
}
