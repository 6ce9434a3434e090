import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { LoupeError } from '../../shared';
import { writeFileAtomic } from './atomic-write';
import { EXT_BY_MIME, MIME_BY_EXT, sniffImage } from './sniff';
import { storageError } from './storage-error';

export { sniffImage, type ImageInfo } from './sniff';

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
const THUMB_QUALITY = 80;
const HASH_RE = /^[0-9a-f]{64}$/;
// Most common first: pathOf probes these in order.
const EXTS = ['png', 'jpg', 'webp', 'gif', 'avif', 'tiff'];

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
  private readonly thumbsInFlight = new Map<string, Promise<string>>();

  constructor(root: string) {
    this.root = resolve(root);
    try {
      mkdirSync(this.root, { recursive: true });
    } catch (err) {
      throw storageError(err, this.root);
    }
  }

  /** `mime` is a hint only: the stored type is what the bytes say they are. */
  async put(bytes: Buffer, mime?: string): Promise<StoredAsset> {
    const info = await sniffImage(bytes);
    if (!info) {
      const what = mime ? ` (said to be ${mime})` : '';
      throw new LoupeError('INVALID_IMAGE', `That file${what} is not an image Loupe can read. Use PNG, JPEG, WebP, GIF, AVIF or TIFF.`);
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

  /**
   * WebP preview, long side at most THUMB_MAX, EXIF orientation applied. Made once and
   * kept beside the original; concurrent callers share one render.
   */
  ensureThumb(hash: string): Promise<string> {
    const src = this.pathOf(hash);
    if (!src) return Promise.reject(new LoupeError('NOT_FOUND', `Image ${String(hash).slice(0, 12)}… is not in the library.`));
    const target = this.fileFor(hash, 'thumb.webp');
    if (existsSync(target)) return Promise.resolve(target);
    const pending = this.thumbsInFlight.get(hash);
    if (pending) return pending;
    const job = this.renderThumb(src, target).finally(() => this.thumbsInFlight.delete(hash));
    this.thumbsInFlight.set(hash, job);
    return job;
  }

  async resolve(hash: string, variant: 'full' | 'thumb'): Promise<{ path: string; mime: string } | null> {
    const full = this.pathOf(hash);
    if (!full) return null;
    if (variant === 'thumb') return { path: await this.ensureThumb(hash), mime: 'image/webp' };
    const ext = full.slice(full.lastIndexOf('.') + 1);
    return { path: full, mime: MIME_BY_EXT[ext] ?? 'application/octet-stream' };
  }

  private async renderThumb(src: string, target: string): Promise<string> {
    let webp: Buffer;
    try {
      webp = await sharp(src)
        .rotate()
        .resize(THUMB_MAX, THUMB_MAX, { fit: 'inside', withoutEnlargement: true })
        .webp({ quality: THUMB_QUALITY })
        .toBuffer();
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
