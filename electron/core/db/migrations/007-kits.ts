import type { Migration } from './types';

/*
 * Brand kits. A kit holds assets (logos, brand images); each asset has versions, and
 * replacing an asset adds a version rather than changing one, so a job keeps pointing at
 * exactly the file it sent. The kit's presets, colours and policy are small documents read
 * and written whole, checked by the contract's schemas, so they are JSON columns.
 *
 * What a job used is two tables, not a field in jobs.params:
 *   job_kits        one row per job made with a kit: the kit (SET NULL when it is
 *                   deleted), its name and revision as they were (History and the cost
 *                   ledger still say which kit after a rename or a delete), the preset;
 *   job_kit_assets  each kit asset version the job sent, with its position. "Where used"
 *                   asks "which jobs sent version V" on every kit page view; an index
 *                   answers that, where params JSON would mean reading every job.
 * uid identifies a kit across machines: an import of a kit already here is refused by it.
 */
const SQL = `
CREATE TABLE kits (
  id          INTEGER PRIMARY KEY,
  uid         TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
  description TEXT NOT NULL DEFAULT '',
  colours     TEXT NOT NULL DEFAULT '[]',
  typography  TEXT NOT NULL DEFAULT '',
  presets     TEXT NOT NULL DEFAULT '[]',
  policy      TEXT NOT NULL,
  revision    INTEGER NOT NULL DEFAULT 0,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE kit_assets (
  id         INTEGER PRIMARY KEY,
  kit_id     INTEGER NOT NULL REFERENCES kits(id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  role       TEXT NOT NULL CHECK (role IN ('logo', 'image')),
  position   INTEGER NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX kit_assets_kit ON kit_assets (kit_id, position);

CREATE TABLE kit_asset_versions (
  id          INTEGER PRIMARY KEY,
  asset_id    INTEGER NOT NULL REFERENCES kit_assets(id) ON DELETE CASCADE,
  version     INTEGER NOT NULL,
  -- The file this version came from: "logo-2027.png" replacing "logo.png" keeps both names.
  file_name   TEXT NOT NULL,
  asset_hash  TEXT NOT NULL REFERENCES assets(hash),
  source_mime TEXT NOT NULL,
  -- A logo that came as SVG: its sanitised text, so an export carries the vector and a
  -- later version can draw it at another size. The store holds only the PNG drawn from it.
  svg_source  TEXT,
  width       INTEGER NOT NULL,
  height      INTEGER NOT NULL,
  bytes       INTEGER NOT NULL,
  created_at  INTEGER NOT NULL,
  UNIQUE (asset_id, version)
) STRICT;
CREATE INDEX kit_asset_versions_hash ON kit_asset_versions (asset_hash);

CREATE TABLE job_kits (
  job_id       INTEGER PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
  kit_id       INTEGER REFERENCES kits(id) ON DELETE SET NULL,
  kit_name     TEXT NOT NULL,
  kit_revision INTEGER NOT NULL,
  preset_id    TEXT
) STRICT;
CREATE INDEX job_kits_kit ON job_kits (kit_id) WHERE kit_id IS NOT NULL;

CREATE TABLE job_kit_assets (
  job_id     INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  version_id INTEGER REFERENCES kit_asset_versions(id) ON DELETE SET NULL,
  asset_hash TEXT NOT NULL,
  name       TEXT NOT NULL,
  version    INTEGER NOT NULL,
  PRIMARY KEY (job_id, position)
) STRICT;
CREATE INDEX job_kit_assets_version ON job_kit_assets (version_id) WHERE version_id IS NOT NULL;
`;

const migration: Migration = {
  version: 7,
  name: 'kits',
  up(db) {
    db.exec(SQL);
  },
};
export default migration;
