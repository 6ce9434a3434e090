/**
 * Files the web host streams can disappear or change under it (a preview rebuilt, a store
 * swapped by a restore, a folder deleted). Every such failure must be an HTTP answer, and
 * the host must go on answering. Real server, real files.
 */
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWebHost, type WebHost } from '../../electron/web-host/server';

let dir: string;
let host: WebHost;
let rendererDir: string;
const BYTES = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n'), Buffer.alloc(256 * 1024, 3)]);
const HASH = createHash('sha256').update(BYTES).digest('hex');
let storeFile: string;

function get(path: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, headers: { host: `127.0.0.1:${host.port}`, authorization: `Bearer ${host.token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end();
  });
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loupe-files-'));
  rendererDir = join(dir, 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Loupe</title>');
  const dataDir = join(dir, 'data');
  storeFile = join(dataDir, 'store', HASH.slice(0, 2), `${HASH}.png`);
  await mkdir(join(dataDir, 'store', HASH.slice(0, 2)), { recursive: true });
  await writeFile(storeFile, BYTES);
  host = await startWebHost({ port: 0, dataDir, outputDir: join(dir, 'out'), rendererDir });
});
afterEach(async () => {
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

const stillUp = async () => expect((await get('/')).status).toBe(200);

describe('web host file answers', () => {
  it('serves a store file whole', async () => {
    const r = await get(`/store/${HASH}`);
    expect(r.status).toBe(200);
    expect(r.body.equals(BYTES)).toBe(true);
  });

  it('answers 404 when the store file became something unreadable (a folder), and stays up', async () => {
    await rm(storeFile);
    await mkdir(storeFile);
    expect((await get(`/store/${HASH}`)).status).toBe(404);
    await stillUp();
  });

  it('survives files deleted and rewritten while they are being requested', async () => {
    let churning = true;
    const churn = (async () => {
      while (churning) {
        await rm(storeFile, { force: true });
        await new Promise((r) => setImmediate(r));
        // As the store writes: aside, then renamed into place.
        await writeFile(`${storeFile}.tmp`, BYTES);
        await rename(`${storeFile}.tmp`, storeFile);
        await new Promise((r) => setImmediate(r));
      }
    })();
    const statuses = new Set<number>();
    try {
      for (let round = 0; round < 40; round++) {
        const replies = await Promise.all(Array.from({ length: 8 }, () => get(`/store/${HASH}`)));
        for (const r of replies) {
          statuses.add(r.status);
          // A file answered is the whole file: it is read through the handle opened first.
          if (r.status === 200) expect(r.body.length).toBe(BYTES.length);
        }
      }
    } finally {
      churning = false;
      await churn;
    }
    expect([...statuses].every((s) => s === 200 || s === 404)).toBe(true);
    await stillUp();
  });

  it('answers 404 for a renderer file deleted or replaced by a folder', async () => {
    await rm(join(rendererDir, 'index.html'));
    expect((await get('/')).status).toBe(404);
    await mkdir(join(rendererDir, 'index.html'));
    expect((await get('/')).status).toBe(404);
    await rm(join(rendererDir, 'index.html'), { recursive: true });
    await writeFile(join(rendererDir, 'index.html'), 'back');
    await stillUp();
  });
});
