import type { Migration } from './types';

/*
 * Batches. A batch is one recipe over a folder of photos; `key` is the hash of what makes
 * it the same batch (input folder, output folder, naming template, recipe), so starting it
 * again finds it and resumes. Each photo is an item, with the job that edits it ("now"
 * mode, or the job an economy result was recorded as) and its review. Economy batches
 * also keep the Batch API's batches they submitted, so polling resumes after a restart
 * and every result maps back to its item by custom_id.
 */
const SQL = `
CREATE TABLE batches (
  id              INTEGER PRIMARY KEY,
  key             TEXT NOT NULL UNIQUE,
  mode            TEXT NOT NULL CHECK (mode IN ('now', 'economy')),
  status          TEXT NOT NULL CHECK (status IN ('running', 'waiting', 'done', 'budget-stopped', 'canceled')),
  input_dir       TEXT NOT NULL,
  output_dir      TEXT NOT NULL,
  naming_template TEXT NOT NULL,
  recipe          TEXT NOT NULL,
  budget_usd      REAL,
  estimate        TEXT NOT NULL,
  note            TEXT,
  created_at      INTEGER NOT NULL,
  finished_at     INTEGER
) STRICT;

CREATE TABLE batch_items (
  id          INTEGER PRIMARY KEY,
  batch_id    INTEGER NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
  rel_path    TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('pending', 'queued', 'running', 'submitted', 'succeeded', 'failed', 'canceled', 'skipped')),
  source_hash TEXT,
  job_id      INTEGER REFERENCES jobs(id) ON DELETE SET NULL,
  review      TEXT CHECK (review IN ('approved', 'rejected')),
  error       TEXT,
  remote_id   TEXT,
  -- Economy: the edit as submitted, so a result that arrives after a restart is recorded as that edit.
  params      TEXT,
  UNIQUE (batch_id, rel_path)
) STRICT;
CREATE INDEX batch_items_job ON batch_items (job_id) WHERE job_id IS NOT NULL;

CREATE TABLE batch_remote (
  id             TEXT PRIMARY KEY,
  batch_id       INTEGER NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
  input_file_id  TEXT NOT NULL,
  status         TEXT NOT NULL,
  total          INTEGER NOT NULL,
  completed      INTEGER NOT NULL DEFAULT 0,
  failed         INTEGER NOT NULL DEFAULT 0,
  output_file_id TEXT,
  error_file_id  TEXT,
  collected      INTEGER NOT NULL DEFAULT 0,
  created_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX batch_remote_batch ON batch_remote (batch_id);
`;

const migration: Migration = {
  version: 9,
  name: 'batches',
  up(db) {
    db.exec(SQL);
  },
};
export default migration;
