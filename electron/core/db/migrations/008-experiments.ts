import type { Migration } from './types';

/*
 * The comparison lab. An experiment is one edit (its first image, prompt, mask or markup
 * and the rest of its settings, kept whole as `base`, checked by the contract's schema on
 * every read) run as several variants. Each variant is an ordinary edit job, so History,
 * the cost ledger and retries treat it like any other; deleting that job removes the
 * variant with it. Metrics are worked out once the job has finished and kept as JSON
 * (read back through the contract's schema): they are read whole, never queried by part.
 */
const SQL = `
CREATE TABLE experiments (
  id                INTEGER PRIMARY KEY,
  name              TEXT NOT NULL,
  created_at        INTEGER NOT NULL,
  prompt            TEXT NOT NULL,
  source_hash       TEXT NOT NULL REFERENCES assets(hash),
  mask_hash         TEXT REFERENCES assets(hash),
  markup_hash       TEXT REFERENCES assets(hash),
  base              TEXT NOT NULL,
  source_job_id     INTEGER REFERENCES jobs(id) ON DELETE SET NULL,
  region            TEXT,
  winner_variant_id INTEGER REFERENCES experiment_variants(id) ON DELETE SET NULL
) STRICT;
CREATE INDEX experiments_created ON experiments (created_at DESC, id DESC);

CREATE TABLE experiment_variants (
  id            INTEGER PRIMARY KEY,
  experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
  position      INTEGER NOT NULL,
  label         TEXT NOT NULL,
  spec          TEXT NOT NULL,
  job_id        INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  metrics       TEXT,
  metrics_error TEXT,
  created_at    INTEGER NOT NULL,
  UNIQUE (experiment_id, position)
) STRICT;
-- A finished job asks "am I a variant?"; deleting a job cascades without a scan.
CREATE INDEX experiment_variants_job ON experiment_variants (job_id);
`;

const migration: Migration = {
  version: 8,
  name: 'experiments',
  up(db) {
    db.exec(SQL);
  },
};
export default migration;
