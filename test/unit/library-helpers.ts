/**
 * A library database seeded directly through the real repositories (no core, no server),
 * for the search, ledger and lineage tests that need many jobs with chosen facts.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openDatabase } from '../../electron/core/db/connection';
import { HistorySearch } from '../../electron/core/db/history-search';
import { JobsRepo, type NewInput } from '../../electron/core/db/jobs-repo';
import { OrganiseRepo } from '../../electron/core/db/organise-repo';
import type { JobParams, JobStatus, Usage } from '../../electron/shared';
import { generateParams } from './helpers/params';

export interface SeedJob {
  prompt?: string;
  kind?: 'generate' | 'edit';
  model?: string;
  status?: JobStatus;
  createdAt?: number;
  costUsd?: number | null;
  usage?: Usage | null;
  inputFidelity?: 'low' | 'high';
  mask?: boolean;
  favourite?: boolean;
  tags?: string[];
  notes?: string;
  projectId?: number | null;
  outputs?: number;
  parentOutputId?: number | null;
  requestIds?: string[];
}

export interface SeedDb {
  dir: string;
  db: Database.Database;
  jobs: JobsRepo;
  organise: OrganiseRepo;
  search: HistorySearch;
  add(job?: SeedJob): number;
  close(): Promise<void>;
}

export const fakeHash = (s: string): string => createHash('sha256').update(s).digest('hex');

export const PARAMS: JobParams = generateParams();

export async function seedDb(): Promise<SeedDb> {
  const dir = await mkdtemp(join(tmpdir(), 'loupe-lib-'));
  const db = openDatabase(join(dir, 'loupe.sqlite'));
  const jobs = new JobsRepo(db, { now: () => 1_700_000_000_000 });
  const organise = new OrganiseRepo(db);
  let n = 0;
  const add = (j: SeedJob = {}): number => {
    n++;
    const kind = j.kind ?? (j.mask || j.inputFidelity ? 'edit' : 'generate');
    const model = j.model ?? 'gpt-image-1.5';
    const prompt = j.prompt ?? `job ${n}`;
    const input = (role: 'image' | 'mask', hash: string): NewInput => ({ role, position: 0, assetHash: hash, mime: 'image/png', width: 8, height: 8, bytes: 10 });
    const id = jobs.create({
      kind,
      model,
      prompt,
      params: { ...PARAMS, model, prompt, ...(j.inputFidelity ? { inputFidelity: j.inputFidelity } : {}) },
      estimate: null,
      createdAt: j.createdAt ?? 1_000 + n,
      parentOutputId: j.parentOutputId ?? null,
      projectId: j.projectId ?? null,
      inputs: kind === 'edit' ? [input('image', fakeHash(`in${n}`)), ...(j.mask ? [input('mask', fakeHash('mask'))] : [])] : [],
    });
    for (let i = 0; i < (j.outputs ?? 0); i++) jobs.addOutput(id, { index: i, assetHash: fakeHash(`out${id}.${i}`), width: 8, height: 8, mime: 'image/png', bytes: 10 });
    for (const rid of j.requestIds ?? []) jobs.addRequestId(id, rid);
    const status = j.status ?? 'succeeded';
    if (status === 'running') jobs.markRunning(id, 2_000);
    else if (status !== 'queued') jobs.finish(id, { status: status as 'succeeded', usage: j.usage ?? null, costUsd: j.costUsd ?? null, error: null, finishedAt: 3_000 });
    if (j.favourite) organise.setFavourite(id, true);
    if (j.tags) organise.setTags(id, j.tags);
    if (j.notes) organise.setNotes(id, j.notes);
    return id;
  };
  return {
    dir,
    db,
    jobs,
    organise,
    search: new HistorySearch(db),
    add,
    async close() {
      db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
