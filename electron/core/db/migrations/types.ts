import type Database from 'better-sqlite3';

/**
 * One schema step. Migrations are frozen once released: never edit one that shipped,
 * add the next number instead, because users' databases already ran the old text.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}
