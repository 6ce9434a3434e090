import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveOutput } from '../../electron/core/export/save-output';
import { LoupeError } from '../../electron/shared';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loupe-export-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function rejection(p: Promise<unknown>): Promise<LoupeError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(LoupeError);
    return err as LoupeError;
  }
  throw new Error('expected a rejection');
}

describe('saveOutput', () => {
  it('never overwrites: name, name-2, name-3', async () => {
    const out = join(dir, 'nested', 'folder');
    const paths = [];
    for (const b of ['one', 'two', 'three']) paths.push(await saveOutput(out, 'shot', 'png', Buffer.from(b)));
    expect(paths).toEqual([join(out, 'shot.png'), join(out, 'shot-2.png'), join(out, 'shot-3.png')]);
    expect(await readFile(paths[0]!, 'utf8')).toBe('one');
    expect(await readFile(paths[1]!, 'utf8')).toBe('two');
    expect(await readFile(paths[2]!, 'utf8')).toBe('three');
  });

  it('keeps a file someone else wrote and uses .jpg for jpeg', async () => {
    await writeFile(join(dir, 'photo.jpg'), 'theirs');
    const p = await saveOutput(dir, 'photo', 'jpeg', Buffer.from('ours'));
    expect(p).toBe(join(dir, 'photo-2.jpg'));
    expect(await readFile(join(dir, 'photo.jpg'), 'utf8')).toBe('theirs');
  });

  it('is safe under concurrency: parallel saves of one name all land', async () => {
    const paths = await Promise.all(Array.from({ length: 12 }, (_, i) => saveOutput(dir, 'batch', 'webp', Buffer.from(String(i)))));
    expect(new Set(paths).size).toBe(12);
    const contents = await Promise.all(paths.map((p) => readFile(p, 'utf8')));
    expect(contents.sort()).toEqual(Array.from({ length: 12 }, (_, i) => String(i)).sort());
  });

  it('refuses names that would leave the folder', async () => {
    for (const bad of ['../escape', '../../etc/passwd', 'sub/inner', '..', '/abs/path']) {
      const e = await rejection(saveOutput(join(dir, 'out'), bad, 'png', Buffer.from('x')));
      expect(e.code).toBe('INVALID_ARGUMENTS');
    }
    expect(await readdir(dir, { recursive: true })).toEqual(['out']);
    expect((await rejection(saveOutput(dir, '', 'png', Buffer.from('x')))).code).toBe('INVALID_ARGUMENTS');
    expect((await rejection(saveOutput(dir, 'x', 'exe' as 'png', Buffer.from('x')))).code).toBe('INVALID_ARGUMENTS');
  });

  it('maps a folder that cannot be created to STORAGE_ERROR', async () => {
    await writeFile(join(dir, 'blocker'), 'a file, not a folder');
    const e = await rejection(saveOutput(join(dir, 'blocker', 'out'), 'x', 'png', Buffer.from('x')));
    expect(e.code).toBe('STORAGE_ERROR');
    expect(e.detail?.path).toContain('blocker');
  });
});
