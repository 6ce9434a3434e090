import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/connection';
import { INTERRUPTED_MESSAGE, JobsRepo, type NewJob } from '../../electron/core/db/jobs-repo';
import { SettingsRepo } from '../../electron/core/db/settings-repo';
import { AssetRepo } from '../../electron/core/db/asset-repo';
import { JobViewSchema, type GenerateParams } from '../../electron/shared';

let dir: string;
let db: Database.Database;
let repo: JobsRepo;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loupe-db-jobs-'));
  db = openDatabase(join(dir, 'loupe.sqlite'));
  repo = new JobsRepo(db, { now: () => 1_700_000_000_000 });
});
afterEach(async () => {
  db.close();
  await rm(dir, { recursive: true, force: true });
});

const params: GenerateParams = {
  model: 'gpt-image-1.5',
  prompt: 'a lighthouse at dusk',
  n: 2,
  size: '1024x1024',
  quality: 'high',
  outputFormat: 'webp',
  outputCompression: 80,
  background: 'auto',
  moderation: 'auto',
  stream: true,
  partialImages: 2,
};

const newJob = (over: Partial<NewJob> = {}): NewJob => ({
  kind: 'generate',
  model: params.model,
  prompt: params.prompt,
  params,
  estimate: { usage: { inputTextTokens: 7, inputImageTokens: 0, outputImageTokens: 4160, outputTextTokens: 0 }, costUsd: 0.13, assumptions: ['auto'] },
  createdAt: 1000,
  ...over,
});

const hex = (n: number): string => n.toString(16).padStart(64, '0');
const out = (index: number, hash = hex(index + 1)) => ({ index, assetHash: hash, width: 1024, height: 1024, mime: 'image/webp', bytes: 5000 + index });
const ftsIds = (q: string) => db.prepare('SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH ? ORDER BY rowid').pluck().all(q);

describe('JobsRepo', () => {
  it('creates a queued job and round-trips every JSON column', () => {
    const id = repo.create(newJob());
    repo.markRunning(id, 2000);
    repo.addRequestId(id, 'req_1');
    repo.addRequestId(id, 'req_1');
    repo.addRequestId(id, 'req_2');
    repo.markRetrying(id, { code: 'RATE_LIMITED', message: 'slow down', detail: { status: 429, retryAfterSeconds: 2, retryable: true } });
    expect(repo.get(id)?.status).toBe('retrying');
    repo.markRunning(id, 3000);
    const usage = { inputTextTokens: 7, inputImageTokens: 0, outputImageTokens: 8320, outputTextTokens: 0 };
    repo.finish(id, { status: 'succeeded', usage, costUsd: 0.27, error: null, finishedAt: 4000 });

    const job = repo.get(id)!;
    expect(JobViewSchema.parse(job)).toEqual(job);
    expect(job).toMatchObject({
      id,
      kind: 'generate',
      status: 'succeeded',
      params,
      estimate: newJob().estimate,
      usage,
      costUsd: 0.27,
      requestIds: ['req_1', 'req_2'],
      error: null,
      attempts: 2,
      createdAt: 1000,
      startedAt: 2000,
      finishedAt: 4000,
      outputs: [],
    });
    expect(repo.get(9999)).toBeNull();
  });

  it('keeps outputs ordered by index, records assets, and is idempotent per index', () => {
    const id = repo.create(newJob());
    const second = repo.addOutput(id, out(1));
    const first = repo.addOutput(id, out(0));
    expect(repo.addOutput(id, out(1, hex(99)))).toBe(second);
    // The same bytes in two jobs share one asset row.
    const other = repo.create(newJob());
    repo.addOutput(other, out(0));
    expect(db.prepare('SELECT COUNT(*) FROM assets').pluck().get()).toBe(2);
    expect(new AssetRepo(db).get(hex(1))).toMatchObject({ mime: 'image/webp', width: 1024, createdAt: 1_700_000_000_000 });

    repo.setOutputSaved(first, '/pictures/a.webp', null);
    repo.setOutputSaved(second, null, 'The disk is full.');
    const job = repo.get(id)!;
    expect(job.outputs.map((o) => [o.id, o.index, o.assetHash])).toEqual([
      [first, 0, hex(1)],
      [second, 1, hex(2)],
    ]);
    expect(job.outputs[0]).toMatchObject({ width: 1024, height: 1024, mime: 'image/webp', bytes: 5000, savedPath: '/pictures/a.webp', saveError: null });
    expect(job.outputs[1]).toMatchObject({ savedPath: null, saveError: 'The disk is full.' });
    expect(() => repo.addOutput(12345, out(0))).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => repo.setOutputSaved(12345, null, null)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('records edit inputs and lineage', () => {
    const parentJob = repo.create(newJob());
    const parentOut = repo.addOutput(parentJob, out(0));
    const id = repo.create(
      newJob({
        kind: 'edit',
        parentOutputId: parentOut,
        inputs: [
          { role: 'image', position: 1, assetHash: hex(50), mime: 'image/png', width: 10, height: 20, bytes: 9 },
          { role: 'image', position: 0, assetHash: hex(1), mime: 'image/webp', width: 1024, height: 1024, bytes: 5000 },
          { role: 'mask', position: 0, assetHash: hex(51), mime: 'image/png', width: 10, height: 20, bytes: 9 },
        ],
      }),
    );
    expect(repo.inputsOf(id).map((i) => [i.role, i.position, i.assetHash])).toEqual([
      ['image', 0, hex(1)],
      ['image', 1, hex(50)],
      ['mask', 0, hex(51)],
    ]);
    expect(db.prepare('SELECT parent_output_id FROM jobs WHERE id = ?').pluck().get(id)).toBe(parentOut);
    expect(() => repo.create(newJob({ parentOutputId: 777 }))).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    // The failed create left nothing behind.
    expect(db.prepare('SELECT COUNT(*) FROM jobs').pluck().get()).toBe(2);
  });

  it('shows an edit in its JobView: lineage, named inputs at their displayed size, raw and locked outputs', () => {
    const parentJob = repo.create(newJob());
    const parentOut = repo.addOutput(parentJob, out(0));
    // A rotated photo: stored 200x300, displayed 300x200 (as the edit studio records it).
    db.prepare("INSERT INTO assets VALUES (?, 'image/jpeg', 200, 300, 999, 1)").run(hex(60));
    db.prepare("INSERT INTO asset_meta (hash, kind, name, width, height, created_at) VALUES (?, 'input', 'turned.jpg', 300, 200, 1)").run(hex(60));
    const id = repo.create(
      newJob({
        kind: 'edit',
        params: { ...params, inputs: [{ hash: hex(60), name: 'turned.jpg' }, { hash: hex(1), name: 'earlier.webp' }], mask: hex(61), inputFidelity: 'high', pixelLock: { enabled: true, feather: 8, grow: 4, resolution: 'original' }, parentOutputId: parentOut },
        parentOutputId: parentOut,
        inputs: [
          { role: 'image', position: 0, assetHash: hex(60), name: 'turned.jpg', mime: 'image/jpeg', width: 200, height: 300, bytes: 999 },
          { role: 'image', position: 1, assetHash: hex(1), name: 'earlier.webp', mime: 'image/webp', width: 1024, height: 1024, bytes: 5000 },
          { role: 'mask', position: 0, assetHash: hex(61), name: 'hat.png', mime: 'image/png', width: 300, height: 200, bytes: 70 },
        ],
      }),
    );
    const metrics = { changedShare: 0.2, meanDeltaE: 3.5, ssimOutside: 0.9, outsidePixels: 5000, threshold: 5 };
    const raw = repo.addOutput(id, { ...out(0, hex(70)), locked: { assetHash: hex(71), width: 300, height: 200, mime: 'image/png', bytes: 42 }, metrics });
    const second = repo.addOutput(id, out(1, hex(72)));
    repo.setLockedOutput(second, { assetHash: hex(73), width: 300, height: 200, mime: 'image/png', bytes: 43 }, metrics);

    const job = repo.get(id)!;
    expect(JobViewSchema.parse(job)).toEqual(job);
    expect(job.parentOutputId).toBe(parentOut);
    expect(job.params).toMatchObject({ mask: hex(61), inputFidelity: 'high', parentOutputId: parentOut });
    expect(job.inputs).toEqual([
      { role: 'image', position: 0, hash: hex(60), name: 'turned.jpg', width: 300, height: 200 },
      { role: 'image', position: 1, hash: hex(1), name: 'earlier.webp', width: 1024, height: 1024 },
      { role: 'mask', position: 0, hash: hex(61), name: 'hat.png', width: 300, height: 200 },
    ]);
    expect(job.outputs.map((o) => [o.id, o.assetHash, o.lockedHash, o.metrics])).toEqual([
      [raw, hex(70), hex(71), metrics],
      [second, hex(72), hex(73), metrics],
    ]);
    // Generations: no lineage, no inputs, nothing locked.
    expect(repo.get(parentJob)).toMatchObject({ parentOutputId: null, inputs: [], outputs: [{ lockedHash: null, metrics: null }] });
    // The history page carries the same, from batched queries.
    const page = repo.list({ limit: 10 });
    expect(page.items.map((j) => [j.id, j.parentOutputId, j.inputs.length])).toEqual([
      [id, parentOut, 3],
      [parentJob, null, 0],
    ]);
    expect(page.items[0]).toEqual(job);
  });

  it('pages 250 jobs newest first with keyset pagination and batched outputs', () => {
    const ids: number[] = [];
    for (let i = 0; i < 250; i++) {
      const id = repo.create(newJob({ prompt: `job ${i}`, createdAt: 1000 + i }));
      ids.push(id);
      if (i % 3 === 0) {
        repo.addOutput(id, out(1, hex(10_000 + i)));
        repo.addOutput(id, out(0, hex(20_000 + i)));
      }
    }
    const seen: number[] = [];
    let before: number | undefined;
    let pages = 0;
    for (;;) {
      const page = repo.list({ limit: 60, before });
      pages++;
      for (const job of page.items) {
        seen.push(job.id);
        const i = ids.indexOf(job.id);
        expect(job.prompt).toBe(`job ${i}`);
        expect(job.outputs.map((o) => o.index)).toEqual(i % 3 === 0 ? [0, 1] : []);
        if (i % 3 === 0) expect(job.outputs[0]!.assetHash).toBe(hex(20_000 + i));
      }
      if (page.nextBefore === null) break;
      expect(page.nextBefore).toBe(page.items.at(-1)!.id);
      before = page.nextBefore;
    }
    expect(pages).toBe(5);
    expect(seen).toEqual([...ids].reverse());
    // An exactly full last page reports no next page.
    expect(repo.list({ limit: 250 }).nextBefore).toBeNull();
    expect(repo.list({ limit: 10, before: ids[0] })).toEqual({ items: [], nextBefore: null });
  });

  it('requeues only finished-unsuccessfully jobs', () => {
    const id = repo.create(newJob());
    expect(() => repo.requeue(id)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    repo.markRunning(id, 2000);
    repo.finish(id, { status: 'failed', usage: null, costUsd: null, error: { code: 'SERVER_ERROR', message: 'oops' }, finishedAt: 3000 });
    expect(repo.get(id)!.error).toEqual({ code: 'SERVER_ERROR', message: 'oops' });
    repo.requeue(id);
    expect(repo.get(id)).toMatchObject({ status: 'queued', error: null, finishedAt: null, attempts: 1, startedAt: 2000 });
    repo.markRunning(id, 5000);
    expect(repo.get(id)).toMatchObject({ attempts: 2, startedAt: 2000 });
    repo.finish(id, { status: 'succeeded', usage: null, costUsd: null, error: null, finishedAt: 6000 });
    expect(() => repo.requeue(id)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(() => repo.requeue(4242)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => repo.markRunning(4242, 1)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('interrupts every unfinished job at start-up, keeping outputs', () => {
    const queued = repo.create(newJob());
    const running = repo.create(newJob());
    const retrying = repo.create(newJob());
    const done = repo.create(newJob());
    repo.markRunning(running, 10);
    repo.addOutput(running, out(0));
    repo.markRunning(retrying, 10);
    repo.markRetrying(retrying, { code: 'NETWORK_ERROR', message: 'net' });
    repo.finish(done, { status: 'canceled', usage: null, costUsd: null, error: { code: 'CANCELED', message: 'c' }, finishedAt: 20 });

    expect(repo.interruptRunning(99)).toEqual([queued, running, retrying]);
    for (const id of [queued, running, retrying]) {
      expect(repo.get(id)).toMatchObject({ status: 'interrupted', finishedAt: 99, error: { code: 'INTERRUPTED', message: INTERRUPTED_MESSAGE } });
    }
    expect(repo.get(running)!.outputs).toHaveLength(1);
    expect(repo.get(done)!.status).toBe('canceled');
    expect(repo.interruptRunning(100)).toEqual([]);
    repo.requeue(running);
    expect(repo.get(running)!.status).toBe('queued');
  });

  it('keeps the FTS index in step with inserts, updates and deletes', () => {
    const a = repo.create(newJob({ prompt: 'A neon city in the rain' }));
    const b = repo.create(newJob({ prompt: 'A quiet forest in the fog' }));
    expect(ftsIds('neon')).toEqual([a]);
    expect(ftsIds('"in the"')).toEqual([a, b]);
    repo.markRunning(a, 1); // status updates do not disturb the index
    db.prepare('UPDATE jobs SET prompt = ? WHERE id = ?').run('A neon desert', b);
    expect(ftsIds('forest')).toEqual([]);
    expect(ftsIds('neon')).toEqual([a, b]);
    db.prepare('DELETE FROM jobs WHERE id = ?').run(a);
    expect(ftsIds('neon')).toEqual([b]);
    db.exec("INSERT INTO jobs_fts (jobs_fts) VALUES ('integrity-check')");
  });
});

describe('SettingsRepo', () => {
  it('gets, sets, deletes with null and lists', () => {
    const s = new SettingsRepo(db);
    expect(s.get('outputDir')).toBeNull();
    s.set('outputDir', '/a');
    s.set('outputDir', '/b');
    s.set('namingTemplate', '{index}');
    expect(s.get('outputDir')).toBe('/b');
    expect(s.all()).toEqual({ namingTemplate: '{index}', outputDir: '/b' });
    s.set('outputDir', null);
    expect(s.get('outputDir')).toBeNull();
    expect(s.all()).toEqual({ namingTemplate: '{index}' });
  });
});
