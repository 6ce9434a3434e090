/**
 * Archives built to exhaust the machine restoring them: a gzip bomb, an entry that declares
 * an enormous size, a flood of entries. Each must be refused while it is being read (a
 * corrupt tail after the bait shows the reader never got there), with nothing unpacked.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Header } from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { restoreBackup } from '../../electron/core/library/backup';
import type { RestoreLimits } from '../../electron/core/library/backup-format';
import { rejection } from './helpers/rejection';
import { makeLibrary, rawTarGz, treeHashes } from './library-fixtures';

const MiB = 1024 ** 2;
const MANIFEST = Buffer.from(JSON.stringify({ format: 'loupe-backup', formatVersion: 1, appVersion: 'x', createdAt: 'x', schemaVersion: 4, counts: { jobs: 0, outputs: 0, assets: 0, storeFiles: 0 }, db: { bytes: 1, sha256: '0'.repeat(64) } }));
/** Not gzip: reaching it would fail as "could not be read", not with the refusal under test. */
const TAIL = Buffer.from('this is not gzip and a reader that gets here has read too far');

let root: string;
let dataDir: string;
let before: Map<string, string>;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'loupe-limits-'));
  dataDir = join(root, 'data');
  const lib = await makeLibrary(dataDir, 1);
  lib.db.close();
  before = await treeHashes(dataDir);
});
afterEach(() => rm(root, { recursive: true, force: true }));

/** One tar header block, as node-tar would write it. */
function header(path: string, size: number, type: 'File' | 'Directory' = 'File'): Buffer {
  const h = new Header({ path, type, size, mode: 0o644, mtime: new Date(0) });
  h.encode();
  return h.block!;
}

function tarFile(path: string, data: Buffer): Buffer {
  return Buffer.concat([header(path, data.length), data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
}

async function refusedWith(archive: Buffer, message: RegExp, limits?: Partial<RestoreLimits>): Promise<void> {
  const file = join(root, 'gift.loupe-backup');
  await writeFile(file, archive);
  const err = await rejection(restoreBackup({ file, dataDir, limits }), 'INVALID_ARGUMENTS');
  expect(err.message).toMatch(message);
  expect(err.message).toMatch(/Your library was not changed/);
  // Nothing half-restored: not a byte of the library changed, no working folder left.
  expect(await treeHashes(dataDir)).toEqual(before);
  expect((await readdir(dataDir)).filter((n) => n.startsWith('.'))).toEqual([]);
}

describe('restore limits', () => {
  it('stops a gzip bomb early by its compression ratio', async () => {
    // 1 GiB of zeros declared as the database (within every size limit), in ~1 MB of gzip:
    // concatenated gzip members of 1 MiB of zeros each, then a corrupt tail.
    const zeros = gzipSync(Buffer.alloc(MiB), { level: 9 });
    const parts = [gzipSync(Buffer.concat([tarFile('manifest.json', MANIFEST), header('loupe.sqlite', 1024 * MiB)]))];
    for (let i = 0; i < 1024; i++) parts.push(zeros);
    parts.push(TAIL);
    const bomb = Buffer.concat(parts);
    expect(bomb.length).toBeLessThan(2 * MiB);
    const t0 = performance.now();
    await refusedWith(bomb, /decompression bomb/);
    // A reader that inflated the whole gigabyte would take far longer (and hit the tail).
    expect(performance.now() - t0).toBeLessThan(10_000);
  });

  it('refuses an entry by its declared size, before reading its body', async () => {
    // The start of a 3 GiB body (incompressible, so it spans several reads), then the corrupt tail.
    const head = Buffer.concat([tarFile('manifest.json', MANIFEST), header(`store/ab/ab${'0'.repeat(62)}.png`, 3 * 1024 ** 3), randomBytes(MiB)]);
    const archive = Buffer.concat([gzipSync(head), TAIL]);
    await refusedWith(archive, /is larger than Loupe allows \(3221225472 bytes\)/);
  });

  it('refuses more entries than allowed, folders included', async () => {
    const dirs = Array.from({ length: 50 }, () => ({ path: 'store/', type: 'Directory' as const }));
    const archive = Buffer.concat([rawTarGz([{ path: 'manifest.json', data: MANIFEST }, ...dirs]).subarray(0, -8), TAIL]);
    await refusedWith(archive, /too many entries/, { maxEntries: 20 });
  });

  it('refuses an archive that unpacks to more than the total allowed', async () => {
    const big = Buffer.alloc(64 * 1024, 7);
    const entries = [0, 1, 2, 3].map((i) => ({ path: `store/ab/ab${String(i).repeat(62)}.png`, data: big }));
    await refusedWith(rawTarGz([{ path: 'manifest.json', data: MANIFEST }, ...entries]), /more than Loupe allows/, { maxTotalBytes: 150 * 1024 });
  });

  it('still restores a real library within the default limits', async () => {
    const { createBackup } = await import('../../electron/core/library/backup');
    const { openDatabase } = await import('../../electron/core/db/connection');
    const db = openDatabase(join(dataDir, 'loupe.sqlite'));
    const { path } = await createBackup({ dataDir, db, target: join(root, 'real.loupe-backup') });
    db.close();
    expect(await restoreBackup({ file: path, dataDir: join(root, 'fresh') })).toMatchObject({ jobs: 1, assets: 2 });
  });
});
