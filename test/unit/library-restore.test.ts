import { readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { list } from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobView } from '../../electron/shared';
import { makeHarness, TEST_KEY, type Harness } from './core-harness';
import { refusal } from './edit-helpers';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(() => h.dispose());

const ids = async (filter: object = {}) => (await h.ok<{ ids: number[] }>('history:search', { filter })).ids;
const entries = async (file: string): Promise<string[]> => {
  const names: string[] = [];
  await list({ file, onReadEntry: (e) => names.push(e.path) });
  return names;
};

describe('library backup and restore through the handlers', () => {
  it('round-trips the library into the same running core; the API key is never in the file', async () => {
    // What a desktop install keeps beside the library: never part of it.
    await writeFile(join(h.dataDir, 'api-key.bin'), TEST_KEY);
    const a = await h.settle(await h.generate({ prompt: 'a lighthouse at dusk' }));
    const b = await h.settle(await h.generate({ prompt: 'a red fox in fresh snow' }));
    await h.ok('jobs:set-tags', { jobId: b.id, tags: ['keeper'] });
    await h.ok('projects:create', { name: 'Acme' });

    const backup = await h.ok<{ path: string; bytes: number; jobs: number; assets: number }>('library:backup');
    expect(backup).toMatchObject({ jobs: 2, assets: 2 });
    expect(backup.path.startsWith(join(h.dataDir, 'backups'))).toBe(true);
    expect(basename(backup.path)).toMatch(/^loupe-\d{4}-\d{2}-\d{2}-\d{6}\.loupe-backup$/);
    const names = await entries(backup.path);
    expect(names).toContain('loupe.sqlite');
    expect(names.filter((n) => !/^(manifest\.json|loupe\.sqlite|store\/.*)$/.test(n))).toEqual([]);
    expect(gunzipSync(await readFile(backup.path)).includes(Buffer.from(TEST_KEY))).toBe(false);
    const second = await h.ok<{ path: string }>('library:backup');
    const listed = await h.ok<{ path: string }[]>('library:list-backups');
    expect(listed.map((l) => l.path).sort()).toEqual([backup.path, second.path].sort());

    // Life goes on after the backup…
    await h.ok('jobs:delete', { jobIds: [a.id] });
    const c = await h.settle(await h.generate({ prompt: 'brass compass on a map' }));
    expect(await ids()).toEqual([c.id, b.id]);
    const eventsBefore = h.events.length;

    // …and the restore brings back exactly what was saved, in the same core.
    const core = h.core;
    expect(await h.ok('library:restore', { path: backup.path })).toEqual({ jobs: 2, assets: 2 });
    expect(h.core).toBe(core);
    expect(await ids()).toEqual([b.id, a.id]);
    expect(await ids({ query: 'keeper' })).toEqual([b.id]);
    expect(await ids({ query: 'compass' })).toEqual([]);
    const restored = await h.ok<JobView>('jobs:get', { jobId: a.id });
    expect(restored.outputs[0]!.assetHash).toBe(a.outputs[0]!.assetHash);
    expect(await h.core.resolveAsset(a.outputs[0]!.assetHash, 'thumb')).not.toBeNull();
    expect((await h.ok<{ name: string }[]>('projects:list')).map((p) => p.name)).toEqual(['Acme']);
    expect(h.events).toHaveLength(eventsBefore); // nothing about the old library is announced
    expect(await readFile(join(h.dataDir, 'api-key.bin'), 'utf8')).toBe(TEST_KEY);
    expect((await h.ok<{ key: { set: boolean } }>('settings:get')).key.set).toBe(true);

    // The restored library works: new jobs run and are recorded.
    const d = await h.settle(await h.generate({ prompt: 'after the restore' }));
    expect(d.status).toBe('succeeded');
    expect(await ids()).toEqual([d.id, b.id, a.id]);
  });

  it('waits for calls already running, and makes new calls wait for the restored library', async () => {
    const a = await h.settle(await h.generate());
    const backup = await h.ok<{ path: string }>('library:backup');
    await h.settle(await h.generate({ prompt: 'not in the backup' }));
    const [restored, during] = await Promise.all([h.ok('library:restore', { path: backup.path }), ids()]);
    expect(restored).toEqual({ jobs: 1, assets: 1 });
    expect(during).toEqual([a.id]);
  });

  it('refuses while jobs are running, and refuses files that are not backups, leaving the library as it was', async () => {
    const a = await h.settle(await h.generate());
    const backup = await h.ok<{ path: string }>('library:backup');
    h.fake.queueFault({ kind: 'latency', ms: 1_500, match: 'generations' });
    const running = await h.generate({ prompt: 'slow' });
    expect(await refusal(h, 'library:restore', { path: backup.path }, 'CONFLICT')).toMatch(/Jobs are still running/);
    await h.core.whenIdle();
    expect(await ids()).toEqual([running, a.id]);

    const junk = join(h.root, 'holiday.loupe-backup');
    await writeFile(junk, 'PK\u0003\u0004 not a backup at all');
    expect(await refusal(h, 'library:restore', { path: junk }, 'INVALID_BACKUP')).toMatch(/is not a Loupe backup.*Your library was not changed\./);
    await refusal(h, 'library:restore', { path: join(h.root, 'missing.loupe-backup') }, 'NOT_FOUND');
    await refusal(h, 'library:restore', { path: 'relative.loupe-backup' }, 'INVALID_ARGUMENTS');
    // Still the same library, still working.
    expect(await ids()).toEqual([running, a.id]);
    expect((await h.settle(await h.generate({ prompt: 'still fine' }))).status).toBe('succeeded');
  });

  it('backs up into the folder chosen in Settings', async () => {
    const dir = join(h.root, 'my-backups');
    expect((await h.ok<{ backupsDir: string }>('settings:get')).backupsDir).toBe(join(h.dataDir, 'backups'));
    expect((await h.ok<{ backupsDir: string }>('settings:update', { backupsDir: dir })).backupsDir).toBe(dir);
    const b = await h.ok<{ path: string }>('library:backup');
    expect(b.path.startsWith(dir)).toBe(true);
    expect(await h.ok('library:list-backups')).toEqual([expect.objectContaining({ path: b.path, name: basename(b.path) })]);
    await refusal(h, 'settings:update', { backupsDir: 'relative' }, 'INVALID_ARGUMENTS');
  });
});
