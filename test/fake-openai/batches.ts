// The Files and Batches endpoints, as far as image batches need them (reference 2026-12 §5;
// the SDK's files.ts and batches.ts for shapes):
//   POST /v1/files (multipart: purpose, file)   GET /v1/files/{id}   GET /v1/files/{id}/content
//   POST /v1/batches   GET /v1/batches/{id}   POST /v1/batches/{id}/cancel
// A batch moves validating → in_progress → finalizing → completed as time passes (each
// phase's length is `batchTimings`, so tests control when it completes); its lines are run
// through this very server's image endpoints (so validation, usage and faults are the real
// ones), marked `viaBatch` in the request log. Successful lines go to the output file,
// failed ones to the error file, each `{ id, custom_id, response: { status_code,
// request_id, body }, error }`. A batch past its `expiresAfterMs` before it ran is
// `expired`, every line in the error file with code batch_expired.
import { randomBytes } from 'node:crypto';
import { ApiError } from './errors';
import type { UploadedFile } from './multipart';

export interface BatchTimings {
  validatingMs: number;
  inProgressMs: number;
  finalizingMs: number;
  /** The 24 h completion window, shortened for tests. */
  expiresAfterMs: number;
}

export const DEFAULT_BATCH_TIMINGS: BatchTimings = { validatingMs: 50, inProgressMs: 300, finalizingMs: 50, expiresAfterMs: 24 * 3600 * 1000 };

/** §5: image batches may target these two; the rest of the list is for other APIs. */
const ENDPOINTS = ['/v1/images/generations', '/v1/images/edits', '/v1/responses', '/v1/chat/completions', '/v1/embeddings', '/v1/completions', '/v1/moderations'];
const PURPOSES = ['batch', 'vision', 'user_data', 'assistants', 'fine-tune', 'evals'];
const MAX_FILE_BYTES = 200 * 1024 * 1024;
const MAX_LINES = 50_000;

interface FileObject {
  id: string;
  object: 'file';
  bytes: number;
  created_at: number;
  filename: string;
  purpose: string;
  status: 'processed';
  expires_at: null;
}

interface Line {
  custom_id: string;
  method: string;
  url: string;
  body: unknown;
}

interface BatchRecord {
  object: Record<string, unknown> & { id: string; status: string; request_counts: { total: number; completed: number; failed: number } };
  lines: Line[];
  createdMs: number;
  auth: string;
  run: Promise<void> | null;
  output: string[];
  errors: string[];
  cancelled: boolean;
  /** When finalizing began (it lasts finalizingMs from then, however late the lines ran). */
  finalizingSince: number | null;
}

export interface FakeBatchesDeps {
  /** The server's own base URL (…/v1), for running lines. */
  selfUrl: () => string;
  timings: () => BatchTimings;
  /** Files usable as {file_id} in JSON edits. */
  imageFiles: () => Record<string, Buffer | string>;
}

const bad = (message: string, param: string | null = null, code: string | null = null) =>
  new ApiError(400, { message, type: 'invalid_request_error', param, code });
const notFound = (message: string) => new ApiError(404, { message, type: 'invalid_request_error', param: null, code: null });
const secs = (ms: number) => Math.floor(ms / 1000);

export class FakeBatches {
  readonly files = new Map<string, { object: FileObject; data: Buffer }>();
  readonly batches = new Map<string, BatchRecord>();
  readonly #d: FakeBatchesDeps;

  constructor(d: FakeBatchesDeps) {
    this.#d = d;
  }

  /** Handles a Files or Batches route; undefined when the path is none of them. */
  async handle(method: string, path: string, input: { form?: { fields: Record<string, string | string[]>; files: UploadedFile[] }; json?: unknown; auth: string }): Promise<{ status: number; body: unknown; raw?: Buffer } | undefined> {
    if (path === '/v1/files' && method === 'POST') return { status: 200, body: this.#createFile(input.form) };
    const file = /^\/v1\/files\/([^/]+)(\/content)?$/.exec(path);
    if (file && method === 'GET') {
      const f = this.files.get(decodeURIComponent(file[1]!));
      if (!f) throw notFound(`No such File object: ${file[1]}`);
      return file[2] ? { status: 200, body: null, raw: f.data } : { status: 200, body: f.object };
    }
    if (path === '/v1/batches' && method === 'POST') return { status: 200, body: this.#createBatch(input.json, input.auth) };
    const one = /^\/v1\/batches\/([^/]+)(\/cancel)?$/.exec(path);
    if (one) {
      const b = this.batches.get(decodeURIComponent(one[1]!));
      if (!b) throw notFound(`No batch found with id '${one[1]}'.`);
      if (one[2] && method === 'POST') return { status: 200, body: this.#cancel(b) };
      if (!one[2] && method === 'GET') return { status: 200, body: this.#advance(b) };
    }
    if (path.startsWith('/v1/files') || path.startsWith('/v1/batches')) throw notFound(`Invalid URL (${method} ${path})`);
    return undefined;
  }

  #createFile(form: { fields: Record<string, string | string[]>; files: UploadedFile[] } | undefined): FileObject {
    if (!form) throw bad("Uploads must be multipart/form-data with 'purpose' and 'file'.");
    const purpose = form.fields.purpose;
    if (typeof purpose !== 'string' || !purpose) throw bad("Missing required parameter: 'purpose'.", 'purpose', 'missing_required_parameter');
    if (!PURPOSES.includes(purpose)) throw bad(`Invalid value for 'purpose': '${purpose}'.`, 'purpose', 'invalid_value');
    const f = form.files.find((x) => x.field === 'file');
    if (!f) throw bad("Missing required parameter: 'file'.", 'file', 'missing_required_parameter');
    if (f.data.length > MAX_FILE_BYTES) throw bad('File is too large: the limit is 200 MB.', 'file');
    if (purpose === 'batch') {
      if (!f.filename.toLowerCase().endsWith('.jsonl')) throw bad('Invalid file format for Batch API. Must be .jsonl', 'file', 'invalid_file_format');
      this.#parseLines(f.data); // refused now when the file is not JSONL at all
    }
    const object: FileObject = {
      id: `file-${randomBytes(12).toString('hex')}`,
      object: 'file',
      bytes: f.data.length,
      created_at: secs(Date.now()),
      filename: f.filename,
      purpose,
      status: 'processed',
      expires_at: null,
    };
    this.files.set(object.id, { object, data: f.data });
    if (purpose === 'vision' || purpose === 'user_data') this.#d.imageFiles()[object.id] = f.data;
    return object;
  }

  #parseLines(data: Buffer): Line[] {
    const text = data.toString('utf8');
    const rows = text.split('\n').filter((l) => l.trim());
    if (rows.length === 0) throw bad('The input file is empty.', 'input_file_id', 'empty_file');
    if (rows.length > MAX_LINES) throw bad(`The input file has ${rows.length} requests; the limit is ${MAX_LINES}.`, 'input_file_id', 'too_many_requests');
    const seen = new Set<string>();
    return rows.map((row, i) => {
      let v: unknown;
      try {
        v = JSON.parse(row);
      } catch {
        throw bad(`Line ${i + 1} of the input file is not valid JSON.`, 'input_file_id', 'invalid_json_line');
      }
      const l = v as Partial<Line>;
      if (!l || typeof l !== 'object' || typeof l.custom_id !== 'string' || !l.custom_id) throw bad(`Line ${i + 1} has no custom_id.`, 'input_file_id', 'missing_custom_id');
      if (seen.has(l.custom_id)) throw bad(`The custom_id '${l.custom_id}' appears more than once; each request needs its own.`, 'input_file_id', 'duplicate_custom_id');
      seen.add(l.custom_id);
      if (l.method !== 'POST') throw bad(`Line ${i + 1}: method must be POST.`, 'input_file_id', 'invalid_method');
      if (typeof l.url !== 'string') throw bad(`Line ${i + 1} has no url.`, 'input_file_id', 'missing_url');
      return { custom_id: l.custom_id, method: l.method, url: l.url, body: l.body };
    });
  }

  #createBatch(json: unknown, auth: string): Record<string, unknown> {
    const b = (json ?? {}) as Record<string, unknown>;
    for (const k of Object.keys(b)) if (!['input_file_id', 'endpoint', 'completion_window', 'metadata', 'output_expires_after'].includes(k)) throw bad(`Unknown parameter: '${k}'.`, k, 'unknown_parameter');
    if (typeof b.input_file_id !== 'string') throw bad("Missing required parameter: 'input_file_id'.", 'input_file_id', 'missing_required_parameter');
    if (typeof b.endpoint !== 'string' || !ENDPOINTS.includes(b.endpoint)) throw bad(`Invalid value for 'endpoint': '${String(b.endpoint)}'.`, 'endpoint', 'invalid_value');
    if (b.completion_window !== '24h') throw bad("Invalid value for 'completion_window': only '24h' is supported.", 'completion_window', 'invalid_value');
    const file = this.files.get(b.input_file_id);
    if (!file) throw notFound(`No such File object: ${b.input_file_id}`);
    if (file.object.purpose !== 'batch') throw bad(`File ${b.input_file_id} was not uploaded with purpose 'batch'.`, 'input_file_id', 'invalid_purpose');
    const lines = this.#parseLines(file.data);
    const wrong = lines.find((l) => l.url !== b.endpoint);
    if (wrong) throw bad(`The request with custom_id '${wrong.custom_id}' has url ${wrong.url}, but the batch's endpoint is ${String(b.endpoint)}.`, 'input_file_id', 'mismatched_endpoint');
    const now = Date.now();
    const object = {
      id: `batch_${randomBytes(12).toString('hex')}`,
      object: 'batch',
      endpoint: b.endpoint,
      errors: null,
      input_file_id: b.input_file_id,
      completion_window: '24h',
      status: 'validating',
      output_file_id: null,
      error_file_id: null,
      created_at: secs(now),
      in_progress_at: null,
      expires_at: secs(now + this.#d.timings().expiresAfterMs),
      finalizing_at: null,
      completed_at: null,
      failed_at: null,
      expired_at: null,
      cancelling_at: null,
      cancelled_at: null,
      request_counts: { total: lines.length, completed: 0, failed: 0 },
      metadata: (b.metadata as Record<string, string> | undefined) ?? null,
    };
    this.batches.set(object.id, { object, lines, createdMs: now, auth, run: null, output: [], errors: [], cancelled: false, finalizingSince: null });
    return object;
  }

  /** Moves the batch along by the clock; running the lines starts when it goes in progress. */
  #advance(b: BatchRecord): Record<string, unknown> {
    const t = this.#d.timings();
    const o = b.object;
    const age = Date.now() - b.createdMs;
    if (['completed', 'failed', 'expired', 'cancelled'].includes(o.status)) return o;
    if (o.status === 'cancelling') {
      if (!b.run) this.#finishCancel(b);
      return o;
    }
    if (o.status === 'validating' && age >= t.validatingMs) {
      if (t.validatingMs + t.inProgressMs > t.expiresAfterMs) return this.#expire(b);
      o.status = 'in_progress';
      o.in_progress_at = secs(Date.now());
      b.run = this.#runLines(b).finally(() => {
        b.run = null;
      });
    }
    if (o.status === 'in_progress' && age >= t.validatingMs + t.inProgressMs && !b.run) {
      o.status = 'finalizing';
      o.finalizing_at = secs(Date.now());
      b.finalizingSince = Date.now();
    }
    if (o.status === 'finalizing' && Date.now() - (b.finalizingSince ?? 0) >= t.finalizingMs) {
      o.output_file_id = b.output.length > 0 ? this.#storeResult(b, b.output, 'output') : null;
      o.error_file_id = b.errors.length > 0 ? this.#storeResult(b, b.errors, 'error') : null;
      o.status = 'completed';
      o.completed_at = secs(Date.now());
    }
    return o;
  }

  #expire(b: BatchRecord): Record<string, unknown> {
    const o = b.object;
    for (const l of b.lines) b.errors.push(resultLine(l.custom_id, null, null, { code: 'batch_expired', message: 'This request could not be executed before the completion window expired.' }));
    o.request_counts.failed = b.lines.length;
    o.error_file_id = this.#storeResult(b, b.errors, 'error');
    o.status = 'expired';
    o.expired_at = secs(Date.now());
    return o;
  }

  #cancel(b: BatchRecord): Record<string, unknown> {
    const o = b.object;
    if (['completed', 'failed', 'expired', 'cancelled'].includes(o.status)) return o;
    b.cancelled = true;
    o.status = 'cancelling';
    o.cancelling_at = secs(Date.now());
    if (!b.run) this.#finishCancel(b);
    return o;
  }

  #finishCancel(b: BatchRecord): void {
    const o = b.object;
    const done = new Set([...b.output, ...b.errors].map((l) => (JSON.parse(l) as { custom_id: string }).custom_id));
    for (const l of b.lines) if (!done.has(l.custom_id)) b.errors.push(resultLine(l.custom_id, null, null, { code: 'batch_cancelled', message: 'This request was cancelled with its batch.' }));
    o.output_file_id = b.output.length > 0 ? this.#storeResult(b, b.output, 'output') : null;
    o.error_file_id = b.errors.length > 0 ? this.#storeResult(b, b.errors, 'error') : null;
    o.status = 'cancelled';
    o.cancelled_at = secs(Date.now());
  }

  /** Runs every line through the server's own endpoint, one after the other, until done or cancelled. */
  async #runLines(b: BatchRecord): Promise<void> {
    for (const l of b.lines) {
      if (b.cancelled) break;
      try {
        const res = await fetch(`${this.#d.selfUrl().replace(/\/v1$/, '')}${l.url}`, {
          method: 'POST',
          headers: { authorization: b.auth, 'content-type': 'application/json', 'x-fake-batch': String(b.object.id) },
          body: JSON.stringify(l.body ?? {}),
        });
        const body: unknown = await res.json().catch(() => null);
        const line = resultLine(l.custom_id, res.status, res.headers.get('x-request-id'), null, body);
        if (res.ok) {
          b.output.push(line);
          b.object.request_counts.completed++;
        } else {
          b.errors.push(line);
          b.object.request_counts.failed++;
        }
      } catch (err) {
        b.errors.push(resultLine(l.custom_id, null, null, { code: 'server_error', message: String(err) }));
        b.object.request_counts.failed++;
      }
    }
    if (b.cancelled) this.#finishCancel(b);
  }

  #storeResult(b: BatchRecord, lines: string[], kind: 'output' | 'error'): string {
    const data = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
    const object: FileObject = {
      id: `file-${randomBytes(12).toString('hex')}`,
      object: 'file',
      bytes: data.length,
      created_at: secs(Date.now()),
      filename: `${b.object.id}_${kind}.jsonl`,
      purpose: kind === 'output' ? 'batch_output' : 'batch_output',
      status: 'processed',
      expires_at: null,
    };
    this.files.set(object.id, { object, data });
    return object.id;
  }
}

function resultLine(customId: string, status: number | null, requestId: string | null, error: { code: string; message: string } | null, body?: unknown): string {
  return JSON.stringify({
    id: `batch_req_${randomBytes(12).toString('hex')}`,
    custom_id: customId,
    response: status === null ? null : { status_code: status, request_id: requestId ?? '', body },
    error,
  });
}
