import type Database from 'better-sqlite3';
import { LoupeError, type AppError, type Estimate, type JobInputView, type JobParams, type JobView, type LeakageMetrics, type MarkupEffect, type Usage } from '../../shared';
import { UPSERT_ASSET_SQL } from './asset-repo';
import { errorJson, JOB_COLUMNS, type JobRow } from './job-rows';
import { JobViews } from './job-views';
import { effectiveFidelity } from '../jobs/fidelity';

export interface NewInput {
  role: JobInputView['role'];
  /** 0-based order within its role; the first image keeps the most detail. */
  position: number;
  assetHash: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
  /** The file name the user knows it by. */
  name?: string | null;
}

export interface NewJob {
  kind: 'generate' | 'edit';
  model: string;
  prompt: string;
  params: JobParams;
  estimate: Estimate | null;
  createdAt: number;
  parentOutputId?: number | null;
  /** The project the job belongs to (checked to exist by the caller). */
  projectId?: number | null;
  /** Edit inputs, recorded in the same transaction as the job (assets upserted). */
  inputs?: NewInput[];
}

export interface NewOutput {
  index: number;
  assetHash: string;
  width: number;
  height: number;
  mime: string;
  bytes: number;
  /** Pixel-locked edits: the locked asset (already stored) and the leakage metrics, in the same transaction. */
  locked?: Omit<NewOutput, 'index' | 'locked' | 'metrics' | 'markupEffect'>;
  metrics?: LeakageMetrics | null;
  /** Markup edits: what the markup-effect check found (usually set later, with setMarkupEffect). */
  markupEffect?: MarkupEffect | null;
}

export interface InputView {
  role: JobInputView['role'];
  position: number;
  assetHash: string;
  mime: string;
  width: number;
  height: number;
}

export interface FinishResult {
  status: 'succeeded' | 'failed' | 'canceled';
  usage: Usage | null;
  costUsd: number | null;
  error: AppError | null;
  finishedAt: number;
}

export const INTERRUPTED_MESSAGE =
  'Loupe stopped while this job was running. Outputs already received were kept; retry to run it again.';

const RETRYABLE_FROM = ['failed', 'interrupted', 'canceled'];

/**
 * Jobs, their inputs and outputs. Every statement is prepared once here; methods are
 * synchronous (better-sqlite3) so each one is atomic with respect to the event loop.
 */
export class JobsRepo {
  private readonly db: Database.Database;
  private readonly now: () => number;
  private readonly seal: ((outputId: number, path: string) => string) | null;
  private readonly s;
  readonly views: JobViews;

  /** `seal` signs saved paths (export/path-seal.ts); without it they are recorded unsealed, so never trusted. */
  constructor(db: Database.Database, opts: { now?: () => number; seal?: (outputId: number, path: string) => string } = {}) {
    this.db = db;
    this.now = opts.now ?? Date.now;
    this.seal = opts.seal ?? null;
    this.views = new JobViews(db);
    this.s = {
      insertJob: db.prepare(
        `INSERT INTO jobs (kind, status, model, prompt, params, estimate, parent_output_id, project_id, input_fidelity, created_at)
         VALUES (@kind, 'queued', @model, @prompt, @params, @estimate, @parentOutputId, @projectId, @fidelity, @createdAt)`,
      ),
      upsertAsset: db.prepare(UPSERT_ASSET_SQL),
      insertInput: db.prepare(
        'INSERT INTO job_inputs (job_id, position, role, asset_hash, name) VALUES (@jobId, @position, @role, @assetHash, @name)',
      ),
      inputsOf: db.prepare(
        `SELECT i.role, i.position, i.asset_hash AS assetHash, a.mime, COALESCE(a.width, 0) AS width, COALESCE(a.height, 0) AS height
         FROM job_inputs i JOIN assets a ON a.hash = i.asset_hash
         WHERE i.job_id = ? ORDER BY i.role, i.position`,
      ),
      getJob: db.prepare(`SELECT ${JOB_COLUMNS} FROM jobs WHERE id = ?`),
      exists: db.prepare('SELECT 1 FROM jobs WHERE id = ?').pluck(),
      // Keyset pagination on the rowid: constant cost per page however deep the history.
      page: db.prepare(`SELECT ${JOB_COLUMNS} FROM jobs WHERE id < ? ORDER BY id DESC LIMIT ?`),
      markRunning: db.prepare(
        `UPDATE jobs SET status = 'running', attempts = attempts + 1, started_at = COALESCE(started_at, @at) WHERE id = @id`,
      ),
      markRetrying: db.prepare(`UPDATE jobs SET status = 'retrying', error = @error WHERE id = @id`),
      addRequestId: db.prepare(
        `UPDATE jobs SET request_ids = CASE
           WHEN EXISTS (SELECT 1 FROM json_each(jobs.request_ids) WHERE value = @rid) THEN request_ids
           ELSE json_insert(request_ids, '$[#]', @rid) END
         WHERE id = @id`,
      ),
      insertOutput: db.prepare(
        'INSERT INTO outputs (job_id, idx, asset_hash, markup_effect, created_at) VALUES (@jobId, @idx, @assetHash, @markupEffect, @createdAt) RETURNING id',
      ).pluck(),
      outputId: db.prepare('SELECT id FROM outputs WHERE job_id = ? AND idx = ?').pluck(),
      setSaved: db.prepare('UPDATE outputs SET saved_path = @savedPath, saved_seal = @seal, save_error = @saveError WHERE id = @id'),
      // The raw file of a locked output: asset_meta's 'output' role, named by the file it was saved as.
      setRawSaved: db.prepare(
        `INSERT INTO asset_meta (hash, kind, name, sources, created_at) VALUES (@hash, 'output', @path, '[]', @at)
         ON CONFLICT (hash, kind) DO UPDATE SET name = excluded.name, created_at = excluded.created_at`,
      ),
      savedSeal: db.prepare('SELECT saved_seal FROM outputs WHERE id = ?').pluck(),
      setMarkupEffect: db.prepare('UPDATE outputs SET markup_effect = @effect WHERE id = @id'),
      setLocked: db.prepare('UPDATE outputs SET locked_asset_hash = @hash, metrics = @metrics WHERE id = @id'),
      finish: db.prepare(
        `UPDATE jobs SET status = @status, usage = @usage, cost_usd = @costUsd, error = @error, finished_at = @finishedAt
         WHERE id = @id`,
      ),
      requeue: db.prepare(
        `UPDATE jobs SET status = 'queued', error = NULL, finished_at = NULL
         WHERE id = ? AND status IN (${RETRYABLE_FROM.map((s) => `'${s}'`).join(', ')})`,
      ),
      // After a stop: a job waiting to be sent (or waiting out a retry, its last answer in
      // hand) can be sent; one whose request was on its way cannot, its answer may be lost.
      resumable: db.prepare(`UPDATE jobs SET status = 'queued' WHERE status IN ('queued', 'retrying') RETURNING id`).pluck(),
      interruptSent: db.prepare(
        `UPDATE jobs SET status = 'interrupted', error = @error, finished_at = @at WHERE status = 'running' RETURNING id`,
      ).pluck(),
      queuedIds: db.prepare(`SELECT id FROM jobs WHERE status = 'queued' ORDER BY id`).pluck(),
      pending: db.prepare(
        `SELECT model, json_extract(params, '$.n') AS n, (SELECT COUNT(*) FROM outputs o WHERE o.job_id = jobs.id) AS got FROM jobs WHERE id = ?`,
      ),
      interrupt: db.prepare(
        `UPDATE jobs SET status = 'interrupted', error = @error, finished_at = @at
         WHERE status IN ('queued', 'running', 'retrying') RETURNING id`,
      ).pluck(),
    };
  }

  /** Runs `fn` in one transaction (nested calls become savepoints): a job and what refers to it are written together. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  create(job: NewJob): number {
    const tx = this.db.transaction((j: NewJob): number => {
      let id: number;
      try {
        const info = this.s.insertJob.run({
          kind: j.kind,
          model: j.model,
          prompt: j.prompt,
          params: JSON.stringify(j.params),
          estimate: j.estimate === null ? null : JSON.stringify(j.estimate),
          parentOutputId: j.parentOutputId ?? null,
          projectId: j.projectId ?? null,
          fidelity: effectiveFidelity(j.kind, j.model, j.params.inputFidelity),
          createdAt: j.createdAt,
        });
        id = Number(info.lastInsertRowid);
      } catch (err) {
        if (isForeignKeyError(err)) {
          throw new LoupeError('NOT_FOUND', 'The output this edit starts from is no longer in the library.');
        }
        throw err;
      }
      for (const input of j.inputs ?? []) this.insertInput(id, input, j.createdAt);
      return id;
    });
    return tx(job);
  }

  /** Records more inputs for an existing job (same rules as NewJob.inputs). */
  addInputs(jobId: number, inputs: NewInput[]): void {
    const at = this.now();
    this.db.transaction(() => {
      this.requireJob(jobId);
      for (const input of inputs) this.insertInput(jobId, input, at);
    })();
  }

  /** Inputs ordered by role (images, markup, mask), each by position. */
  inputsOf(jobId: number): InputView[] {
    return this.s.inputsOf.all(jobId) as InputView[];
  }

  get(id: number): JobView | null {
    const row = this.s.getJob.get(id) as JobRow | undefined;
    return row ? (this.views.assemble([row])[0] ?? null) : null;
  }

  /** JobViews in the order of `ids` (the gallery's visible slice); missing ids are skipped. */
  getMany(ids: readonly number[]): JobView[] {
    return this.views.byIds(ids);
  }

  list(q: { limit: number; before?: number }): { items: JobView[]; nextBefore: number | null } {
    const limit = Math.max(1, Math.floor(q.limit));
    // One extra row tells whether another page exists without a COUNT.
    const rows = this.s.page.all(q.before ?? Number.MAX_SAFE_INTEGER, limit + 1) as JobRow[];
    const hasMore = rows.length > limit;
    const pageRows = hasMore ? rows.slice(0, limit) : rows;
    const items = this.views.assemble(pageRows);
    return { items, nextBefore: hasMore ? (pageRows[pageRows.length - 1]?.id ?? null) : null };
  }

  /** The error of a previous attempt stays visible until the job finishes or is requeued. */
  markRunning(id: number, at: number): void {
    this.expectChanged(this.s.markRunning.run({ id, at }), id);
  }

  markRetrying(id: number, error: AppError): void {
    this.expectChanged(this.s.markRetrying.run({ id, error: errorJson(error) }), id);
  }

  /** Appends once: recording the same request id twice is a no-op. */
  addRequestId(id: number, requestId: string): void {
    this.expectChanged(this.s.addRequestId.run({ id, rid: requestId }), id);
  }

  /**
   * Records an output whose bytes are already in the store. Idempotent on (job, index):
   * a second call returns the first output's id and leaves that row as it was.
   */
  addOutput(jobId: number, o: NewOutput): number {
    return this.db.transaction((): number => {
      this.requireJob(jobId);
      // Checked first so a repeated call does not leave an asset row no output uses.
      const existing = this.s.outputId.get(jobId, o.index) as number | undefined;
      if (existing !== undefined) return existing;
      const at = this.now();
      this.s.upsertAsset.run({ hash: o.assetHash, mime: o.mime, width: o.width, height: o.height, bytes: o.bytes, createdAt: at });
      const markupEffect = o.markupEffect ? JSON.stringify(o.markupEffect) : null;
      const id = this.s.insertOutput.get({ jobId, idx: o.index, assetHash: o.assetHash, markupEffect, createdAt: at }) as number;
      if (o.locked) this.lock(id, o.locked, o.metrics ?? null);
      return id;
    })();
  }

  /** Where the raw output (by its asset) was saved beside its locked file: OutputView.rawSavedPath. */
  setRawSaved(assetHash: string, path: string): void {
    this.s.setRawSaved.run({ hash: assetHash, path, at: Date.now() });
  }

  setOutputSaved(outputId: number, savedPath: string | null, saveError: string | null): void {
    const seal = savedPath !== null && this.seal ? this.seal(outputId, savedPath) : null;
    const info = this.s.setSaved.run({ id: outputId, savedPath, seal, saveError });
    if (info.changes === 0) throw new LoupeError('NOT_FOUND', `Output ${outputId} is not in the library.`);
  }

  /** For markup edits: whether the model followed the marks (jobs/markup-check). */
  setMarkupEffect(outputId: number, effect: MarkupEffect): void {
    const info = this.s.setMarkupEffect.run({ id: outputId, effect: JSON.stringify(effect) });
    if (info.changes === 0) throw new LoupeError('NOT_FOUND', `Output ${outputId} is not in the library.`);
  }

  /** The seal recorded with an output's saved path (null: none, or no such output). */
  savedSeal(outputId: number): string | null {
    return (this.s.savedSeal.get(outputId) as string | null | undefined) ?? null;
  }

  /** For pixel-locked edits: the pasted-back asset (already in the store) and its metrics. */
  setLockedOutput(outputId: number, locked: Omit<NewOutput, 'index' | 'locked' | 'metrics' | 'markupEffect'>, metrics: unknown): void {
    this.db.transaction(() => this.lock(outputId, locked, metrics))();
  }

  private lock(outputId: number, locked: Omit<NewOutput, 'index' | 'locked' | 'metrics' | 'markupEffect'>, metrics: unknown): void {
    this.s.upsertAsset.run({ hash: locked.assetHash, mime: locked.mime, width: locked.width, height: locked.height, bytes: locked.bytes, createdAt: this.now() });
    const info = this.s.setLocked.run({ id: outputId, hash: locked.assetHash, metrics: metrics === undefined || metrics === null ? null : JSON.stringify(metrics) });
    if (info.changes === 0) throw new LoupeError('NOT_FOUND', `Output ${outputId} is not in the library.`);
  }

  finish(id: number, r: FinishResult): void {
    this.expectChanged(
      this.s.finish.run({
        id,
        status: r.status,
        usage: r.usage === null ? null : JSON.stringify(r.usage),
        costUsd: r.costUsd,
        error: errorJson(r.error),
        finishedAt: r.finishedAt,
      }),
      id,
    );
  }

  /** Only a failed, interrupted or canceled job can run again; outputs it already has stay. */
  requeue(id: number): void {
    if (this.s.requeue.run(id).changes > 0) return;
    const job = this.s.getJob.get(id) as JobRow | undefined;
    if (!job) throw new LoupeError('NOT_FOUND', `Job ${id} is not in the history.`);
    throw new LoupeError('CONFLICT', `Job ${id} is ${job.status}; only failed, interrupted or canceled jobs can be retried.`);
  }

  /**
   * At start, after a stop or a crash: jobs whose request was on its way are marked
   * interrupted (nothing is sent again on its own: the answer may have been billed); jobs
   * that were waiting to be sent go back to the queue. Returns both lists, ids ascending.
   */
  recoverAtStart(at: number): { requeue: number[]; interrupted: number[] } {
    const error = errorJson({ code: 'INTERRUPTED', message: INTERRUPTED_MESSAGE });
    return this.db.transaction(() => {
      const interrupted = (this.s.interruptSent.all({ at, error }) as number[]).sort((a, b) => a - b);
      const requeue = (this.s.resumable.all() as number[]).sort((a, b) => a - b);
      return { requeue, interrupted };
    })();
  }

  /** Jobs waiting to be sent, oldest first. */
  queuedIds(): number[] {
    return this.s.queuedIds.all() as number[];
  }

  /** The model and the number of images a job still needs (for the rate limit); null if gone. */
  pendingImages(id: number): { model: string; images: number } | null {
    const r = this.s.pending.get(id) as { model: string; n: number | null; got: number } | undefined;
    return r ? { model: r.model, images: Math.max(1, (r.n ?? 1) - r.got) } : null;
  }

  interruptRunning(at: number): number[] {
    const error = errorJson({ code: 'INTERRUPTED', message: INTERRUPTED_MESSAGE });
    return (this.s.interrupt.all({ at, error }) as number[]).sort((a, b) => a - b);
  }

  private insertInput(jobId: number, i: NewInput, at: number): void {
    this.s.upsertAsset.run({ hash: i.assetHash, mime: i.mime, width: i.width, height: i.height, bytes: i.bytes, createdAt: at });
    this.s.insertInput.run({ jobId, position: i.position, role: i.role, assetHash: i.assetHash, name: i.name ?? null });
  }

  private requireJob(id: number): void {
    if (!this.s.exists.get(id)) throw new LoupeError('NOT_FOUND', `Job ${id} is not in the history.`);
  }

  private expectChanged(info: Database.RunResult, id: number): void {
    if (info.changes === 0) throw new LoupeError('NOT_FOUND', `Job ${id} is not in the history.`);
  }
}

function isForeignKeyError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}
