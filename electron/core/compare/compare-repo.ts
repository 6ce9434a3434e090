/**
 * Experiments in SQLite (migration 008). JSON columns are parsed with the contract's
 * schemas on every read, so a damaged or foreign row is reported by name, never passed on.
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { EditDraftSchema, LoupeError, RegionSchema, VariantMetricsSchema, VariantSpecSchema, type Region, type VariantMetrics, type VariantSpec } from '../../shared';
import { UPSERT_ASSET_SQL } from '../db/asset-repo';

export type BaseEdit = z.infer<typeof EditDraftSchema>;

export interface ExperimentRow {
  id: number;
  name: string;
  createdAt: number;
  prompt: string;
  sourceHash: string;
  maskHash: string | null;
  markupHash: string | null;
  base: BaseEdit;
  sourceJobId: number | null;
  region: Region;
  winnerVariantId: number | null;
}

export interface VariantRow {
  id: number;
  experimentId: number;
  position: number;
  label: string;
  spec: VariantSpec;
  jobId: number;
  metrics: VariantMetrics | null;
  metricsError: string | null;
}

export interface ExperimentSummaryRow {
  id: number;
  name: string;
  createdAt: number;
  variantCount: number;
  winnerVariantId: number | null;
  sourceAsset: string;
}

interface RawExperiment {
  id: number;
  name: string;
  created_at: number;
  prompt: string;
  source_hash: string;
  mask_hash: string | null;
  markup_hash: string | null;
  base: string;
  source_job_id: number | null;
  region: string | null;
  winner_variant_id: number | null;
}

interface RawVariant {
  id: number;
  experiment_id: number;
  position: number;
  label: string;
  spec: string;
  job_id: number;
  metrics: string | null;
  metrics_error: string | null;
}

const parse = <T>(schema: z.ZodType<T>, text: string, what: string): T => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new LoupeError('INTERNAL', `The library's ${what} is damaged (not JSON).`);
  }
  const r = schema.safeParse(value);
  if (!r.success) throw new LoupeError('INTERNAL', `The library's ${what} is damaged: ${r.error.issues[0]?.message ?? 'unreadable'}.`);
  return r.data;
};

export interface NewExperiment {
  name: string;
  prompt: string;
  sourceHash: string;
  maskHash: string | null;
  markupHash: string | null;
  base: BaseEdit;
  sourceJobId: number | null;
}

export class CompareRepo {
  private readonly s;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
  ) {
    this.s = {
      insert: db.prepare(
        `INSERT INTO experiments (name, created_at, prompt, source_hash, mask_hash, markup_hash, base, source_job_id)
         VALUES (@name, @createdAt, @prompt, @sourceHash, @maskHash, @markupHash, @base, @sourceJobId)`,
      ),
      get: db.prepare('SELECT * FROM experiments WHERE id = ?'),
      list: db.prepare(
        `SELECT e.id, e.name, e.created_at AS createdAt, e.winner_variant_id AS winnerVariantId, e.source_hash AS sourceAsset,
                (SELECT COUNT(*) FROM experiment_variants v WHERE v.experiment_id = e.id) AS variantCount
         FROM experiments e ORDER BY e.created_at DESC, e.id DESC LIMIT ?`,
      ),
      variants: db.prepare('SELECT * FROM experiment_variants WHERE experiment_id = ? ORDER BY position'),
      variant: db.prepare('SELECT * FROM experiment_variants WHERE id = ?'),
      byJob: db.prepare('SELECT * FROM experiment_variants WHERE job_id = ?'),
      nextPosition: db.prepare('SELECT COALESCE(MAX(position) + 1, 0) AS p FROM experiment_variants WHERE experiment_id = ?'),
      addVariant: db.prepare(
        `INSERT INTO experiment_variants (experiment_id, position, label, spec, job_id, created_at)
         VALUES (@experimentId, @position, @label, @spec, @jobId, @createdAt)`,
      ),
      setMetrics: db.prepare('UPDATE experiment_variants SET metrics = ?, metrics_error = ? WHERE id = ?'),
      setRegion: db.prepare('UPDATE experiments SET region = ? WHERE id = ?'),
      clearMetrics: db.prepare('UPDATE experiment_variants SET metrics = NULL, metrics_error = NULL WHERE experiment_id = ?'),
      setWinner: db.prepare('UPDATE experiments SET winner_variant_id = ? WHERE id = ?'),
      upsertAsset: db.prepare(UPSERT_ASSET_SQL),
    };
  }

  create(e: NewExperiment): number {
    const r = this.s.insert.run({ ...e, base: JSON.stringify(e.base), createdAt: this.now() });
    return Number(r.lastInsertRowid);
  }

  /** Adds a variant at the next position; `jobId` is the edit job already created for it. */
  addVariant(experimentId: number, label: string, spec: VariantSpec, jobId: number): number {
    const run = this.db.transaction(() => {
      const { p } = this.s.nextPosition.get(experimentId) as { p: number };
      return Number(this.s.addVariant.run({ experimentId, position: p, label, spec: JSON.stringify(spec), jobId, createdAt: this.now() }).lastInsertRowid);
    });
    return run();
  }

  get(id: number): ExperimentRow | null {
    const r = this.s.get.get(id) as RawExperiment | undefined;
    if (!r) return null;
    return {
      id: r.id,
      name: r.name,
      createdAt: r.created_at,
      prompt: r.prompt,
      sourceHash: r.source_hash,
      maskHash: r.mask_hash,
      markupHash: r.markup_hash,
      base: parse(EditDraftSchema, r.base, `experiment ${r.id}'s settings`),
      sourceJobId: r.source_job_id,
      region: r.region === null ? null : parse(RegionSchema, r.region, `experiment ${r.id}'s region`),
      winnerVariantId: r.winner_variant_id,
    };
  }

  require(id: number): ExperimentRow {
    const e = this.get(id);
    if (!e) throw new LoupeError('NOT_FOUND', `Experiment ${id} is not in the library.`);
    return e;
  }

  list(limit = 500): ExperimentSummaryRow[] {
    return this.s.list.all(limit) as ExperimentSummaryRow[];
  }

  variants(experimentId: number): VariantRow[] {
    return (this.s.variants.all(experimentId) as RawVariant[]).map((r) => this.variantOf(r));
  }

  variant(id: number): VariantRow | null {
    const r = this.s.variant.get(id) as RawVariant | undefined;
    return r ? this.variantOf(r) : null;
  }

  /** The variant a job was run for, if any. */
  variantOfJob(jobId: number): VariantRow | null {
    const r = this.s.byJob.get(jobId) as RawVariant | undefined;
    return r ? this.variantOf(r) : null;
  }

  setMetrics(variantId: number, metrics: VariantMetrics | null, error: string | null): void {
    this.s.setMetrics.run(metrics === null ? null : JSON.stringify(metrics), error, variantId);
  }

  /** A new region makes every variant's region survival stale: they are measured again. */
  setRegion(experimentId: number, region: Region): void {
    this.db.transaction(() => {
      this.s.setRegion.run(region === null ? null : JSON.stringify(region), experimentId);
      this.s.clearMetrics.run(experimentId);
    })();
  }

  setWinner(experimentId: number, variantId: number): void {
    this.s.setWinner.run(variantId, experimentId);
  }

  /** A derived picture (heat map) in the assets table, so the library knows the file. */
  recordAsset(a: { hash: string; mime: string; width: number; height: number; bytes: number }): void {
    this.s.upsertAsset.run({ ...a, createdAt: this.now() });
  }

  private variantOf(r: RawVariant): VariantRow {
    let metrics: VariantMetrics | null = null;
    let metricsError = r.metrics_error;
    if (r.metrics !== null) {
      try {
        metrics = parse(VariantMetricsSchema, r.metrics, `metrics of variant ${r.id}`);
      } catch (err) {
        // Stale or damaged metrics are worked out again rather than shown.
        metricsError = err instanceof Error ? err.message : String(err);
      }
    }
    return {
      id: r.id,
      experimentId: r.experiment_id,
      position: r.position,
      label: r.label,
      spec: parse(VariantSpecSchema, r.spec, `variant ${r.id}'s settings`),
      jobId: r.job_id,
      metrics,
      metricsError,
    };
  }
}
