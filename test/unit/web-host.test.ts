/**
 * The web host's doors: loopback only, a per-launch token, Host and Origin checks, the
 * contract's channels only, contained static and store paths, and a key that never
 * comes back out. Real server, real core, real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startWebHost, type WebHost } from '../../electron/web-host/server';

const ROOT = resolve(import.meta.dirname, '../..');

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', fail);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

describe('web host', () => {
  let dir: string;
  let host: WebHost;
  let auth: Record<string, string>;
  const KEY = 'sk-test-never-leaks-5678';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'loupe-webhost-'));
    const rendererDir = join(dir, 'renderer');
    await mkdir(rendererDir);
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Loupe</title>');
    await writeFile(join(dir, 'secret.txt'), 'outside the renderer');
    host = await startWebHost({ port: 0, dataDir: join(dir, 'data'), outputDir: join(dir, 'out'), rendererDir, env: { OPENAI_API_KEY: KEY } });
    auth = { authorization: `Bearer ${host.token}` };
  });
  afterAll(async () => {
    await host.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('listens on loopback only and prints a URL carrying its token', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[\\w-]{20,}$`));
  });

  it('refuses requests without the token', async () => {
    expect((await send(host.port, 'GET', '/')).status).toBe(401);
    expect((await send(host.port, 'POST', '/api/settings:get', { 'content-type': 'application/json', origin: `http://127.0.0.1:${host.port}` }, '{}')).status).toBe(401);
    expect((await send(host.port, 'GET', '/?token=wrong')).status).toBe(401);
  });

  it('trades the query token for an HttpOnly, SameSite=Strict cookie', async () => {
    const r = await send(host.port, 'GET', `/?token=${host.token}`);
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/');
    const cookie = String(r.headers['set-cookie']);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const page = await send(host.port, 'GET', '/', { cookie: cookie.split(';')[0]! });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin', async () => {
    expect((await send(host.port, 'GET', '/', { ...auth, host: `evil.example:${host.port}` })).status).toBe(421);
    const cross = await send(host.port, 'POST', '/api/settings:get', { ...auth, 'content-type': 'application/json', origin: 'http://evil.example' }, '{}');
    expect(cross.status).toBe(403);
  });

  it('refuses a cookie-only POST without an Origin (not a browser)', async () => {
    const r = await send(host.port, 'POST', '/api/settings:get', { cookie: `loupe_token_${host.port}=${host.token}`, 'content-type': 'application/json' }, '{}');
    expect(r.status).toBe(403);
  });

  it('answers the contract with data; the key never comes back, only its last four', async () => {
    const r = await send(host.port, 'POST', '/api/settings:get', { ...auth, 'content-type': 'application/json' }, '{}');
    expect(r.status).toBe(200);
    const result = JSON.parse(r.body) as { ok: boolean; value: { key: { set: boolean; last4: string; source: string } } };
    expect(result.ok).toBe(true);
    expect(result.value.key).toMatchObject({ set: true, last4: '5678', source: 'env' });
    expect(r.body).not.toContain(KEY);
  });

  it('validates arguments and refuses unknown channels', async () => {
    const bad = await send(host.port, 'POST', '/api/jobs:generate', { ...auth, 'content-type': 'application/json' }, JSON.stringify({ prompt: 'x', n: 99 }));
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
    const unknown = await send(host.port, 'POST', '/api/fs:read', { ...auth, 'content-type': 'application/json' }, '{}');
    expect(unknown.status).toBe(404);
    const notJson = await send(host.port, 'POST', '/api/settings:get', { ...auth, 'content-type': 'text/plain' }, '{}');
    expect(notJson.status).toBe(415);
    const garbage = await send(host.port, 'POST', '/api/settings:get', { ...auth, 'content-type': 'application/json' }, '{nope');
    expect(JSON.parse(garbage.body)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
  });

  it('keeps static and store paths inside their folders', async () => {
    for (const path of ['/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/store/../../secret.txt', '/store/abc', `/store/${'0'.repeat(64)}`]) {
      const r = await send(host.port, 'GET', path, auth);
      expect(r.status, path).toBe(404);
      expect(r.body).not.toContain('outside the renderer');
    }
  });
});

describe('npm run web', () => {
  it('prints exactly one line with its URL and token', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loupe-webcli-'));
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'electron/web-host/cli.ts'), '--port', '0', '--data-dir', join(dir, 'd'), '--output-dir', join(dir, 'o')], { cwd: ROOT });
    try {
      const line = await new Promise<string>((done, fail) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('\n')) done(out);
        });
        child.on('exit', (code) => fail(new Error(`exited ${code}`)));
        setTimeout(() => fail(new Error('no output')), 20_000);
      });
      expect(line.trim().split('\n')).toHaveLength(1);
      expect(line.trim()).toMatch(/^Loupe is running at http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await rm(dir, { recursive: true, force: true });
    }
  });
});
