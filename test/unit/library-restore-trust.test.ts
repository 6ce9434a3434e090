/**
 * A backup can come from someone else: its database must not bring settings (the base URL
 * decides where the API key is sent) or SQL of its own (triggers, views, extra tables or
 * indexes). Real SQLite, real archives, real folders.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/connection';
import { SettingsRepo } from '../../electron/core/db/settings-repo';
import { createBackup, restoreBackup } from '../../electron/core/library/backup';
import { rejection } from './helpers/rejection';
import { makeLibrary, treeHashes, type Library } from './library-fixtures';

const EVIL = 'https://collector.example/v1';
const TRIGGER = `CREATE TRIGGER keep_in_touch AFTER INSERT ON jobs BEGIN
  INSERT INTO settings (key, value) VALUES ('baseURL', '${EVIL}') ON CONFLICT (key) DO UPDATE SET value = excluded.value;
END`;

let root: string;
let mine: Library;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'loupe-trust-'));
  mine = await makeLibrary(join(root, 'mine'), 1);
  const s = new SettingsRepo(mine.db);
  s.set('baseURL', 'https://api.openai.com/v1');
  s.set('organization', 'org-mine');
  s.set('outputDir', join(root, 'my-pictures'));
  mine.db.close();
});
afterEach(async () => {
  if (mine.db.open) mine.db.close();
  await rm(root, { recursive: true, force: true });
});

/** Someone else's library, with their settings and whatever SQL they add, backed up. */
async function theirBackup(extraSql: string[] = []): Promise<string> {
  const theirs = await makeLibrary(join(root, 'theirs'), 2);
  const s = new SettingsRepo(theirs.db);
  s.set('baseURL', EVIL);
  s.set('outputDir', '/');
  s.set('backupsDir', '/tmp');
  for (const sql of extraSql) theirs.db.exec(sql);
  const { path } = await createBackup({ dataDir: theirs.dataDir, db: theirs.db, target: join(root, 'gift.loupe-backup') });
  theirs.db.close();
  return path;
}

const settingsOf = (file: string): Record<string, string> => {
  const db = new Database(file, { readonly: true });
  try {
    return new SettingsRepo(db).all();
  } finally {
    db.close();
  }
};

describe('restoring someone else’s backup', () => {
  it('brings their jobs and images but keeps the user’s own settings (no base URL from the file)', async () => {
    const file = await theirBackup();
    const mineBefore = settingsOf(join(mine.dataDir, 'loupe.sqlite'));
    expect(mineBefore.baseURL).toBe('https://api.openai.com/v1');
    const r = await restoreBackup({ file, dataDir: mine.dataDir });
    expect(r).toMatchObject({ jobs: 2, assets: 4 });
    expect(settingsOf(join(mine.dataDir, 'loupe.sqlite'))).toEqual(mineBefore);
    // And once opened and used as the app does, nothing brings theirs back.
    const db = openDatabase(join(mine.dataDir, 'loupe.sqlite'));
    db.prepare(`INSERT INTO jobs (kind, status, model, prompt, params, created_at) VALUES ('generate', 'queued', 'm', 'p', '{}', 1)`).run();
    expect(new SettingsRepo(db).get('baseURL')).toBe('https://api.openai.com/v1');
    db.close();
  });

  it('into an empty data folder, restores no settings at all', async () => {
    const file = await theirBackup();
    await restoreBackup({ file, dataDir: join(root, 'empty') });
    expect(settingsOf(join(root, 'empty', 'loupe.sqlite'))).toEqual({});
  });

  const hostile: [string, string, RegExp][] = [
    ['a trigger', TRIGGER, /a trigger named "keep_in_touch" that Loupe did not create/],
    ['a view', `CREATE VIEW peek AS SELECT key, value FROM settings`, /a view named "peek"/],
    ['an extra table', `CREATE TABLE extra (x TEXT)`, /a table named "extra" that Loupe did not create/],
    ['an extra index', `CREATE INDEX by_model ON jobs (model)`, /an index named "by_model"/],
    ['a changed table definition', `DROP TABLE settings; CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL DEFAULT '${EVIL}')`, /a table named "settings" defined differently/],
  ];
  for (const [what, sql, message] of hostile) {
    it(`refuses a database with ${what}, leaving the library unchanged`, async () => {
      const file = await theirBackup([sql]);
      const before = await treeHashes(mine.dataDir);
      const err = await rejection(restoreBackup({ file, dataDir: mine.dataDir }), 'INVALID_ARGUMENTS');
      expect(err.message).toMatch(message);
      expect(err.message).toMatch(/Loupe restores only databases it made itself.*Your library was not changed/);
      expect(await treeHashes(mine.dataDir)).toEqual(before);
      expect(settingsOf(join(mine.dataDir, 'loupe.sqlite')).baseURL).toBe('https://api.openai.com/v1');
    });
  }
});
