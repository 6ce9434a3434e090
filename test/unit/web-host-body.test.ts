/**
 * The web host's session cookie and request bodies: a cookie per port (cookies ignore
 * ports, so hosts on one machine would otherwise replace each other's), bodies capped per
 * call where they are read, and big uploads spooled to disk as they arrive.
 */
import { randomBytes } from 'node:crypto';
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWebHost, type WebHost, type WebHostOptions } from '../../electron/web-host/server';

let dir: string;
let rendererDir: string;
const hosts: WebHost[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loupe-body-'));
  rendererDir = join(dir, 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Loupe</title>');
});
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
  await rm(dir, { recursive: true, force: true });
});

async function start(name: string, over: Partial<WebHostOptions> = {}): Promise<WebHost> {
  const h = await startWebHost({ port: 0, dataDir: join(dir, name), outputDir: join(dir, `${name}-out`), rendererDir, ...over });
  hosts.push(h);
  return h;
}

interface Reply {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A request whose body the test writes itself, piece by piece. */
function open(h: WebHost, method: string, path: string, headers: Record<string, string | number> = {}): { req: ClientRequest; reply: Promise<Reply> } {
  const req = request({ host: '127.0.0.1', port: h.port, method, path, headers: { host: `127.0.0.1:${h.port}`, ...headers } });
  const reply = new Promise<Reply>((done, fail) => {
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    // The server may close while the client is still writing a refused body.
    req.on('error', (err) => (String(err).includes('EPIPE') || String(err).includes('ECONNRESET') ? undefined : fail(err)));
  });
  return { req, reply };
}

async function call(h: WebHost, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  const { req, reply } = open(h, method, path, headers);
  req.end(body);
  return reply;
}

const api = (h: WebHost) => ({ authorization: `Bearer ${h.token}`, 'content-type': 'application/json' });

describe('the session cookie', () => {
  it('is named for its port, so two hosts on one machine keep their own sessions', async () => {
    const a = await start('a');
    const b = await start('b');
    // A browser's jar: one value per cookie name, whatever the port.
    const jar = new Map<string, string>();
    for (const h of [a, b]) {
      const r = await call(h, 'GET', `/?token=${h.token}`);
      expect(r.status).toBe(303);
      const [pair] = String(r.headers['set-cookie']).split(';');
      const [name, value] = pair!.split('=') as [string, string];
      expect(name).toBe(`loupe_token_${h.port}`);
      jar.set(name, value);
    }
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    expect((await call(a, 'GET', '/', { cookie })).status).toBe(200);
    expect((await call(b, 'GET', '/', { cookie })).status).toBe(200);
    // Another port's cookie is not this host's.
    expect((await call(a, 'GET', '/', { cookie: `loupe_token_${b.port}=${a.token}` })).status).toBe(401);
  });
});

describe('request bodies', () => {
  it('refuses a declared length over the call’s cap before reading it, and stays up', async () => {
    const h = await start('d');
    const { req, reply } = open(h, 'POST', '/api/settings:get', { ...api(h), origin: `http://127.0.0.1:${h.port}`, 'content-length': 5 * 1024 * 1024 });
    req.write('{"a":');
    const r = await reply;
    req.destroy();
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS', message: expect.stringMatching(/larger than this call accepts/) } });
    expect((await call(h, 'POST', '/api/settings:get', api(h), '{}')).status).toBe(200);
  });

  it('counts a chunked body as it arrives: 1 MiB for ordinary calls', async () => {
    const h = await start('c');
    const { req, reply } = open(h, 'POST', '/api/history:search', { ...api(h), 'transfer-encoding': 'chunked' });
    req.write(`{"filter":{"query":"${'x'.repeat(600 * 1024)}`);
    req.write(`${'y'.repeat(600 * 1024)}"}}`);
    req.end();
    expect((await reply).status).toBe(413);
  });

  it('spools a large upload to a temp file while it arrives, then removes it', async () => {
    const h = await start('u', { maxBodyBytes: 16 * 1024 * 1024 });
    const png = await sharp(randomBytes(900 * 900 * 3), { raw: { width: 900, height: 900, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
    const body = JSON.stringify({ name: 'noise.png', dataBase64: png.toString('base64') });
    expect(body.length).toBeGreaterThan(2 * 1024 * 1024);
    const { req, reply } = open(h, 'POST', '/api/assets:import', { ...api(h), 'content-length': Buffer.byteLength(body) });
    const half = Math.floor(body.length / 2);
    req.write(body.slice(0, half));
    // Half the upload is on disk in the data folder, not in the host's memory.
    let spooled: string | undefined;
    for (let i = 0; i < 100 && !spooled; i++) {
      await new Promise((r) => setTimeout(r, 20));
      for (const n of (await readdir(join(dir, 'u'))).filter((n) => n.startsWith('.upload-'))) {
        if ((await stat(join(dir, 'u', n))).size >= 1024 * 1024) spooled = n;
      }
    }
    expect(spooled).toBeDefined();
    req.end(body.slice(half));
    const r = await reply;
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: { name: 'noise.png', width: 900, height: 900 } });
    expect((await readdir(join(dir, 'u'))).filter((n) => n.startsWith('.upload-'))).toEqual([]);
  });

  it('refuses an upload past its cap mid-stream and leaves no temp file', async () => {
    const h = await start('o', { maxBodyBytes: 2 * 1024 * 1024 });
    const { req, reply } = open(h, 'POST', '/api/assets:import', { ...api(h), 'transfer-encoding': 'chunked' });
    req.write(`{"name":"big.png","dataBase64":"`);
    for (let i = 0; i < 3; i++) req.write('A'.repeat(1024 * 1024));
    req.end('"}');
    expect((await reply).status).toBe(413);
    await new Promise((r) => setTimeout(r, 50));
    expect((await readdir(join(dir, 'o'))).filter((n) => n.startsWith('.upload-'))).toEqual([]);
    expect((await call(h, 'POST', '/api/settings:get', api(h), '{}')).status).toBe(200);
  });
});
