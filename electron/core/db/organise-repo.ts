/**
 * What people add to jobs to find them again: favourites, tags, notes and projects.
 * Tags are normalised here (trimmed, inner whitespace collapsed, unique case-insensitively)
 * and a tag no job carries any more is removed, so the tag list never fills with leftovers.
 */
import type Database from 'better-sqlite3';
import { LoupeError, type ProjectView } from '../../shared';
import { byName } from './job-views';

export interface TagCount {
  name: string;
  count: number;
}

interface ProjectRow {
  id: number;
  name: string;
  output_dir: string | null;
  naming_template: string | null;
  budget_usd: number | null;
  created_at: number;
  spent: number;
  jobs: number;
}

export interface ProjectFields {
  name: string;
  outputDir?: string | null;
  namingTemplate?: string | null;
  budgetUsd?: number | null;
}

/** "  Client   A " → "Client A"; duplicates (any case) keep the first spelling. */
export function normaliseTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const t = raw.normalize('NFC').replace(/\s+/g, ' ').trim();
    const key = t.toLowerCase();
    if (t && !seen.has(key)) {
      seen.add(key);
      out.push(t);
    }
  }
  return out;
}

const PROJECT_SELECT = `SELECT p.id, p.name, p.output_dir, p.naming_template, p.budget_usd, p.created_at,
    COALESCE((SELECT SUM(j.cost_usd) FROM jobs j WHERE j.project_id = p.id), 0) AS spent,
    (SELECT COUNT(*) FROM jobs j WHERE j.project_id = p.id) AS jobs
  FROM projects p`;

export class OrganiseRepo {
  private readonly db: Database.Database;
  private readonly s;

  constructor(db: Database.Database) {
    this.db = db;
    this.s = {
      exists: db.prepare('SELECT 1 FROM jobs WHERE id = ?').pluck(),
      favourite: db.prepare('UPDATE jobs SET favourite = ? WHERE id = ?'),
      // A favourite is a job whose outputs are picked (migration 010): favouriting picks them
      // all, un-favouriting lifts their picks and leaves rejects alone.
      pickAll: db.prepare(`UPDATE outputs SET flag = CASE WHEN @on THEN 'pick' ELSE NULL END WHERE job_id = @jobId AND flag IS NOT (CASE WHEN @on THEN 'pick' ELSE 'reject' END)`),
      notes: db.prepare('UPDATE jobs SET notes = ? WHERE id = ?'),
      project: db.prepare('UPDATE jobs SET project_id = ? WHERE id IN (SELECT value FROM json_each(?))'),
      tagId: db.prepare('SELECT id FROM tags WHERE name = ?').pluck(),
      insertTag: db.prepare('INSERT INTO tags (name) VALUES (?) RETURNING id').pluck(),
      clearTags: db.prepare('DELETE FROM job_tags WHERE job_id = ?'),
      addTag: db.prepare('INSERT OR IGNORE INTO job_tags (job_id, tag_id) VALUES (?, ?)'),
      // Only tags with no job at all: deleting one never cascades into job_tags.
      dropUnused: db.prepare('DELETE FROM tags WHERE NOT EXISTS (SELECT 1 FROM job_tags jt WHERE jt.tag_id = tags.id)'),
      tagCounts: db.prepare(
        'SELECT t.name, COUNT(*) AS count FROM tags t JOIN job_tags jt ON jt.tag_id = t.id GROUP BY t.id',
      ),
      projects: db.prepare(PROJECT_SELECT),
      projectById: db.prepare(`${PROJECT_SELECT} WHERE p.id = ?`),
      projectByName: db.prepare('SELECT id FROM projects WHERE name = ?').pluck(),
      insertProject: db.prepare(
        'INSERT INTO projects (name, output_dir, naming_template, budget_usd, created_at) VALUES (@name, @outputDir, @namingTemplate, @budgetUsd, @createdAt) RETURNING id',
      ).pluck(),
      updateProject: db.prepare(
        'UPDATE projects SET name = @name, output_dir = @outputDir, naming_template = @namingTemplate, budget_usd = @budgetUsd WHERE id = @id',
      ),
      deleteProject: db.prepare('DELETE FROM projects WHERE id = ?'),
    };
  }

  setFavourite(jobId: number, favourite: boolean): void {
    this.db.transaction(() => {
      this.s.pickAll.run({ on: favourite ? 1 : 0, jobId });
      // Also set directly: a job with no outputs (a failed one) can be a favourite too.
      this.expectJob(this.s.favourite.run(favourite ? 1 : 0, jobId), jobId);
    })();
  }

  setNotes(jobId: number, notes: string): void {
    this.expectJob(this.s.notes.run(notes, jobId), jobId);
  }

  /** Replaces the job's tags; an existing tag is reused in its own spelling ("Client" stays "Client"). */
  setTags(jobId: number, tags: readonly string[]): void {
    this.db.transaction(() => {
      if (!this.s.exists.get(jobId)) throw notFound(jobId);
      this.s.clearTags.run(jobId);
      for (const name of normaliseTags(tags)) {
        const id = (this.s.tagId.get(name) as number | undefined) ?? (this.s.insertTag.get(name) as number);
        this.s.addTag.run(jobId, id);
      }
      this.s.dropUnused.run();
    })();
  }

  /** Removes tags that no job carries (after jobs were deleted). */
  dropUnusedTags(): void {
    this.s.dropUnused.run();
  }

  tagCounts(): TagCount[] {
    return (this.s.tagCounts.all() as TagCount[]).sort((a, b) => b.count - a.count || byName(a.name, b.name));
  }

  /** Moves jobs into a project (or out, with null); returns how many jobs changed. */
  setProject(jobIds: readonly number[], projectId: number | null): number {
    return this.db.transaction(() => {
      if (projectId !== null) this.requireProject(projectId);
      return this.s.project.run(projectId, JSON.stringify(jobIds)).changes;
    })();
  }

  projects(): ProjectView[] {
    return (this.s.projects.all() as ProjectRow[]).map(toProjectView).sort((a, b) => byName(a.name, b.name));
  }

  project(id: number): ProjectView | null {
    const row = this.s.projectById.get(id) as ProjectRow | undefined;
    return row ? toProjectView(row) : null;
  }

  requireProject(id: number): ProjectView {
    const p = this.project(id);
    if (!p) throw new LoupeError('NOT_FOUND', 'That project is no longer in the library.');
    return p;
  }

  createProject(fields: ProjectFields, createdAt: number): ProjectView {
    const id = this.db.transaction(() => {
      this.assertNameFree(fields.name, null);
      return this.s.insertProject.get({
        name: fields.name,
        outputDir: fields.outputDir ?? null,
        namingTemplate: fields.namingTemplate ?? null,
        budgetUsd: fields.budgetUsd ?? null,
        createdAt,
      }) as number;
    })();
    return this.requireProject(id);
  }

  /** Fields left undefined keep their value; null clears them. */
  updateProject(id: number, fields: ProjectFields): ProjectView {
    this.db.transaction(() => {
      const current = this.requireProject(id);
      this.assertNameFree(fields.name, id);
      this.s.updateProject.run({
        id,
        name: fields.name,
        outputDir: fields.outputDir === undefined ? current.outputDir : fields.outputDir,
        namingTemplate: fields.namingTemplate === undefined ? current.namingTemplate : fields.namingTemplate,
        budgetUsd: fields.budgetUsd === undefined ? current.budgetUsd : fields.budgetUsd,
      });
    })();
    return this.requireProject(id);
  }

  /** The project's jobs stay, in no project (ON DELETE SET NULL). */
  deleteProject(id: number): boolean {
    return this.s.deleteProject.run(id).changes > 0;
  }

  private assertNameFree(name: string, self: number | null): void {
    const other = this.s.projectByName.get(name) as number | undefined;
    if (other !== undefined && other !== self) throw new LoupeError('CONFLICT', `A project named "${name}" already exists.`);
  }

  private expectJob(info: Database.RunResult, jobId: number): void {
    if (info.changes === 0) throw notFound(jobId);
  }
}

function notFound(jobId: number): LoupeError {
  return new LoupeError('NOT_FOUND', `Job ${jobId} is not in the history.`);
}

function toProjectView(r: ProjectRow): ProjectView {
  return {
    id: r.id,
    name: r.name,
    outputDir: r.output_dir,
    namingTemplate: r.naming_template,
    budgetUsd: r.budget_usd,
    // Sums of many float costs: round away the binary noise (0.1 + 0.2).
    spentUsd: Math.round(r.spent * 1e6) / 1e6,
    jobCount: r.jobs,
    createdAt: r.created_at,
  };
}
