/**
 * Experiments in SQLite (migration 008), on a real database: rows written and read back
 * through the contract's schemas, variants tied to their jobs, damaged JSON reported.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/connection';
import { CompareRepo, type BaseEdit } from '../../electron/core/compare/compare-repo';
import type { VariantMetrics } from '../../electron/shared';
import { baseParams } from './core-harness';

const H = (c: string) => c.repeat(64);
let dir: string;
let db: Database.Database;
let repo: CompareRepo;
let clock = 1_000;

const base: BaseEdit = { ...baseParams, prompt: 'a hat', inputs: [{ hash: H('a'), name: 'face.jpg' }], mask: H('b'), pixelLock: { enabled: true, feather: 6, grow: 3, resolution: 'original' } };

function job(): number {
  const r = db
    .prepare(`INSERT INTO jobs (kind, status, model, prompt, params, created_at) VALUES ('edit', 'succeeded', 'gpt-image-2', 'p', '{}', ?)`)
    .run(clock++);
  return Number(r.lastInsertRowid);
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loupe-compare-repo-'));
  db = openDatabase(join(dir, 'loupe.sqlite'));
  for (const h of ['a', 'b']) db.prepare('INSERT INTO assets (hash, mime, bytes, created_at) VALUES (?, ?, 1, 0)').run(H(h), 'image/png');
  repo = new CompareRepo(db, () => clock++);
});
afterEach(async () => {
  db.close();
  await rm(dir, { recursive: true, force: true });
});

const metrics: VariantMetrics = {
  measured: 'raw',
  overall: { ssim: 0.9, meanDeltaE: 3, pixels: 100 },
  insideMask: null,
  outsideMask: null,
  region: null,
  faces: { available: false, reason: 'not here' },
  computedAt: 5,
};

describe('CompareRepo', () => {
  it('keeps an experiment, its variants in order and their metrics', () => {
    const id = repo.create({ name: 'Hat', prompt: 'a hat', sourceHash: H('a'), maskHash: H('b'), markupHash: null, base, sourceJobId: null });
    const j1 = job();
    const j2 = job();
    const v1 = repo.addVariant(id, 'A', { model: 'gpt-image-2', quality: 'low', guide: 'mask', pixelLock: true }, j1);
    const v2 = repo.addVariant(id, 'B', { model: 'gpt-image-2.6-flare', quality: 'high', complexity: 'low', guide: 'none', pixelLock: false }, j2);
    expect(repo.get(id)).toMatchObject({ name: 'Hat', sourceHash: H('a'), maskHash: H('b'), base, region: null, winnerVariantId: null });
    expect(repo.variants(id).map((v) => [v.position, v.label, v.jobId])).toEqual([
      [0, 'A', j1],
      [1, 'B', j2],
    ]);
    expect(repo.variantOfJob(j2)!.id).toBe(v2);
    repo.setMetrics(v1, metrics, null);
    expect(repo.variant(v1)!.metrics).toEqual(metrics);
    expect(repo.list()).toEqual([{ id, name: 'Hat', createdAt: expect.any(Number), variantCount: 2, winnerVariantId: null, sourceAsset: H('a') }]);
  });

  it('a new region clears every variant’s metrics; a winner is kept until its variant goes', () => {
    const id = repo.create({ name: 'Hat', prompt: 'a hat', sourceHash: H('a'), maskHash: null, markupHash: null, base, sourceJobId: null });
    const j = job();
    const v = repo.addVariant(id, 'A', { model: 'gpt-image-2', quality: 'low', guide: 'none', pixelLock: false }, j);
    repo.setMetrics(v, metrics, null);
    repo.setRegion(id, { x: 1, y: 2, width: 30, height: 40 });
    expect(repo.get(id)!.region).toEqual({ x: 1, y: 2, width: 30, height: 40 });
    expect(repo.variant(v)!.metrics).toBeNull();
    repo.setRegion(id, 'kit-logo');
    expect(repo.get(id)!.region).toBe('kit-logo');
    repo.setWinner(id, v);
    expect(repo.get(id)!.winnerVariantId).toBe(v);
    // Deleting the variant's job removes the variant, and the winner with it.
    db.prepare('DELETE FROM jobs WHERE id = ?').run(j);
    expect(repo.variants(id)).toEqual([]);
    expect(repo.get(id)!.winnerVariantId).toBeNull();
  });

  it('reports damaged rows by name instead of passing them on; damaged metrics are measured again', () => {
    const id = repo.create({ name: 'Hat', prompt: 'a hat', sourceHash: H('a'), maskHash: null, markupHash: null, base, sourceJobId: null });
    const v = repo.addVariant(id, 'A', { model: 'gpt-image-2', quality: 'low', guide: 'none', pixelLock: false }, job());
    db.prepare('UPDATE experiment_variants SET metrics = ? WHERE id = ?').run('{"overall": 3}', v);
    expect(repo.variant(v)!.metrics).toBeNull();
    expect(repo.variant(v)!.metricsError).toMatch(/metrics of variant/);
    db.prepare('UPDATE experiments SET region = ? WHERE id = ?').run('{"x": "../../etc"}', id);
    expect(() => repo.get(id)).toThrow(/experiment \d+'s region is damaged/);
    db.prepare('UPDATE experiments SET region = NULL, base = ? WHERE id = ?').run('not json', id);
    expect(() => repo.get(id)).toThrow(/settings is damaged \(not JSON\)/);
  });

  it('the variant must belong to a job, the experiment to a stored source', () => {
    const id = repo.create({ name: 'Hat', prompt: 'a hat', sourceHash: H('a'), maskHash: null, markupHash: null, base, sourceJobId: null });
    expect(() => repo.addVariant(id, 'A', { model: 'gpt-image-2', quality: 'low', guide: 'none', pixelLock: false }, 999)).toThrow(/FOREIGN KEY/);
    expect(() => repo.create({ name: 'X', prompt: 'p', sourceHash: H('f'), maskHash: null, markupHash: null, base, sourceJobId: null })).toThrow(/FOREIGN KEY/);
  });
});
