import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { LoupeError, type AssetVariant } from '../../shared';
import { svgSharp } from '../images/svg-raster';
import { writeFileAtomic } from './atomic-write';
import { EXT_BY_MIME, MIME_BY_EXT, sniffImage, unsafeSvgReason } from '../images/sniff';
import { storageError } from './storage-error';

export { sniffImage, type ImageInfo } from '../images/sniff';

export interface StoredAsset {
  hash: string;
  path: string;
  bytes: number;
  mime: string;
  width: number;
  height: number;
  existed: boolean;
}

export const THUMB_MAX = 384;
/** The mask painter and the viewer: enough to paint on, and something a browser can show (TIFF, CMYK, 16-bit cannot). */
export const PREVIEW_MAX = 2048;
const THUMB_QUALITY = 80;
const PREVIEW_QUALITY = 85;

export type DerivedVariant = Exclude<AssetVariant, 'full'>;
const VARIANT: Record<DerivedVariant, { max: number; quality: number; suffix: string }> = {
  thumb: { max: THUMB_MAX, quality: THUMB_QUALITY, suffix: 'thumb.webp' },
  preview: { max: PREVIEW_MAX, quality: PREVIEW_QUALITY, suffix: 'preview.webp' },
};
const HASH_RE = /^[0-9a-f]{64}$/;
// Most common first: pathOf probes these in order.
const EXTS = ['png', 'jpg', 'webp', 'gif', 'avif', 'tiff', 'svg'];

export function isHash(s: unknown): s is string {
  return typeof s === 'string' && HASH_RE.test(s);
}

/**
 * Every image Loupe keeps, once, under its SHA-256: root/ab/<hash>.<ext>. A file's name
 * is its content, so files are never rewritten, and concurrent writers of the same bytes
 * race harmlessly (both renames install identical content).
 *
 * Paths are only ever built from a validated hash, never from caller-supplied text,
 * which is what lets the asset protocol serve "files of the store only".
 */
export class ContentStore {
  readonly root: string;
  private readonly known = new Map<string, string>();
  private readonly derivedInFlight = new Map<string, Promise<string>>();

  constructor(root: string) {
    this.root = resolve(root);
    try {
      mkdirSync(this.root, { recursive: true });
    } catch (err) {
      throw storageError(err, this.root);
    }
  }

  /**
   * Removes the temporary files of writes a crash or kill cut short (atomic-write.ts names
   * them `.<name>.<12 hex>.tmp`); they were never renamed into place, so nothing refers to
   * them. Runs at start, under the data lock, when no write of this process is under way.
   */
  async sweepTemporaryFiles(): Promise<number> {
    let removed = 0;
    const tmp = /^\..+\.[0-9a-f]{12}\.tmp$/;
    const walk = async (dir: string, depth: number): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const e of entries) {
        if (e.isDirectory() && depth < 2) await walk(join(dir, e.name), depth + 1);
        else if (e.isFile() && tmp.test(e.name)) {
          await unlink(join(dir, e.name)).then(() => removed++, () => undefined);
        }
      }
    };
    await walk(this.root, 0);
    return removed;
  }

  /** `mime` is a hint only: the stored type is what the bytes say they are. */
  async put(bytes: Buffer, mime?: string): Promise<StoredAsset> {
    const info = await sniffImage(bytes);
    const unsafe = info ? null : unsafeSvgReason(bytes);
    if (unsafe) throw new LoupeError('INVALID_IMAGE', `That SVG cannot be stored: ${unsafe}. SVGs are stored only once sanitised.`);
    if (!info) {
      const what = mime ? ` (said to be ${mime})` : '';
      throw new LoupeError('INVALID_IMAGE', `That file${what} is not an image Loupe can read. Use PNG, JPEG, WebP, GIF, AVIF, TIFF or a sanitised SVG.`);
    }
    const hash = createHash('sha256').update(bytes).digest('hex');
    const base = { hash, bytes: bytes.length, mime: info.mime, width: info.width, height: info.height };

    const existing = this.pathOf(hash);
    if (existing) return { ...base, path: existing, existed: true };

    const ext = EXT_BY_MIME[info.mime] ?? 'bin';
    const path = this.fileFor(hash, ext);
    try {
      await mkdir(this.dirFor(hash), { recursive: true });
      await writeFileAtomic(path, bytes);
    } catch (err) {
      throw storageError(err, path);
    }
    this.known.set(hash, path);
    return { ...base, path, existed: false };
  }

  /** Null when the hash is malformed (never a path) or not stored. */
  pathOf(hash: string): string | null {
    if (!isHash(hash)) return null;
    const cached = this.known.get(hash);
    if (cached && existsSync(cached)) return cached;
    for (const ext of EXTS) {
      const p = this.fileFor(hash, ext);
      if (existsSync(p)) {
        this.known.set(hash, p);
        return p;
      }
    }
    this.known.delete(hash);
    return null;
  }

  /** WebP thumbnail, long side at most THUMB_MAX (see ensureVariant). */
  ensureThumb(hash: string): Promise<string> {
    return this.ensureVariant(hash, 'thumb');
  }

  /**
   * A WebP rendering of a stored image (thumbnail or preview), EXIF orientation applied,
   * 8-bit sRGB. Made once, on first use, and kept beside the original; concurrent
   * callers share one render.
   */
  ensureVariant(hash: string, variant: DerivedVariant): Promise<string> {
    const src = this.pathOf(hash);
    if (!src) return Promise.reject(new LoupeError('NOT_FOUND', `Image ${String(hash).slice(0, 12)}… is not in the library.`));
    const target = this.fileFor(hash, VARIANT[variant].suffix);
    if (existsSync(target)) return Promise.resolve(target);
    const key = `${hash}.${variant}`;
    const pending = this.derivedInFlight.get(key);
    if (pending) return pending;
    const job = this.renderVariant(src, target, variant).finally(() => this.derivedInFlight.delete(key));
    this.derivedInFlight.set(key, job);
    return job;
  }

  /**
   * Installs a variant rendered elsewhere (an import that decoded the file anyway to
   * check it). Only for images already stored; an existing variant is kept.
   */
  async putVariant(hash: string, variant: DerivedVariant, webp: Buffer): Promise<void> {
    if (!this.pathOf(hash)) throw new LoupeError('NOT_FOUND', `Image ${String(hash).slice(0, 12)}… is not in the library.`);
    const target = this.fileFor(hash, VARIANT[variant].suffix);
    if (existsSync(target)) return;
    try {
      await writeFileAtomic(target, webp);
    } catch (err) {
      throw storageError(err, target);
    }
  }

  /**
   * Removes an image and its derived renderings; returns how many files went. Only for
   * images nothing in the library uses any more (the caller counts the references).
   */
  async remove(hash: string): Promise<number> {
    if (!isHash(hash)) return 0;
    const files = [...EXTS, ...Object.values(VARIANT).map((v) => v.suffix)].map((ext) => this.fileFor(hash, ext));
    let removed = 0;
    for (const file of files) {
      try {
        await unlink(file);
        removed++;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw storageError(err, file);
      }
    }
    this.known.delete(hash);
    return removed;
  }

  async resolve(hash: string, variant: AssetVariant): Promise<{ path: string; mime: string } | null> {
    const full = this.pathOf(hash);
    if (!full) return null;
    if (variant !== 'full') return { path: await this.ensureVariant(hash, variant), mime: 'image/webp' };
    // TIFF and the like are served as they are: the viewer asks for 'preview' to show them.
    const ext = full.slice(full.lastIndexOf('.') + 1);
    return { path: full, mime: MIME_BY_EXT[ext] ?? 'application/octet-stream' };
  }

  private async renderVariant(src: string, target: string, variant: DerivedVariant): Promise<string> {
    const v = VARIANT[variant];
    let webp: Buffer;
    try {
      // A GIF gives its first frame (sharp reads one page unless asked for all); an SVG is
      // drawn at the variant's size (re-checked there: these bytes come from disk).
      const img = src.endsWith('.svg') ? await svgSharp(await readFile(src), v.max) : sharp(src);
      webp = await renderWebp(img, v.max, v.quality);
    } catch (err) {
      throw new LoupeError('INVALID_IMAGE', `Loupe could not make a preview of ${src}: ${err instanceof Error ? err.message : String(err)}`, { path: src });
    }
    try {
      await writeFileAtomic(target, webp);
    } catch (err) {
      throw storageError(err, target);
    }
    return target;
  }

  private dirFor(hash: string): string {
    return join(this.root, hash.slice(0, 2));
  }

  private fileFor(hash: string, ext: string): string {
    return join(this.dirFor(hash), `${hash}.${ext}`);
  }
}

/** The one recipe for thumbnails and previews, shared with imports that render them from memory. */
export function renderWebp(img: Sharp, max: number, quality: number): Promise<Buffer> {
  return img
    .rotate()
    .resize(max, max, { fit: 'inside', withoutEnlargement: true })
    // CMYK and 16-bit files must become 8-bit sRGB before WebP can carry them.
    .toColourspace('srgb')
    .webp({ quality })
    .toBuffer();
}

export const variantSpec = (variant: DerivedVariant): { max: number; quality: number } => VARIANT[variant];
