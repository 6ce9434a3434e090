import type { Migration } from './types';

/*
 * Markup edits (reference §3.2): a transparent PNG drawn over the first image, sent
 * instead of a mask. It is an edit input in its own role and a library file of its own
 * kind ("recent markups"), and each output of a markup edit records whether the model
 * followed the marks (outputs.markup_effect, JSON, null for every other output).
 *
 * SQLite cannot change a CHECK constraint, so job_inputs and asset_meta are rebuilt the
 * documented way (new table, copy, drop, rename) inside the migration's transaction.
 * Nothing references either table, so foreign keys stay on throughout. Dropping
 * job_inputs drops its trigger; the index and the trigger are recreated with exactly
 * the text migrations 001 and 004 gave them. Column order is unchanged, so positional
 * inserts written against the old tables still land in the same columns.
 */
const SQL = `
CREATE TABLE job_inputs_new (
  job_id     INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  role       TEXT NOT NULL CHECK (role IN ('image', 'mask', 'markup')),
  asset_hash TEXT NOT NULL REFERENCES assets(hash),
  name       TEXT,
  PRIMARY KEY (job_id, role, position)
) STRICT;
INSERT INTO job_inputs_new (job_id, position, role, asset_hash, name)
  SELECT job_id, position, role, asset_hash, name FROM job_inputs;
DROP TABLE job_inputs;
ALTER TABLE job_inputs_new RENAME TO job_inputs;
CREATE INDEX job_inputs_asset ON job_inputs (asset_hash);
CREATE TRIGGER job_inputs_mask_ai AFTER INSERT ON job_inputs WHEN new.role = 'mask' BEGIN
  UPDATE jobs SET has_mask = 1 WHERE id = new.job_id AND has_mask = 0;
END;

CREATE TABLE asset_meta_new (
  hash         TEXT NOT NULL REFERENCES assets(hash),
  kind         TEXT NOT NULL CHECK (kind IN ('input', 'mask', 'composite', 'output', 'markup')),
  name         TEXT,
  sources      TEXT NOT NULL DEFAULT '[]',
  width        INTEGER,
  height       INTEGER,
  edited_share REAL,
  created_at   INTEGER NOT NULL,
  PRIMARY KEY (hash, kind)
) STRICT;
-- rowid order is kept: "recent" lists break ties on created_at by rowid.
INSERT INTO asset_meta_new (rowid, hash, kind, name, sources, width, height, edited_share, created_at)
  SELECT rowid, hash, kind, name, sources, width, height, edited_share, created_at FROM asset_meta;
DROP TABLE asset_meta;
ALTER TABLE asset_meta_new RENAME TO asset_meta;
CREATE INDEX asset_meta_recent ON asset_meta (kind, created_at DESC);

-- What the markup-effect check found for an output of a markup edit (JSON); null otherwise.
ALTER TABLE outputs ADD COLUMN markup_effect TEXT;
`;

const migration: Migration = {
  version: 6,
  name: 'markup',
  up(db) {
    db.exec(SQL);
  },
};
export default migration;
