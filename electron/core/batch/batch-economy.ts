/**
 * Economy batches: the photos go to OpenAI's Batch API at half price, finished within
 * 24 hours (reference 2026-12 §5). Each photo is one JSONL line, its edit as the JSON edit
 * body with the images as data URLs (model-assumptions.ts: batchEditImages), under the
 * custom_id `loupe-<batch>-<item>`. Lines are uploaded with purpose "batch" (at most 50,000
 * lines and 200 MB a file; more make several Batch API batches), then polled until done.
 *
 * A result is recorded exactly like a queue job's: an edit job in History with its inputs,
 * the image stored before the job is marked succeeded, saved to the mirrored folder with
 * the photo's metadata, the cost at the Batch API's price. Polling starts again after a
 * restart from what the database holds; an item that already has its result is never
 * written twice, and no photo is submitted twice (an item is marked submitted in the same
 * transaction that records the Batch API batch).
 *
 * One window is not covered: a kill after the Batch API accepted a batch and before that
 * transaction committed leaves a batch Loupe does not know about (its photos stay pending).
 */
import OpenAI, { APIError, toFile } from 'openai';
import { ASSUME, costFromUsage, findModel, LoupeError, type AppError, type EditParams, type JobView } from '../../shared';
import type { JobsRepo, NewInput } from '../db/jobs-repo';
import type { LibraryRepo } from '../db/library-repo';
import type { EditPlanner } from '../edit/edit-plan';
import type { SettingsService } from '../settings/settings-service';
import type { ContentStore } from '../store/content-store';
import { buildEditJsonBody } from '../openai/build-request';
import { makeClient } from '../openai/client';
import { mapOpenAIError } from '../openai/errors';
import { parseUsage } from '../openai/usage';
import { writeOutput, type OutputWriterDeps } from '../jobs/output-writer';
import type { BatchRepo, BatchRecord, ItemRow, RemoteRow } from './batch-repo';
import type { EconomyRunner, PreparedItem } from './batch-service';

const MAX_LINES = 50_000;
/** Under the API's 200 MB, with room for the multipart envelope. */
const MAX_FILE_BYTES = 190 * 1024 * 1024;
const DONE = new Set(['completed', 'failed', 'expired', 'cancelled']);
const REQUEST_TIMEOUT_MS = 120_000;

export interface EconomyDeps {
  repo: BatchRepo;
  jobs: JobsRepo;
  library: LibraryRepo;
  planner: EditPlanner;
  settings: SettingsService;
  store: ContentStore;
  writer: OutputWriterDeps;
  emitJob: (jobId: number) => void;
  announce: (batchId: number) => void;
  now: () => number;
  log: (message: string) => void;
  pollMs: number;
}

export const customId = (batchId: number, itemId: number) => `loupe-${batchId}-${itemId}`;

export class EconomyBatches implements EconomyRunner {
  readonly #d: EconomyDeps;
  readonly #timers = new Map<number, ReturnType<typeof setTimeout>>();
  readonly #polling = new Set<number>();
  #closed = false;

  constructor(d: EconomyDeps) {
    this.#d = d;
  }

  async #client(): Promise<OpenAI> {
    return makeClient(await this.#d.settings.clientConfig(REQUEST_TIMEOUT_MS));
  }

  async submit(b: BatchRecord, items: readonly ItemRow[], prepare: (item: ItemRow) => Promise<PreparedItem>): Promise<void> {
    if (items.length === 0) return;
    const client = await this.#client();
    const model = findModel(b.recipe.model);
    let chunk: Array<{ id: number; sourceHash: string; params: EditParams; line: string }> = [];
    let bytes = 0;
    const flush = async () => {
      if (chunk.length === 0) return;
      const lines = chunk;
      chunk = [];
      bytes = 0;
      await this.#send(client, b, lines);
    };
    for (const item of items) {
      let line: string;
      let prepared: PreparedItem;
      try {
        prepared = await prepare(item);
        const m = findModel(prepared.params.model) ?? model;
        if (!m) throw new LoupeError('INVALID_ARGUMENTS', `Loupe does not know the model ${prepared.params.model}.`);
        const edit = await this.#d.planner.prepare(prepared.params);
        const { mask: _maskHash, markup: _markup, inputs: _inputs, ...output } = prepared.params;
        const body = buildEditJsonBody(
          {
            ...output,
            images: edit.images.map((img) => ({ bytes: img.sent.bytes, type: img.sent.mime as 'image/png' | 'image/jpeg' | 'image/webp', name: img.label })),
            ...(edit.mask ? { mask: { bytes: edit.mask.png } } : {}),
          },
          m,
          { n: 1, safetyIdentifier: this.#d.settings.safetyIdentifier() },
        );
        line = `${JSON.stringify({ custom_id: customId(b.id, item.id), method: 'POST', url: '/v1/images/edits', body })}\n`;
      } catch (err) {
        this.#d.repo.setItem(item.id, 'failed', toAppError(err));
        continue;
      }
      const size = Buffer.byteLength(line);
      if (chunk.length > 0 && (chunk.length >= MAX_LINES || bytes + size > MAX_FILE_BYTES)) await flush();
      chunk.push({ id: item.id, sourceHash: prepared.sourceHash, params: prepared.params, line });
      bytes += size;
    }
    await flush();
  }

  async #send(client: OpenAI, b: BatchRecord, lines: ReadonlyArray<{ id: number; sourceHash: string; params: EditParams; line: string }>): Promise<void> {
    try {
      const file = await client.files.create({ file: await toFile(Buffer.from(lines.map((l) => l.line).join(''), 'utf8'), `loupe-batch-${b.id}.jsonl`, { type: 'application/jsonl' }), purpose: 'batch' });
      const remote = await client.batches.create({ input_file_id: file.id, endpoint: '/v1/images/edits', completion_window: '24h', metadata: { loupe_batch: String(b.id) } });
      this.#d.repo.addRemote(
        { id: remote.id, batchId: b.id, inputFileId: file.id, status: remote.status, total: lines.length, createdAt: this.#d.now() },
        lines.map((l) => ({ id: l.id, sourceHash: l.sourceHash, params: l.params })),
      );
    } catch (err) {
      const e = toAppError(err, b.recipe.model);
      for (const l of lines) this.#d.repo.setItem(l.id, 'failed', e);
    }
  }

  watch(batchId: number): void {
    if (this.#closed || this.#timers.has(batchId) || this.#polling.has(batchId)) return;
    // The first look comes at once: after a restart the batch may have finished meanwhile.
    this.#schedule(batchId, 0);
  }

  #schedule(batchId: number, ms: number): void {
    if (this.#closed) return;
    const t = setTimeout(() => {
      this.#timers.delete(batchId);
      this.#polling.add(batchId);
      void this.#poll(batchId)
        .then((again) => {
          this.#polling.delete(batchId);
          if (again) this.#schedule(batchId, this.#d.pollMs);
        })
        .catch((err: unknown) => {
          this.#polling.delete(batchId);
          this.#d.log(`economy batch ${batchId}: ${err instanceof Error ? err.message : String(err)}`);
          this.#schedule(batchId, this.#d.pollMs);
        });
    }, ms);
    this.#timers.set(batchId, t);
  }

  /** One look at every Batch API batch of this batch; true while any is still running. */
  async #poll(batchId: number): Promise<boolean> {
    const b = this.#d.repo.get(batchId);
    const remotes = this.#d.repo.remotes(batchId).filter((r) => !r.collected);
    if (remotes.length === 0) return this.#finishIfDone(b);
    let client: OpenAI;
    try {
      client = await this.#client();
    } catch (err) {
      this.#d.log(`economy batch ${batchId} waits: ${err instanceof Error ? err.message : String(err)}`);
      return true;
    }
    for (const r of remotes) {
      if (this.#closed) return false;
      const remote = await client.batches.retrieve(r.id);
      const counts = remote.request_counts ?? { completed: 0, failed: 0, total: r.total };
      this.#d.repo.updateRemote({ id: r.id, status: remote.status, completed: counts.completed, failed: counts.failed, outputFileId: remote.output_file_id ?? null, errorFileId: remote.error_file_id ?? null });
      this.#d.announce(batchId);
      if (DONE.has(remote.status)) await this.#collect(client, b, { ...r, status: remote.status, output_file_id: remote.output_file_id ?? null, error_file_id: remote.error_file_id ?? null });
    }
    return this.#finishIfDone(this.#d.repo.get(batchId));
  }

  #finishIfDone(b: BatchRecord): boolean {
    const items = this.#d.repo.items(b.id);
    if (items.some((i) => i.status === 'submitted') || this.#d.repo.remotes(b.id).some((r) => !r.collected)) return true;
    if (b.status === 'waiting') {
      const failed = items.filter((i) => i.status === 'failed').length;
      this.#d.repo.setStatus(b.id, 'done', failed > 0 ? `${failed} photo${failed === 1 ? '' : 's'} failed: retry them or look at why.` : null, this.#d.now());
      this.#d.announce(b.id);
    }
    return false;
  }

  /** Reads the output and error files and records each line on its item. */
  async #collect(client: OpenAI, b: BatchRecord, r: RemoteRow): Promise<void> {
    const items = new Map(this.#d.repo.items(b.id).map((i) => [i.id, i]));
    const seen = new Set<number>();
    for (const fileId of [r.output_file_id, r.error_file_id]) {
      if (!fileId) continue;
      const text = await (await client.files.content(fileId)).text();
      for (const raw of text.split('\n')) {
        if (!raw.trim()) continue;
        const line = parseLine(raw);
        const m = line ? /^loupe-(\d+)-(\d+)$/.exec(line.custom_id) : null;
        // A line that is not one of ours for this batch is ignored, never trusted.
        if (!line || !m || Number(m[1]) !== b.id) continue;
        const item = items.get(Number(m[2]));
        if (!item || item.remote_id !== r.id) continue;
        seen.add(item.id);
        await this.#record(b, item, line);
      }
    }
    // Lines the files did not mention (a cancelled or failed batch): not run.
    for (const item of items.values()) {
      if (item.remote_id !== r.id || item.status !== 'submitted' || seen.has(item.id)) continue;
      this.#d.repo.setItem(item.id, 'failed', { code: 'CANCELED', message: `The Batch API ended this batch (${r.status}) before running this photo. Retry the failed to send it again.` });
    }
    this.#d.repo.markCollected(r.id);
    this.#d.announce(b.id);
  }

  async #record(b: BatchRecord, item: ItemRow, line: ResultLine): Promise<void> {
    if (item.status === 'succeeded') return;
    const res = line.response;
    if (!res || res.status_code < 200 || res.status_code >= 300) {
      this.#d.repo.setItem(item.id, 'failed', lineError(line, b.recipe.model));
      return;
    }
    const body = res.body as { data?: Array<{ b64_json?: string }>; usage?: unknown } | null;
    const b64 = body?.data?.[0]?.b64_json;
    if (!b64 || !item.params || !item.source_hash) {
      this.#d.repo.setItem(item.id, 'failed', { code: 'INTERNAL', message: 'The Batch API answered without an image for this photo.' });
      return;
    }
    const params = JSON.parse(item.params) as EditParams;
    const usage = parseUsage(body?.usage);
    const jobId = item.job_id ?? this.#createJob(item, params);
    if (res.request_id) this.#d.jobs.addRequestId(jobId, res.request_id);
    const job = this.#d.jobs.get(jobId)!;
    const out = this.#d.settings.output();
    await writeOutput(this.#d.writer, job, 0, Buffer.from(b64, 'base64'), out, null, null);
    const full = usage ? costFromUsage(job.model, usage) : null;
    const cost = full === null ? null : full * ASSUME.batchDiscount;
    this.#d.jobs.finish(jobId, { status: 'succeeded', usage, costUsd: cost, error: null, finishedAt: this.#d.now() });
    this.#d.emitJob(jobId);
  }

  /** The edit job a result is recorded as, tied to its item in the same transaction (running: never put in the queue). */
  #createJob(item: ItemRow, p: EditParams): number {
    const inputs: NewInput[] = [];
    p.inputs.forEach((img, position) => {
      const a = this.#d.library.asset(img.hash);
      if (a) inputs.push({ role: 'image', position, assetHash: img.hash, name: img.name, mime: a.mime, width: a.width ?? 0, height: a.height ?? 0, bytes: a.bytes });
    });
    if (p.mask) {
      const a = this.#d.library.asset(p.mask);
      if (a) inputs.push({ role: 'mask', position: 0, assetHash: p.mask, name: 'mask.png', mime: a.mime, width: a.width ?? 0, height: a.height ?? 0, bytes: a.bytes });
    }
    const { projectId: _p, confirmOverBudget: _c, ...stored } = p;
    return this.#d.jobs.transaction(() => {
      const id = this.#d.jobs.create({ kind: 'edit', model: p.model, prompt: p.prompt, params: stored, estimate: null, createdAt: this.#d.now(), inputs });
      this.#d.jobs.markRunning(id, this.#d.now());
      this.#d.repo.setItemJob(item.id, id, item.source_hash!);
      this.#d.repo.setItem(item.id, 'running');
      return id;
    });
  }

  async cancel(batchId: number): Promise<void> {
    const open = this.#d.repo.remotes(batchId).filter((r) => !DONE.has(r.status));
    if (open.length === 0) return;
    const client = await this.#client();
    for (const r of open) {
      try {
        const c = await client.batches.cancel(r.id);
        this.#d.repo.updateRemote({ id: r.id, status: c.status, completed: c.request_counts?.completed ?? r.completed, failed: c.request_counts?.failed ?? r.failed, outputFileId: c.output_file_id ?? null, errorFileId: c.error_file_id ?? null });
      } catch (err) {
        this.#d.log(`cancel of ${r.id}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    // What finished before the cancel is still collected.
    this.watch(batchId);
  }

  close(): void {
    this.#closed = true;
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#timers.clear();
  }
}

interface ResultLine {
  custom_id: string;
  response: { status_code: number; request_id?: string; body: unknown } | null;
  error: { code?: string; message?: string } | null;
}

function parseLine(raw: string): ResultLine | null {
  try {
    const v = JSON.parse(raw) as Partial<ResultLine>;
    if (typeof v.custom_id !== 'string') return null;
    return { custom_id: v.custom_id, response: v.response ?? null, error: v.error ?? null };
  } catch {
    return null;
  }
}

function lineError(line: ResultLine, model: string): AppError {
  const res = line.response;
  if (res) {
    const body = (res.body ?? {}) as { error?: object };
    const err = APIError.generate(res.status_code, body.error ?? body, undefined, new Headers());
    return mapOpenAIError(err, { model, apiKey: null, baseURL: '' }).toJSON();
  }
  const code = line.error?.code ?? 'unknown';
  const message =
    code === 'batch_expired'
      ? 'The Batch API did not run this photo within its 24 hours. Retry the failed to send it again.'
      : code === 'batch_cancelled'
        ? 'Canceled with its batch before it ran.'
        : `The Batch API could not run this photo (${code}${line.error?.message ? `: ${line.error.message}` : ''}).`;
  return { code: code === 'batch_cancelled' ? 'CANCELED' : 'SERVER_ERROR', message };
}

function toAppError(err: unknown, model = ''): AppError {
  if (err instanceof LoupeError) return err.toJSON();
  if (err instanceof APIError) return mapOpenAIError(err, { model, apiKey: null, baseURL: '' }).toJSON();
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}

export type { JobView };
