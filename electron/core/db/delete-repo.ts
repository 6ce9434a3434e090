/**
 * Deleting jobs with reference counting. Rows go first, in one transaction (inputs,
 * outputs and tags cascade; jobs edited from a deleted output keep their place with no
 * parent); then the caller removes the files of the assets nothing uses any more. In
 * that order a crash in between leaves a file without a row (harmless, and never shown),
 * never a row without its file.
 *
 * An asset is still used while any job input, output (raw or locked), or a composite's
 * list of sources names it, or while it is a saved mask or markup (the edit studio lists those),
 * or while a brand kit holds it as one of its asset versions.
 */
import type Database from 'better-sqlite3';

export interface DeletedRows {
  deletedJobs: number;
  /** Assets whose rows were removed: their store files can go. */
  unused: string[];
}

const IDS = 'SELECT value FROM json_each(?)';

export class DeleteRepo {
  private readonly db: Database.Database;
  private readonly s;

  constructor(db: Database.Database) {
    this.db = db;
    this.s = {
      touched: db.prepare(
        `SELECT asset_hash FROM job_inputs WHERE job_id IN (${IDS})
         UNION SELECT asset_hash FROM outputs WHERE job_id IN (${IDS})
         UNION SELECT locked_asset_hash FROM outputs WHERE job_id IN (${IDS}) AND locked_asset_hash IS NOT NULL`,
      ).pluck(),
      deleteJobs: db.prepare(`DELETE FROM jobs WHERE id IN (${IDS})`),
      active: db.prepare(`SELECT id FROM jobs WHERE id IN (${IDS}) AND status IN ('queued', 'running', 'retrying')`).pluck(),
      used: db.prepare(
        `SELECT EXISTS (SELECT 1 FROM job_inputs WHERE asset_hash = @h)
             OR EXISTS (SELECT 1 FROM outputs WHERE asset_hash = @h)
             OR EXISTS (SELECT 1 FROM outputs WHERE locked_asset_hash = @h)
             OR EXISTS (SELECT 1 FROM asset_meta WHERE hash = @h AND kind IN ('mask', 'markup'))
             OR EXISTS (SELECT 1 FROM asset_meta m, json_each(m.sources) s WHERE m.kind = 'composite' AND s.value = @h)
             OR EXISTS (SELECT 1 FROM kit_asset_versions WHERE asset_hash = @h)
             OR EXISTS (SELECT 1 FROM experiments WHERE source_hash = @h OR mask_hash = @h OR markup_hash = @h)`,
      ).pluck(),
      sourcesOf: db.prepare(`SELECT s.value FROM asset_meta m, json_each(m.sources) s WHERE m.hash = ? AND m.kind = 'composite'`).pluck(),
      dropMeta: db.prepare('DELETE FROM asset_meta WHERE hash = ?'),
      dropAsset: db.prepare('DELETE FROM assets WHERE hash = ?'),
      assetRow: db.prepare('SELECT 1 FROM assets WHERE hash = ?').pluck(),
      dropUnusedTags: db.prepare('DELETE FROM tags WHERE NOT EXISTS (SELECT 1 FROM job_tags jt WHERE jt.tag_id = tags.id)'),
    };
  }

  /** Those of the jobs still waiting or running: they are stopped before their rows go. */
  active(jobIds: readonly number[]): number[] {
    return this.s.active.all(JSON.stringify(jobIds)) as number[];
  }

  deleteJobs(jobIds: readonly number[]): DeletedRows {
    return this.db.transaction((): DeletedRows => {
      const ids = JSON.stringify(jobIds);
      const touched = this.s.touched.all(ids, ids, ids) as string[];
      const deletedJobs = this.s.deleteJobs.run(ids).changes;
      this.s.dropUnusedTags.run();
      const unused: string[] = [];
      const queue = [...touched];
      const seen = new Set(queue);
      while (queue.length > 0) {
        const hash = queue.shift()!;
        if (this.isUsed(hash)) continue;
        // A composite going away frees the photos it was made of, unless something else uses them.
        const sources = this.s.sourcesOf.all(hash) as string[];
        this.s.dropMeta.run(hash);
        this.s.dropAsset.run(hash);
        unused.push(hash);
        for (const s of sources) {
          if (!seen.has(s)) {
            seen.add(s);
            queue.push(s);
          }
        }
      }
      return { deletedJobs, unused };
    })();
  }

  /**
   * Rows of those assets nothing uses any more (after a kit was deleted), in the caller's
   * transaction; returns the hashes whose files can go.
   */
  dropUnused(hashes: readonly string[]): string[] {
    const unused: string[] = [];
    for (const hash of new Set(hashes)) {
      if (this.isUsed(hash)) continue;
      this.s.dropMeta.run(hash);
      this.s.dropAsset.run(hash);
      unused.push(hash);
    }
    return unused;
  }

  private isUsed(hash: string): boolean {
    return this.s.used.get({ h: hash }) === 1;
  }

  /**
   * Asked again just before a file is removed: the row was deleted with the jobs, so a
   * row now means the same bytes came back meanwhile (imported again, or an edit started
   * with them) and the file must stay.
   */
  isWantedAgain(hash: string): boolean {
    return this.s.assetRow.get(hash) !== undefined;
  }
}
