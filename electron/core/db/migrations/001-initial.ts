import type { Migration } from './types';

/*
 * The status list is spelled out (not taken from JobStatusSchema) on purpose: this
 * text must stay exactly what ran on users' machines even if the contract grows.
 * A new status means a new migration that rebuilds the CHECK.
 */
const SQL = `
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE assets (
  hash       TEXT PRIMARY KEY,
  mime       TEXT NOT NULL,
  width      INTEGER,
  height     INTEGER,
  bytes      INTEGER NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE jobs (
  id               INTEGER PRIMARY KEY,
  kind             TEXT NOT NULL CHECK (kind IN ('generate', 'edit')),
  status           TEXT NOT NULL CHECK (status IN ('queued', 'running', 'retrying', 'succeeded', 'failed', 'interrupted', 'canceled')),
  model            TEXT NOT NULL,
  prompt           TEXT NOT NULL,
  params           TEXT NOT NULL,
  estimate         TEXT,
  usage            TEXT,
  cost_usd         REAL,
  request_ids      TEXT NOT NULL DEFAULT '[]',
  error            TEXT,
  attempts         INTEGER NOT NULL DEFAULT 0,
  parent_output_id INTEGER REFERENCES outputs(id) ON DELETE SET NULL,
  created_at       INTEGER NOT NULL,
  started_at       INTEGER,
  finished_at      INTEGER
) STRICT;

-- History pages go by id (the rowid, no index needed); this one serves date filters.
CREATE INDEX jobs_created ON jobs (created_at DESC, id DESC);
-- Lineage look-ups, and ON DELETE SET NULL without a full scan.
CREATE INDEX jobs_parent ON jobs (parent_output_id) WHERE parent_output_id IS NOT NULL;
-- Start-up finds unfinished jobs; a partial index stays tiny however long the history.
CREATE INDEX jobs_active ON jobs (status) WHERE status IN ('queued', 'running', 'retrying');

CREATE TABLE job_inputs (
  job_id     INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  role       TEXT NOT NULL CHECK (role IN ('image', 'mask')),
  asset_hash TEXT NOT NULL REFERENCES assets(hash),
  PRIMARY KEY (job_id, role, position)
) STRICT;
CREATE INDEX job_inputs_asset ON job_inputs (asset_hash);

CREATE TABLE outputs (
  id                INTEGER PRIMARY KEY,
  job_id            INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  idx               INTEGER NOT NULL,
  asset_hash        TEXT NOT NULL REFERENCES assets(hash),
  locked_asset_hash TEXT REFERENCES assets(hash),
  metrics           TEXT,
  saved_path        TEXT,
  save_error        TEXT,
  created_at        INTEGER NOT NULL,
  UNIQUE (job_id, idx)
) STRICT;
-- Asset garbage collection asks "is this hash still used?".
CREATE INDEX outputs_asset ON outputs (asset_hash);
CREATE INDEX outputs_locked_asset ON outputs (locked_asset_hash) WHERE locked_asset_hash IS NOT NULL;
`;

const migration: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(SQL);
  },
};
export default migration;
