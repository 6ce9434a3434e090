import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { saveOutput } from '../../electron/core/export/save-output';
import { rejection } from './helpers/rejection';
import { tempDirEachTest } from './helpers/temp-dir';

const tmp = tempDirEachTest('loupe-export-');

describe('saveOutput', () => {
  it('never overwrites: name, name-2, name-3', async () => {
    const out = join(tmp.path, 'nested', 'folder');
    const paths = [];
    for (const b of ['one', 'two', 'three']) paths.push(await saveOutput(out, 'shot', 'png', Buffer.from(b)));
    expect(paths).toEqual([join(out, 'shot.png'), join(out, 'shot-2.png'), join(out, 'shot-3.png')]);
    expect(await readFile(paths[0]!, 'utf8')).toBe('one');
    expect(await readFile(paths[1]!, 'utf8')).toBe('two');
    expect(await readFile(paths[2]!, 'utf8')).toBe('three');
  });

  it('keeps a file someone else wrote and uses .jpg for jpeg', async () => {
    await writeFile(join(tmp.path, 'photo.jpg'), 'theirs');
    const p = await saveOutput(tmp.path, 'photo', 'jpeg', Buffer.from('ours'));
    expect(p).toBe(join(tmp.path, 'photo-2.jpg'));
    expect(await readFile(join(tmp.path, 'photo.jpg'), 'utf8')).toBe('theirs');
  });

  it('is safe under concurrency: parallel saves of one name all land', async () => {
    const paths = await Promise.all(Array.from({ length: 12 }, (_, i) => saveOutput(tmp.path, 'batch', 'webp', Buffer.from(String(i)))));
    expect(new Set(paths).size).toBe(12);
    const contents = await Promise.all(paths.map((p) => readFile(p, 'utf8')));
    expect(contents.sort()).toEqual(Array.from({ length: 12 }, (_, i) => String(i)).sort());
  });

  it('refuses names that would leave the folder', async () => {
    for (const bad of ['../escape', '../../etc/passwd', 'sub/inner', '..', '/abs/path']) {
      const e = await rejection(saveOutput(join(tmp.path, 'out'), bad, 'png', Buffer.from('x')));
      expect(e.code).toBe('INVALID_ARGUMENTS');
    }
    expect(await readdir(tmp.path, { recursive: true })).toEqual(['out']);
    expect((await rejection(saveOutput(tmp.path, '', 'png', Buffer.from('x')))).code).toBe('INVALID_ARGUMENTS');
    expect((await rejection(saveOutput(tmp.path, 'x', 'exe' as 'png', Buffer.from('x')))).code).toBe('INVALID_ARGUMENTS');
  });

  it('maps a folder that cannot be created to STORAGE_ERROR', async () => {
    await writeFile(join(tmp.path, 'blocker'), 'a file, not a folder');
    const e = await rejection(saveOutput(join(tmp.path, 'blocker', 'out'), 'x', 'png', Buffer.from('x')));
    expect(e.code).toBe('STORAGE_ERROR');
    expect(e.detail?.path).toContain('blocker');
  });
});
