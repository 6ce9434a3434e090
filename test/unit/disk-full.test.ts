/**
 * A full disk while saving and exporting: a clear STORAGE_FULL, no partial file left in the
 * folder, nothing lost from the library. Two real faults: a small tmpfs (mounted here when
 * allowed: root on Linux; skipped with the reason elsewhere), and a file-size limit
 * (RLIMIT_FSIZE through `ulimit -f`) on a child process, which runs on any Unix.
 */
import { createHash } from 'node:crypto';
import { execFileSync, spawn } from 'node:child_process';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JobView } from '../../electron/shared';
import { makeHarness, type Harness } from './core-harness';

const ROOT = resolve(import.meta.dirname, '../..');
const FULL = /disk holding .* is full/;

/** Mounts a tmpfs of `size` at a fresh folder; null where mounting is not allowed. */
function mountTmpfs(size: string): string | null {
  if (process.platform !== 'linux') return null;
  const dir = execFileSync('mktemp', ['-d', join(tmpdir(), 'loupe-tmpfs-XXXXXX')]).toString().trim();
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    execFileSync('rmdir', [dir]);
    return null;
  }
}
function unmount(dir: string): void {
  execFileSync('umount', [dir]);
  execFileSync('rmdir', [dir]);
}
const probe = mountTmpfs('64k');
if (probe) unmount(probe);
const CAN_MOUNT = probe !== null;
if (!CAN_MOUNT) console.warn('disk-full: skipping the tmpfs checks: mounting a tmpfs needs root on Linux. The RLIMIT_FSIZE checks still run.');

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** The output's bytes in the store are still the ones the API returned. */
async function intactInStore(h: Harness, job: JobView): Promise<void> {
  const o = job.outputs[0]!;
  const found = await h.core.resolveAsset(o.assetHash, 'full');
  expect(found).not.toBeNull();
  expect(sha256(await readFile(found!.path))).toBe(o.assetHash);
}

/** Fills a mounted tmpfs until `leave` bytes remain (roughly: tmpfs counts whole pages). */
async function fill(dir: string, leave: number): Promise<void> {
  const { bavail, bsize } = await import('node:fs').then((fs) => fs.statfsSync(dir));
  const free = bavail * bsize;
  if (free > leave) await writeFile(join(dir, 'filler.bin'), Buffer.alloc(free - leave));
}

describe.skipIf(!CAN_MOUNT)('a full tmpfs (root on Linux)', () => {
  let h: Harness;
  let job: JobView;
  const mounts: string[] = [];
  const mount = (size: string): string => {
    const m = mountTmpfs(size)!;
    mounts.push(m);
    return m;
  };

  beforeAll(async () => {
    h = await makeHarness();
    job = await h.settle(await h.generate({ prompt: 'a wide harbour panorama', size: '2048x1152' }));
    expect(job.status).toBe('succeeded');
    // Larger than the room left on the full disks below.
    expect(job.outputs[0]!.bytes).toBeGreaterThan(64 * 1024);
  });
  afterEach(() => {
    for (const m of mounts.splice(0)) unmount(m);
  });
  afterAll(async () => {
    await h?.dispose();
  });

  it('an export to a full disk fails with STORAGE_FULL, leaves no partial file, and loses nothing', async () => {
    const full = mount('256k');
    await fill(full, 24 * 1024);
    const before = await readdir(full);
    const r = await h.ok<{ files: string[]; failures: { outputId: number; message: string }[] }>('outputs:export', { outputIds: [job.outputs[0]!.id], dir: full });
    expect(r.files).toEqual([]);
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]!.message).toMatch(FULL);
    expect(r.failures[0]!.message).toContain("still in Loupe's library");
    expect(await readdir(full)).toEqual(before);
    await intactInStore(h, job);
    // Space again: the same export now succeeds, whole.
    await rm(join(full, 'filler.bin'));
    const again = await h.ok<{ files: string[] }>('outputs:export', { outputIds: [job.outputs[0]!.id], dir: full });
    expect(again.files).toHaveLength(1);
    expect((await stat(again.files[0]!)).size).toBeGreaterThan(64 * 1024);
  });

  it('auto-save to a full output folder keeps the image in the library and says why it was not saved', async () => {
    const full = mount('256k');
    await h.ok('settings:update', { outputDir: full });
    await fill(full, 24 * 1024);
    const before = await readdir(full);
    const saved = await h.settle(await h.generate({ prompt: 'a second panorama', size: '2048x1152' }));
    expect(saved.status).toBe('succeeded');
    expect(saved.outputs[0]!.savedPath).toBeNull();
    expect(saved.outputs[0]!.saveError).toMatch(FULL);
    expect(await readdir(full)).toEqual(before);
    await intactInStore(h, saved);
    await h.ok('settings:update', { outputDir: h.outputDir });
  });

  it('a full library disk fails the job with STORAGE_FULL, keeps the database sound, and the retry succeeds once there is room', async () => {
    const lib = mount('4m');
    const inner = await makeHarness({ tuning: { maxAttempts: 1 } });
    // The library itself on the small disk: a fresh core opened on it.
    await inner.core.close();
    inner.dataDir = join(lib, 'data');
    const { createCore, MemorySecretStore } = await import('../../electron/core');
    const core = await createCore({
      dataDir: inner.dataDir,
      defaultOutputDir: inner.outputDir,
      secrets: new MemorySecretStore('sk-test-0123456789abcdefWXYZ'),
      env: { OPENAI_BASE_URL: inner.fake.url },
      host: 'web',
      version: '0.0.0-test',
      emit: () => undefined,
      tuning: { maxAttempts: 1, retryBaseDelayMs: 10 },
    });
    inner.core = core;
    try {
      await fill(lib, 96 * 1024);
      const jobId = await inner.generate({ prompt: 'a third panorama', size: '3840x2160' });
      const failed = await inner.settle(jobId);
      expect(failed.status).toBe('failed');
      expect(failed.error?.code).toBe('STORAGE_FULL');
      expect(failed.error?.message).toMatch(/full/);
      // No half-written file in the store.
      const leftovers = (await readdir(join(inner.dataDir, 'store'), { recursive: true })).filter((f) => /tmp|partial/i.test(String(f)));
      expect(leftovers).toEqual([]);
      await rm(join(lib, 'filler.bin'));
      await inner.ok('jobs:retry', { jobId });
      const retried = await inner.settle(jobId);
      expect(retried.status).toBe('succeeded');
      await inner.core.close();
      const db = new Database(join(inner.dataDir, 'loupe.sqlite'), { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    } finally {
      await inner.core.close();
      await inner.fake.close();
      await rm(inner.root, { recursive: true, force: true });
    }
  });
});

describe.skipIf(process.platform === 'win32')('a file-size limit (RLIMIT_FSIZE) on a child process', () => {
  let h: Harness;
  let job: JobView;
  beforeAll(async () => {
    h = await makeHarness();
    job = await h.settle(await h.generate({ prompt: 'a very wide harbour panorama', size: '3840x2160', quality: 'high' }));
    expect(job.status).toBe('succeeded');
    await h.core.close();
  });
  afterAll(async () => {
    await h?.dispose();
  });

  it('an export past the limit fails with STORAGE_FULL and leaves no partial file', async () => {
    const exportDir = join(h.root, 'limited');
    await mkdir(exportDir);
    const dbBytes = (await stat(join(h.dataDir, 'loupe.sqlite'))).size;
    const outBytes = job.outputs[0]!.bytes;
    // Room for the database to be opened and written (its checkpoint grows it a little), not for the image.
    const limit = Math.max(dbBytes + 128 * 1024, 256 * 1024);
    expect(outBytes, 'the output must be larger than the limit for this test to mean anything').toBeGreaterThan(limit);
    const blocks = Math.ceil(limit / 512);
    const child = spawn('sh', ['-c', `ulimit -f ${blocks} && exec "${process.execPath}" --import tsx "${join(ROOT, 'test/unit/helpers/fsize-child.ts')}" "$@"`, 'sh', h.dataDir, h.outputDir, exportDir], { cwd: ROOT });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code).toBe(0);
    const result = JSON.parse(out.trim().split('\n').at(-1)!) as { ok: boolean; value: { files: string[]; failures: { message: string }[] } };
    expect(result.ok).toBe(true);
    expect(result.value.files).toEqual([]);
    expect(result.value.failures[0]!.message).toMatch(FULL);
    expect(await readdir(exportDir)).toEqual([]);
    // Nothing lost: the library opens, the job and its image are as they were.
    await h.reopen();
    const after = await h.ok<JobView>('jobs:get', { jobId: job.id });
    expect(after.status).toBe('succeeded');
    await intactInStore(h, after);
  }, 120_000);
});
