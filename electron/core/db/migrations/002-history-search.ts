import type { Migration } from './types';

/*
 * External-content FTS5 index over prompts: the text lives once, in jobs. The update
 * trigger fires only when the prompt itself changes, so the many status updates a
 * job goes through never touch the index. remove_diacritics lets "cafe" find "café".
 */
const SQL = `
CREATE VIRTUAL TABLE jobs_fts USING fts5(
  prompt,
  content = 'jobs',
  content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER jobs_fts_ai AFTER INSERT ON jobs BEGIN
  INSERT INTO jobs_fts (rowid, prompt) VALUES (new.id, new.prompt);
END;

CREATE TRIGGER jobs_fts_ad AFTER DELETE ON jobs BEGIN
  INSERT INTO jobs_fts (jobs_fts, rowid, prompt) VALUES ('delete', old.id, old.prompt);
END;

CREATE TRIGGER jobs_fts_au AFTER UPDATE OF prompt ON jobs BEGIN
  INSERT INTO jobs_fts (jobs_fts, rowid, prompt) VALUES ('delete', old.id, old.prompt);
  INSERT INTO jobs_fts (rowid, prompt) VALUES (new.id, new.prompt);
END;

-- Index the jobs written before this migration.
INSERT INTO jobs_fts (jobs_fts) VALUES ('rebuild');
`;

const migration: Migration = {
  version: 2,
  name: 'history-search',
  up(db) {
    db.exec(SQL);
  },
};
export default migration;
