import type { AppError, Estimate, JobInputView, JobParams, JobStatus, JobView, LeakageMetrics, MarkupEffect, OutputView, Usage } from '../../shared';

/** Columns as stored; JSON columns are still text here. */
export interface JobRow {
  id: number;
  kind: 'generate' | 'edit';
  status: JobStatus;
  model: string;
  prompt: string;
  params: string;
  estimate: string | null;
  usage: string | null;
  cost_usd: number | null;
  request_ids: string;
  error: string | null;
  attempts: number;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  parent_output_id: number | null;
  project_id: number | null;
  favourite: number;
  notes: string;
  dismissed: number;
}

export interface OutputRow {
  id: number;
  job_id: number;
  idx: number;
  asset_hash: string;
  mime: string;
  width: number | null;
  height: number | null;
  bytes: number;
  saved_path: string | null;
  raw_saved_path: string | null;
  save_error: string | null;
  locked_asset_hash: string | null;
  metrics: string | null;
  markup_effect: string | null;
  rating: number;
  flag: 'pick' | 'reject' | null;
  label: OutputView['label'];
}

export interface InputRow {
  job_id: number;
  role: JobInputView['role'];
  position: number;
  asset_hash: string;
  name: string | null;
  width: number | null;
  height: number | null;
}

export const JOB_COLUMNS = `id, kind, status, model, prompt, params, estimate, usage, cost_usd, request_ids, error,
  attempts, created_at, started_at, finished_at, parent_output_id, project_id, favourite, notes, dismissed`;

export const OUTPUT_COLUMNS = `o.id, o.job_id, o.idx, o.asset_hash, a.mime, a.width, a.height, a.bytes, o.saved_path, o.save_error,
  o.locked_asset_hash, o.metrics, o.markup_effect, o.rating, o.flag, o.label,
  (SELECT r.name FROM asset_meta r WHERE r.hash = o.asset_hash AND r.kind = 'output') AS raw_saved_path`;

/*
 * Inputs with their displayed size: asset_meta has it for files imported through the
 * edit studio (EXIF orientation applied); anything else falls back to the stored size.
 * Every role of a file has the same size, so any meta row will do.
 */
export const INPUT_COLUMNS = `i.job_id, i.role, i.position, i.asset_hash, i.name,
  COALESCE((SELECT m.width FROM asset_meta m WHERE m.hash = i.asset_hash AND m.width IS NOT NULL LIMIT 1), a.width) AS width,
  COALESCE((SELECT m.height FROM asset_meta m WHERE m.hash = i.asset_hash AND m.height IS NOT NULL LIMIT 1), a.height) AS height`;

/*
 * Rows are parsed, not validated: everything in these columns was written by this repo
 * from already-validated values, and re-validating 50 jobs per gallery page would cost
 * more than the query.
 */
function json<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

export function toOutputView(r: OutputRow): OutputView {
  return {
    id: r.id,
    index: r.idx,
    assetHash: r.asset_hash,
    width: r.width ?? 0,
    height: r.height ?? 0,
    mime: r.mime,
    bytes: r.bytes,
    savedPath: r.saved_path,
    rawSavedPath: r.raw_saved_path ?? null,
    saveError: r.save_error,
    lockedHash: r.locked_asset_hash,
    metrics: json<LeakageMetrics>(r.metrics),
    markupEffect: json<MarkupEffect>(r.markup_effect),
    rating: r.rating,
    flag: r.flag,
    label: r.label,
  };
}

export function toInputView(r: InputRow): JobInputView {
  return { role: r.role, position: r.position, hash: r.asset_hash, name: r.name, width: r.width, height: r.height };
}

export function toJobView(r: JobRow, outputs: OutputView[], inputs: JobInputView[] = [], tags: string[] = []): JobView {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    model: r.model,
    prompt: r.prompt,
    params: JSON.parse(r.params) as JobParams,
    parentOutputId: r.parent_output_id,
    inputs,
    estimate: json<Estimate>(r.estimate),
    usage: json<Usage>(r.usage),
    costUsd: r.cost_usd,
    requestIds: JSON.parse(r.request_ids) as string[],
    error: json<AppError>(r.error),
    attempts: r.attempts,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    outputs,
    favourite: r.favourite === 1,
    tags,
    notes: r.notes,
    projectId: r.project_id,
    dismissed: r.dismissed === 1,
  };
}

/** Stores only the contract's fields, so an Error instance or extra keys never leak in. */
export function errorJson(e: AppError | null): string | null {
  if (e === null) return null;
  return JSON.stringify(e.detail ? { code: e.code, message: e.message, detail: e.detail } : { code: e.code, message: e.message });
}
