/**
 * Judging many images at once: per-output marks (stars, pick/reject flag, colour label) with
 * what they were before (so a change can be undone), tags added to or removed from many jobs,
 * and failed jobs dismissed from Generate's feed. Each call is one transaction: a bulk change
 * lands whole or not at all.
 */
import type Database from 'better-sqlite3';
import type { OutputMarks } from '../../shared';
import { normaliseTags } from './organise-repo';

export interface MarkChange {
  rating?: number;
  flag?: OutputMarks['flag'];
  label?: OutputMarks['label'];
  /** Off when every output has it, else on all: decided here, against the marks as they are. */
  toggleLabel?: NonNullable<OutputMarks['label']>;
}

export class MarksRepo {
  private readonly db: Database.Database;
  private readonly s;

  constructor(db: Database.Database) {
    this.db = db;
    const inIds = 'IN (SELECT value FROM json_each(?))';
    this.s = {
      marksOf: db.prepare(`SELECT id, rating, flag, label FROM outputs WHERE id ${inIds} ORDER BY id`),
      // A mark not given keeps its value; the set* flags say which ones were given.
      mark: db.prepare(
        `UPDATE outputs SET
           rating = CASE WHEN @setRating THEN @rating ELSE rating END,
           flag = CASE WHEN @setFlag THEN @flag ELSE flag END,
           label = CASE WHEN @setLabel THEN @label ELSE label END
         WHERE id = @id`,
      ),
      restore: db.prepare('UPDATE outputs SET rating = @rating, flag = @flag, label = @label WHERE id = @id'),
      jobIds: db.prepare(`SELECT id FROM jobs WHERE id ${inIds}`).pluck(),
      tagId: db.prepare('SELECT id FROM tags WHERE name = ?').pluck(),
      insertTag: db.prepare('INSERT INTO tags (name) VALUES (?) RETURNING id').pluck(),
      addTag: db.prepare('INSERT OR IGNORE INTO job_tags (job_id, tag_id) VALUES (?, ?)'),
      removeTag: db.prepare(`DELETE FROM job_tags WHERE tag_id = ? AND job_id ${inIds}`),
      dropUnused: db.prepare('DELETE FROM tags WHERE NOT EXISTS (SELECT 1 FROM job_tags jt WHERE jt.tag_id = tags.id)'),
      // Only a job that has ended without its images can leave the feed; one still running stays in view.
      dismiss: db.prepare(`UPDATE jobs SET dismissed = ? WHERE id ${inIds} AND dismissed <> ? AND status IN ('failed', 'canceled', 'interrupted')`),
    };
  }

  /** The marks of these outputs as they are now (outputs not in the library are left out). */
  marksOf(outputIds: readonly number[]): OutputMarks[] {
    return this.s.marksOf.all(JSON.stringify(outputIds)) as OutputMarks[];
  }

  /** Sets what `change` gives on every output; returns how many changed and their marks before. */
  mark(outputIds: readonly number[], toSet: MarkChange): { updated: number; previous: OutputMarks[]; label?: OutputMarks['label'] } {
    return this.db.transaction(() => {
      const previous = this.marksOf(outputIds);
      const { toggleLabel, ...change } = toSet;
      if (toggleLabel !== undefined) change.label = previous.length > 0 && previous.every((m) => m.label === toggleLabel) ? null : toggleLabel;
      const args = {
        setRating: change.rating !== undefined ? 1 : 0,
        rating: change.rating ?? 0,
        setFlag: change.flag !== undefined ? 1 : 0,
        flag: change.flag ?? null,
        setLabel: change.label !== undefined ? 1 : 0,
        label: change.label ?? null,
      };
      let updated = 0;
      for (const m of previous) {
        const same =
          (change.rating === undefined || change.rating === m.rating) &&
          (change.flag === undefined || change.flag === m.flag) &&
          (change.label === undefined || change.label === m.label);
        if (same) continue;
        this.s.mark.run({ ...args, id: m.id });
        updated++;
      }
      return change.label === undefined ? { updated, previous } : { updated, previous, label: change.label };
    })();
  }

  /** Puts marks back exactly as given (the undo of `mark`); outputs gone since are skipped. */
  restore(marks: readonly OutputMarks[]): number {
    return this.db.transaction(() => {
      let updated = 0;
      for (const m of marks) updated += this.s.restore.run(m).changes;
      return updated;
    })();
  }

  /** Adds tags to every job that is still in the library, keeping the tags it has; returns the jobs touched. */
  addTags(jobIds: readonly number[], tags: readonly string[]): number {
    return this.db.transaction(() => {
      const ids = this.s.jobIds.all(JSON.stringify(jobIds)) as number[];
      const names = normaliseTags(tags);
      const tagIds = names.map((name) => (this.s.tagId.get(name) as number | undefined) ?? (this.s.insertTag.get(name) as number));
      for (const jobId of ids) for (const tagId of tagIds) this.s.addTag.run(jobId, tagId);
      return ids.length;
    })();
  }

  /** Takes tags off these jobs (case-insensitively); a tag no job carries any more goes. */
  removeTags(jobIds: readonly number[], tags: readonly string[]): number {
    return this.db.transaction(() => {
      let removed = 0;
      const ids = JSON.stringify(jobIds);
      for (const name of normaliseTags(tags)) {
        const tagId = this.s.tagId.get(name) as number | undefined;
        if (tagId !== undefined) removed += this.s.removeTag.run(tagId, ids).changes;
      }
      this.s.dropUnused.run();
      return removed;
    })();
  }

  /** Hides jobs from (or brings them back to) Generate's feed; returns how many changed. */
  dismiss(jobIds: readonly number[], dismissed: boolean): number {
    const v = dismissed ? 1 : 0;
    return this.s.dismiss.run(v, JSON.stringify(jobIds), v).changes;
  }
}
