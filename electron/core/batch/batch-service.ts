/**
 * Batches: one recipe over a folder of photos (schemas-batch.ts has the channels).
 *
 * "Now" mode feeds the job queue a few photos at a time (twice its concurrency), so the
 * budget is checked before each photo is sent and a cancel leaves most photos unsent.
 * Each photo becomes an ordinary edit job (History shows it; the queue's rate limit,
 * retries, pause and offline wait apply), created in the same transaction that ties it to
 * its item, so a kill can never leave a job without its item or send a photo twice.
 *
 * After a restart, jobs that were waiting are sent by the queue on its own and the feeding
 * goes on; a photo whose request was on its way is marked interrupted (its answer may have
 * been billed) and is sent again only when the person starts the same batch again or
 * retries the failed. Done photos are never sent again.
 *
 * "Economy" mode hands the photos to the Batch API instead (batch-economy.ts).
 */
import { readFile } from 'node:fs/promises';
import {
  ASSUME,
  BatchStartSchema,
  LoupeError,
  type AppError,
  type BatchEstimate,
  type BatchPlan,
  type BatchStart,
  type BatchSummary,
  type BatchView,
  type EditInput,
  type JobEvent,
  type JobView,
  type KitView,
} from '../../shared';
import type { JobsRepo } from '../db/jobs-repo';
import type { EditPlanner } from '../edit/edit-plan';
import type { Library } from '../edit/library';
import type { OutputRoute } from '../export/output-export';
import { formatUsd } from '../jobs/budget';
import type { JobStarters } from '../jobs/job-handlers';
import type { JobQueue } from '../jobs/job-queue';
import type { KitRepo } from '../kits/kit-repo';
import { invalidArguments } from '../invoke';
import { BatchRepo, type BatchRecord, type ItemRow } from './batch-repo';
import { checkFolders, ensureOutputDir, mirroredDir, photoPath, sourceStem, walkPhotos, type FolderRules } from './batch-folders';
import { batchKey, economyFor, itemEdit, maskForPhoto, resolveRecipe, type ResolvedRecipe } from './batch-recipe';

export interface EconomyRunner {
  /** Sends the batch's pending photos to the Batch API. */
  submit(batch: BatchRecord, items: readonly ItemRow[], prepare: (item: ItemRow) => Promise<PreparedItem>): Promise<void>;
  /** Starts (or resumes) polling the batch's Batch API batches. */
  watch(batchId: number): void;
  cancel(batchId: number): Promise<void>;
  close(): void;
}

/** One photo ready to send: its edit, and the source as stored. */
export interface PreparedItem {
  params: ReturnType<typeof itemEdit>;
  sourceHash: string;
}

export interface BatchDeps {
  repo: BatchRepo;
  jobs: JobsRepo;
  queue: JobQueue;
  library: Library;
  planner: EditPlanner;
  kits: KitRepo;
  starters: JobStarters;
  folders: FolderRules;
  emit: (event: JobEvent) => void;
  now: () => number;
  log: (message: string) => void;
  /** Cancels a job as jobs:cancel does (records the status). */
  cancelJob: (jobId: number) => Promise<void>;
  economy: EconomyRunner | null;
}

const FINAL_ITEM = new Set(['succeeded', 'failed', 'canceled', 'skipped']);

export class BatchService {
  readonly #d: BatchDeps;
  readonly #feeding = new Map<number, Promise<void>>();
  #closed = false;

  constructor(d: BatchDeps) {
    this.#d = d;
  }

  /** What would run: the photos found, both prices, and whether this is a batch started before. */
  async plan(args: unknown): Promise<BatchPlan> {
    const start = parse(args);
    const { folders, walk, estimate, existing } = await this.#survey(start);
    const done = existing ? this.#d.repo.items(existing.id).filter((i) => i.status === 'succeeded').length : 0;
    const remaining = Math.max(0, walk.files.length - done);
    const spent = existing ? this.#d.repo.spentUsd(existing.id) : 0;
    const price = start.mode === 'economy' ? estimate.perItemUsd * ASSUME.batchDiscount : estimate.perItemUsd;
    return {
      inputDir: folders.inputDir,
      outputDir: folders.outputDir,
      files: walk.files.length,
      folders: walk.folders,
      sample: walk.files.slice(0, 20),
      skipped: walk.skipped.slice(0, 200),
      estimate,
      existing: existing ? { batchId: existing.id, done } : null,
      overBudget: start.budgetUsd !== null && spent + remaining * price > start.budgetUsd + 1e-9,
    };
  }

  /** Starts the batch, or resumes the same one: done photos are skipped, interrupted ones sent again. */
  async start(args: unknown): Promise<BatchView> {
    const start = parse(args);
    const { folders, walk, estimate, existing, recipe } = await this.#survey(start);
    if (walk.files.length === 0) throw new LoupeError('INVALID_ARGUMENTS', `There are no photos in ${start.inputDir} or its subfolders.`, { path: start.inputDir });
    if (start.mode === 'economy' && !estimate.economyAvailable) throw new LoupeError('UNSUPPORTED', estimate.economyNote ?? 'Economy is not available for this batch.');
    if (start.mode === 'economy' && !this.#d.economy) throw new LoupeError('UNSUPPORTED', 'Economy batches are not available here.');
    if (existing && (existing.status === 'running' || existing.status === 'waiting') && existing.mode !== start.mode) {
      throw new LoupeError('CONFLICT', `This batch is already running in ${existing.mode === 'now' ? 'Now' : 'Economy'} mode. Cancel it first to switch.`);
    }
    const items = existing ? this.#d.repo.items(existing.id) : [];
    const done = new Set(items.filter((i) => i.status === 'succeeded').map((i) => i.rel_path));
    const remaining = walk.files.filter((f) => !done.has(f)).length;
    const spent = existing ? this.#d.repo.spentUsd(existing.id) : 0;
    const price = start.mode === 'economy' ? estimate.economyUsd / Math.max(1, estimate.items) : estimate.perItemUsd;
    if (start.budgetUsd !== null && spent + remaining * price > start.budgetUsd + 1e-9) {
      throw new LoupeError(
        'BUDGET_EXCEEDED',
        `The ${remaining} photo${remaining === 1 ? '' : 's'} left would cost about ${formatUsd(remaining * price)}${spent > 0 ? ` on top of ${formatUsd(spent)} spent` : ''}, over the ${formatUsd(start.budgetUsd)} budget. Raise the budget, choose Economy, or split the folder.`,
        { budgetUsd: start.budgetUsd, spentUsd: spent, estimateUsd: remaining * price },
      );
    }
    await ensureOutputDir(folders.outputDir);
    const id = this.#d.repo.upsert(
      { key: batchKey(folders.inputDir, folders.outputDir, start.namingTemplate, start.recipe), mode: start.mode, inputDir: folders.inputDir, outputDir: folders.outputDir, namingTemplate: start.namingTemplate, recipe: start.recipe, budgetUsd: start.budgetUsd, estimate, createdAt: this.#d.now() },
      walk.files,
    );
    void recipe;
    // Resuming: photos cut off by a stop (their answers never arrived) go again; so do
    // canceled ones. Failed photos wait for "Retry failed".
    for (const item of this.#d.repo.items(id)) {
      if (item.status === 'canceled' || (item.status === 'failed' && item.error && (JSON.parse(item.error) as AppError).code === 'INTERRUPTED')) this.#reset(item);
    }
    this.#announce(id);
    if (start.mode === 'economy') await this.#submitEconomy(id);
    else this.#feed(id);
    return this.view(id);
  }

  view(batchId: number): BatchView {
    const b = this.#d.repo.get(batchId);
    const items = this.#d.repo.items(batchId);
    return { ...this.#d.repo.summary(b, items), items: items.map(BatchRepo.view) };
  }

  list(): BatchSummary[] {
    return this.#d.repo.list().map((b) => this.#d.repo.summary(b, this.#d.repo.items(b.id)));
  }

  async cancel(batchId: number): Promise<BatchView> {
    const b = this.#d.repo.get(batchId);
    if (b.status !== 'running' && b.status !== 'waiting') return this.view(batchId);
    this.#d.repo.setStatus(batchId, 'canceled', 'Canceled: photos not yet sent were left as they were.', this.#d.now());
    if (b.mode === 'economy') await this.#d.economy?.cancel(batchId);
    for (const item of this.#d.repo.items(batchId)) {
      if (item.status === 'pending') this.#d.repo.setItem(item.id, 'canceled');
      else if ((item.status === 'queued' || item.status === 'running') && item.job_id !== null) await this.#d.cancelJob(item.job_id).catch(() => undefined);
    }
    this.#announce(batchId);
    return this.view(batchId);
  }

  review(batchId: number, itemIds: readonly number[], review: 'approved' | 'rejected' | null): BatchView {
    this.#d.repo.get(batchId);
    const known = new Map(this.#d.repo.items(batchId).map((i) => [i.id, i]));
    for (const id of itemIds) {
      const item = known.get(id);
      if (!item) throw new LoupeError('NOT_FOUND', `Item ${id} is not part of batch ${batchId}.`);
      if (review !== null && item.status !== 'succeeded') throw new LoupeError('CONFLICT', `${item.rel_path} has no result to ${review === 'approved' ? 'approve' : 'reject'} yet.`);
    }
    this.#d.repo.review(batchId, itemIds, review);
    this.#announce(batchId);
    return this.view(batchId);
  }

  /** Failed and canceled photos run again; a job that got part of its answer asks only for the rest. */
  async retryFailed(batchId: number): Promise<BatchView> {
    const b = this.#d.repo.get(batchId);
    const failed = this.#d.repo.items(batchId).filter((i) => i.status === 'failed' || i.status === 'canceled');
    if (failed.length === 0) return this.view(batchId);
    for (const item of failed) this.#reset(item);
    this.#d.repo.setStatus(batchId, 'running', null, null);
    this.#announce(batchId);
    if (b.mode === 'economy') await this.#submitEconomy(batchId);
    else this.#feed(batchId);
    return this.view(batchId);
  }

  /** At start: batches that were running go on (waiting photos are already back in the queue). */
  resumeAtStart(): void {
    for (const b of this.#d.repo.active()) {
      for (const item of this.#d.repo.items(b.id)) {
        if (item.job_id !== null && !FINAL_ITEM.has(item.status)) this.#syncItem(item.id, item.job_status);
      }
      if (b.mode === 'economy') this.#d.economy?.watch(b.id);
      else this.#feed(b.id);
    }
  }

  /** Every job event passes here: a batch's job moves its item along. */
  onJob(job: JobView): void {
    const ref = this.#d.repo.itemOfJob(job.id);
    if (!ref) return;
    this.#syncItem(ref.id, job.status, job.error);
    this.#announce(ref.batch_id);
    if (['succeeded', 'failed', 'canceled', 'interrupted'].includes(job.status)) this.#feed(ref.batch_id);
  }

  /** Where a batch job's results are saved; null for every other job. */
  route(jobId: number): OutputRoute | null {
    const ref = this.#d.repo.itemOfJob(jobId);
    if (!ref) return null;
    const b = this.#d.repo.get(ref.batch_id);
    const item = this.#d.repo.item(ref.id)!;
    return {
      dir: mirroredDir(b.outputDir, item.rel_path),
      template: b.namingTemplate,
      source: sourceStem(item.rel_path),
      record: { id: b.id, source: item.rel_path, mode: b.mode, recipe: b.recipe },
    };
  }

  /** Output folders of batches: files saved there are Loupe's own (reveal, drag). */
  outputFolders(): string[] {
    return [...new Set(this.#d.repo.list().map((b) => b.outputDir))];
  }

  close(): void {
    this.#closed = true;
    this.#d.economy?.close();
  }

  /** Imports one photo and makes its edit (and mask); also what an economy submission sends. */
  async prepare(b: BatchRecord, item: ItemRow, resolved?: ResolvedRecipe): Promise<PreparedItem> {
    const r = resolved ?? resolveRecipe(b.recipe, this.#kit(b.recipe.kit?.id));
    const path = await photoPath(b.inputDir, item.rel_path);
    const bytes = await readFile(path).catch(() => {
      throw new LoupeError('NOT_FOUND', `${item.rel_path} could not be read from the photo folder.`, { path });
    });
    const name = item.rel_path.split('/').pop() ?? item.rel_path;
    const asset = await this.#d.library.importImage(name, bytes.toString('base64'));
    const photo: EditInput = { hash: asset.hash, name };
    const mask = b.recipe.maskTemplate ? await maskForPhoto(this.#d.library, b.recipe.maskTemplate, photo) : undefined;
    return { params: itemEdit(b.recipe, r, photo, mask), sourceHash: asset.hash };
  }

  #kit(id: number | undefined): KitView | null {
    return id === undefined ? null : this.#d.kits.get(id);
  }

  async #survey(start: BatchStart) {
    const folders = await checkFolders(start.inputDir, start.outputDir, this.#d.folders);
    const walk = await walkPhotos(folders.inputDir);
    const kit = this.#kit(start.recipe.kit?.id);
    const recipe = resolveRecipe(start.recipe, kit);
    const estimate = await this.#estimate(start, folders.inputDir, walk.files, recipe);
    const existing = this.#d.repo.byKey(batchKey(folders.inputDir, folders.outputDir, start.namingTemplate, start.recipe));
    return { folders, walk, estimate, existing, recipe };
  }

  /**
   * Both prices, worked out for the first photo with the very edit it would get (its size
   * as sent, the references, the mask) and multiplied: photos of one shoot share a size.
   */
  async #estimate(start: BatchStart, inputDir: string, files: readonly string[], r: ResolvedRecipe): Promise<BatchEstimate> {
    const economy = economyFor(r.model, ASSUME.batchModels);
    const empty = { items: 0, perItemUsd: 0, nowUsd: 0, economyUsd: 0, economyAvailable: economy.available, economyNote: economy.note, assumptions: [] };
    if (files.length === 0) return empty;
    const first = files[0]!;
    const fake: ItemRow = { id: 0, batch_id: 0, rel_path: first, status: 'pending', source_hash: null, job_id: null, review: null, error: null, remote_id: null, params: null, job_status: null, cost_usd: null, output_hash: null, locked_hash: null, saved_path: null, save_error: null };
    const b = { inputDir, recipe: start.recipe } as BatchRecord;
    let prepared: PreparedItem;
    try {
      prepared = await this.prepare(b, fake, r);
    } catch (err) {
      if (err instanceof LoupeError) throw new LoupeError(err.code, `The first photo (${first}): ${err.message}`, err.detail);
      throw err;
    }
    const plan = await this.#d.planner.plan(prepared.params);
    const per = plan.estimate.costUsd;
    return {
      items: files.length,
      perItemUsd: per,
      nowUsd: per * files.length,
      economyUsd: per * files.length * ASSUME.batchDiscount,
      economyAvailable: economy.available,
      economyNote: economy.note,
      assumptions: [`Worked out for the first photo (${first}); photos of other sizes cost a little more or less.`, ...r.notes, ...plan.estimate.assumptions],
    };
  }

  #reset(item: ItemRow): void {
    if (item.job_id !== null && (item.status === 'failed' || item.status === 'canceled')) {
      const job = item.job_id !== null ? this.#d.jobs.get(item.job_id) : null;
      if (job && ['failed', 'interrupted', 'canceled'].includes(job.status)) {
        // The same job again: it asks only for what it lacks, and History keeps one entry.
        this.#d.jobs.requeue(job.id);
        this.#d.repo.setItem(item.id, 'queued');
        this.#d.queue.enqueue(job.id);
        this.#d.emit({ type: 'job', job: this.#d.jobs.get(job.id)! });
        return;
      }
    }
    this.#d.repo.setItem(item.id, 'pending');
  }

  #syncItem(itemId: number, jobStatus: string | null, error?: AppError | null): void {
    switch (jobStatus) {
      case 'queued':
      case 'retrying':
        this.#d.repo.setItem(itemId, 'queued');
        break;
      case 'running':
        this.#d.repo.setItem(itemId, 'running');
        break;
      case 'succeeded':
        this.#d.repo.setItem(itemId, 'succeeded');
        break;
      case 'canceled':
        this.#d.repo.setItem(itemId, 'canceled');
        break;
      case 'interrupted':
        this.#d.repo.setItem(itemId, 'failed', error ?? { code: 'INTERRUPTED', message: 'Loupe stopped while this photo was being sent. Start the batch again or retry the failed to send it again.' });
        break;
      case 'failed':
        this.#d.repo.setItem(itemId, 'failed', error ?? null);
        break;
      default:
        break;
    }
  }

  /** Feeds the queue; one feeding per batch at a time. */
  #feed(batchId: number): void {
    if (this.#closed) return;
    const prev = this.#feeding.get(batchId) ?? Promise.resolve();
    const next = prev
      .then(() => this.#feedOnce(batchId))
      .catch((err: unknown) => this.#d.log(`batch ${batchId}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));
    this.#feeding.set(batchId, next);
  }

  /** Waits for feeding in progress (tests, close). */
  async settled(): Promise<void> {
    await Promise.all(this.#feeding.values());
  }

  async #feedOnce(batchId: number): Promise<void> {
    if (this.#closed) return;
    let b = this.#d.repo.get(batchId);
    if (b.status !== 'running' || b.mode !== 'now') return;
    const resolved = resolveRecipe(b.recipe, this.#kit(b.recipe.kit?.id));
    if (b.note?.startsWith('Waiting: ')) this.#d.repo.setStatus(batchId, 'running', null, null);
    const window = Math.max(2, this.#d.queue.concurrency * 2);
    for (;;) {
      if (this.#closed) return;
      b = this.#d.repo.get(batchId);
      if (b.status !== 'running') return;
      const items = this.#d.repo.items(batchId);
      const inFlight = items.filter((i) => i.status === 'queued' || i.status === 'running').length;
      const next = items.find((i) => i.status === 'pending');
      if (!next) {
        if (inFlight === 0) {
          const failed = items.filter((i) => i.status === 'failed').length;
          this.#d.repo.setStatus(batchId, 'done', failed > 0 ? `${failed} photo${failed === 1 ? '' : 's'} failed: retry them or look at why.` : null, this.#d.now());
          this.#announce(batchId);
        }
        return;
      }
      if (inFlight >= window) return;
      if (b.budgetUsd !== null) {
        const spent = this.#d.repo.spentUsd(batchId);
        // What photos really cost so far, when that is more than the estimate said.
        const paid = items.filter((i) => i.status === 'succeeded' && i.cost_usd !== null);
        const per = Math.max(b.estimate.perItemUsd, paid.length > 0 ? paid.reduce((s, i) => s + i.cost_usd!, 0) / paid.length : 0);
        const committed = spent + (inFlight + 1) * per;
        if (committed > b.budgetUsd + 1e-9) {
          const left = items.filter((i) => i.status === 'pending').length;
          this.#d.repo.setStatus(batchId, 'budget-stopped', `Stopped before going over the ${formatUsd(b.budgetUsd)} budget: ${formatUsd(spent)} spent, ${left} photo${left === 1 ? '' : 's'} not sent.`, this.#d.now());
          this.#announce(batchId);
          return;
        }
      }
      try {
        const prepared = await this.prepare(b, next, resolved);
        if (this.#closed) return;
        await this.#d.starters.startEdit(prepared.params, { onCreated: (jobId) => this.#d.repo.setItemJob(next.id, jobId, prepared.sourceHash) });
      } catch (err) {
        if (this.#closed) return;
        const e = err instanceof LoupeError ? err : new LoupeError('INTERNAL', err instanceof Error ? err.message : String(err));
        // Without a key no photo can go: the batch waits (it goes on when a key is added).
        if (e.code === 'NO_API_KEY') {
          this.#d.repo.setStatus(batchId, 'running', `Waiting: ${e.message}`, null);
          this.#announce(batchId);
          return;
        }
        this.#d.repo.setItem(next.id, 'failed', e.toJSON());
      }
      this.#announce(batchId);
    }
  }

  async #submitEconomy(batchId: number): Promise<void> {
    const economy = this.#d.economy;
    if (!economy) throw new LoupeError('UNSUPPORTED', 'Economy batches are not available here.');
    const b = this.#d.repo.get(batchId);
    const resolved = resolveRecipe(b.recipe, this.#kit(b.recipe.kit?.id));
    const pending = this.#d.repo.items(batchId).filter((i) => i.status === 'pending');
    this.#d.repo.setStatus(batchId, 'waiting', null, null);
    await economy.submit(b, pending, (item) => this.prepare(b, item, resolved));
    this.#announce(batchId);
    economy.watch(batchId);
  }

  #announce(batchId: number): void {
    try {
      this.#d.emit({ type: 'batch', batchId });
    } catch (err) {
      this.#d.log(`batch event failed: ${String(err)}`);
    }
  }
}

function parse(args: unknown): BatchStart {
  const parsed = BatchStartSchema.safeParse(args);
  if (!parsed.success) throw invalidArguments(parsed.error);
  return parsed.data;
}
