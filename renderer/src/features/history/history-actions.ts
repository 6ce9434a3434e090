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

type ExportResult = ResponseOf<'outputs:export'>;

export async function fetchJobs(ids: readonly number[]): Promise<JobView[]> {
  const jobs: JobView[] = [];
  for (let i = 0; i < ids.length; i += GET_BATCH) jobs.push(...(await call('getJobs', { ids: ids.slice(i, i + GET_BATCH) })));
  return jobs;
}

/** Asks for a folder in the desktop app; undefined means "the core's default folder", null "cancelled". */
export async function pickExportFolder(canChoose: boolean): Promise<string | null | undefined> {
  if (!canChoose) return undefined;
  const { path } = await call('chooseFolder', {});
  return path;
}

export async function exportOutputIds(outputIds: readonly number[], dir: string | undefined): Promise<ExportResult> {
  const result: ExportResult = { files: [], failures: [] };
  for (let i = 0; i < outputIds.length; i += ID_BATCH) {
    const chunk = outputIds.slice(i, i + ID_BATCH);
    const r = await call('exportOutputs', dir ? { outputIds: chunk, dir } : { outputIds: chunk });
    result.files.push(...r.files);
    result.failures.push(...r.failures);
  }
  return result;
}

export async function exportJobs(jobIds: readonly number[], dir: string | undefined): Promise<ExportResult> {
  const outputIds = (await fetchJobs(jobIds)).flatMap((j) => j.outputs.map((o) => o.id));
  if (outputIds.length === 0) return { files: [], failures: [] };
  return exportOutputIds(outputIds, dir);
}

/** "Exported 3 files to /a/b." plus what failed, for a status line. */
export function exportSummary(r: ExportResult): string {
  if (r.files.length === 0 && r.failures.length === 0) return 'Nothing to export: these jobs have no images.';
  const first = r.files[0];
  const folder = first ? first.slice(0, Math.max(first.lastIndexOf('/'), first.lastIndexOf('\\'))) : '';
  const done = r.files.length > 0 ? `Exported ${r.files.length} ${r.files.length === 1 ? 'file' : 'files'}${folder ? ` to ${folder}` : ''}.` : '';
  const failed = r.failures.length > 0 ? ` ${r.failures.length} could not be written: ${r.failures[0]!.message}` : '';
  return `${done}${failed}`.trim();
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
