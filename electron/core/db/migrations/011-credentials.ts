import type { Migration } from './types';

/*
 * Content Credentials (C2PA) found in each stored image: its validation state and a
 * summary of its manifests (JSON, the contract's CredentialSummary), keyed by the image's
 * hash, so outputs, edit inputs and kit assets share one record. It is a cache of what
 * the validator said: the details panes validate the bytes again when opened, so a
 * summary from a restored backup is never shown as the verdict.
 */
const SQL = `
CREATE TABLE asset_credentials (
  hash       TEXT PRIMARY KEY REFERENCES assets(hash) ON DELETE CASCADE,
  state      TEXT NOT NULL CHECK (state IN ('trusted', 'valid', 'tampered', 'invalid', 'none', 'unsupported')),
  summary    TEXT NOT NULL,
  checked_at INTEGER NOT NULL
) STRICT;
`;

const migration: Migration = {
  version: 11,
  name: 'credentials',
  up(db) {
    db.exec(SQL);
  },
};

export default migration;
