import type Database from 'better-sqlite3';

/** Plain key/value settings. Secrets never go here (the API key lives in the OS keychain). */
export class SettingsRepo {
  private readonly getStmt: Database.Statement;
  private readonly setStmt: Database.Statement;
  private readonly delStmt: Database.Statement;
  private readonly allStmt: Database.Statement;

  constructor(db: Database.Database) {
    this.getStmt = db.prepare('SELECT value FROM settings WHERE key = ?').pluck();
    this.setStmt = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.delStmt = db.prepare('DELETE FROM settings WHERE key = ?');
    this.allStmt = db.prepare('SELECT key, value FROM settings ORDER BY key');
  }

  get(key: string): string | null {
    return (this.getStmt.get(key) as string | undefined) ?? null;
  }

  /** null deletes, so "unset" and "never set" look the same to readers. */
  set(key: string, value: string | null): void {
    if (value === null) this.delStmt.run(key);
    else this.setStmt.run(key, value);
  }

  all(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const row of this.allStmt.all() as { key: string; value: string }[]) out[row.key] = row.value;
    return out;
  }
}
