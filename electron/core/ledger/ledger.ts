/**
 * The cost ledger: what the API actually billed (jobs with a recorded cost, failed jobs
 * that billed included), grouped by day, month, project, model or kit, and the same jobs
 * one per line as CSV for invoicing.
 */
import type Database from 'better-sqlite3';
import { findModel, type LedgerSummary } from '../../shared';
import { toCsv } from './csv';

export interface LedgerQuery {
  groupBy: 'day' | 'month' | 'project' | 'model' | 'kit';
  from?: number;
  to?: number;
  /** A project, or null for jobs in none; undefined for all. */
  projectId?: number | null;
}

const KEY: Record<LedgerQuery['groupBy'], string> = {
  // Local time, as the person reads dates.
  day: `strftime('%Y-%m-%d', j.created_at / 1000, 'unixepoch', 'localtime')`,
  month: `strftime('%Y-%m', j.created_at / 1000, 'unixepoch', 'localtime')`,
  project: `COALESCE(CAST(j.project_id AS TEXT), 'none')`,
  model: 'j.model',
  // The kit while it exists (renames follow it), else the name the job recorded.
  kit: `COALESCE((SELECT CASE WHEN jk.kit_id IS NOT NULL THEN 'kit:' || jk.kit_id ELSE 'name:' || jk.kit_name END FROM job_kits jk WHERE jk.job_id = j.id), 'none')`,
};

const LABEL: Partial<Record<LedgerQuery['groupBy'], string>> = {
  project: 'MAX(p.name)',
  kit: 'MAX((SELECT COALESCE(k.name, jk.kit_name) FROM job_kits jk LEFT JOIN kits k ON k.id = jk.kit_id WHERE jk.job_id = j.id))',
};

const usage = (field: string) => `COALESCE(json_extract(j.usage, '$.${field}'), 0)`;
const IMAGES = '(SELECT COUNT(*) FROM outputs o WHERE o.job_id = j.id)';

interface SummaryRow {
  key: string;
  label: string | null;
  jobs: number;
  images: number;
  cost: number;
  input_tokens: number;
  output_tokens: number;
}

interface CsvRow {
  id: number;
  created_at: number;
  project: string | null;
  model: string;
  kind: string;
  status: string;
  images: number;
  in_text: number;
  in_image: number;
  out_image: number;
  out_text: number;
  cost: number;
  request_ids: string;
  prompt: string;
}

export const CSV_HEADER = [
  'date',
  'job',
  'project',
  'model',
  'kind',
  'status',
  'images',
  'input text tokens',
  'input image tokens',
  'output image tokens',
  'output text tokens',
  'cost usd',
  'request ids',
  'prompt',
] as const;

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

export class Ledger {
  constructor(private readonly db: Database.Database) {}

  summary(q: LedgerQuery): LedgerSummary {
    const { where, params } = conditions(q);
    const key = KEY[q.groupBy];
    const rows = this.db
      .prepare(
        `SELECT ${key} AS key, ${LABEL[q.groupBy] ?? 'NULL'} AS label, COUNT(*) AS jobs, SUM(${IMAGES}) AS images,
           SUM(j.cost_usd) AS cost,
           SUM(${usage('inputTextTokens')} + ${usage('inputImageTokens')}) AS input_tokens,
           SUM(${usage('outputImageTokens')} + ${usage('outputTextTokens')}) AS output_tokens
         FROM jobs j LEFT JOIN projects p ON p.id = j.project_id
         WHERE ${where} GROUP BY 1`,
      )
      .all(...params) as SummaryRow[];
    const chronological = q.groupBy === 'day' || q.groupBy === 'month';
    rows.sort((a, b) => (chronological ? a.key.localeCompare(b.key) : b.cost - a.cost || a.key.localeCompare(b.key)));
    return {
      rows: rows.map((r) => ({
        key: r.key,
        label: labelOf(q.groupBy, r),
        jobs: r.jobs,
        images: r.images,
        costUsd: round(r.cost),
        inputTokens: r.input_tokens,
        outputTokens: r.output_tokens,
      })),
      totalUsd: round(rows.reduce((sum, r) => sum + r.cost, 0)),
      totalJobs: rows.reduce((sum, r) => sum + r.jobs, 0),
    };
  }

  /** One line per billed job, oldest first. */
  csv(q: Omit<LedgerQuery, 'groupBy'>): string {
    const { where, params } = conditions(q);
    const rows = this.db
      .prepare(
        `SELECT j.id, j.created_at, p.name AS project, j.model, j.kind, j.status, ${IMAGES} AS images,
           ${usage('inputTextTokens')} AS in_text, ${usage('inputImageTokens')} AS in_image,
           ${usage('outputImageTokens')} AS out_image, ${usage('outputTextTokens')} AS out_text,
           j.cost_usd AS cost, j.request_ids, j.prompt
         FROM jobs j LEFT JOIN projects p ON p.id = j.project_id
         WHERE ${where} ORDER BY j.created_at, j.id`,
      )
      .all(...params) as CsvRow[];
    return toCsv(
      CSV_HEADER,
      rows.map((r) => [
        localDateTime(r.created_at),
        r.id,
        r.project ?? '',
        r.model,
        r.kind,
        r.status,
        r.images,
        r.in_text,
        r.in_image,
        r.out_image,
        r.out_text,
        round(r.cost),
        (JSON.parse(r.request_ids) as string[]).join(' '),
        r.prompt,
      ]),
    );
  }
}

function conditions(q: Omit<LedgerQuery, 'groupBy'>): { where: string; params: unknown[] } {
  const where = ['j.cost_usd IS NOT NULL'];
  const params: unknown[] = [];
  if (q.from !== undefined) {
    where.push('j.created_at >= ?');
    params.push(q.from);
  }
  if (q.to !== undefined) {
    where.push('j.created_at <= ?');
    params.push(q.to);
  }
  if (q.projectId === null) where.push('j.project_id IS NULL');
  else if (q.projectId !== undefined) {
    where.push('j.project_id = ?');
    params.push(q.projectId);
  }
  return { where: where.join(' AND '), params };
}

function labelOf(groupBy: LedgerQuery['groupBy'], r: SummaryRow): string {
  switch (groupBy) {
    case 'project':
      return r.key === 'none' ? 'No project' : (r.label ?? 'Deleted project');
    case 'model':
      return findModel(r.key)?.label ?? r.key;
    case 'kit':
      return r.key === 'none' ? 'No kit' : (r.label ?? 'Deleted kit');
    default:
      return r.key;
  }
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** "2026-03-07 09:05:03", local time: what an invoice shows. */
export function localDateTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
