import type Database from 'better-sqlite3';
import { LoupeError } from '../../../shared';
import initial from './001-initial';
import historySearch from './002-history-search';
import editStudio from './003-edit-studio';
import library from './004-library';
import savedSeal from './005-saved-seal';
import markup from './006-markup';
import kits from './007-kits';
import experiments from './008-experiments';
import batches from './009-batches';
import organise from './010-organise';
import credentials from './011-credentials';
import type { Migration } from './types';

export type { Migration } from './types';

/** Every migration, in order. Append only. */
export const MIGRATIONS: readonly Migration[] = [initial, historySearch, editStudio, library, savedSeal, markup, kits, experiments, batches, organise, credentials];
export const SCHEMA_VERSION: number = MIGRATIONS.length;

/** Numbers must run 1, 2, 3… so a missing or duplicated file is caught before anything runs. */
export function checkMigrations(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new LoupeError('INTERNAL', `Migration ${m.name} has number ${m.version}; expected ${i + 1} (numbers must increase by one from 1).`);
    }
  });
}

export function userVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function tooNewError(found: number, known: number, path?: string): LoupeError {
  return new LoupeError(
    'DATABASE_TOO_NEW',
    `This library was written by a newer version of Loupe (schema ${found}, this version knows ${known}). Update Loupe to open it; the file was not changed.`,
    path === undefined ? undefined : { path },
  );
}

/**
 * Brings the database to `target` (default: the last of `migrations`). All pending steps
 * and the user_version bump run in one transaction: DDL and the header field are both
 * transactional in SQLite, so a failing step leaves the file exactly as it was.
 * Tests pass a sliced or extended list to reach an exact version.
 */
export function migrateTo(
  db: Database.Database,
  migrations: readonly Migration[],
  target: number = migrations.length,
): { from: number; to: number } {
  checkMigrations(migrations);
  if (!Number.isInteger(target) || target < 0 || target > migrations.length) {
    throw new LoupeError('INTERNAL', `Cannot migrate to schema ${target}: only ${migrations.length} migrations exist.`);
  }
  const from = userVersion(db);
  if (from > migrations.length) throw tooNewError(from, migrations.length, db.name);
  if (from >= target) return { from, to: from };

  const run = db.transaction(() => {
    for (const m of migrations.slice(from, target)) m.up(db);
    // PRAGMA does not take bound parameters; target is a checked integer.
    db.pragma(`user_version = ${target}`);
  });
  // IMMEDIATE: take the write lock up front so two processes cannot both migrate.
  run.immediate();
  return { from, to: target };
}

export function migrate(db: Database.Database): { from: number; to: number } {
  return migrateTo(db, MIGRATIONS);
}
