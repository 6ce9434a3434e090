import type { Migration } from './types';

/*
 * The edit studio's library facts. `assets` stays what it is (one row per stored file,
 * stored dimensions); asset_meta says what a file is to the user: an imported input, a
 * mask, a composite of other photos, an output. The same bytes can play two roles (a
 * picture imported as an input and later as a mask), hence the (hash, kind) key.
 * width/height here are as displayed (EXIF orientation applied), which is what masks
 * and compositions are measured against; assets keeps the stored size.
 */
const SQL = `
CREATE TABLE asset_meta (
  hash         TEXT NOT NULL REFERENCES assets(hash),
  kind         TEXT NOT NULL CHECK (kind IN ('input', 'mask', 'composite', 'output')),
  name         TEXT,
  sources      TEXT NOT NULL DEFAULT '[]',
  width        INTEGER,
  height       INTEGER,
  edited_share REAL,
  created_at   INTEGER NOT NULL,
  PRIMARY KEY (hash, kind)
) STRICT;
-- "Recent masks" and any per-kind library listing, newest first.
CREATE INDEX asset_meta_recent ON asset_meta (kind, created_at DESC);

-- The file name each input had in the edit, as the user saw it.
ALTER TABLE job_inputs ADD COLUMN name TEXT;
`;

const migration: Migration = {
  version: 3,
  name: 'edit-studio',
  up(db) {
    db.exec(SQL);
  },
};
export default migration;
