/**
 * Temporary folders for tests that touch the disk: one per test, removed after it even
 * when the test locked it down, and a probe for hosts where locking means nothing.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

/** A fresh folder under the system temp dir for each test of the file; read `.path` inside a test or hook. */
export function tempDirEachTest(prefix: string): { readonly path: string } {
  const dir = { path: '' };
  beforeEach(async () => {
    dir.path = await mkdtemp(join(tmpdir(), prefix));
  });
  afterEach(async () => {
    // A test may have made it read-only to provoke a storage error; rm needs it writable again.
    await chmod(dir.path, 0o700).catch(() => undefined);
    await rm(dir.path, { recursive: true, force: true });
  });
  return dir;
}

/**
 * Whether writing into `dir` succeeds although its mode forbids it: chmod means nothing to
 * root, which CI containers often are, so a permission test must ask before asserting.
 */
export async function ignoresPermissions(dir: string): Promise<boolean> {
  const probe = join(dir, 'probe');
  const writable = await writeFile(probe, 'x').then(
    () => true,
    () => false,
  );
  if (writable) await rm(probe, { force: true });
  return writable;
}
