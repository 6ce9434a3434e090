/**
 * Backs the whole library (database and content store) up to one `.loupe-backup` file,
 * while the app keeps running. See backup-format.ts for what the file holds, and
 * restore.ts for the way back.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { copyFile, link, lstat, mkdir, mkdtemp, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type Database from 'better-sqlite3';
import { create as createTar } from 'tar';
import { LoupeError } from '../../shared';
import {
  BACKUP_EXTENSION,
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  backupStorageError,
  DB_ENTRY,
  errnoCode,
  exists,
  isStoreFile,
  MANIFEST_ENTRY,
  sha256File,
  STORE_DIR,
  type BackupManifest,
} from './backup-format';

export { restoreBackup, type RestoreOptions, type RestoreResult } from './restore';
export { BACKUP_EXTENSION, type BackupManifest } from './backup-format';

export interface BackupOptions {
  /** The data folder: its `store/` is archived; nothing else in it is read. */
  dataDir: string;
  /** The app's open connection; the snapshot is taken through it while it keeps working. */
  db: Database.Database;
  /** Where to write. Never overwritten: a taken name becomes name-2, name-3, … */
  target: string;
  appVersion?: string;
  now?: () => number;
}

export interface BackupResult {
  path: string;
  bytes: number;
  jobs: number;
  assets: number;
}

/** Pages per backup step: ~4 MB, a few milliseconds of the main thread between yields. */
const PAGES_PER_STEP = 1024;
const RESTARTS_BEFORE_ONE_STEP = 3;
const MAX_NAME_SUFFIX = 10000;
// Links fail where the file system has none (FAT, some network shares); copying still works.
const NO_LINK_CODES = new Set(['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK', 'EACCES']);

/**
 * Writes a consistent backup. The database snapshot is taken first, through SQLite's
 * online backup API (other writers may go on; the copy is one committed state). The store
 * is listed after the snapshot: its files are written before the rows that name them and
 * never rewritten, so every file the snapshot refers to is already there.
 */
export async function createBackup(opts: BackupOptions): Promise<BackupResult> {
  const now = opts.now ?? Date.now;
  const createdAt = now();
  let staging: string | null = null;
  try {
    // Staging lives in the data folder so the store can be hard-linked in (same disk, no copy).
    staging = await mkdtemp(join(opts.dataDir, '.backup-'));
    const snapshot = join(staging, DB_ENTRY);
    await opts.db.backup(snapshot, { progress: stepPolicy() });
    const facts = describeSnapshot(opts.db, snapshot);
    const files = await stageStore(join(opts.dataDir, STORE_DIR), join(staging, STORE_DIR));
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      appVersion: opts.appVersion ?? 'unknown',
      createdAt: new Date(createdAt).toISOString(),
      schemaVersion: facts.schemaVersion,
      counts: { jobs: facts.jobs, outputs: facts.outputs, assets: facts.assets, storeFiles: files.length },
      db: { bytes: (await stat(snapshot)).size, sha256: await sha256File(snapshot) },
    };
    await writeFile(join(staging, MANIFEST_ENTRY), `${JSON.stringify(manifest, null, 2)}\n`);

    const entries = [MANIFEST_ENTRY, DB_ENTRY, ...files.map((f) => `${STORE_DIR}/${f}`)];
    const path = await writeArchive(staging, entries, opts.target);
    return { path, bytes: (await stat(path)).size, jobs: facts.jobs, assets: facts.assets };
  } catch (err) {
    throw backupStorageError(err, opts.target, 'backup');
  } finally {
    if (staging) await rm(staging, { recursive: true, force: true }).catch(() => undefined);
  }
}

/*
 * SQLite restarts an online backup whenever another connection writes (writes through the
 * app's own connection are applied to the copy instead). A writer that never pauses would
 * restart it forever, so after a few restarts the rest is copied in one step: one read
 * transaction, consistent by construction, at the cost of a longer pause.
 */
function stepPolicy(): (p: { totalPages: number; remainingPages: number }) => number {
  let last = Number.POSITIVE_INFINITY;
  let restarts = 0;
  return ({ remainingPages }) => {
    if (remainingPages > last) restarts++;
    last = remainingPages;
    return restarts >= RESTARTS_BEFORE_ONE_STEP ? 0x7fffffff : PAGES_PER_STEP;
  };
}

interface SnapshotFacts {
  schemaVersion: number;
  jobs: number;
  outputs: number;
  assets: number;
}

const SNAP = 'loupe_backup_snapshot';

/**
 * Makes the snapshot a self-contained file (rollback journal, not WAL: no -wal/-shm
 * companions to lose) and reads its counts. Done through the app's own connection
 * (ATTACH) so no second native binding is needed: the desktop app loads Electron's.
 */
function describeSnapshot(db: Database.Database, file: string): SnapshotFacts {
  db.prepare(`ATTACH DATABASE ? AS ${SNAP}`).run(file);
  try {
    db.pragma(`${SNAP}.journal_mode = DELETE`);
    const count = (table: string) => db.prepare(`SELECT count(*) FROM ${SNAP}.${table}`).pluck().get() as number;
    const schemaVersion = db.pragma(`${SNAP}.user_version`, { simple: true }) as number;
    if (schemaVersion === 0) return { schemaVersion, jobs: 0, outputs: 0, assets: 0 };
    return { schemaVersion, jobs: count('jobs'), outputs: count('outputs'), assets: count('assets') };
  } finally {
    db.prepare(`DETACH DATABASE ${SNAP}`).run();
  }
}

/** Links (or copies) every store file into staging; returns their paths relative to the store, sorted. */
async function stageStore(storeDir: string, stagingStore: string): Promise<string[]> {
  const out: string[] = [];
  let prefixes: string[];
  try {
    prefixes = await readdir(storeDir);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return out;
    throw err;
  }
  for (const prefix of prefixes.sort()) {
    if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
    const dir = join(storeDir, prefix);
    // lstat, not stat: a symlink planted in the store must not pull outside files in.
    if (!(await lstat(dir)).isDirectory()) continue;
    for (const name of (await readdir(dir)).sort()) {
      const rel = `${prefix}/${name}`;
      if (!isStoreFile(rel)) continue;
      const src = join(dir, name);
      if (!(await lstat(src)).isFile()) continue;
      await mkdir(join(stagingStore, prefix), { recursive: true });
      await linkOrCopy(src, join(stagingStore, prefix, name));
      out.push(rel);
    }
  }
  return out;
}

async function linkOrCopy(src: string, dest: string): Promise<void> {
  try {
    await link(src, dest);
  } catch (err) {
    if (!NO_LINK_CODES.has(errnoCode(err) ?? '')) throw err;
    await copyFile(src, dest);
  }
}

/**
 * Writes the gzip tar next to the target as a temp file, flushes it, then gives it the
 * first free name. Linking the temp file to its name fails if the name exists, so even a
 * file someone else creates at the same moment is never overwritten.
 */
async function writeArchive(cwd: string, entries: string[], target: string): Promise<string> {
  await mkdir(dirname(target), { recursive: true });
  const tmp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    // portable: no user names or ids of this machine in the file. Level 1: images are
    // already compressed, and level 1 gets most of what the database gives at a fraction of the time.
    const pack = createTar({ cwd, gzip: { level: 1 }, portable: true, strict: true }, entries);
    await pipeline(pack, createWriteStream(tmp, { flags: 'wx' }));
    const fh = await open(tmp, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    const path = await claimName(tmp, target);
    await rm(tmp, { force: true });
    return path;
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
}

async function claimName(tmp: string, target: string): Promise<string> {
  const ext = target.endsWith(BACKUP_EXTENSION) ? BACKUP_EXTENSION : extname(target);
  const stem = target.slice(0, target.length - ext.length);
  for (let n = 1; n <= MAX_NAME_SUFFIX; n++) {
    const candidate = n === 1 ? target : `${stem}-${n}${ext}`;
    try {
      await link(tmp, candidate);
      return candidate;
    } catch (err) {
      const code = errnoCode(err);
      if (code === 'EEXIST') continue;
      if (!NO_LINK_CODES.has(code ?? '')) throw err;
      // No hard links here: check, then rename (a race with another writer is possible only on such disks).
      if (await exists(candidate)) continue;
      await rename(tmp, candidate);
      return candidate;
    }
  }
  throw new LoupeError('CONFLICT', `${target} and ${MAX_NAME_SUFFIX - 1} numbered variants already exist. Choose another name.`, { path: target });
}

/**
 * Removes what a crash in the middle of a backup or restore left in the data folder
 * (".backup-*" and ".restore-*" working folders, and the web host's ".upload-*" files).
 * Call at start-up, before any backup, restore or upload can be running; ".before-restore-*"
 * folders are the user's old library and stay.
 */
export async function removeStaleWorkingDirs(dataDir: string): Promise<void> {
  for (const name of await readdir(dataDir).catch(() => [] as string[])) {
    if (/^\.(backup|restore|upload)-/.test(name)) await rm(join(dataDir, name), { recursive: true, force: true });
  }
}
