/**
 * Kits in SQLite (migration 007): kits, their assets and asset versions, and what each
 * job used. Reads build whole KitViews (a kit has a handful of assets); JSON columns are
 * parsed with the contract's schemas, so a damaged row is reported, not passed on.
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { KitColourSchema, KitPolicySchema, KitPresetSchema, LoupeError, type JobKit, type KitView, type WhereUsed } from '../../shared';
import { UPSERT_ASSET_SQL } from '../db/asset-repo';

interface KitRow {
  id: number;
  uid: string;
  name: string;
  description: string;
  colours: string;
  typography: string;
  presets: string;
  policy: string;
  revision: number;
  created_at: number;
  updated_at: number;
}

interface VersionRow {
  id: number;
  asset_id: number;
  name: string;
  role: 'logo' | 'image';
  version: number;
  file_name: string;
  asset_hash: string;
  source_mime: string;
  width: number;
  height: number;
  bytes: number;
  created_at: number;
  uses: number;
}

export interface NewVersion {
  hash: string;
  mime: string;
  sourceMime: string;
  svgSource: string | null;
  width: number;
  height: number;
  bytes: number;
}

export interface KitDocument {
  name: string;
  description: string;
  colours: KitView['colours'];
  typography: string;
  presets: KitView['presets'];
  policy: KitView['policy'];
}

const parse = <T>(schema: z.ZodType<T>, text: string, what: string): T => {
  const r = schema.safeParse(JSON.parse(text));
  if (!r.success) throw new LoupeError('INTERNAL', `A kit's ${what} in the database is damaged.`);
  return r.data;
};

export class KitRepo {
  readonly db: Database.Database;
  private readonly now: () => number;

  constructor(db: Database.Database, now: () => number) {
    this.db = db;
    this.now = now;
  }

  list(): KitView[] {
    const rows = this.db.prepare('SELECT * FROM kits ORDER BY name COLLATE NOCASE').all() as KitRow[];
    return rows.map((r) => this.view(r));
  }

  get(id: number): KitView {
    const row = this.db.prepare('SELECT * FROM kits WHERE id = ?').get(id) as KitRow | undefined;
    if (!row) throw new LoupeError('NOT_FOUND', `Kit ${id} is not in the library (it may have been deleted).`);
    return this.view(row);
  }

  byUid(uid: string): KitView | null {
    const row = this.db.prepare('SELECT * FROM kits WHERE uid = ?').get(uid) as KitRow | undefined;
    return row ? this.view(row) : null;
  }

  nameTaken(name: string, exceptId?: number): boolean {
    return this.db.prepare('SELECT 1 FROM kits WHERE name = ? COLLATE NOCASE AND id IS NOT ?').get(name, exceptId ?? null) !== undefined;
  }

  create(uid: string, doc: KitDocument, revision = 0, createdAt = this.now()): number {
    if (this.nameTaken(doc.name)) throw new LoupeError('CONFLICT', `A kit named "${doc.name}" already exists. Choose another name.`);
    const r = this.db
      .prepare(
        `INSERT INTO kits (uid, name, description, colours, typography, presets, policy, revision, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(uid, doc.name, doc.description, JSON.stringify(doc.colours), doc.typography, JSON.stringify(doc.presets), JSON.stringify(doc.policy), revision, createdAt, this.now());
    return Number(r.lastInsertRowid);
  }

  update(id: number, doc: Partial<KitDocument>): void {
    const current = this.get(id);
    if (doc.name !== undefined && this.nameTaken(doc.name, id)) throw new LoupeError('CONFLICT', `A kit named "${doc.name}" already exists. Choose another name.`);
    const next = { ...current, ...doc };
    this.db
      .prepare('UPDATE kits SET name = ?, description = ?, colours = ?, typography = ?, presets = ?, policy = ?, updated_at = ? WHERE id = ?')
      .run(next.name, next.description, JSON.stringify(next.colours), next.typography, JSON.stringify(next.presets), JSON.stringify(next.policy), this.now(), id);
    // A rename is not a new brand: the jobs made with the kit follow it (History, costs, {kit}).
    if (next.name !== current.name) this.db.prepare('UPDATE job_kits SET kit_name = ? WHERE kit_id = ?').run(next.name, id);
  }

  /** A new asset with its first version; returns the asset's id. Bumps the kit's revision. */
  addAsset(kitId: number, name: string, role: 'logo' | 'image', v: NewVersion, at = this.now()): number {
    const position = (this.db.prepare('SELECT COALESCE(MAX(position) + 1, 0) FROM kit_assets WHERE kit_id = ?').pluck().get(kitId) as number) ?? 0;
    const r = this.db.prepare('INSERT INTO kit_assets (kit_id, name, role, position, created_at) VALUES (?, ?, ?, ?, ?)').run(kitId, name, role, position, at);
    const assetId = Number(r.lastInsertRowid);
    this.addVersion(kitId, assetId, name, v, at);
    return assetId;
  }

  /** Replacing an asset: a new version, numbered after the last; older versions stay. */
  addVersion(kitId: number, assetId: number, name: string, v: NewVersion, at = this.now()): number {
    const owner = this.db.prepare('SELECT kit_id FROM kit_assets WHERE id = ?').pluck().get(assetId) as number | undefined;
    if (owner !== kitId) throw new LoupeError('NOT_FOUND', `That asset is not in this kit (it may have been removed).`);
    this.db.prepare(UPSERT_ASSET_SQL).run({ hash: v.hash, mime: v.mime, width: v.width, height: v.height, bytes: v.bytes, createdAt: at });
    const version = (this.db.prepare('SELECT COALESCE(MAX(version), 0) + 1 FROM kit_asset_versions WHERE asset_id = ?').pluck().get(assetId) as number) ?? 1;
    this.db
      .prepare(
        `INSERT INTO kit_asset_versions (asset_id, version, file_name, asset_hash, source_mime, svg_source, width, height, bytes, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(assetId, version, name, v.hash, v.sourceMime, v.svgSource, v.width, v.height, v.bytes, at);
    this.db.prepare('UPDATE kit_assets SET name = ? WHERE id = ?').run(name, assetId);
    this.db.prepare('UPDATE kits SET revision = revision + 1, updated_at = ? WHERE id = ?').run(this.now(), kitId);
    return version;
  }

  /** Hashes the removed rows held (their files may now be unused). */
  removeAsset(kitId: number, assetId: number): string[] {
    const hashes = this.db.prepare('SELECT v.asset_hash FROM kit_asset_versions v JOIN kit_assets a ON a.id = v.asset_id WHERE a.id = ? AND a.kit_id = ?').pluck().all(assetId, kitId) as string[];
    const r = this.db.prepare('DELETE FROM kit_assets WHERE id = ? AND kit_id = ?').run(assetId, kitId);
    if (r.changes === 0) throw new LoupeError('NOT_FOUND', 'That asset is not in this kit (it may have been removed already).');
    this.db.prepare('UPDATE kits SET revision = revision + 1, updated_at = ? WHERE id = ?').run(this.now(), kitId);
    return hashes;
  }

  /** Deletes the kit; jobs keep its name and revision (job_kits.kit_id becomes null). Returns the hashes it held. */
  delete(kitId: number): string[] {
    const hashes = this.db.prepare('SELECT v.asset_hash FROM kit_asset_versions v JOIN kit_assets a ON a.id = v.asset_id WHERE a.kit_id = ?').pluck().all(kitId) as string[];
    const r = this.db.prepare('DELETE FROM kits WHERE id = ?').run(kitId);
    if (r.changes === 0) throw new LoupeError('NOT_FOUND', `Kit ${kitId} is not in the library (it may have been deleted already).`);
    return hashes;
  }

  svgSource(versionId: number): string | null {
    return (this.db.prepare('SELECT svg_source FROM kit_asset_versions WHERE id = ?').pluck().get(versionId) as string | null | undefined) ?? null;
  }

  /** The kit asset versions these hashes are, newest version first per hash. */
  versionsByHash(kitId: number, hashes: readonly string[]): Map<string, { id: number; name: string; version: number }> {
    const found = new Map<string, { id: number; name: string; version: number }>();
    const stmt = this.db.prepare(
      `SELECT v.id, v.file_name AS name, v.version FROM kit_asset_versions v JOIN kit_assets a ON a.id = v.asset_id
       WHERE a.kit_id = ? AND v.asset_hash = ? ORDER BY v.version DESC LIMIT 1`,
    );
    for (const h of hashes) {
      const row = stmt.get(kitId, h) as { id: number; name: string; version: number } | undefined;
      if (row) found.set(h, row);
    }
    return found;
  }

  recordJob(jobId: number, kit: KitView, presetId: string | null, used: ReadonlyArray<{ position: number; versionId: number; hash: string; name: string; version: number }>): void {
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO job_kits (job_id, kit_id, kit_name, kit_revision, preset_id) VALUES (?, ?, ?, ?, ?)').run(jobId, kit.id, kit.name, kit.revision, presetId);
      const ins = this.db.prepare('INSERT INTO job_kit_assets (job_id, position, version_id, asset_hash, name, version) VALUES (?, ?, ?, ?, ?, ?)');
      for (const u of used) ins.run(jobId, u.position, u.versionId, u.hash, u.name, u.version);
    })();
  }

  jobKit(jobId: number): JobKit | null {
    const row = this.db.prepare('SELECT kit_id, kit_name, kit_revision, preset_id FROM job_kits WHERE job_id = ?').get(jobId) as
      | { kit_id: number | null; kit_name: string; kit_revision: number; preset_id: string | null }
      | undefined;
    if (!row) return null;
    const assets = this.db
      .prepare(
        `SELECT j.name, j.version, j.asset_hash AS hash,
           (j.version_id IS NOT NULL AND j.version = (SELECT MAX(v2.version) FROM kit_asset_versions v1 JOIN kit_asset_versions v2 ON v2.asset_id = v1.asset_id WHERE v1.id = j.version_id)) AS current
         FROM job_kit_assets j WHERE j.job_id = ? ORDER BY j.position`,
      )
      .all(jobId) as Array<{ name: string; version: number; hash: string; current: number }>;
    return {
      kitId: row.kit_id,
      kitName: row.kit_name,
      revision: row.kit_revision,
      presetId: row.preset_id,
      assets: assets.map((a) => ({ name: a.name, version: a.version, hash: a.hash, current: a.current === 1 })),
    };
  }

  /** For the file-name token {kit}: "Acme-r3". Empty when the job used no kit. */
  kitLabel(jobId: number): string {
    const row = this.db.prepare('SELECT kit_name, kit_revision FROM job_kits WHERE job_id = ?').get(jobId) as { kit_name: string; kit_revision: number } | undefined;
    return row ? `${row.kit_name} v${row.kit_revision}` : '';
  }

  whereUsed(kitId: number): WhereUsed {
    this.get(kitId);
    const versions = this.db
      .prepare(
        `SELECT v.id, a.id AS asset_id, v.file_name AS name, v.version, v.asset_hash,
           v.version = (SELECT MAX(version) FROM kit_asset_versions WHERE asset_id = a.id) AS current
         FROM kit_asset_versions v JOIN kit_assets a ON a.id = v.asset_id
         WHERE a.kit_id = ? ORDER BY a.position, v.version DESC`,
      )
      .all(kitId) as Array<{ id: number; asset_id: number; name: string; version: number; asset_hash: string; current: number }>;
    const jobsOf = this.db.prepare(
      `SELECT DISTINCT j.id, j.prompt, j.status, j.created_at FROM job_kit_assets u JOIN jobs j ON j.id = u.job_id WHERE u.version_id = ? ORDER BY j.id DESC`,
    );
    const outputsOf = this.db.prepare('SELECT id, COALESCE(locked_asset_hash, asset_hash) AS hash FROM outputs WHERE job_id = ? ORDER BY idx');
    return versions.map((v) => ({
      assetId: v.asset_id,
      name: v.name,
      version: v.version,
      hash: v.asset_hash,
      current: v.current === 1,
      jobs: (jobsOf.all(v.id) as Array<{ id: number; prompt: string; status: string; created_at: number }>).map((j) => ({
        jobId: j.id,
        prompt: j.prompt,
        status: j.status,
        createdAt: j.created_at,
        outputs: outputsOf.all(j.id) as Array<{ id: number; hash: string }>,
      })),
    }));
  }

  private view(r: KitRow): KitView {
    const rows = this.db
      .prepare(
        `SELECT v.id, a.id AS asset_id, a.name, a.role, v.version, v.file_name, v.asset_hash, v.source_mime, v.width, v.height, v.bytes, v.created_at,
           (SELECT COUNT(DISTINCT job_id) FROM job_kit_assets u WHERE u.version_id = v.id) AS uses
         FROM kit_assets a JOIN kit_asset_versions v ON v.asset_id = a.id
         WHERE a.kit_id = ? ORDER BY a.position, v.version DESC`,
      )
      .all(r.id) as VersionRow[];
    const assets: KitView['assets'] = [];
    for (const v of rows) {
      let a = assets.find((x) => x.id === v.asset_id);
      if (!a) assets.push((a = { id: v.asset_id, name: v.name, role: v.role, versions: [] }));
      a.versions.push({ id: v.id, version: v.version, fileName: v.file_name, hash: v.asset_hash, sourceMime: v.source_mime, width: v.width, height: v.height, bytes: v.bytes, createdAt: v.created_at, uses: v.uses });
    }
    return {
      id: r.id,
      uid: r.uid,
      name: r.name,
      description: r.description,
      colours: parse(z.array(KitColourSchema), r.colours, 'colours'),
      typography: r.typography,
      presets: parse(z.array(KitPresetSchema), r.presets, 'presets'),
      policy: parse(KitPolicySchema, r.policy, 'policy'),
      revision: r.revision,
      assets,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }
}
