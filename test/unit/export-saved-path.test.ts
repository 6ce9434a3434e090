/**
 * An output's saved path comes from the database, which a restored backup or an edited file
 * can fill with anything. "Reveal" and drag-out must not hand such a path to the OS.
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobView, OutputView } from '../../electron/shared';
import { makeHarness, type Harness } from './core-harness';
import { refusal } from './edit-helpers';

let h: Harness;
let revealed: string[];
let out: OutputView;

beforeEach(async () => {
  revealed = [];
  h = await makeHarness({ reveal: (p) => revealed.push(p) });
  out = (await h.settle(await h.generate({ prompt: 'a saved picture' }))).outputs[0]!;
  expect(out.savedPath?.startsWith(h.outputDir)).toBe(true);
});
afterEach(() => h.dispose());

/** What an attacker with the database file does: rewrites the row behind the app's back. */
function tamper(outputId: number, path: string): void {
  const db = new Database(join(h.dataDir, 'loupe.sqlite'));
  db.prepare('UPDATE outputs SET saved_path = ? WHERE id = ?').run(path, outputId);
  db.close();
}

async function refusedBoth(path: string, message: RegExp): Promise<void> {
  tamper(out.id, path);
  expect(await refusal(h, 'outputs:reveal', { outputId: out.id }, 'INVALID_ARGUMENTS')).toMatch(message);
  expect(await refusal(h, 'outputs:start-drag', { outputId: out.id }, 'INVALID_ARGUMENTS')).toMatch(message);
  expect(revealed).toEqual([]);
}

describe('saved paths read from the database', () => {
  it('uses a saved file inside the output folder', async () => {
    expect((await h.ok<{ path: string }>('outputs:reveal', { outputId: out.id })).path).toBe(out.savedPath);
    expect((await h.ok<{ path: string }>('outputs:start-drag', { outputId: out.id })).path).toBe(out.savedPath);
    expect(revealed).toEqual([out.savedPath]);
  });

  it('refuses a row pointing at /etc/passwd, by name', () => refusedBoth('/etc/passwd', /\/etc\/passwd\) is not inside a folder you chose/));

  it('refuses a symlink in the output folder that leads outside it', async () => {
    const secret = join(h.root, 'secret.txt');
    await writeFile(secret, 'not for dragging');
    const link = join(h.outputDir, 'innocent.png');
    await symlink(secret, link);
    await refusedBoth(link, new RegExp(`innocent\\.png, which leads to ${secret.replace(/[.]/g, '\\.')}\\)`));
  });

  it('refuses a path through a symlinked folder, and a folder itself', async () => {
    await mkdir(join(h.root, 'elsewhere'), { recursive: true });
    await writeFile(join(h.root, 'elsewhere', 'x.png'), 'x');
    await symlink(join(h.root, 'elsewhere'), join(h.outputDir, 'door'));
    await refusedBoth(join(h.outputDir, 'door', 'x.png'), /which leads to/);
    await refusedBoth(h.outputDir, /is not inside a folder you chose/);
  });

  it('accepts a project’s own folder, and an export replaces a refused path with a fresh copy', async () => {
    const projectDir = join(h.root, 'acme');
    const p = await h.ok<{ id: number }>('projects:create', { name: 'Acme', outputDir: projectDir });
    const job = await h.settle(await h.generate({ prompt: 'for the project', projectId: p.id }));
    const saved = job.outputs[0]!.savedPath!;
    expect(saved.startsWith(projectDir)).toBe(true);
    expect((await h.ok<{ path: string }>('outputs:start-drag', { outputId: job.outputs[0]!.id })).path).toBe(saved);

    tamper(out.id, '/etc/passwd');
    const r = await h.ok<{ files: string[] }>('outputs:export', { outputIds: [out.id] });
    const after = (await h.ok<JobView>('jobs:get', { jobId: (await h.ok<{ ids: number[] }>('history:search', { filter: {} })).ids.at(-1)! })).outputs[0]!;
    expect(after.savedPath).toBe(r.files[0]);
    expect((await h.ok<{ path: string }>('outputs:reveal', { outputId: out.id })).path).toBe(r.files[0]);
  });

  it('refuses a path inside a chosen folder that Loupe did not record (no valid seal)', async () => {
    const planted = join(h.outputDir, 'planted.png');
    await writeFile(planted, 'someone else put this here');
    await refusedBoth(planted, /planted\.png\) was not recorded by Loupe in this library/);
  });

  it('refuses what a backup brings: a project folder and a saved path in it, sealed elsewhere', async () => {
    // A row as another library would have it: its own seal, made with its own key.
    const theirDir = join(h.root, 'their-project');
    await mkdir(theirDir, { recursive: true });
    await writeFile(join(theirDir, 'secret.png'), 'x');
    const p = await h.ok<{ id: number }>('projects:create', { name: 'Theirs' });
    const db = new Database(join(h.dataDir, 'loupe.sqlite'));
    db.prepare('UPDATE projects SET output_dir = ? WHERE id = ?').run(theirDir, p.id);
    db.prepare('UPDATE outputs SET saved_path = ?, saved_seal = ? WHERE id = ?').run(join(theirDir, 'secret.png'), 'ab'.repeat(32), out.id);
    db.close();
    expect(await refusal(h, 'outputs:start-drag', { outputId: out.id }, 'INVALID_ARGUMENTS')).toMatch(/was not recorded by Loupe in this library/);
  });

  it('keeps trusting its own saved paths after restoring its own backup', async () => {
    const backup = await h.ok<{ path: string }>('library:backup');
    await h.ok('library:restore', { path: backup.path });
    expect((await h.ok<{ path: string }>('outputs:reveal', { outputId: out.id })).path).toBe(out.savedPath);
  });
});
