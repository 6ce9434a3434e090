import { createHash } from 'node:crypto';
import { chmod, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ContentStore, sniffImage } from '../../electron/core/store/content-store';
import { storageError } from '../../electron/core/store/storage-error';
import { LoupeError } from '../../electron/shared';
import { rejection } from './helpers/rejection';
import { ignoresPermissions, tempDirEachTest } from './helpers/temp-dir';

const tmp = tempDirEachTest('loupe-store-');

const image = (width: number, height: number, format: 'png' | 'jpeg' | 'webp' = 'png', rgb = { r: 200, g: 40, b: 90 }) =>
  sharp({ create: { width, height, channels: 3, background: rgb } })[format]().toBuffer();

async function allFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => e.name).sort();
}

describe('ContentStore', () => {
  it('stores content-addressed, once, at the hash path', async () => {
    const store = new ContentStore(join(tmp.path, 'store'));
    const png = await image(640, 480);
    const hash = createHash('sha256').update(png).digest('hex');

    const a = await store.put(png, 'image/png');
    expect(a).toMatchObject({ hash, bytes: png.length, mime: 'image/png', width: 640, height: 480, existed: false });
    expect(a.path).toBe(join(tmp.path, 'store', hash.slice(0, 2), `${hash}.png`));
    expect(await readFile(a.path)).toEqual(png);

    const b = await store.put(Buffer.from(png));
    expect(b).toEqual({ ...a, existed: true });
    // Concurrent puts of the same bytes all succeed and leave one file.
    const jpeg = await image(100, 50, 'jpeg');
    const results = await Promise.all([1, 2, 3].map(() => store.put(jpeg)));
    expect(new Set(results.map((r) => r.path)).size).toBe(1);
    expect(results[0]!.path.endsWith('.jpg')).toBe(true);

    // No temp files anywhere.
    const files = await allFiles(store.root);
    expect(files.filter((f) => f.endsWith('.tmp') || f.startsWith('.'))).toEqual([]);
    expect(files).toHaveLength(2);
    expect(store.pathOf(hash)).toBe(a.path);
    // A fresh instance finds files by probing, not only from its cache.
    expect(new ContentStore(join(tmp.path, 'store')).pathOf(hash)).toBe(a.path);
  });

  it('trusts the bytes over the caller-supplied mime', async () => {
    const store = new ContentStore(tmp.path);
    const webp = await image(20, 30, 'webp');
    const s = await store.put(webp, 'image/png');
    expect(s.mime).toBe('image/webp');
    expect(s.path.endsWith('.webp')).toBe(true);
    expect(await store.resolve(s.hash, 'full')).toEqual({ path: s.path, mime: 'image/webp' });
  });

  it('refuses non-images and documents', async () => {
    const store = new ContentStore(tmp.path);
    const e = await rejection(store.put(Buffer.from('hello, not an image'), 'image/png'));
    expect(e.code).toBe('INVALID_IMAGE');
    expect((await rejection(store.put(Buffer.alloc(0)))).code).toBe('INVALID_IMAGE');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');
    expect((await rejection(store.put(svg, 'image/svg+xml'))).code).toBe('INVALID_IMAGE');
    expect(await allFiles(tmp.path)).toEqual([]);
  });

  it('validates hashes before building any path', async () => {
    const store = new ContentStore(tmp.path);
    for (const bad of ['../x', '../../etc/passwd', 'zz'.repeat(32), 'A'.repeat(64), 'a'.repeat(63), `${'a'.repeat(64)}/..`, '']) {
      expect(store.pathOf(bad)).toBeNull();
      expect(await store.resolve(bad, 'full')).toBeNull();
      expect(await store.resolve(bad, 'thumb')).toBeNull();
      expect((await rejection(store.ensureThumb(bad))).code).toBe('NOT_FOUND');
    }
    expect(store.pathOf('0'.repeat(64))).toBeNull();
  });

  it('makes a WebP thumbnail once, at most 384px, oriented', async () => {
    const store = new ContentStore(tmp.path);
    const big = await image(1536, 1024);
    const s = await store.put(big);
    const [t1, t2] = await Promise.all([store.ensureThumb(s.hash), store.ensureThumb(s.hash)]);
    expect(t1).toBe(join(tmp.path, s.hash.slice(0, 2), `${s.hash}.thumb.webp`));
    expect(t2).toBe(t1);
    const meta = await sharp(t1).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 384, height: 256 });
    expect(await store.resolve(s.hash, 'thumb')).toEqual({ path: t1, mime: 'image/webp' });
    expect(await store.ensureThumb(s.hash)).toBe(t1);

    // Small images are not enlarged; EXIF orientation 6 (rotate 90°) is applied.
    const rotated = await sharp({ create: { width: 200, height: 100, channels: 3, background: '#123456' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const r = await store.put(rotated);
    expect(await sharp(await store.ensureThumb(r.hash)).metadata()).toMatchObject({ width: 100, height: 200 });
    expect((await allFiles(tmp.path)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('maps a blocked shard folder to STORAGE_ERROR (works even as root)', async () => {
    const store = new ContentStore(tmp.path);
    const png = await image(9, 9);
    const hash = createHash('sha256').update(png).digest('hex');
    await writeFile(join(tmp.path, hash.slice(0, 2)), 'a file where the shard folder belongs');
    const e = await rejection(store.put(png));
    expect(e.code).toBe('STORAGE_ERROR');
    expect(e.detail?.path).toContain(hash);
    expect(store.pathOf(hash)).toBeNull();
  });

  it('maps an unwritable library to STORAGE_ERROR and leaves no temp file', async (ctx) => {
    const root = join(tmp.path, 'ro');
    const store = new ContentStore(root);
    await chmod(root, 0o500);
    if (await ignoresPermissions(root)) ctx.skip('running with privileges that ignore file permissions');
    const e = await rejection(store.put(await image(8, 8)));
    expect(e.code).toBe('STORAGE_ERROR');
    expect(e.detail?.path).toContain(root);
    await chmod(root, 0o700);
    expect(await allFiles(root)).toEqual([]);
  });
});

describe('storageError', () => {
  it('tells a full disk from other failures', () => {
    const errno = (code: string) => Object.assign(new Error(`${code}: failed`), { code });
    for (const code of ['ENOSPC', 'EDQUOT']) {
      const e = storageError(errno(code), '/lib/x.png');
      expect(e).toMatchObject({ code: 'STORAGE_FULL', detail: { path: '/lib/x.png' } });
      expect(e.message).toContain('nothing was lost');
    }
    for (const code of ['EACCES', 'EROFS', 'EIO']) expect(storageError(errno(code), '/lib/x.png').code).toBe('STORAGE_ERROR');
    expect(storageError(errno('ENOSPC'), '/out/x.png', 'export').message).toContain('still in Loupe');
    const already = new LoupeError('INVALID_IMAGE', 'x');
    expect(storageError(already, '/p')).toBe(already);
  });
});

describe('sniffImage', () => {
  it('reads format and size, or returns null', async () => {
    expect(await sniffImage(await image(33, 44, 'jpeg'))).toEqual({ mime: 'image/jpeg', width: 33, height: 44 });
    expect(await sniffImage(Buffer.from('GIF89a nonsense'))).toBeNull();
    expect(await sniffImage(Buffer.alloc(0))).toBeNull();
  });
});

describe('temporary files a kill left behind', () => {
  it('are swept at start; stored files and look-alikes stay', async () => {
    const store = new ContentStore(join(tmp.path, 'store'));
    const put = await store.put(await image(20, 20));
    const dir = join(tmp.path, 'store', put.hash.slice(0, 2));
    await writeFile(join(dir, `.${put.hash}.png.0123456789ab.tmp`), 'half a file');
    await writeFile(join(tmp.path, 'store', '.stray.png.a1b2c3d4e5f6.tmp'), 'x');
    await writeFile(join(dir, 'notes.tmp'), 'not ours');
    expect(await store.sweepTemporaryFiles()).toBe(2);
    expect(await allFiles(join(tmp.path, 'store'))).toEqual([`${put.hash}.png`, 'notes.tmp'].sort());
    expect(store.pathOf(put.hash)).toBe(join(dir, `${put.hash}.png`));
  });
});
