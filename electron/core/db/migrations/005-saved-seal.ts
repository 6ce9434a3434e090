import type { Migration } from './types';

/*
 * An output's saved path comes with a seal: an HMAC of (output id, path) under a key kept
 * in the data folder, outside the database and outside backups. A path Loupe did not write
 * in this library (a restored backup from elsewhere, an edited row) has no valid seal, so
 * "Reveal" and drag-out will not hand it to the OS (export/saved-path.ts).
 */
const migration: Migration = {
  version: 5,
  name: 'saved-seal',
  up(db) {
    db.exec('ALTER TABLE outputs ADD COLUMN saved_seal TEXT;');
  },
};
export default migration;
