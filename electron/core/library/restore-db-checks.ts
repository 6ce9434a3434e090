/**
 * What a restore must not take on trust from a backup's database: its schema and its settings.
 *
 * A backup may come from someone else. Its database is a whole SQLite file, so besides rows
 * it can carry triggers, views and extra tables or indexes that run SQL whenever Loupe later
 * writes (a trigger on jobs could rewrite the base URL and send the next request, key
 * included, to any host). And its settings table holds exactly the values that decide where
 * the key goes. So a restored database must have precisely the schema objects a fresh
 * database migrated to the same version has, and its settings are replaced by the user's own.
 */
import Database from 'better-sqlite3';
import { MIGRATIONS, migrateTo } from '../db/migrations';

interface SchemaRow {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

const KIND_WORD: Record<string, string> = { trigger: 'a trigger', view: 'a view', table: 'a table', index: 'an index' };

function schemaOf(db: Database.Database): Map<string, SchemaRow> {
  const rows = db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema').all() as SchemaRow[];
  return new Map(rows.map((r) => [`${r.type}\u0000${r.name}`, r]));
}

/** SQLite keeps the CREATE text as written; only runs of white space are not meaningful. */
const norm = (sql: string | null): string => (sql ?? '').replace(/\s+/g, ' ').trim();

/**
 * Tables SQLite's FTS5 creates for a virtual table ("<vtab>_data", "_idx", …): their text is
 * written by SQLite, not by Loupe, and may differ between SQLite versions, so only their
 * presence is compared. They hold data, never code.
 */
function isShadowTable(row: SchemaRow, expected: Map<string, SchemaRow>): boolean {
  if (row.type !== 'table') return false;
  for (const e of expected.values()) {
    if (e.type === 'table' && /^CREATE VIRTUAL TABLE/i.test(e.sql ?? '') && row.name.startsWith(`${e.name}_`)) return true;
  }
  return false;
}

/**
 * Describes every schema object of `db` that a fresh database at `version` does not have
 * (or has with another definition), and every one it lacks. Empty means the schema is Loupe's.
 */
export function foreignSchemaObjects(db: Database.Database, version: number, nativeBinding?: string): string[] {
  const fresh = new Database(':memory:', nativeBinding ? { nativeBinding } : {});
  let expected: Map<string, SchemaRow>;
  try {
    migrateTo(fresh, MIGRATIONS, version);
    expected = schemaOf(fresh);
  } finally {
    fresh.close();
  }
  const found = schemaOf(db);
  const problems: string[] = [];
  for (const [key, row] of found) {
    const want = expected.get(key);
    const what = `${KIND_WORD[row.type] ?? row.type} named ${JSON.stringify(row.name.slice(0, 100))}`;
    if (!want) problems.push(`${what} that Loupe did not create`);
    else if (norm(want.sql) !== norm(row.sql) && !isShadowTable(row, expected)) problems.push(`${what} defined differently from Loupe's`);
  }
  for (const [key, row] of expected) {
    if (!found.has(key)) problems.push(`no ${row.type} named ${JSON.stringify(row.name)}`);
  }
  return problems;
}

/**
 * Replaces the restored database's settings with the ones of the library being replaced
 * (none when there is none), so that a backup never brings a base URL, an organisation, a
 * project or folders with it. Call only once foreignSchemaObjects found nothing: with a
 * trigger in place, even this write could run someone else's SQL.
 */
export function keepLiveSettings(restoredPath: string, livePath: string | null, nativeBinding?: string): void {
  const opts = nativeBinding ? { nativeBinding } : {};
  let rows: { key: string; value: string }[] = [];
  if (livePath) {
    const live = new Database(livePath, { ...opts, fileMustExist: true });
    try {
      const hasTable = live.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'settings'`).pluck().get();
      if (hasTable) rows = live.prepare('SELECT key, value FROM settings').all() as typeof rows;
    } finally {
      live.close();
    }
  }
  const db = new Database(restoredPath, { ...opts, fileMustExist: true });
  try {
    db.pragma('trusted_schema = OFF');
    const insert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    db.transaction(() => {
      db.prepare('DELETE FROM settings').run();
      for (const r of rows) insert.run(r.key, r.value);
    })();
  } finally {
    db.close();
  }
}
