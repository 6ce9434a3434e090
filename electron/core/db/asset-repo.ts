import type Database from 'better-sqlite3';

export interface AssetRow {
  hash: string;
  mime: string;
  width: number | null;
  height: number | null;
  bytes: number;
  createdAt: number;
}

/*
 * A hash names its bytes, so a second insert of the same hash describes the same file:
 * keep the first row (and its created_at), only filling in dimensions it lacked.
 */
export const UPSERT_ASSET_SQL = `
  INSERT INTO assets (hash, mime, width, height, bytes, created_at)
  VALUES (@hash, @mime, @width, @height, @bytes, @createdAt)
  ON CONFLICT (hash) DO UPDATE SET
    width = COALESCE(assets.width, excluded.width),
    height = COALESCE(assets.height, excluded.height)`;

export class AssetRepo {
  private readonly upsertStmt: Database.Statement;
  private readonly getStmt: Database.Statement;

  constructor(db: Database.Database) {
    this.upsertStmt = db.prepare(UPSERT_ASSET_SQL);
    this.getStmt = db.prepare('SELECT hash, mime, width, height, bytes, created_at AS createdAt FROM assets WHERE hash = ?');
  }

  upsertAsset(a: AssetRow): void {
    this.upsertStmt.run(a);
  }

  get(hash: string): AssetRow | null {
    return (this.getStmt.get(hash) as AssetRow | undefined) ?? null;
  }
}
