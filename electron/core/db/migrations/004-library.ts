import type { Migration } from './types';

/*
 * The library at scale: projects, favourites, notes, tags, and a full-text index over
 * prompts, tags and notes together.
 *
 * jobs_fts becomes contentless (content = '') with contentless_delete: the tags of a job
 * live in another table, so there is no single row an external-content index could read
 * them back from, and a contentless row is removed by rowid alone. That is what makes the
 * triggers safe whatever order SQLite fires them in when a job and its tags go together
 * (an external-content 'delete' must repeat the exact old text, or the index is corrupt).
 *
 * Indexes, each measured on the 100,000-job bench (test/bench/history.ts):
 *   jobs_list       every column a filter reads, led by id: a job row carries its prompt and
 *                   parameters (~600 bytes), so scanning the table for "edits with a mask"
 *                   read 60 MB (~25 ms); this index is a tenth of that and already in id
 *                   order (newest first without a sort). Text search probes it per match.
 *   jobs_project    project filter, a project's spend (covering) and ON DELETE SET NULL;
 *   jobs_favourite  partial: favourites are few, and the index hands them over in id order;
 *   jobs_model      model filter (with status: "failed gpt-image-2 jobs");
 *   jobs_cost       cost sort without sorting 100,000 rows;
 *   job_tags_tag    jobs carrying a tag (the primary key serves a job's tags).
 */
const TAGS_OF = (jobId: string): string =>
  `COALESCE((SELECT group_concat(t.name, ' ') FROM job_tags jt JOIN tags t ON t.id = jt.tag_id WHERE jt.job_id = ${jobId}), '')`;

const SQL = `
CREATE TABLE projects (
  id              INTEGER PRIMARY KEY,
  name            TEXT NOT NULL UNIQUE COLLATE NOCASE,
  output_dir      TEXT,
  naming_template TEXT,
  budget_usd      REAL,
  created_at      INTEGER NOT NULL
) STRICT;

ALTER TABLE jobs ADD COLUMN project_id INTEGER REFERENCES projects(id) ON DELETE SET NULL;
ALTER TABLE jobs ADD COLUMN favourite INTEGER NOT NULL DEFAULT 0 CHECK (favourite IN (0, 1));
ALTER TABLE jobs ADD COLUMN notes TEXT NOT NULL DEFAULT '';
-- Facts the filters need, kept as columns so no filter parses params JSON row by row
-- (that took over 100 ms on 100,000 jobs): the input fidelity an edit ran at, and
-- whether it had a mask.
ALTER TABLE jobs ADD COLUMN input_fidelity TEXT CHECK (input_fidelity IN ('low', 'high'));
ALTER TABLE jobs ADD COLUMN has_mask INTEGER NOT NULL DEFAULT 0 CHECK (has_mask IN (0, 1));

-- The models as they were when this migration was written; new jobs get the column
-- from the code's model data (JobsRepo.create).
UPDATE jobs SET input_fidelity = CASE
  WHEN model IN ('gpt-image-2', 'gpt-image-2-2026-04-21') THEN 'high'
  WHEN model IN ('gpt-image-1.5', 'chatgpt-image-latest', 'gpt-image-1') THEN COALESCE(json_extract(params, '$.inputFidelity'), 'low')
  END
WHERE kind = 'edit';
UPDATE jobs SET has_mask = 1 WHERE id IN (SELECT job_id FROM job_inputs WHERE role = 'mask');

-- Inputs are recorded with their job, or added later (JobsRepo.addInputs); either way the flag follows.
CREATE TRIGGER job_inputs_mask_ai AFTER INSERT ON job_inputs WHEN new.role = 'mask' BEGIN
  UPDATE jobs SET has_mask = 1 WHERE id = new.job_id AND has_mask = 0;
END;

CREATE TABLE tags (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE
) STRICT;

CREATE TABLE job_tags (
  job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
  PRIMARY KEY (job_id, tag_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX job_tags_tag ON job_tags (tag_id, job_id);
CREATE INDEX jobs_project ON jobs (project_id, cost_usd) WHERE project_id IS NOT NULL;
CREATE INDEX jobs_favourite ON jobs (favourite) WHERE favourite = 1;
CREATE INDEX jobs_model ON jobs (model, status);
CREATE INDEX jobs_cost ON jobs (cost_usd);
CREATE INDEX jobs_list ON jobs (id, kind, status, model, project_id, favourite, created_at, cost_usd, input_fidelity, has_mask);

DROP TRIGGER jobs_fts_ai;
DROP TRIGGER jobs_fts_ad;
DROP TRIGGER jobs_fts_au;
DROP TABLE jobs_fts;

CREATE VIRTUAL TABLE jobs_fts USING fts5(
  prompt,
  tags,
  notes,
  content = '',
  contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER jobs_fts_ai AFTER INSERT ON jobs BEGIN
  INSERT INTO jobs_fts (rowid, prompt, tags, notes) VALUES (new.id, new.prompt, ${TAGS_OF('new.id')}, new.notes);
END;

CREATE TRIGGER jobs_fts_ad AFTER DELETE ON jobs BEGIN
  DELETE FROM jobs_fts WHERE rowid = old.id;
END;

-- Status, usage and the other columns a running job updates never touch the index.
CREATE TRIGGER jobs_fts_au AFTER UPDATE OF prompt, notes ON jobs BEGIN
  DELETE FROM jobs_fts WHERE rowid = old.id;
  INSERT INTO jobs_fts (rowid, prompt, tags, notes) VALUES (new.id, new.prompt, ${TAGS_OF('new.id')}, new.notes);
END;

CREATE TRIGGER job_tags_fts_ai AFTER INSERT ON job_tags BEGIN
  DELETE FROM jobs_fts WHERE rowid = new.job_id;
  INSERT INTO jobs_fts (rowid, prompt, tags, notes) SELECT jobs.id, jobs.prompt, ${TAGS_OF('jobs.id')}, jobs.notes FROM jobs WHERE jobs.id = new.job_id;
END;

-- Also fires for the cascade when a job is deleted: the job row may already be gone, and
-- then nothing is re-inserted.
CREATE TRIGGER job_tags_fts_ad AFTER DELETE ON job_tags BEGIN
  DELETE FROM jobs_fts WHERE rowid = old.job_id;
  INSERT INTO jobs_fts (rowid, prompt, tags, notes) SELECT jobs.id, jobs.prompt, ${TAGS_OF('jobs.id')}, jobs.notes FROM jobs WHERE jobs.id = old.job_id;
END;

-- Index every job written before this migration (none has tags or notes yet).
INSERT INTO jobs_fts (rowid, prompt, tags, notes) SELECT id, prompt, '', notes FROM jobs;
`;

const migration: Migration = {
  version: 4,
  name: 'library',
  up(db) {
    db.exec(SQL);
  },
};
export default migration;
