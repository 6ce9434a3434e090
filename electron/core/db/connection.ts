import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrate, SCHEMA_VERSION, tooNewError, userVersion } from './migrations';

export interface OpenOptions {
  /** Path to a better_sqlite3.node built for the running ABI (the desktop app uses Electron's). */
  nativeBinding?: string;
}

/**
 * Opens (creating if needed) and migrates the library database.
 *
 * The version check comes before any pragma that writes: switching to WAL rewrites the
 * file header, and a database from a newer Loupe must be left byte-for-byte untouched.
 */
export function openDatabase(file: string, opts: OpenOptions = {}): Database.Database {
  // A first start has no data folder yet; SQLite would refuse to create the file.
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
  try {
    db.pragma('busy_timeout = 5000');
    const found = userVersion(db);
    if (found > SCHEMA_VERSION) throw tooNewError(found, SCHEMA_VERSION, file);

    db.pragma('journal_mode = WAL');
    // NORMAL is durable across application crashes in WAL mode; only an OS crash can
    // lose the last commits, never corrupt the file.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
