/**
 * The web host's HTTP bridge under hostile requests (fast-check, seeded): odd methods,
 * malformed and encoded paths, traversal, wrong content types, bodies that are not JSON,
 * deeply nested, over the cap or full of hostile values. Every answer is a 2xx/3xx/4xx
 * with a body, never a 5xx and never a stack trace; nothing outside the renderer or the
 * store is served; the host keeps answering. Real server, real core, raw HTTP (fetch
 * would tidy the paths an attacker would not).
 */
import fc from 'fast-check';
import { request } from 'node:http';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES } from '../../electron/shared';
import { startWebHost, type WebHost } from '../../electron/web-host/server';
import { hostileArgs, hostilePaths } from './helpers/hostile';

const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
const RUNS = Number(process.env.FUZZ_RUNS ?? 1200);
const SECRET = 'outside-the-renderer-7f3a';

interface Reply {
  status: number;
  body: string;
}

function raw(port: number, method: string, path: string, headers: Record<string, string>, body?: string | Buffer): Promise<Reply> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent: false, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    // A refused oversized body closes the socket while we still write: the answer came first.
    const big = body !== undefined && body.length > 64 * 1024;
    req.on('error', (err: NodeJS.ErrnoException) => (big && (err.code === 'EPIPE' || err.code === 'ECONNRESET') ? done({ status: 413, body: 'reset' }) : fail(err)));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** JSON.stringify that carries what JSON cannot (bigint, undefined) as strings, like a hostile client would. */
const toJson = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)) ?? 'null';

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(p);
    }
  };
  await walk(dir);
  return out;
}

describe('web host bridge fuzzing', () => {
  let dir: string;
  let host: WebHost;
  let before: string[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'loupe-bridge-fuzz-'));
    const rendererDir = join(dir, 'renderer');
    await mkdir(rendererDir);
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Loupe</title>');
    await writeFile(join(dir, 'secret.txt'), SECRET);
    await mkdir(join(dir, 'canary'));
    await writeFile(join(dir, 'canary', 'victim.txt'), SECRET);
    host = await startWebHost({
      port: 0,
      dataDir: join(dir, 'data'),
      outputDir: join(dir, 'out'),
      rendererDir,
      env: { OPENAI_API_KEY: 'sk-test-bridge-fuzz-0000', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' },
      // Small caps so "over the cap" costs little on a loaded machine.
      maxCallBodyBytes: 64 * 1024,
      maxBodyBytes: 256 * 1024,
    });
    before = await files(dir);
  });

  afterAll(async () => {
    await host?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers every hostile request with a 4xx and a body, or a Result: never a 5xx or a stack', async () => {
    const paths = hostilePaths(join(dir, 'canary'), join(dir, 'data'));
    const channel = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...CHANNEL_NAMES) },
      { weight: 1, arbitrary: fc.constantFrom('%E0%A4%A', '%', '..%2f..%2fsecret.txt', 'app:info%00', '__proto__', 'constructor', 'toString', 'jobs%3Aget', '') },
    );
    const path = fc.oneof(
      { weight: 6, arbitrary: channel.map((c) => `/api/${c}`) },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          '/../secret.txt',
          '/%2e%2e/secret.txt',
          '/..%2fsecret.txt',
          '/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
          '/%E0%A4%A',
          '/index.html%00.js',
          '/store/' + 'a'.repeat(64),
          '/store/../../secret.txt',
          '/thumb/%2e%2e',
          '/preview/' + 'g'.repeat(64),
          '/kit-exports/abcdefgh/..%2f..%2fsecret.loupe-kit',
          '/kit-exports/abcdefgh/x.loupe-kit',
          '//secret.txt',
          '/\\..\\secret.txt',
          '/?token=x',
          '/' + 'a'.repeat(8000),
          '*',
        ),
      },
    );
    const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-16', 'text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', '');
    const body = fc.oneof(
      { weight: 5, arbitrary: fc.tuple(fc.constantFrom(...CHANNEL_NAMES), fc.constant(null)).chain(([c]) => hostileArgs(c, paths)).map(toJson) },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          '',
          '{',
          'null',
          '"a string"',
          '[[[[[[[[[[',
          '['.repeat(50_000) + ']'.repeat(50_000),
          '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000),
          '\u0000\u0001\u0002',
          '{"__proto__":{"polluted":true}}',
          '{"jobId": 1e999}',
          'x'.repeat(70 * 1024),
          '{"apiKey":"' + 'k'.repeat(300 * 1024) + '"}',
        ),
      },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')) },
    );
    const method = fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE', 'OPTIONS', 'PATCH');
    const auth = fc.constantFrom('good', 'good', 'good', 'none', 'wrong');

    await fc.assert(
      fc.asyncProperty(method, path, contentType, body, auth, async (m, p, ct, b, a) => {
        const headers: Record<string, string> = {};
        if (a === 'good') headers.authorization = `Bearer ${host.token}`;
        if (a === 'wrong') headers.authorization = 'Bearer nope';
        if (ct) headers['content-type'] = ct;
        const r = await raw(host.port, m, p, headers, m === 'GET' ? undefined : b);
        expect(r.status, `${m} ${p.slice(0, 80)} (${p.length} chars) → ${r.status} ${r.body.slice(0, 200)}`).toBeLessThan(500);
        expect(r.body).not.toMatch(/\n\s+at /);
        expect(r.body).not.toContain(SECRET);
        if (r.status >= 400) expect(r.body.length, `${m} ${p.slice(0, 80)} → ${r.status} with no body`).toBeGreaterThan(0);
        if (r.status === 200 && m === 'POST' && p.startsWith('/api/')) {
          const result = JSON.parse(r.body) as { ok: boolean; error?: { code: string; message: string } };
          expect(typeof result.ok).toBe('boolean');
          if (!result.ok) expect(result.error?.code, r.body.slice(0, 300)).not.toBe('INTERNAL');
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  }, 600_000);

  it('replays the over-long path that used to answer 500: now a 404 with a body', async () => {
    const r = await raw(host.port, 'GET', `/${'a'.repeat(8000)}`, { authorization: `Bearer ${host.token}` });
    expect(r.status).toBe(404);
    expect(r.body).toBe('Not found.');
  });

  it('replays the malformed escape that used to answer 500: now a 404 with a JSON body', async () => {
    const r = await raw(host.port, 'POST', '/api/%E0%A4%A', { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' }, '{}');
    expect(r.status).toBe(404);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
  });

  it('keeps answering, wrote nothing outside its data folder, polluted no prototype', async () => {
    const info = await raw(host.port, 'POST', '/api/app:info', { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' }, '{}');
    expect(info.status).toBe(200);
    expect(JSON.parse(info.body)).toMatchObject({ ok: true });
    // Folders a hostile call may name as the person's choice all lie in the canary; its own file stays as it was.
    const allowed = ['data', 'out', 'canary'].map((d) => join(dir, d));
    for (const f of (await files(dir)).filter((x) => !before.includes(x))) {
      expect(allowed.some((a) => !relative(a, f).startsWith('..')), f).toBe(true);
    }
    expect(await readFile(join(dir, 'canary', 'victim.txt'), 'utf8')).toBe(SECRET);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
