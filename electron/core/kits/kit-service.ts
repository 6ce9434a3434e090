/**
 * Brand kits: create and edit, add and replace assets (a replacement is a new version),
 * delete, export to one file and import one. Files go to the store before the rows that
 * name them are committed, and every change of rows is one transaction, so a failure
 * leaves the library as it was (at most an unreferenced file in the store, never a row
 * without its file).
 */
import { randomBytes, createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_POLICY, DEFAULT_PRESETS, LoupeError, type EditInput, type KitUse, type KitView } from '../../shared';
import type { DeleteRepo } from '../db/delete-repo';
import type { ContentStore } from '../store/content-store';
import { EXT_BY_MIME } from '../images/sniff';
import { KIT_EXTENSION, KIT_FORMAT, KIT_FORMAT_VERSION, readKitArchive, refuseArchive, writeKitArchive, type ArchiveFile, type KitManifest } from './kit-archive';
import { prepareKitAsset, type PreparedKitAsset } from './kit-assets';
import type { KitDocument, KitRepo } from './kit-repo';
import { safeSvg } from './svg-clean';

export interface ResolvedKitUse {
  kit: KitView;
  presetId: string | null;
  used: Array<{ position: number; versionId: number; hash: string; name: string; version: number }>;
}

const newUid = (): string => randomBytes(12).toString('base64url');

/** "Acme Coffee" -> "Acme-Coffee": a file name that survives every file system. */
export function kitFileName(name: string): string {
  const safe = name.normalize('NFKD').replace(/[^\w.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 80);
  return `${safe || 'kit'}${KIT_EXTENSION}`;
}

export class KitService {
  constructor(
    private readonly kitRepo: KitRepo,
    private readonly store: ContentStore,
    private readonly deletes: DeleteRepo,
    private readonly log: (message: string) => void,
  ) {}

  /** Read-only views (where used, what a job used) go straight to the repository. */
  repo(): KitRepo {
    return this.kitRepo;
  }

  list(): KitView[] {
    return this.kitRepo.list();
  }

  get(id: number): KitView {
    return this.kitRepo.get(id);
  }

  create(name: string, description = ''): KitView {
    const id = this.kitRepo.create(newUid(), { name, description, colours: [], typography: '', presets: [...DEFAULT_PRESETS], policy: { ...DEFAULT_POLICY } });
    return this.kitRepo.get(id);
  }

  update(id: number, doc: Partial<KitDocument>): KitView {
    this.kitRepo.db.transaction(() => this.kitRepo.update(id, doc))();
    return this.kitRepo.get(id);
  }

  /** A new asset, or (with assetId) a new version of one. SVGs are cleaned and drawn at `svgSize`. */
  async addAsset(a: { kitId: number; assetId?: number; name: string; bytes: Buffer; role?: 'logo' | 'image'; svgSize?: number }): Promise<KitView> {
    this.kitRepo.get(a.kitId);
    const prepared = await prepareKitAsset(a.bytes, a.name, a.svgSize);
    const hash = await this.put(prepared);
    const version = { hash, mime: prepared.mime, sourceMime: prepared.sourceMime, svgSource: prepared.svgSource, width: prepared.width, height: prepared.height, bytes: prepared.bytes.length };
    this.kitRepo.db.transaction(() => {
      if (a.assetId !== undefined) this.kitRepo.addVersion(a.kitId, a.assetId, a.name, version);
      else this.kitRepo.addAsset(a.kitId, a.name, a.role ?? (/logo|mark|icon|wordmark/i.test(a.name) || prepared.sourceMime === 'image/svg+xml' ? 'logo' : 'image'), version);
    })();
    return this.kitRepo.get(a.kitId);
  }

  async removeAsset(kitId: number, assetId: number): Promise<KitView> {
    const unused = this.kitRepo.db.transaction(() => this.deletes.dropUnused(this.kitRepo.removeAsset(kitId, assetId)))();
    await this.removeFiles(unused);
    return this.kitRepo.get(kitId);
  }

  async delete(kitId: number): Promise<void> {
    const unused = this.kitRepo.db.transaction(() => this.deletes.dropUnused(this.kitRepo.delete(kitId)))();
    await this.removeFiles(unused);
  }

  /**
   * The kit versions an edit sends: each input whose bytes are one of the kit's asset
   * versions. Refused when the kit is gone or none of the inputs belongs to it (the job
   * would claim a kit it did not use).
   */
  resolveUse(use: KitUse, inputs: readonly EditInput[]): ResolvedKitUse {
    const kit = this.kitRepo.get(use.id);
    const versions = this.kitRepo.versionsByHash(kit.id, inputs.map((i) => i.hash));
    const used = inputs.flatMap((input, position) => {
      const v = versions.get(input.hash);
      return v ? [{ position, versionId: v.id, hash: input.hash, name: v.name, version: v.version }] : [];
    });
    if (used.length === 0) throw new LoupeError('INVALID_ARGUMENTS', `None of the images is from the kit "${kit.name}". Add its logo to the edit, or remove the kit from it.`, { param: 'kit' });
    if (use.presetId !== undefined && !kit.presets.some((p) => p.id === use.presetId)) {
      throw new LoupeError('INVALID_ARGUMENTS', `The kit "${kit.name}" has no preset "${use.presetId}" any more.`, { param: 'kit' });
    }
    return { kit, presetId: use.presetId ?? null, used };
  }

  recordUse(jobId: number, r: ResolvedKitUse): void {
    this.kitRepo.recordJob(jobId, r.kit, r.presetId, r.used);
  }

  /** Writes the kit with every version of every asset to `target`; returns its size. */
  async exportTo(kitId: number, target: string, now: number): Promise<number> {
    const kit = this.kitRepo.get(kitId);
    const files: ArchiveFile[] = [];
    const assets: KitManifest['assets'] = kit.assets.map((a) => ({
      name: a.name,
      role: a.role,
      versions: [...a.versions].reverse().map((v) => {
        const path = this.store.pathOf(v.hash);
        if (!path) throw new LoupeError('NOT_FOUND', `"${a.name}" version ${v.version} is missing from the library's files, so the kit cannot be exported whole.`);
        const ext = path.slice(path.lastIndexOf('.') + 1);
        const file = `assets/${v.hash}.${ext}`;
        files.push({ name: file, source: { path } });
        const svg = v.sourceMime === 'image/svg+xml' ? this.kitRepo.svgSource(v.id) : null;
        let svgFile: string | undefined;
        if (svg) {
          const buffer = Buffer.from(svg, 'utf8');
          svgFile = `assets/${createHash('sha256').update(buffer).digest('hex')}.svg`;
          files.push({ name: svgFile, source: { buffer } });
        }
        return { version: v.version, fileName: v.fileName, file, sha256: v.hash, sourceMime: v.sourceMime as 'image/png', ...(svgFile ? { svgFile } : {}), width: v.width, height: v.height, createdAt: v.createdAt };
      }),
    }));
    const manifest: KitManifest = {
      format: KIT_FORMAT,
      formatVersion: KIT_FORMAT_VERSION,
      exportedAt: now,
      kit: { uid: kit.uid, name: kit.name, description: kit.description, colours: kit.colours, typography: kit.typography, presets: kit.presets, policy: kit.policy, revision: kit.revision, createdAt: kit.createdAt },
      assets,
    };
    return writeKitArchive(target, manifest, files);
  }

  /**
   * Imports a kit archive: every check first (kit-archive.ts), then every image checked
   * as a new asset would be, then the files into the store, then all rows in one
   * transaction. The same kit (by uid) already here is refused; a different kit with the
   * same name gets " (imported)" added.
   */
  async import(buffer: Buffer): Promise<KitView> {
    const { manifest, files } = await readKitArchive(buffer);
    const existing = this.kitRepo.byUid(manifest.kit.uid);
    if (existing) throw new LoupeError('CONFLICT', `This kit is already in your library as "${existing.name}". Delete it first to import this copy; nothing was changed.`);
    const checked: Array<{ name: string; role: 'logo' | 'image'; versions: Array<{ prepared: PreparedKitAsset; createdAt: number; version: number; fileName: string }> }> = [];
    for (const a of manifest.assets) {
      const versions = [];
      for (const [i, v] of [...a.versions].sort((x, y) => x.version - y.version).entries()) {
        if (v.version !== i + 1) throw refuseArchive(`the versions of "${a.name}" are not numbered 1, 2, 3….`);
        const raster = files.get(v.file)!;
        let prepared: PreparedKitAsset;
        try {
          prepared = await prepareKitAsset(raster, a.name);
        } catch (err) {
          throw refuseArchive(`"${a.name}" version ${v.version} is not a usable image (${err instanceof Error ? err.message : String(err)})`);
        }
        if (prepared.sourceMime === 'image/svg+xml') throw refuseArchive(`"${a.name}" version ${v.version} is stored as SVG; kits store the PNG drawn from it.`);
        let svgSource: string | null = null;
        if (v.svgFile) {
          try {
            svgSource = await safeSvg(files.get(v.svgFile)!, a.name);
          } catch (err) {
            throw refuseArchive(err instanceof Error ? err.message : String(err));
          }
        }
        versions.push({ prepared: { ...prepared, sourceMime: v.sourceMime, svgSource }, createdAt: v.createdAt, version: v.version, fileName: v.fileName });
      }
      checked.push({ name: a.name, role: a.role, versions });
    }
    // Store writes before rows: a crash between leaves unreferenced files, never rows without files.
    const hashes = new Map<PreparedKitAsset, string>();
    for (const a of checked) for (const v of a.versions) hashes.set(v.prepared, await this.put(v.prepared));
    const k = manifest.kit;
    const name = this.kitRepo.nameTaken(k.name) ? this.freeName(`${k.name} (imported)`) : k.name;
    const id = this.kitRepo.db.transaction(() => {
      const kitId = this.kitRepo.create(k.uid, { name, description: k.description, colours: k.colours, typography: k.typography, presets: k.presets, policy: k.policy }, 0, k.createdAt);
      for (const a of checked) {
        let assetId: number | null = null;
        for (const v of a.versions) {
          const p = v.prepared;
          const row = { hash: hashes.get(p)!, mime: p.mime, sourceMime: p.sourceMime, svgSource: p.svgSource, width: p.width, height: p.height, bytes: p.bytes.length };
          if (assetId === null) assetId = this.kitRepo.addAsset(kitId, v.fileName, a.role, row, v.createdAt);
          else this.kitRepo.addVersion(kitId, assetId, v.fileName, row, v.createdAt);
        }
        // The asset keeps the name it had (normally its newest file's).
        if (assetId !== null) this.kitRepo.db.prepare('UPDATE kit_assets SET name = ? WHERE id = ?').run(a.name, assetId);
      }
      this.kitRepo.db.prepare('UPDATE kits SET revision = ? WHERE id = ?').run(k.revision, kitId);
      return kitId;
    })();
    return this.kitRepo.get(id);
  }

  /** Where exports are written before the host hands them over (download or save dialog). */
  static async exportDir(dataDir: string): Promise<string> {
    const dir = join(dataDir, 'kit-exports', randomBytes(9).toString('base64url'));
    await mkdir(dir, { recursive: true });
    return dir;
  }

  private freeName(base: string): string {
    let name = base;
    for (let n = 2; this.kitRepo.nameTaken(name); n++) name = `${base} ${n}`;
    return name;
  }

  private async put(p: PreparedKitAsset): Promise<string> {
    const asset = await this.store.put(p.bytes, p.mime);
    if (!EXT_BY_MIME[asset.mime]) throw new LoupeError('INVALID_IMAGE', 'That file is not an image Loupe can store.');
    if (p.thumb && !asset.existed) await this.store.putVariant(asset.hash, 'thumb', p.thumb).catch((err: unknown) => this.log(`kit thumbnail: ${String(err)}`));
    return asset.hash;
  }

  private async removeFiles(hashes: readonly string[]): Promise<void> {
    for (const h of hashes) {
      if (this.deletes.isWantedAgain(h)) continue;
      await this.store.remove(h).catch((err: unknown) => this.log(`removing ${h.slice(0, 12)}: ${String(err)}`));
    }
  }
}
