import type Database from 'better-sqlite3';
import type { AssetView, MarkupView, MaskView } from '../../shared';
import { UPSERT_ASSET_SQL } from './asset-repo';

export type AssetKind = AssetView['kind'];

/** A stored file and what it is to the user, recorded together. */
export interface LibraryEntry {
  hash: string;
  kind: AssetKind;
  name: string | null;
  mime: string;
  /** As stored (assets table). */
  storedWidth: number;
  storedHeight: number;
  /** As displayed: EXIF orientation applied. */
  width: number;
  height: number;
  bytes: number;
  sources?: readonly string[];
  editedShare?: number | null;
}

interface MetaRow {
  hash: string;
  kind: AssetKind;
  name: string | null;
  sources: string;
  width: number | null;
  height: number | null;
  edited_share: number | null;
  mime: string;
  stored_width: number | null;
  stored_height: number | null;
  bytes: number;
}

export const MASK_LIST_LIMIT = 50;

/**
 * The library's per-file facts (migration 003). A second record of the same file in the
 * same role takes the newer name and time, so "recent masks" shows a re-imported mask
 * first and the name the user last gave it.
 */
export class LibraryRepo {
  private readonly db: Database.Database;
  private readonly now: () => number;
  private readonly s;

  constructor(db: Database.Database, now: () => number = Date.now) {
    this.db = db;
    this.now = now;
    const select = `SELECT m.hash, m.kind, m.name, m.sources, m.width, m.height, m.edited_share,
        a.mime, a.width AS stored_width, a.height AS stored_height, a.bytes
      FROM asset_meta m JOIN assets a ON a.hash = m.hash`;
    this.s = {
      upsertAsset: db.prepare(UPSERT_ASSET_SQL),
      upsertMeta: db.prepare(
        `INSERT INTO asset_meta (hash, kind, name, sources, width, height, edited_share, created_at)
         VALUES (@hash, @kind, @name, @sources, @width, @height, @editedShare, @createdAt)
         ON CONFLICT (hash, kind) DO UPDATE SET
           name = COALESCE(excluded.name, asset_meta.name),
           created_at = excluded.created_at`,
      ),
      get: db.prepare(`${select} WHERE m.hash = ? AND m.kind = ?`),
      // Any role will do for facts that belong to the bytes (displayed size).
      any: db.prepare(`${select} WHERE m.hash = ? LIMIT 1`),
      asset: db.prepare('SELECT mime, width, height, bytes FROM assets WHERE hash = ?'),
      // Masks imported from a file, and paintings an edit has used (newest use first); not every saved pause of a painting.
      masks: db.prepare(
        `SELECT * FROM (
           SELECT r.*, MAX(r.created_at_meta, COALESCE(r.used_at, 0)) AS shown_at FROM (
             SELECT m.hash, m.kind, m.name, m.sources, m.width, m.height, m.edited_share, m.rowid AS meta_rowid, m.created_at AS created_at_meta,
               a.mime, a.width AS stored_width, a.height AS stored_height, a.bytes,
               (SELECT MAX(j.created_at) FROM job_inputs i JOIN jobs j ON j.id = i.job_id WHERE i.asset_hash = m.hash AND i.role = 'mask') AS used_at
             FROM asset_meta m JOIN assets a ON a.hash = m.hash WHERE m.kind = 'mask'
           ) r WHERE r.name IS NOT NULL OR r.used_at IS NOT NULL
         ) ORDER BY shown_at DESC, meta_rowid DESC LIMIT ?`,
      ),
      markups: db.prepare(`${select} WHERE m.kind = 'markup' ORDER BY m.created_at DESC, m.rowid DESC LIMIT ?`),
    };
  }

  record(e: LibraryEntry): void {
    const at = this.now();
    this.db.transaction(() => {
      this.s.upsertAsset.run({ hash: e.hash, mime: e.mime, width: e.storedWidth, height: e.storedHeight, bytes: e.bytes, createdAt: at });
      this.s.upsertMeta.run({
        hash: e.hash,
        kind: e.kind,
        name: e.name,
        sources: JSON.stringify(e.sources ?? []),
        width: e.width,
        height: e.height,
        editedShare: e.editedShare ?? null,
        createdAt: at,
      });
    })();
  }

  /** The file in `kind`'s role, or in any role when `kind` is omitted. */
  get(hash: string, kind?: AssetKind): AssetView | null {
    const row = (kind ? this.s.get.get(hash, kind) : this.s.any.get(hash)) as MetaRow | undefined;
    return row ? toAssetView(row) : null;
  }

  mask(hash: string): MaskView | null {
    const row = this.s.get.get(hash, 'mask') as MetaRow | undefined;
    return row ? toMaskView(row) : null;
  }

  /** The stored file's row (stored size), whatever its role; null when it has none. */
  asset(hash: string): { mime: string; width: number | null; height: number | null; bytes: number } | null {
    return (this.s.asset.get(hash) as { mime: string; width: number | null; height: number | null; bytes: number } | undefined) ?? null;
  }

  recentMasks(limit = MASK_LIST_LIMIT): MaskView[] {
    return (this.s.masks.all(limit) as MetaRow[]).map(toMaskView);
  }

  markup(hash: string): MarkupView | null {
    const row = this.s.get.get(hash, 'markup') as MetaRow | undefined;
    return row ? toMarkupView(row) : null;
  }

  /** Markups saved for edits, newest first (a markup saved again moves to the top). */
  recentMarkups(limit = MASK_LIST_LIMIT): MarkupView[] {
    return (this.s.markups.all(limit) as MetaRow[]).map(toMarkupView);
  }
}

function toAssetView(r: MetaRow): AssetView {
  return {
    hash: r.hash,
    name: r.name ?? '',
    mime: r.mime,
    width: r.width ?? r.stored_width ?? 0,
    height: r.height ?? r.stored_height ?? 0,
    bytes: r.bytes,
    kind: r.kind,
    sources: JSON.parse(r.sources) as string[],
  };
}

function toMaskView(r: MetaRow): MaskView {
  return {
    hash: r.hash,
    name: r.name ?? '',
    width: r.width ?? r.stored_width ?? 0,
    height: r.height ?? r.stored_height ?? 0,
    editedShare: r.edited_share ?? 0,
  };
}

function toMarkupView(r: MetaRow): MarkupView {
  return { hash: r.hash, name: r.name ?? '', width: r.width ?? r.stored_width ?? 0, height: r.height ?? r.stored_height ?? 0 };
}
