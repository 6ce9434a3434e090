/**
 * Restores a `.loupe-backup` into the data folder.
 *
 * The caller must close the core (queue drained, database closed) before calling this and
 * open a new core afterwards: the database file is replaced underneath, and an open
 * connection would keep writing to the old one (on Windows the swap would fail instead).
 *
 * Nothing in the data folder is touched until the archive has been fully checked:
 *   1. list it: every entry must be one the format allows, a regular file, within limits;
 *   2. extract only those entries into a working folder inside the data folder;
 *   3. check the database's SHA-256 against the manifest, PRAGMA integrity_check, that
 *      its schema is not newer than this code and has nothing Loupe did not create
 *      (restore-db-checks.ts); check every original against its hash; replace its settings
 *      with the current library's (a backup never brings a base URL or folders);
 *   4. swap: the current database and store move to `.before-restore-<time>/`, the
 *      restored ones move in. If any move fails, the moves already made are undone.
 * The API key file and settings outside the database are never touched, and the settings
 * inside it are the current library's, never the backup's.
 */
import { lstat, mkdir, mkdtemp, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { extract, list, type ReadEntry } from 'tar';
import { ArchiveRefused, feedArchive, type StreamLimits } from './archive-reader';
import { LoupeError } from '../../shared';
import { SCHEMA_VERSION, tooNewError } from '../db/migrations';
import { foreignSchemaObjects, keepLiveSettings } from './restore-db-checks';
import {
  backupStorageError,
  BACKUP_FORMAT_VERSION,
  classifyEntry,
  DB_ENTRY,
  DB_FILE,
  DB_SIDE_FILES,
  DEFAULT_LIMITS,
  errnoCode,
  exists,
  hashOfStoreEntry,
  invalidBackup,
  ManifestSchema,
  MAX_MANIFEST_BYTES,
  sha256File,
  STORE_DIR,
  type BackupManifest,
  type RestoreLimits,
} from './backup-format';

export interface RestoreOptions {
  file: string;
  dataDir: string;
  now?: () => number;
  limits?: Partial<RestoreLimits>;
  /** As for openDatabase: the desktop app passes Electron's better_sqlite3.node. */
  nativeBinding?: string;
}

export interface RestoreResult {
  jobs: number;
  assets: number;
  /** Where the library that was replaced now is (null when there was none); the caller may offer to delete it. */
  setAside: string | null;
}

export async function restoreBackup(opts: RestoreOptions): Promise<RestoreResult> {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  try {
    if (!(await stat(opts.file)).isFile()) throw invalidBackup(opts.file, 'it is not a file');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') throw new LoupeError('NOT_FOUND', `${opts.file} does not exist.`, { path: opts.file });
    throw err;
  }
  const { manifest, sizes, tarBytes } = await inspect(opts.file, limits);

  let work: string | null = null;
  try {
    await mkdir(opts.dataDir, { recursive: true });
    work = await mkdtemp(join(opts.dataDir, '.restore-'));
    await extractChecked(opts.file, work, sizes, tarBytes, limits);
    const facts = await verifyDatabase(opts.file, join(work, DB_ENTRY), manifest, opts.nativeBinding);
    await verifyStore(opts.file, work, sizes);
    const live = join(opts.dataDir, DB_FILE);
    keepLiveSettings(join(work, DB_ENTRY), (await exists(live)) ? live : null, opts.nativeBinding);
    await mkdir(join(work, STORE_DIR), { recursive: true });
    const setAside = await swap(opts.dataDir, work, (opts.now ?? Date.now)());
    return { ...facts, setAside };
  } catch (err) {
    throw backupStorageError(err, opts.dataDir, 'restore');
  } finally {
    if (work) await rm(work, { recursive: true, force: true }).catch(() => undefined);
  }
}

/**
 * Pass 1: reads the whole archive without writing anything; returns the manifest, each
 * allowed file's size and the tar's inflated length. The first entry or chunk that passes
 * a limit stops the reading (archive-reader.ts), so a bomb costs no more than the limit.
 */
async function inspect(file: string, limits: RestoreLimits): Promise<{ manifest: BackupManifest; sizes: Map<string, number>; tarBytes: number }> {
  const sizes = new Map<string, number>();
  let problem: string | null = null;
  let manifestText: string | null = null;
  let total = 0;
  let entries = 0;
  const refuse = (why: string) => {
    problem ??= why;
  };
  const onReadEntry = (entry: ReadEntry) => {
    const name = entry.path;
    const kind = classifyEntry(name);
    // Folders count too: a million folder entries cost as much to read as a million files.
    if (++entries > limits.maxEntries) refuse('it has too many entries');
    else if (kind === null) refuse(`it contains an entry Loupe does not know (${JSON.stringify(name.slice(0, 200))})`);
    else if (kind === 'dir') {
      if (entry.type !== 'Directory') refuse(`${name} is not a folder`);
    } else if (entry.type !== 'File') refuse(`${name} is a ${entry.type}, not a plain file`);
    else if (sizes.has(name)) refuse(`${name} appears twice`);
    else {
      const max = kind === 'manifest' ? MAX_MANIFEST_BYTES : kind === 'db' ? limits.maxDbBytes : limits.maxFileBytes;
      total += entry.size;
      if (entry.size > max) refuse(`${name} is larger than Loupe allows (${entry.size} bytes)`);
      else if (total > limits.maxTotalBytes) refuse('it would unpack to more than Loupe allows');
      else sizes.set(name, entry.size);
      if (kind === 'manifest' && !problem) {
        const chunks: Buffer[] = [];
        entry.on('data', (c: Buffer) => chunks.push(c));
        entry.on('end', () => {
          manifestText = Buffer.concat(chunks).toString('utf8');
        });
        return;
      }
    }
    entry.resume();
  };
  let tarBytes: number;
  try {
    tarBytes = await feedArchive(file, list({ strict: true, onReadEntry }), streamLimits(limits), () => problem);
  } catch (err) {
    if (err instanceof ArchiveRefused) throw invalidBackup(file, err.message);
    throw invalidBackup(file, `it could not be read as a backup archive (${err instanceof Error ? err.message : String(err)})`);
  }
  if (problem) throw invalidBackup(file, problem);
  if (manifestText === null) throw invalidBackup(file, 'it has no manifest');
  if (!sizes.has(DB_ENTRY)) throw invalidBackup(file, 'it has no database');
  const manifest = parseManifest(file, manifestText);
  if (sizes.get(DB_ENTRY) !== manifest.db.bytes) throw invalidBackup(file, 'the database is not the size the manifest records');
  return { manifest, sizes, tarBytes };
}

const streamLimits = (l: RestoreLimits): StreamLimits => ({ maxTotalBytes: l.maxTotalBytes, maxRatio: l.maxRatio, ratioFloorBytes: l.ratioFloorBytes });

function parseManifest(file: string, text: string): BackupManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalidBackup(file, 'its manifest is not valid JSON');
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) throw invalidBackup(file, 'its manifest is not one Loupe wrote');
  if (parsed.data.formatVersion > BACKUP_FORMAT_VERSION) {
    throw invalidBackup(file, `it was written in backup format ${parsed.data.formatVersion} by a newer Loupe; update Loupe to restore it`);
  }
  return parsed.data;
}

/** Pass 2: extracts exactly the entries pass 1 accepted, then checks the result on disk. */
async function extractChecked(file: string, work: string, sizes: Map<string, number>, tarBytes: number, limits: RestoreLimits): Promise<void> {
  const unpack = extract({
    cwd: work,
    strict: true,
    // Names and types were checked in pass 1; this refuses anything that changed since.
    filter: (path, entry) => sizes.has(path) && 'type' in entry && entry.type === 'File',
    preserveOwner: false,
    noChmod: true,
  });
  try {
    // No more than pass 1 read: a file swapped for a bigger one in between is cut off.
    await feedArchive(file, unpack, { ...streamLimits(limits), maxTotalBytes: tarBytes });
  } catch (err) {
    unpack.abort(err instanceof Error ? err : new Error(String(err)));
    if (errnoCode(err) === 'ENOSPC' || errnoCode(err) === 'EDQUOT') throw err;
    throw invalidBackup(file, `it could not be unpacked (${err instanceof Error ? err.message : String(err)})`);
  }
  const found = new Map<string, number>();
  await walk(work, '', found);
  if (found.size !== sizes.size) throw invalidBackup(file, 'it changed while being restored');
  for (const [name, size] of sizes) if (found.get(name) !== size) throw invalidBackup(file, `${name} did not unpack whole`);
}

async function walk(root: string, rel: string, out: Map<string, number>): Promise<void> {
  for (const name of await readdir(join(root, rel))) {
    const r = rel ? `${rel}/${name}` : name;
    const s = await lstat(join(root, r));
    if (s.isDirectory()) await walk(root, r, out);
    else if (s.isFile()) out.set(r, s.size);
    // Anything else (a symlink) is counted as a mismatch: it is not in `out`.
    else out.set(r, -1);
  }
}

async function verifyDatabase(file: string, dbPath: string, manifest: BackupManifest, nativeBinding?: string): Promise<{ jobs: number; assets: number }> {
  if ((await sha256File(dbPath)) !== manifest.db.sha256) throw invalidBackup(file, 'the database does not match the checksum in the manifest');
  let db: Database.Database;
  try {
    db = new Database(dbPath, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  } catch (err) {
    throw invalidBackup(file, `the database cannot be opened (${err instanceof Error ? err.message : String(err)})`);
  }
  try {
    // Nothing in this file is trusted yet: no functions from its schema run while it is checked.
    db.pragma('trusted_schema = OFF');
    const version = db.pragma('user_version', { simple: true }) as number;
    // Same rule as openDatabase: a library from a newer Loupe is refused, never opened for writing.
    if (version > SCHEMA_VERSION) throw tooNewError(version, SCHEMA_VERSION, file);
    if (version < 1) throw invalidBackup(file, 'the database holds no Loupe library');
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw invalidBackup(file, `the database is damaged (${String(check)})`);
    const foreign = foreignSchemaObjects(db, version, nativeBinding);
    if (foreign.length > 0) {
      throw invalidBackup(file, `its database has ${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ` and ${foreign.length - 3} more` : ''}; Loupe restores only databases it made itself`);
    }
    const count = (t: string) => db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
    return { jobs: count('jobs'), assets: count('assets') };
  } catch (err) {
    if (err instanceof LoupeError) throw err;
    throw invalidBackup(file, `the database cannot be read (${err instanceof Error ? err.message : String(err)})`);
  } finally {
    db.close();
  }
}

/** Each original must hash to its name: the store serves files by hash, so a wrong one would be a wrong picture. */
async function verifyStore(file: string, work: string, sizes: Map<string, number>): Promise<void> {
  for (const name of sizes.keys()) {
    const hash = hashOfStoreEntry(name);
    if (hash && (await sha256File(join(work, name))) !== hash) throw invalidBackup(file, `${name} does not match its checksum`);
  }
}

/** Moves the current library aside and the restored one in; on failure, puts everything back. */
async function swap(dataDir: string, work: string, at: number): Promise<string | null> {
  const current = [DB_FILE, ...DB_SIDE_FILES, STORE_DIR];
  const present: string[] = [];
  for (const name of current) if (await exists(join(dataDir, name))) present.push(name);
  let aside: string | null = null;
  if (present.length > 0) {
    aside = join(dataDir, `.before-restore-${at}`);
    for (let n = 2; await exists(aside); n++) aside = join(dataDir, `.before-restore-${at}-${n}`);
    await mkdir(aside);
  }
  const done: [string, string][] = [];
  const move = async (from: string, to: string) => {
    await rename(from, to);
    done.push([from, to]);
  };
  try {
    for (const name of present) await move(join(dataDir, name), join(aside!, name));
    await move(join(work, DB_ENTRY), join(dataDir, DB_FILE));
    await move(join(work, STORE_DIR), join(dataDir, STORE_DIR));
  } catch (err) {
    for (const [from, to] of done.reverse()) await rename(to, from).catch(() => undefined);
    // rmdir, not rm -r: if a move back failed, what is left in there is the user's library.
    if (aside) await rmdir(aside).catch(() => undefined);
    throw err;
  }
  return aside;
}

