/**
 * The `.loupe-backup` file: a gzip tar holding exactly
 *   manifest.json                         what this is, counts, the database's SHA-256
 *   loupe.sqlite                          a consistent snapshot of the database
 *   store/<ab>/<sha256>.<ext>             the content store (originals and thumbnails)
 * and nothing else from the data folder: never the API key file, temp files or logs.
 * Both writing and restoring go through the names allowed here, so a file the format
 * does not know cannot get in either way.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { z } from 'zod';
import { LoupeError } from '../../shared';

export const BACKUP_FORMAT = 'loupe-backup';
export const BACKUP_FORMAT_VERSION = 1;
export const BACKUP_EXTENSION = '.loupe-backup';
export const MANIFEST_ENTRY = 'manifest.json';
export const DB_ENTRY = 'loupe.sqlite';
export const STORE_DIR = 'store';
/** The library's files in the data folder; the WAL and shared-memory files belong to the database. */
export const DB_FILE = 'loupe.sqlite';
export const DB_SIDE_FILES = ['loupe.sqlite-wal', 'loupe.sqlite-shm'] as const;

/*
 * The content store's layout (store/content-store.ts): ab/<hash>.<ext>, where ab is the
 * hash's first two characters, plus derived WebP renderings beside each original
 * (<hash>.thumb.webp, <hash>.preview.webp). The backreference makes the folder agree with
 * the hash, so nothing can be placed where the store would not look. Temp files
 * (".name.xxxx.tmp") do not match and are never archived. A new store variant must be
 * added here, or backups skip it (harmless: derived files are re-rendered on demand).
 */
const ORIGINAL_EXTS = ['png', 'jpg', 'webp', 'gif', 'avif', 'tiff'];
const DERIVED_SUFFIXES = ['thumb.webp', 'preview.webp'];
const EXT_GROUP = [...ORIGINAL_EXTS, ...DERIVED_SUFFIXES].map((e) => e.replace('.', '\\.')).join('|');
const STORE_FILE_RE = new RegExp(`^([0-9a-f]{2})/(\\1[0-9a-f]{62})\\.(${EXT_GROUP})$`);
const STORE_ENTRY_RE = new RegExp(`^${STORE_DIR}/${STORE_FILE_RE.source.slice(1)}`);
const STORE_DIR_ENTRY_RE = /^store\/(?:[0-9a-f]{2}\/)?$/;

export type EntryKind = 'manifest' | 'db' | 'original' | 'derived' | 'dir';

/** What an archive entry name is, or null when the format does not allow it. */
export function classifyEntry(name: string): EntryKind | null {
  if (name === MANIFEST_ENTRY) return 'manifest';
  if (name === DB_ENTRY) return 'db';
  if (STORE_DIR_ENTRY_RE.test(name)) return 'dir';
  const m = STORE_ENTRY_RE.exec(name);
  if (!m) return null;
  return DERIVED_SUFFIXES.includes(m[3]!) ? 'derived' : 'original';
}

/** The hash an original's name claims, to check against its bytes (derived files have no such check). */
export function hashOfStoreEntry(name: string): string | null {
  const m = STORE_ENTRY_RE.exec(name);
  return m && !DERIVED_SUFFIXES.includes(m[3]!) ? m[2]! : null;
}

/** For a path relative to the store folder (ab/<hash>.<ext>). */
export function isStoreFile(relative: string): boolean {
  return STORE_FILE_RE.test(relative);
}

export const ManifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int().positive(),
  appVersion: z.string().max(100),
  createdAt: z.string().max(40),
  schemaVersion: z.number().int().nonnegative(),
  counts: z.object({
    jobs: z.number().int().nonnegative(),
    outputs: z.number().int().nonnegative(),
    assets: z.number().int().nonnegative(),
    storeFiles: z.number().int().nonnegative(),
  }),
  db: z.object({ bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
});
export type BackupManifest = z.infer<typeof ManifestSchema>;

export const MAX_MANIFEST_BYTES = 1024 * 1024;

/** What a restore reads at most; it refuses an archive past any of them before writing a byte of it. */
export interface RestoreLimits {
  /** One image or thumbnail. */
  maxFileBytes: number;
  maxDbBytes: number;
  /** Everything extracted, together. */
  maxTotalBytes: number;
  maxEntries: number;
  /** Inflated bytes per compressed byte: beyond it the archive is a decompression bomb. */
  maxRatio: number;
  /** The ratio is checked once this much has been inflated (a tiny archive's ratio means nothing). */
  ratioFloorBytes: number;
}

export const DEFAULT_LIMITS: RestoreLimits = {
  // A 200-megapixel 16-bit TIFF is ~1.2 GB; nothing the app stores comes near 2 GB.
  maxFileBytes: 2 * 1024 ** 3,
  maxDbBytes: 64 * 1024 ** 3,
  maxTotalBytes: 4 * 1024 ** 4,
  maxEntries: 5_000_000,
  // Images do not compress and a library's database shrinks about 3 to 20 times at gzip
  // level 1; zeros shrink about 1000 times. 200 leaves a wide margin on both sides.
  maxRatio: 200,
  ratioFloorBytes: 64 * 1024 ** 2,
};

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Every refusal says the same reassuring thing: the library was left as it was. */
export function invalidBackup(file: string, reason: string): LoupeError {
  return new LoupeError('INVALID_ARGUMENTS', `${file} is not a Loupe backup this version can restore: ${reason}. Your library was not changed.`, {
    path: file,
    stage: 'restore',
  });
}

const FULL_CODES = new Set(['ENOSPC', 'EDQUOT']);

export function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null ? (err as NodeJS.ErrnoException).code : undefined;
}

/** Whether anything, even a dangling link, is at `path`; any failure but "not there" is a real one and propagates. */
export async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return false;
    throw err;
  }
}

/** A file-system failure during backup or restore, in words a person can act on. */
export function backupStorageError(err: unknown, path: string, what: 'backup' | 'restore'): LoupeError {
  if (err instanceof LoupeError) return err;
  const unchanged = what === 'backup' ? 'no backup was written' : 'your library was not changed';
  if (FULL_CODES.has(errnoCode(err) ?? '')) {
    return new LoupeError('STORAGE_FULL', `The disk is full (${path}); ${unchanged}. Free some space or choose another place.`, { path, stage: what });
  }
  const reason = err instanceof Error ? err.message : String(err);
  return new LoupeError('STORAGE_ERROR', `Loupe could not ${what === 'backup' ? 'write the backup' : 'restore the backup'} at ${path} (${reason}); ${unchanged}.`, {
    path,
    stage: what,
  });
}
