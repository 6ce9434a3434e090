import type { Migration } from './types';

/*
 * Judging images one by one, and search that finds what people type.
 *
 * Marks belong to outputs, as in Lightroom: a star rating (0-5), a pick or reject flag and
 * a colour label. The job keeps two facts derived from its outputs, maintained by a trigger,
 * so History's filters and sorts read one indexed column per job instead of its outputs:
 *   jobs.rating     the best rating among its outputs (sort "best rated", "3 stars and up");
 *   jobs.favourite  1 when any of its outputs is picked. "Favourites" and picks are one idea;
 *   jobs.flagged    1 when any of its outputs is picked or rejected ("unflagged" is what is left to judge).
 *
 * Favourites move to outputs: a favourite job's outputs are all picked (Lightroom's "keeper"),
 * not given five stars, because a favourite said "keep this", not "this is the best of all".
 * A favourite job with no output (a failed one) keeps favourite = 1; no output can clear it.
 *
 * jobs.dismissed hides a failed job from Generate's feed; History still lists it.
 *
 * The text index is rebuilt with the porter stemmer over unicode61 ("lily" finds "lilies",
 * "cafe" still finds "café") and a fourth column, files: the names of the files saved from the
 * job (without their folders) and the names its input files had. Every trigger re-indexes a
 * job's whole row from its tables (contentless_delete removes a row by rowid alone).
 */
const TAGS_OF = (jobId: string): string =>
  `COALESCE((SELECT group_concat(t.name, ' ') FROM job_tags jt JOIN tags t ON t.id = jt.tag_id WHERE jt.job_id = ${jobId}), '')`;

/** A saved path's last component, for / and \ separators alike (SQLite has no basename). */
const BASENAME = (path: string): string => `replace(${path}, rtrim(${path}, replace(${path}, '/', '')), '')`;
/*
 * Each name is indexed twice: as words ("harbour", "0042") and as one compact token with the
 * usual separators taken out ("2026-12-04_harbour_0042_1.png" → "20261204harbour00421png").
 * A name typed whole or from its start is then one token to look up (library/search-query.ts
 * compacts it the same way), not a phrase of a dozen words that are in every name ("1", "png").
 */
const SEPARATORS = [' ', '_', '-', '.', '(', ')', '[', ']', '{', '}', ',', '+', "''", '&', '#', '!', '@', '=', '~', ';', '%', '$'];
const COMPACT = (x: string): string => SEPARATORS.reduce((e, c) => `replace(${e}, '${c}', '')`, x);
const FILES_OF = (jobId: string): string => `COALESCE((SELECT group_concat(n || ' ' || ${COMPACT('n')}, ' ') FROM (
    SELECT ${BASENAME('p')} AS n FROM (SELECT replace(o.saved_path, '\\', '/') AS p FROM outputs o WHERE o.job_id = ${jobId} AND o.saved_path IS NOT NULL)
    UNION ALL SELECT i.name AS n FROM job_inputs i WHERE i.job_id = ${jobId} AND i.name IS NOT NULL)), '')`;

const ROW_OF = (jobId: string): string =>
  `SELECT jobs.id, jobs.prompt, ${TAGS_OF('jobs.id')}, jobs.notes, ${FILES_OF('jobs.id')} FROM jobs WHERE jobs.id = ${jobId}`;
const REINDEX = (jobId: string): string => `DELETE FROM jobs_fts WHERE rowid = ${jobId};
  INSERT INTO jobs_fts (rowid, prompt, tags, notes, files) ${ROW_OF(jobId)};`;

/** Indexes every job at once (this migration, and the bench's generated library). */
export const FTS_FILL_SQL = `INSERT INTO jobs_fts (rowid, prompt, tags, notes, files)
  SELECT jobs.id, jobs.prompt, ${TAGS_OF('jobs.id')}, jobs.notes, ${FILES_OF('jobs.id')} FROM jobs`;

const SQL = `
ALTER TABLE outputs ADD COLUMN rating INTEGER NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5);
ALTER TABLE outputs ADD COLUMN flag TEXT CHECK (flag IN ('pick', 'reject'));
ALTER TABLE outputs ADD COLUMN label TEXT CHECK (label IN ('red', 'yellow', 'green', 'blue', 'purple'));
ALTER TABLE jobs ADD COLUMN rating INTEGER NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5);
ALTER TABLE jobs ADD COLUMN dismissed INTEGER NOT NULL DEFAULT 0 CHECK (dismissed IN (0, 1));
ALTER TABLE jobs ADD COLUMN flagged INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1));

UPDATE outputs SET flag = 'pick' WHERE job_id IN (SELECT id FROM jobs WHERE favourite = 1);
UPDATE jobs SET flagged = 1 WHERE id IN (SELECT job_id FROM outputs WHERE flag IS NOT NULL);

CREATE TRIGGER outputs_marks_au AFTER UPDATE OF rating, flag ON outputs BEGIN
  UPDATE jobs SET
    rating = (SELECT MAX(o.rating) FROM outputs o WHERE o.job_id = new.job_id),
    favourite = EXISTS (SELECT 1 FROM outputs o WHERE o.job_id = new.job_id AND o.flag = 'pick'),
    flagged = EXISTS (SELECT 1 FROM outputs o WHERE o.job_id = new.job_id AND o.flag IS NOT NULL)
  WHERE id = new.job_id;
END;

-- Sort by best rating and "n stars and up", in index order.
CREATE INDEX jobs_rating ON jobs (rating, id);
-- Ratings, flags and labels are few: partial indexes hand over the jobs carrying one.
CREATE INDEX outputs_rating ON outputs (rating, job_id) WHERE rating > 0;
CREATE INDEX outputs_flag ON outputs (flag, job_id) WHERE flag IS NOT NULL;
CREATE INDEX outputs_label ON outputs (label, job_id) WHERE label IS NOT NULL;
-- "Unflagged" (what is left to judge) is most of the history: its ids in order, from a partial index.
CREATE INDEX jobs_unflagged ON jobs (id) WHERE flagged = 0;
-- Moderation refusals, for the filter and the appeal CSV (the condition is written the same way there).
CREATE INDEX jobs_refused ON jobs (id) WHERE status = 'failed' AND json_extract(error, '$.code') = 'MODERATION_BLOCKED';

DROP TRIGGER jobs_fts_ai;
DROP TRIGGER jobs_fts_ad;
DROP TRIGGER jobs_fts_au;
DROP TRIGGER job_tags_fts_ai;
DROP TRIGGER job_tags_fts_ad;
DROP TABLE jobs_fts;

CREATE VIRTUAL TABLE jobs_fts USING fts5(
  prompt,
  tags,
  notes,
  files,
  content = '',
  contentless_delete = 1,
  tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER jobs_fts_ai AFTER INSERT ON jobs BEGIN
  INSERT INTO jobs_fts (rowid, prompt, tags, notes, files) ${ROW_OF('new.id')};
END;

CREATE TRIGGER jobs_fts_ad AFTER DELETE ON jobs BEGIN
  DELETE FROM jobs_fts WHERE rowid = old.id;
END;

-- Status, usage, marks and the other columns a job's life updates never touch the index.
CREATE TRIGGER jobs_fts_au AFTER UPDATE OF prompt, notes ON jobs BEGIN
  ${REINDEX('new.id')}
END;

CREATE TRIGGER job_tags_fts_ai AFTER INSERT ON job_tags BEGIN
  ${REINDEX('new.job_id')}
END;

-- Also fires for the cascade when a job is deleted: the job row may already be gone, and
-- then nothing is re-inserted.
CREATE TRIGGER job_tags_fts_ad AFTER DELETE ON job_tags BEGIN
  ${REINDEX('old.job_id')}
END;

CREATE TRIGGER job_inputs_fts_ai AFTER INSERT ON job_inputs WHEN new.name IS NOT NULL BEGIN
  ${REINDEX('new.job_id')}
END;

CREATE TRIGGER outputs_fts_au AFTER UPDATE OF saved_path ON outputs BEGIN
  ${REINDEX('new.job_id')}
END;

${FTS_FILL_SQL};
`;

const migration: Migration = {
  version: 10,
  name: 'organise',
  up(db) {
    db.exec(SQL);
  },
};
export default migration;
