/**
 * A small real library (database, store files with thumbnails, an API key file, stray
 * temp files) for the backup tests, and raw tar building for hostile archives: node-tar's
 * Header encodes entries exactly as given, without the sanitising its Pack would apply.
 */
import { createHash } from 'node:crypto';
import { copyFile, lstat, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type Database from 'better-sqlite3';
import sharp from 'sharp';
import { Header } from 'tar';
import { openDatabase } from '../../electron/core/db/connection';
import { JobsRepo } from '../../electron/core/db/jobs-repo';
import { ContentStore } from '../../electron/core/store/content-store';
import type { GenerateParams } from '../../electron/shared';
import { generateParams } from './helpers/params';

export const API_KEY = 'sk-test-NEVER-IN-A-BACKUP-0123456789';

export const params: GenerateParams = generateParams({ quality: 'high' });

export const PROMPTS = ['a lighthouse at dusk', 'café terrace at night', 'a red fox in fresh snow', 'brass compass on a map'];

export interface Library {
  dataDir: string;
  db: Database.Database;
  jobs: JobsRepo;
  store: ContentStore;
}

/** Opens (creating) a library and fills it with jobs whose outputs are real stored images. */
export async function makeLibrary(dataDir: string, jobCount = PROMPTS.length): Promise<Library> {
  const db = openDatabase(join(dataDir, 'loupe.sqlite'));
  const jobs = new JobsRepo(db, { now: () => 1_700_000_000_000 });
  const store = new ContentStore(join(dataDir, 'store'));
  for (let i = 0; i < jobCount; i++) {
    const prompt = PROMPTS[i % PROMPTS.length]!;
    const id = jobs.create({ kind: 'generate', model: params.model, prompt, params: { ...params, prompt }, estimate: null, createdAt: 1000 + i });
    for (let k = 0; k < 2; k++) {
      const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: i * 40, g: k * 90, b: 7 } } }).png().toBuffer();
      const a = await store.put(png);
      if (k === 0) await store.ensureThumb(a.hash);
      // A second derived rendering, as the store's larger previews are named.
      if (i === 0 && k === 0) await copyFile(await store.ensureThumb(a.hash), store.pathOf(a.hash)!.replace(/\.png$/, '.preview.webp'));
      jobs.addOutput(id, { index: k, assetHash: a.hash, width: a.width, height: a.height, mime: a.mime, bytes: a.bytes });
    }
    jobs.finish(id, { status: 'succeeded', usage: null, costUsd: 0.04, error: null, finishedAt: 2000 + i });
  }
  // Things that are in a data folder but are not the library.
  await writeFile(join(dataDir, 'api-key.bin'), API_KEY);
  await writeFile(join(dataDir, 'window-state.json'), '{}');
  const someDir = (await readdir(join(dataDir, 'store'))).find((d) => /^[0-9a-f]{2}$/.test(d))!;
  await writeFile(join(dataDir, 'store', someDir, '.half-written.0123.tmp'), 'partial');
  await writeFile(join(dataDir, 'store', 'README.txt'), 'not a store file');
  return { dataDir, db, jobs, store };
}

/** Every file under dir (relative path → SHA-256): "unchanged" means this map is equal. */
export async function treeHashes(dir: string, rel = '', out = new Map<string, string>()): Promise<Map<string, string>> {
  let names: string[];
  try {
    names = await readdir(join(dir, rel));
  } catch {
    return out;
  }
  for (const name of names.sort()) {
    const r = rel ? `${rel}/${name}` : name;
    const s = await lstat(join(dir, r));
    if (s.isDirectory()) await treeHashes(dir, r, out);
    else out.set(r, s.isFile() ? createHash('sha256').update(await readFile(join(dir, r))).digest('hex') : `<${s.isSymbolicLink() ? 'link' : 'other'}>`);
  }
  return out;
}

export interface RawEntry {
  path: string;
  type?: 'File' | 'SymbolicLink' | 'Link' | 'Directory';
  data?: Buffer;
  linkpath?: string;
}

/** A gzip tar with exactly these headers and bodies. */
export function rawTarGz(entries: RawEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const data = e.data ?? Buffer.alloc(0);
    const h = new Header({
      path: e.path,
      type: e.type ?? 'File',
      size: e.type === undefined || e.type === 'File' ? data.length : 0,
      mode: e.type === 'Directory' ? 0o755 : 0o644,
      mtime: new Date(0),
      linkpath: e.linkpath,
    });
    h.encode();
    blocks.push(h.block!);
    if (h.size) {
      blocks.push(data, Buffer.alloc((512 - (data.length % 512)) % 512));
    }
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

export async function writeRaw(dir: string, name: string, entries: RawEntry[]): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, name);
  await writeFile(file, rawTarGz(entries));
  return file;
}
