/**
 * Turns job rows into JobViews with their outputs, inputs and tags: one query per table for
 * any number of jobs (ids passed as one JSON array), never one per job, so a gallery page
 * of 100 jobs costs four queries however many outputs and tags it has.
 */
import type Database from 'better-sqlite3';
import type { JobInputView, JobView, OutputView } from '../../shared';
import { INPUT_COLUMNS, JOB_COLUMNS, OUTPUT_COLUMNS, toInputView, toJobView, toOutputView, type InputRow, type JobRow, type OutputRow } from './job-rows';

interface TagRow {
  job_id: number;
  name: string;
}

export class JobViews {
  private readonly s;

  constructor(db: Database.Database) {
    const inIds = (col: string) => `${col} IN (SELECT value FROM json_each(?))`;
    this.s = {
      rows: db.prepare(`SELECT ${JOB_COLUMNS} FROM jobs WHERE ${inIds('id')}`),
      outputs: db.prepare(`SELECT ${OUTPUT_COLUMNS} FROM outputs o JOIN assets a ON a.hash = o.asset_hash WHERE ${inIds('o.job_id')} ORDER BY o.job_id, o.idx`),
      // Generations have no inputs: an index probe per job finds nothing, cheaply.
      inputs: db.prepare(`SELECT ${INPUT_COLUMNS} FROM job_inputs i JOIN assets a ON a.hash = i.asset_hash WHERE ${inIds('i.job_id')} ORDER BY i.job_id, i.role, i.position`),
      outputJobs: db.prepare(`SELECT id, job_id FROM outputs WHERE ${inIds('id')}`),
      tags: db.prepare(`SELECT jt.job_id, t.name FROM job_tags jt JOIN tags t ON t.id = jt.tag_id WHERE ${inIds('jt.job_id')}`),
    };
  }

  /** Views of these rows, in their order. */
  assemble(rows: readonly JobRow[]): JobView[] {
    if (rows.length === 0) return [];
    const ids = JSON.stringify(rows.map((r) => r.id));
    const outputs = group<OutputRow, OutputView>(this.s.outputs.all(ids) as OutputRow[], toOutputView);
    const inputs = group<InputRow, JobInputView>(this.s.inputs.all(ids) as InputRow[], toInputView);
    const tags = group<TagRow, string>(this.s.tags.all(ids) as TagRow[], (t) => t.name);
    for (const list of tags.values()) list.sort(byName);
    return rows.map((r) => toJobView(r, outputs.get(r.id) ?? [], inputs.get(r.id) ?? [], tags.get(r.id) ?? []));
  }

  /** The job of each output that exists. */
  jobsOfOutputs(outputIds: readonly number[]): Map<number, number> {
    const rows = this.s.outputJobs.all(JSON.stringify(outputIds)) as { id: number; job_id: number }[];
    return new Map(rows.map((r) => [r.id, r.job_id]));
  }

  /** Views of these ids in the order asked; ids no longer in the history are left out. */
  byIds(ids: readonly number[]): JobView[] {
    if (ids.length === 0) return [];
    const byId = new Map<number, JobRow>();
    for (const r of this.s.rows.all(JSON.stringify(ids)) as JobRow[]) byId.set(r.id, r);
    const seen = new Set<number>();
    const ordered: JobRow[] = [];
    for (const id of ids) {
      const r = byId.get(id);
      if (r && !seen.has(id)) {
        seen.add(id);
        ordered.push(r);
      }
    }
    return this.assemble(ordered);
  }
}

/** Alphabetical as people read it ("émigré" between "Client" and "print"), not by code point. */
export const byName = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true }).compare;

function group<R extends { job_id: number }, V>(rows: readonly R[], map: (r: R) => V): Map<number, V[]> {
  const out = new Map<number, V[]>();
  for (const r of rows) {
    const list = out.get(r.job_id);
    if (list) list.push(map(r));
    else out.set(r.job_id, [map(r)]);
  }
  return out;
}
