/**
 * history:search — every job matching a filter, as ordered ids. The gallery virtualises
 * over the id list and fetches rows only for what is on screen (history:get-many), so the
 * renderer holds 100,000 numbers, not 100,000 jobs.
 *
 * Every value a person chose is bound as a parameter; the only text spliced into the SQL
 * is built here from fixed fragments, placeholders, and literals checked against the
 * contract's enums (a partial index is only usable when its condition is written literally).
 *
 * Measured on 100,000 jobs (test/bench/history.ts), which is why it is written this way:
 *  - ids come back as one json_group_array string: better-sqlite3 spends ~100 ns per row
 *    it hands over, so 100,000 rows took 12 ms that way and take 7 ms as one JSON string;
 *  - text search drives from the FTS index in rowid order (= newest first, no sort) and
 *    probes jobs_list, the narrow covering index, for the other filters: probing the
 *    table itself reads each job's whole row and took twice as long;
 *  - "no cost" rows come last in both cost orders, from a second query, so each part is
 *    read in index order instead of sorting 100,000 rows.
 */
import type Database from 'better-sqlite3';
import { JobStatusSchema, OutputLabelSchema, type HistoryFilter } from '../../shared';
import { toFtsQuery } from '../library/search-query';

export interface SearchResult {
  ids: number[];
  total: number;
}

const STATUSES = new Set<string>(JobStatusSchema.options);
const KINDS = new Set(['generate', 'edit']);
const LABELS = new Set<string>(OutputLabelSchema.options);
export const REFUSED = "j.status = 'failed' AND json_extract(j.error, '$.code') = 'MODERATION_BLOCKED'";
/** Prepared statements by SQL text; filters combine into a bounded number of shapes. */
const MAX_CACHED = 256;

const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

interface Query {
  sql: string;
  params: unknown[];
}

export class HistorySearch {
  private readonly db: Database.Database;
  private readonly cache = new Map<string, Database.Statement>();

  constructor(db: Database.Database) {
    this.db = db;
  }

  search(filter: Partial<HistoryFilter>): SearchResult {
    const parts = buildQueries(filter).map((q) => JSON.parse(this.statement(q.sql).get(...q.params) as string) as number[]);
    const ids = parts.length === 1 ? parts[0]! : ([] as number[]).concat(...parts);
    return { ids, total: ids.length };
  }

  /** The plans SQLite chose, for the bench and for anyone tuning indexes. */
  explain(filter: Partial<HistoryFilter>): string[] {
    return buildQueries(filter).flatMap((q) => (this.db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params) as { detail: string }[]).map((r) => r.detail));
  }

  private statement(sql: string): Database.Statement {
    let stmt = this.cache.get(sql);
    if (!stmt) {
      if (this.cache.size >= MAX_CACHED) this.cache.clear();
      stmt = this.db.prepare(sql).pluck();
      this.cache.set(sql, stmt);
    }
    return stmt;
  }
}

/** The queries whose results, concatenated, are the answer; empty when nothing can match. */
export function buildQueries(f: Partial<HistoryFilter>): Query[] {
  const conditions = filterConditions(f);
  if (conditions === null) return [];
  const { where, params } = conditions;
  const { text, jobIds } = splitJobNumbers(f.query ?? '');
  if (jobIds.length > 0) {
    where.push(`j.id IN (${placeholders(jobIds.length)})`);
    params.push(...jobIds);
  }
  const fts = text === '' ? null : toFtsQuery(text, { prefix: true });
  const sort = f.sort ?? 'newest';
  const wrap = (inner: string, p: unknown[]): Query => ({ sql: `SELECT json_group_array(id) FROM (${inner})`, params: p });

  if (fts !== null && where.length === 0 && (sort === 'newest' || sort === 'oldest')) {
    // Text alone: the index has every answer, in order.
    return [wrap(`SELECT rowid AS id FROM jobs_fts WHERE jobs_fts MATCH ? ORDER BY rowid ${sort === 'newest' ? 'DESC' : 'ASC'}`, [fts])];
  }
  // Marks narrow to a list of job ids from the outputs' partial indexes: probing jobs_list for
  // them (it has every other filter's column) reads a tenth of what probing the table would.
  const byMarks = f.minRating !== undefined || f.flag === 'pick' || f.flag === 'reject' || f.label !== undefined;
  const from = fts !== null ? 'jobs_fts f JOIN jobs j INDEXED BY jobs_list ON j.id = f.rowid' : byMarks ? 'jobs j INDEXED BY jobs_list' : 'jobs j';
  const all = fts !== null ? ['jobs_fts MATCH ?', ...where] : where;
  const allParams = fts !== null ? [fts, ...params] : params;
  const select = (extra: string | null, order: string) => {
    const w = extra ? [...all, extra] : all;
    return `SELECT j.id AS id FROM ${from}${w.length ? ` WHERE ${w.join(' AND ')}` : ''} ORDER BY ${order}`;
  };
  const byId = fts !== null ? 'f.rowid' : 'j.id';
  switch (sort) {
    case 'newest':
      return [wrap(select(null, `${byId} DESC`), allParams)];
    case 'oldest':
      return [wrap(select(null, `${byId} ASC`), allParams)];
    case 'cost-desc':
      // SQLite sorts NULL lowest, so jobs without a cost already come last.
      return [wrap(select(null, 'j.cost_usd DESC, j.id DESC'), allParams)];
    case 'cost-asc':
      return [
        wrap(select('j.cost_usd IS NOT NULL', 'j.cost_usd ASC, j.id ASC'), allParams),
        wrap(select('j.cost_usd IS NULL', `${byId} DESC`), allParams),
      ];
    case 'rating-desc':
      // The job's best output rating (kept by a trigger); unrated jobs come last, newest first.
      return [wrap(select(null, 'j.rating DESC, j.id DESC'), allParams)];
  }
}

/**
 * "#123" in the search box names job 123: each such word becomes a job-number condition and
 * leaves the text, so "#12 fox" is job 12 if its prompt has "fox".
 */
export function splitJobNumbers(query: string): { text: string; jobIds: number[] } {
  const jobIds: number[] = [];
  const text = query
    .replace(/(^|\s)#(\d{1,15})(?=\s|$)/g, (_, lead: string, n: string) => {
      const id = Number(n);
      if (Number.isSafeInteger(id) && id > 0 && !jobIds.includes(id)) jobIds.push(id);
      return lead;
    })
    .trim();
  return { text, jobIds };
}

/** The WHERE conditions of everything but the text; null when the filter cannot match anything. */
function filterConditions(f: Partial<HistoryFilter>): { where: string[]; params: unknown[] } | null {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.models) {
    if (f.models.length === 0) return null;
    where.push(`j.model IN (${placeholders(f.models.length)})`);
    params.push(...f.models);
  }
  if (f.kinds) {
    const kinds = f.kinds.filter((k) => KINDS.has(k));
    if (kinds.length === 0) return null;
    if (kinds.length < KINDS.size) where.push(`j.kind IN (${kinds.map(literal).join(', ')})`);
  }
  if (f.statuses) {
    const statuses = f.statuses.filter((s) => STATUSES.has(s));
    if (statuses.length === 0) return null;
    if (statuses.length < STATUSES.size) where.push(`j.status IN (${statuses.map(literal).join(', ')})`);
  }
  if (f.favourite !== undefined) where.push(f.favourite ? 'j.favourite = 1' : 'j.favourite = 0');
  if (f.projectId === null) where.push('j.project_id IS NULL');
  else if (f.projectId !== undefined) {
    where.push('j.project_id = ?');
    params.push(f.projectId);
  }
  if (f.from !== undefined) {
    where.push('j.created_at >= ?');
    params.push(f.from);
  }
  if (f.to !== undefined) {
    where.push('j.created_at <= ?');
    params.push(f.to);
  }
  if (f.hasMask !== undefined) where.push(f.hasMask ? 'j.has_mask = 1' : 'j.has_mask = 0');
  // The fidelity an edit ran at, stored with the job (gpt-image-2 edits are high).
  if (f.fidelity !== undefined) where.push(f.fidelity === 'high' ? "j.input_fidelity = 'high'" : "j.input_fidelity = 'low'");
  // A checked integer 1-5, written literally with the partial index's own condition so the index applies.
  if (f.minRating !== undefined) {
    if (!Number.isInteger(f.minRating) || f.minRating < 1 || f.minRating > 5) return null;
    where.push(`j.id IN (SELECT o.job_id FROM outputs o WHERE o.rating >= ${f.minRating} AND o.rating > 0)`);
  }
  // Flags and labels are literals from the contract's enums, so the partial indexes apply.
  if (f.flag === 'pick' || f.flag === 'reject') where.push(`j.id IN (SELECT o.job_id FROM outputs o WHERE o.flag = ${literal(f.flag)})`);
  // Written as the partial index jobs_unflagged is (migration 010).
  else if (f.flag === 'none') where.push('j.flagged = 0');
  if (f.label !== undefined) {
    if (!LABELS.has(f.label)) return null;
    where.push(`j.id IN (SELECT o.job_id FROM outputs o WHERE o.label = ${literal(f.label)})`);
  }
  // Written exactly as the partial index jobs_refused (migration 010), so it serves this.
  if (f.refused) where.push(REFUSED);
  for (const tag of dedupe(f.tags ?? [])) {
    where.push('j.id IN (SELECT jt.job_id FROM job_tags jt JOIN tags t ON t.id = jt.tag_id WHERE t.name = ?)');
    params.push(tag);
  }
  return { where, params };
}

/** Tags match case-insensitively, so "Client" and "client" are one condition. */
function dedupe(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const t of tags.map((x) => x.trim()).filter(Boolean)) {
    const key = t.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      out.push(t);
    }
  }
  return out;
}
