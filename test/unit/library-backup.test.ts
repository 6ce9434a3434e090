import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { extract, list } from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/connection';
import { JobsRepo } from '../../electron/core/db/jobs-repo';
import { SCHEMA_VERSION } from '../../electron/core/db/migrations';
import { createBackup, removeStaleWorkingDirs, restoreBackup } from '../../electron/core/library/backup';
import { backupStorageError } from '../../electron/core/library/backup-format';
import { LoupeError } from '../../electron/shared';
import { rejection } from './helpers/rejection';
import { API_KEY, makeLibrary, params, treeHashes, writeRaw, type Library, type RawEntry } from './library-fixtures';

let root: string;
let lib: Library;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'loupe-backup-'));
  lib = await makeLibrary(join(root, 'data'));
});
afterEach(async () => {
  if (lib.db.open) lib.db.close();
  await rm(root, { recursive: true, force: true });
});

async function entriesOf(file: string): Promise<string[]> {
  const names: string[] = [];
  await list({ file, onReadEntry: (e) => names.push(e.path) });
  return names.sort();
}

const search = (db: Database.Database, q: string) =>
  db.prepare('SELECT j.id FROM jobs_fts f JOIN jobs j ON j.id = f.rowid WHERE jobs_fts MATCH ? ORDER BY j.id DESC').pluck().all(q);

describe('createBackup', () => {
  it('writes manifest, database and store files only: never the key, temp files or anything else', async () => {
    const r = await createBackup({ dataDir: lib.dataDir, db: lib.db, target: join(root, 'out', 'library.loupe-backup'), appVersion: '0.1.0', now: () => Date.UTC(2025, 5, 1) });
    expect(r).toMatchObject({ path: join(root, 'out', 'library.loupe-backup'), jobs: 4, assets: 8 });
    const names = await entriesOf(r.path);
    expect(names.slice(0, 2)).toEqual(['loupe.sqlite', 'manifest.json']);
    const store = names.slice(2);
    expect(store).toHaveLength(13); // 8 originals, 4 thumbnails, 1 preview
    for (const n of store) expect(n).toMatch(/^store\/([0-9a-f]{2})\/\1[0-9a-f]{62}\.(png|thumb\.webp|preview\.webp)$/);
    const bytes = await readFile(r.path);
    expect(bytes.length).toBe(r.bytes);
    // Not by name and not by content, compressed or not.
    const out = join(root, 'unpacked');
    await mkdir(out);
    await extract({ file: r.path, cwd: out });
    for (const [, hash] of await treeHashes(out)) expect(hash).toBeTruthy();
    for (const f of (await treeHashes(out)).keys()) expect((await readFile(join(out, f))).includes(API_KEY)).toBe(false);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'loupe-backup', formatVersion: 1, appVersion: '0.1.0', createdAt: '2025-06-01T00:00:00.000Z', schemaVersion: SCHEMA_VERSION, counts: { jobs: 4, outputs: 8, assets: 8, storeFiles: 13 } });
    // The snapshot is a single self-contained file and no working folder is left behind.
    expect(await readdir(out)).toEqual(['loupe.sqlite', 'manifest.json', 'store']);
    expect((await readdir(lib.dataDir)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('never overwrites: name, name-2, name-3', async () => {
    const target = join(root, 'b.loupe-backup');
    await writeFile(target, 'someone else’s file');
    const a = await createBackup({ dataDir: lib.dataDir, db: lib.db, target });
    const b = await createBackup({ dataDir: lib.dataDir, db: lib.db, target });
    expect([a.path, b.path]).toEqual([join(root, 'b-2.loupe-backup'), join(root, 'b-3.loupe-backup')]);
    expect(await readFile(target, 'utf8')).toBe('someone else’s file');
    expect((await readdir(root)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('is consistent while another connection keeps writing', async () => {
    // Enough rows that the online backup takes several steps, with writes landing between them.
    const seed = lib.db.prepare(`INSERT INTO jobs (kind, status, model, prompt, params, created_at) VALUES ('generate', 'succeeded', 'm', ?, '{}', 1)`);
    lib.db.transaction(() => {
      for (let i = 0; i < 30000; i++) seed.run(`seed prompt number ${i} with some words to index ${'lorem ipsum '.repeat(8)}`);
    })();
    const other = openDatabase(join(lib.dataDir, 'loupe.sqlite'));
    const otherJobs = new JobsRepo(other);
    const hash = lib.db.prepare('SELECT asset_hash FROM outputs LIMIT 1').pluck().get() as string;
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing && written < 20000) {
        // A job and both its outputs in one transaction: a torn snapshot would show a job with fewer.
        other.transaction(() => {
          const id = otherJobs.create({ kind: 'generate', model: params.model, prompt: `concurrent ${written}`, params, estimate: null, createdAt: 5 });
          for (const index of [0, 1]) otherJobs.addOutput(id, { index, assetHash: hash, width: 8, height: 8, mime: 'image/png', bytes: 1 });
        })();
        written++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    const r = await createBackup({ dataDir: lib.dataDir, db: lib.db, target: join(root, 'busy.loupe-backup') });
    const writtenDuringBackup = written;
    writing = false;
    await writer;
    other.close();
    // The writer really ran while the snapshot was being taken.
    expect(writtenDuringBackup).toBeGreaterThan(1);
    // …and could not starve it: the backup finished while the writer was still going.
    expect(writtenDuringBackup).toBeLessThan(20000);

    const out = join(root, 'busy');
    await mkdir(out);
    await extract({ file: r.path, cwd: out });
    const snap = new Database(join(out, 'loupe.sqlite'), { readonly: true });
    expect(snap.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(snap.prepare(`SELECT count(*) FROM jobs j WHERE j.prompt LIKE 'concurrent %' AND (SELECT count(*) FROM outputs o WHERE o.job_id = j.id) <> 2`).pluck().get()).toBe(0);
    expect(snap.prepare('SELECT count(*) FROM jobs').pluck().get()).toBe(r.jobs);
    expect(r.jobs).toBeGreaterThanOrEqual(30004);
    snap.close();
  });
});

describe('backup housekeeping', () => {
  it('maps a full disk to STORAGE_FULL and other failures to STORAGE_ERROR', () => {
    const full = Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    expect(backupStorageError(full, '/x/b.loupe-backup', 'backup')).toMatchObject({ code: 'STORAGE_FULL', detail: { path: '/x/b.loupe-backup' } });
    expect(backupStorageError(Object.assign(new Error('nope'), { code: 'EACCES' }), '/x', 'restore').code).toBe('STORAGE_ERROR');
    const own = new LoupeError('CONFLICT', 'taken');
    expect(backupStorageError(own, '/x', 'backup')).toBe(own);
  });

  it('removes working folders a crash left, never the set-aside library', async () => {
    for (const d of ['.backup-abc', '.restore-def', '.before-restore-1']) await mkdir(join(lib.dataDir, d, 'store'), { recursive: true });
    await removeStaleWorkingDirs(lib.dataDir);
    const left = await readdir(lib.dataDir);
    expect(left).toContain('.before-restore-1');
    expect(left.filter((n) => n.startsWith('.backup-') || n.startsWith('.restore-'))).toEqual([]);
  });
});

describe('restoreBackup', () => {
  it('round-trips jobs, outputs, store files and search into a fresh folder', async () => {
    const { path } = await createBackup({ dataDir: lib.dataDir, db: lib.db, target: join(root, 'rt.loupe-backup') });
    const before = lib.jobs.list({ limit: 100 });
    const storeBefore = await treeHashes(join(lib.dataDir, 'store'));
    lib.db.close();

    const fresh = join(root, 'fresh');
    const r = await restoreBackup({ file: path, dataDir: fresh });
    expect(r).toEqual({ jobs: 4, assets: 8, setAside: null });
    const db = openDatabase(join(fresh, 'loupe.sqlite'));
    expect(new JobsRepo(db).list({ limit: 100 })).toEqual(before);
    expect(search(db, '"fox"')).toHaveLength(1);
    expect(search(db, '"cafe"')).toHaveLength(1);
    db.prepare(`INSERT INTO jobs_fts (jobs_fts) VALUES ('integrity-check')`).run();
    db.close();
    const storeAfter = await treeHashes(join(fresh, 'store'));
    // Stray temp files and unknown files of the old store are not part of the library.
    for (const k of storeBefore.keys()) if (!/\.tmp$|README/.test(k)) expect(storeAfter.get(k)).toBe(storeBefore.get(k));
    expect(storeAfter.size).toBe(13);
    expect(await readdir(fresh)).toEqual(['loupe.sqlite', 'store']);
  });

  it('sets the current library aside, keeps the key file, and restores over it', async () => {
    const { path } = await createBackup({ dataDir: lib.dataDir, db: lib.db, target: join(root, 'over.loupe-backup') });
    lib.jobs.create({ kind: 'generate', model: params.model, prompt: 'made after the backup', params, estimate: null, createdAt: 9 });
    lib.db.close();
    const r = await restoreBackup({ file: path, dataDir: lib.dataDir, now: () => 1234 });
    expect(r.setAside).toBe(join(lib.dataDir, '.before-restore-1234'));
    expect(await readFile(join(lib.dataDir, 'api-key.bin'), 'utf8')).toBe(API_KEY);
    const db = openDatabase(join(lib.dataDir, 'loupe.sqlite'));
    expect(search(db, '"after"')).toEqual([]);
    expect(search(db, '"lighthouse"')).toHaveLength(1);
    db.close();
    const old = openDatabase(join(r.setAside!, 'loupe.sqlite'));
    expect(search(old, '"after"')).toHaveLength(1);
    old.close();
  });

  describe('refuses a hostile or damaged archive and leaves the library unchanged', () => {
    let good: { manifest: Buffer; db: Buffer; store: RawEntry[] };
    let libraryBefore: Map<string, string>;

    beforeEach(async () => {
      const { path } = await createBackup({ dataDir: lib.dataDir, db: lib.db, target: join(root, 'good.loupe-backup') });
      lib.db.close();
      const out = join(root, 'good');
      await mkdir(out);
      await extract({ file: path, cwd: out });
      const store = [...(await treeHashes(join(out, 'store'))).keys()];
      good = {
        manifest: await readFile(join(out, 'manifest.json')),
        db: await readFile(join(out, 'loupe.sqlite')),
        store: await Promise.all(store.map(async (f) => ({ path: `store/${f}`, data: await readFile(join(out, 'store', f)) }))),
      };
      libraryBefore = await treeHashes(lib.dataDir);
    });

    const base = (): RawEntry[] => [{ path: 'manifest.json', data: good.manifest }, { path: 'loupe.sqlite', data: good.db }, ...good.store];
    const withManifest = (m: Record<string, unknown>, db = good.db): RawEntry[] => [
      { path: 'manifest.json', data: Buffer.from(JSON.stringify(m)) },
      { path: 'loupe.sqlite', data: db },
      ...good.store,
    ];
    const manifest = () => JSON.parse(good.manifest.toString('utf8')) as Record<string, unknown>;
    const sha = async (b: Buffer) => (await import('node:crypto')).createHash('sha256').update(b).digest('hex');

    async function expectRefused(entries: RawEntry[] | Buffer, code: string, message: RegExp, limits?: object): Promise<void> {
      const file = join(root, 'hostile', `h${Math.random().toString(36).slice(2)}.loupe-backup`);
      if (Buffer.isBuffer(entries)) {
        await mkdir(join(root, 'hostile'), { recursive: true });
        await writeFile(file, entries);
      } else await writeRaw(join(root, 'hostile'), file.split('/').pop()!, entries);
      const err = await rejection(restoreBackup({ file, dataDir: lib.dataDir, limits }));
      expect(err.code).toBe(code);
      expect(err.message).toMatch(message);
      expect(await treeHashes(lib.dataDir)).toEqual(libraryBefore);
      expect(await readdir(root)).not.toContain('evil');
    }

    it('path traversal', () => expectRefused([...base(), { path: '../evil', data: Buffer.from('x') }], 'INVALID_ARGUMENTS', /does not know/));
    it('an absolute path', () => expectRefused([...base(), { path: join(root, 'evil'), data: Buffer.from('x') }], 'INVALID_ARGUMENTS', /does not know/));
    it('a symlink in the store', () =>
      expectRefused([...base(), { path: `store/ab/ab${'0'.repeat(62)}.png`, type: 'SymbolicLink', linkpath: '/etc/passwd' }], 'INVALID_ARGUMENTS', /SymbolicLink/));
    it('a hard link', () => expectRefused([...base(), { path: `store/ab/ab${'1'.repeat(62)}.png`, type: 'Link', linkpath: 'loupe.sqlite' }], 'INVALID_ARGUMENTS', /Link/));
    it('an unknown entry', () => expectRefused([...base(), { path: 'api-key.bin', data: Buffer.from('sk-x') }], 'INVALID_ARGUMENTS', /does not know/));
    it('a store file in the wrong folder', () => expectRefused([...base(), { path: `store/cd/ab${'2'.repeat(62)}.png`, data: Buffer.from('x') }], 'INVALID_ARGUMENTS', /does not know/));
    it('no manifest', () => expectRefused(base().slice(1), 'INVALID_ARGUMENTS', /no manifest/));
    it('a manifest that is not JSON', () => expectRefused([{ path: 'manifest.json', data: Buffer.from('{nope') }, ...base().slice(1)], 'INVALID_ARGUMENTS', /not valid JSON/));
    it('a manifest of another format', () => expectRefused(withManifest({ ...manifest(), format: 'zip' }), 'INVALID_ARGUMENTS', /not one Loupe wrote/));
    it('a newer backup format', () => expectRefused(withManifest({ ...manifest(), formatVersion: 2 }), 'INVALID_ARGUMENTS', /newer Loupe/));
    it('a database that does not match its checksum', async () => {
      const db = Buffer.from(good.db);
      db.writeUInt8(db.readUInt8(db.length - 100) ^ 0xff, db.length - 100);
      await expectRefused(withManifest(manifest(), db), 'INVALID_ARGUMENTS', /checksum/);
    });
    it('a damaged database with a matching checksum', async () => {
      const db = Buffer.from(good.db);
      db.fill(0x41, 4096, 8192);
      await expectRefused(withManifest({ ...manifest(), db: { bytes: db.length, sha256: await sha(db) } }, db), 'INVALID_ARGUMENTS', /damaged|cannot be read|malformed/);
    });
    it('a database from a newer Loupe', async () => {
      const db = Buffer.from(good.db);
      db.writeUInt32BE(SCHEMA_VERSION + 1, 60); // user_version lives at offset 60 of the header
      await expectRefused(withManifest({ ...manifest(), db: { bytes: db.length, sha256: await sha(db) } }, db), 'DATABASE_TOO_NEW', /newer version of Loupe/);
    });
    it('a store file whose bytes do not match its name', () =>
      expectRefused([...base().slice(0, 2), ...good.store.map((e, i) => (i === 0 && e.path.endsWith('.png') ? { ...e, data: Buffer.from('swapped') } : e))], 'INVALID_ARGUMENTS', /checksum/));
    it('an oversized entry', () => expectRefused(base(), 'INVALID_ARGUMENTS', /larger than Loupe allows/, { maxFileBytes: 16 }));
    it('a file that is not an archive at all, or is cut short', async () => {
      await expectRefused(Buffer.from('PK\u0003\u0004 definitely a zip'), 'INVALID_ARGUMENTS', /could not be read/);
      const whole = await readFile(join(root, 'good.loupe-backup'));
      await expectRefused(whole.subarray(0, Math.floor(whole.length / 2)), 'INVALID_ARGUMENTS', /could not be read|no manifest|no database/);
    });
    it('a missing file is NOT_FOUND', async () => {
      expect((await rejection(restoreBackup({ file: join(root, 'nope.loupe-backup'), dataDir: lib.dataDir }))).code).toBe('NOT_FOUND');
    });
  });
});
