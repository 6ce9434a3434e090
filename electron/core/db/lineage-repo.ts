/**
 * Lineage: which output was edited into which job. A job's parent is an output
 * (jobs.parent_output_id), whose job is the parent job; the tree of a job is everything
 * reachable from its root. UNION (not UNION ALL) in the walks makes a cycle, which the
 * schema cannot produce anyway, end instead of spin.
 */
import type Database from 'better-sqlite3';
import { LoupeError, type JobStatus, type LineageNode } from '../../shared';

interface NodeRow {
  id: number;
  kind: 'generate' | 'edit';
  status: JobStatus;
  prompt: string;
  created_at: number;
  parent_output_id: number | null;
  parent_idx: number | null;
  parent_job: number | null;
  thumb: string | null;
}

const DESCENDANTS = `
  WITH RECURSIVE tree(id) AS (
    SELECT ?
    UNION
    SELECT j.id FROM tree JOIN outputs o ON o.job_id = tree.id JOIN jobs j ON j.parent_output_id = o.id
  )`;

/** Far deeper than any real chain of edits; only guards the walk up. */
const MAX_DEPTH = 100_000;

export class LineageRepo {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      parentJob: db.prepare('SELECT o.job_id FROM jobs j JOIN outputs o ON o.id = j.parent_output_id WHERE j.id = ?').pluck(),
      exists: db.prepare('SELECT 1 FROM jobs WHERE id = ?').pluck(),
      subtree: db.prepare(`${DESCENDANTS} SELECT id FROM tree`).pluck(),
      nodes: db.prepare(`${DESCENDANTS}
        SELECT j.id, j.kind, j.status, j.prompt, j.created_at, j.parent_output_id, po.idx AS parent_idx, po.job_id AS parent_job,
          (SELECT COALESCE(o.locked_asset_hash, o.asset_hash) FROM outputs o WHERE o.job_id = j.id ORDER BY o.idx LIMIT 1) AS thumb
        FROM tree JOIN jobs j ON j.id = tree.id LEFT JOIN outputs po ON po.id = j.parent_output_id
        ORDER BY j.created_at, j.id`),
    };
  }

  /** The job and everything edited from its outputs, at any depth. */
  subtree(jobId: number): number[] {
    this.require(jobId);
    return this.s.subtree.all(jobId) as number[];
  }

  /** The whole tree the job is part of, from its root down; children oldest first. */
  tree(jobId: number): LineageNode {
    this.require(jobId);
    let root = jobId;
    const seen = new Set([root]);
    for (let i = 0; i < MAX_DEPTH; i++) {
      const up = this.s.parentJob.get(root) as number | undefined;
      if (up === undefined || seen.has(up)) break;
      seen.add(up);
      root = up;
    }
    const rows = this.s.nodes.all(root) as NodeRow[];
    const nodes = new Map<number, LineageNode>();
    for (const r of rows) {
      nodes.set(r.id, {
        jobId: r.id,
        kind: r.kind,
        status: r.status,
        prompt: r.prompt,
        createdAt: r.created_at,
        fromOutputId: r.parent_output_id,
        fromOutputIndex: r.parent_idx,
        thumbHash: r.thumb,
        children: [],
      });
    }
    // Rows come oldest first, so each parent's children are appended in creation order.
    for (const r of rows) {
      if (r.id === root || r.parent_job === null) continue;
      nodes.get(r.parent_job)?.children.push(nodes.get(r.id)!);
    }
    return nodes.get(root)!;
  }

  private require(jobId: number): void {
    if (!this.s.exists.get(jobId)) throw new LoupeError('NOT_FOUND', `Job ${jobId} is not in the history.`);
  }
}
