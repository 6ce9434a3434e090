/**
 * Batches, their items and the Batch API batches an economy run submitted. Synchronous
 * (better-sqlite3): each method is atomic with respect to the event loop. JSON columns
 * were written here from validated values; the recipe is parsed again on the way out,
 * because the file is anyone's to edit.
 */
import type Database from 'better-sqlite3';
import {
  BatchEstimateSchema,
  BatchRecipeSchema,
  LoupeError,
  type AppError,
  type BatchEstimate,
  type BatchItemStatus,
  type BatchItemView,
  type BatchMode,
  type BatchRecipe,
  type BatchStatus,
  type BatchSummary,
} from '../../shared';
import { errorJson } from '../db/job-rows';

interface BatchRow {
  id: number;
  key: string;
  mode: BatchMode;
  status: BatchStatus;
  input_dir: string;
  output_dir: string;
  naming_template: string;
  recipe: string;
  budget_usd: number | null;
  estimate: string;
  note: string | null;
  created_at: number;
  finished_at: number | null;
}

export interface ItemRow {
  id: number;
  batch_id: number;
  rel_path: string;
  status: BatchItemStatus;
  source_hash: string | null;
  job_id: number | null;
  review: 'approved' | 'rejected' | null;
  error: string | null;
  remote_id: string | null;
  params: string | null;
  /** From the job: */
  job_status: string | null;
  cost_usd: number | null;
  output_hash: string | null;
  locked_hash: string | null;
  saved_path: string | null;
  save_error: string | null;
}

export interface RemoteRow {
  id: string;
  batch_id: number;
  input_file_id: string;
  status: string;
  total: number;
  completed: number;
  failed: number;
  output_file_id: string | null;
  error_file_id: string | null;
  collected: number;
}

export interface BatchRecord {
  id: number;
  key: string;
  mode: BatchMode;
  status: BatchStatus;
  inputDir: string;
  outputDir: string;
  namingTemplate: string;
  recipe: BatchRecipe;
  budgetUsd: number | null;
  estimate: BatchEstimate;
  note: string | null;
  createdAt: number;
  finishedAt: number | null;
}

const ITEM_SQL = `SELECT i.*, j.status AS job_status, j.cost_usd,
    (SELECT o.asset_hash FROM outputs o WHERE o.job_id = i.job_id ORDER BY o.idx LIMIT 1) AS output_hash,
    (SELECT o.locked_asset_hash FROM outputs o WHERE o.job_id = i.job_id ORDER BY o.idx LIMIT 1) AS locked_hash,
    (SELECT o.saved_path FROM outputs o WHERE o.job_id = i.job_id ORDER BY o.idx LIMIT 1) AS saved_path,
    (SELECT o.save_error FROM outputs o WHERE o.job_id = i.job_id ORDER BY o.idx LIMIT 1) AS save_error
  FROM batch_items i LEFT JOIN jobs j ON j.id = i.job_id`;

export class BatchRepo {
  readonly db: Database.Database;
  private readonly s;

  constructor(db: Database.Database) {
    this.db = db;
    this.s = {
      byKey: db.prepare('SELECT * FROM batches WHERE key = ?'),
      byId: db.prepare('SELECT * FROM batches WHERE id = ?'),
      list: db.prepare('SELECT * FROM batches ORDER BY id DESC LIMIT 200'),
      active: db.prepare(`SELECT * FROM batches WHERE status IN ('running', 'waiting') ORDER BY id`),
      insert: db.prepare(
        `INSERT INTO batches (key, mode, status, input_dir, output_dir, naming_template, recipe, budget_usd, estimate, created_at)
         VALUES (@key, @mode, 'running', @inputDir, @outputDir, @namingTemplate, @recipe, @budgetUsd, @estimate, @createdAt)`,
      ),
      restart: db.prepare(`UPDATE batches SET mode = @mode, status = 'running', budget_usd = @budgetUsd, estimate = @estimate, note = NULL, finished_at = NULL WHERE id = @id`),
      setStatus: db.prepare('UPDATE batches SET status = @status, note = @note, finished_at = @finishedAt WHERE id = @id'),
      insertItem: db.prepare(`INSERT OR IGNORE INTO batch_items (batch_id, rel_path, status) VALUES (?, ?, 'pending')`),
      items: db.prepare(`${ITEM_SQL} WHERE i.batch_id = ? ORDER BY i.rel_path`),
      item: db.prepare(`${ITEM_SQL} WHERE i.id = ?`),
      itemByJob: db.prepare('SELECT id, batch_id FROM batch_items WHERE job_id = ?'),
      setItem: db.prepare('UPDATE batch_items SET status = @status, error = @error WHERE id = @id'),
      setItemJob: db.prepare(`UPDATE batch_items SET status = 'queued', job_id = @jobId, source_hash = @sourceHash, error = NULL WHERE id = @id`),
      setItemSource: db.prepare('UPDATE batch_items SET source_hash = @sourceHash WHERE id = @id'),
      setItemRemote: db.prepare(`UPDATE batch_items SET status = 'submitted', remote_id = @remoteId, source_hash = @sourceHash, params = @params, error = NULL WHERE id = @id`),
      review: db.prepare('UPDATE batch_items SET review = @review WHERE id = @id AND batch_id = @batchId'),
      spent: db.prepare('SELECT COALESCE(SUM(j.cost_usd), 0) FROM batch_items i JOIN jobs j ON j.id = i.job_id WHERE i.batch_id = ?').pluck(),
      insertRemote: db.prepare(
        `INSERT INTO batch_remote (id, batch_id, input_file_id, status, total, created_at) VALUES (@id, @batchId, @inputFileId, @status, @total, @createdAt)`,
      ),
      remotes: db.prepare('SELECT * FROM batch_remote WHERE batch_id = ? ORDER BY created_at, id'),
      updateRemote: db.prepare(
        `UPDATE batch_remote SET status = @status, completed = @completed, failed = @failed, output_file_id = @outputFileId, error_file_id = @errorFileId WHERE id = @id`,
      ),
      collected: db.prepare('UPDATE batch_remote SET collected = 1 WHERE id = ?'),
    };
  }

  byKey(key: string): BatchRecord | null {
    const r = this.s.byKey.get(key) as BatchRow | undefined;
    return r ? toRecord(r) : null;
  }

  get(id: number): BatchRecord {
    const r = this.s.byId.get(id) as BatchRow | undefined;
    if (!r) throw new LoupeError('NOT_FOUND', `Batch ${id} is not in the library.`);
    return toRecord(r);
  }

  list(): BatchRecord[] {
    return (this.s.list.all() as BatchRow[]).map(toRecord);
  }

  active(): BatchRecord[] {
    return (this.s.active.all() as BatchRow[]).map(toRecord);
  }

  /** Creates the batch or restarts the existing one with the same key, and adds items for files not seen before. */
  upsert(b: { key: string; mode: BatchMode; inputDir: string; outputDir: string; namingTemplate: string; recipe: BatchRecipe; budgetUsd: number | null; estimate: BatchEstimate; createdAt: number }, relPaths: readonly string[]): number {
    return this.db.transaction((): number => {
      const existing = this.s.byKey.get(b.key) as BatchRow | undefined;
      let id: number;
      if (existing) {
        id = existing.id;
        this.s.restart.run({ id, mode: b.mode, budgetUsd: b.budgetUsd, estimate: JSON.stringify(b.estimate) });
      } else {
        const info = this.s.insert.run({ ...b, recipe: JSON.stringify(b.recipe), estimate: JSON.stringify(b.estimate) });
        id = Number(info.lastInsertRowid);
      }
      for (const p of relPaths) this.s.insertItem.run(id, p);
      return id;
    })();
  }

  setStatus(id: number, status: BatchStatus, note: string | null, finishedAt: number | null): void {
    this.s.setStatus.run({ id, status, note, finishedAt });
  }

  items(batchId: number): ItemRow[] {
    return this.s.items.all(batchId) as ItemRow[];
  }

  item(itemId: number): ItemRow | null {
    return (this.s.item.get(itemId) as ItemRow | undefined) ?? null;
  }

  itemOfJob(jobId: number): { id: number; batch_id: number } | null {
    return (this.s.itemByJob.get(jobId) as { id: number; batch_id: number } | undefined) ?? null;
  }

  setItem(itemId: number, status: BatchItemStatus, error: AppError | null = null): void {
    this.s.setItem.run({ id: itemId, status, error: errorJson(error) });
  }

  setItemJob(itemId: number, jobId: number, sourceHash: string): void {
    this.s.setItemJob.run({ id: itemId, jobId, sourceHash });
  }

  setItemSource(itemId: number, sourceHash: string): void {
    this.s.setItemSource.run({ id: itemId, sourceHash });
  }

  review(batchId: number, itemIds: readonly number[], review: 'approved' | 'rejected' | null): void {
    this.db.transaction(() => {
      for (const id of itemIds) this.s.review.run({ id, batchId, review });
    })();
  }

  spentUsd(batchId: number): number {
    return this.s.spent.get(batchId) as number;
  }

  /** The Batch API batch and the items it carries, in one transaction. */
  addRemote(r: { id: string; batchId: number; inputFileId: string; status: string; total: number; createdAt: number }, items: ReadonlyArray<{ id: number; sourceHash: string; params: unknown }>): void {
    this.db.transaction(() => {
      this.s.insertRemote.run(r);
      for (const i of items) this.s.setItemRemote.run({ id: i.id, remoteId: r.id, sourceHash: i.sourceHash, params: JSON.stringify(i.params) });
    })();
  }

  remotes(batchId: number): RemoteRow[] {
    return this.s.remotes.all(batchId) as RemoteRow[];
  }

  updateRemote(r: { id: string; status: string; completed: number; failed: number; outputFileId: string | null; errorFileId: string | null }): void {
    this.s.updateRemote.run(r);
  }

  markCollected(remoteId: string): void {
    this.s.collected.run(remoteId);
  }

  /** The item as the renderer sees it. */
  static view(r: ItemRow): BatchItemView {
    return {
      id: r.id,
      relPath: r.rel_path,
      status: r.status,
      sourceHash: r.source_hash,
      jobId: r.job_id,
      outputHash: r.locked_hash ?? r.output_hash,
      outputPath: r.saved_path,
      review: r.review,
      costUsd: r.cost_usd,
      error: r.error ? (JSON.parse(r.error) as AppError) : r.save_error ? { code: 'STORAGE_ERROR', message: r.save_error } : null,
    };
  }

  summary(b: BatchRecord, items: readonly ItemRow[]): BatchSummary {
    const count = (s: BatchItemStatus[]) => items.filter((i) => s.includes(i.status)).length;
    return {
      id: b.id,
      status: b.status,
      mode: b.mode,
      inputDir: b.inputDir,
      outputDir: b.outputDir,
      namingTemplate: b.namingTemplate,
      recipe: b.recipe,
      budgetUsd: b.budgetUsd,
      estimate: b.estimate,
      spentUsd: this.spentUsd(b.id),
      counts: {
        total: items.length,
        pending: count(['pending', 'queued']),
        running: count(['running', 'submitted']),
        succeeded: count(['succeeded']),
        failed: count(['failed']),
        canceled: count(['canceled']),
        skipped: count(['skipped']),
        approved: items.filter((i) => i.review === 'approved').length,
        rejected: items.filter((i) => i.review === 'rejected').length,
      },
      remote: this.remotes(b.id).map((r) => ({ id: r.id, status: r.status, completed: r.completed, failed: r.failed, total: r.total })),
      createdAt: b.createdAt,
      finishedAt: b.finishedAt,
      note: b.note,
    };
  }
}

function toRecord(r: BatchRow): BatchRecord {
  const recipe = BatchRecipeSchema.safeParse(JSON.parse(r.recipe));
  const estimate = BatchEstimateSchema.safeParse(JSON.parse(r.estimate));
  if (!recipe.success || !estimate.success) throw new LoupeError('INTERNAL', `Batch ${r.id} is damaged in the library (its recipe cannot be read).`);
  return {
    id: r.id,
    key: r.key,
    mode: r.mode,
    status: r.status,
    inputDir: r.input_dir,
    outputDir: r.output_dir,
    namingTemplate: r.naming_template,
    recipe: recipe.data,
    budgetUsd: r.budget_usd,
    estimate: estimate.data,
    note: r.note,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  };
}
