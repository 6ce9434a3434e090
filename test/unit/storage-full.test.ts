import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { databaseFull, invokeHandler } from '../../electron/core/invoke';
import type { Handlers } from '../../electron/shared';

/** A real SQLITE_FULL: a database capped at a few pages, filled until SQLite refuses. */
function fillUntilFull(): unknown {
  const db = new Database(':memory:');
  db.pragma('max_page_count = 8');
  db.exec('CREATE TABLE t (v BLOB)');
  try {
    for (let i = 0; i < 1000; i++) db.prepare('INSERT INTO t VALUES (?)').run(Buffer.alloc(4096));
  } catch (err) {
    return err;
  } finally {
    db.close();
  }
  throw new Error('the database never filled up');
}

describe('a full disk under the database', () => {
  it('maps SQLITE_FULL to a clear STORAGE_FULL message', () => {
    const err = fillUntilFull();
    expect((err as { code: string }).code).toBe('SQLITE_FULL');
    const mapped = databaseFull(err);
    expect(mapped?.code).toBe('STORAGE_FULL');
    expect(mapped?.message).toMatch(/disk holding Loupe's library is full.*Free some space/);
    expect(databaseFull(new Error('other'))).toBeNull();
  });

  it('reaches the renderer as STORAGE_FULL, not as an internal error', async () => {
    const err = fillUntilFull();
    const handlers = { 'app:info': async () => Promise.reject(err) } as unknown as Handlers;
    const r = await invokeHandler(handlers, 'app:info', {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('STORAGE_FULL');
  });
});
