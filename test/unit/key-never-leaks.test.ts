/**
 * The API key never reaches the renderer. A realistic session runs through the web host's
 * bridge (the same invokeHandler results and the same job events Electron's IPC carries):
 * settings, the key, a connection test, a streamed generation, a masked edit, History,
 * export, the ledger, a backup, then the key revoked (401s on the test and on a job) and
 * cleared. Every answer and every pushed event is recorded and searched for the key, for
 * any 8-character piece of it, and for anything shaped like a key; so are the files the
 * session left (database, store, outputs, backup). Then the renderer and preload bundles,
 * built with a canary key in the environment, are searched the same way.
 */
import { execFile } from 'node:child_process';
import { request } from 'node:http';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobView, Result } from '../../electron/shared';
import { startWebHost, type WebHost } from '../../electron/web-host/server';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { ellipseMask, photoJpeg } from './edit-helpers';
import { generateParams } from './helpers/params';

const ROOT = resolve(import.meta.dirname, '../..');
// Searched for by every 8-character piece, not only by its shape.
const KEY = 'sk-az9Q7wLm2Xc4Vb8Nn1Rt6Yp3Ks5Df0Gh';
const KEY_SHAPE = /\b(sk|sess)-[A-Za-z0-9_-]{12,}/;

/** Every 8-character window of the key but the last four characters the design lets the renderer show. */
const fragments = (key: string): string[] => Array.from({ length: key.length - 7 }, (_, i) => key.slice(i, i + 8));

function leaks(text: string, key: string): string[] {
  const found = fragments(key).filter((f) => text.includes(f));
  const shaped = KEY_SHAPE.exec(text);
  return shaped ? [...found, shaped[0]] : found;
}

async function allFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => [])) if (e.isFile()) out.push(join(e.parentPath, e.name));
  return out;
}

describe('the key never reaches the renderer', () => {
  let fake: FakeOpenAI;
  let dir: string;
  let host: WebHost;
  const recorded: { what: string; text: string }[] = [];
  let sse: { close(): void };

  const call = async <T = unknown>(channel: string, args: unknown = {}): Promise<Result<T>> => {
    const body = JSON.stringify(args);
    const text = await new Promise<string>((done, fail) => {
      const req = request(
        { host: '127.0.0.1', port: host.port, method: 'POST', path: `/api/${channel}`, agent: false, headers: { host: `127.0.0.1:${host.port}`, authorization: `Bearer ${host.token}`, 'content-type': 'application/json' } },
        (res) => {
          let t = '';
          res.on('data', (c: Buffer) => (t += c.toString('utf8')));
          res.on('end', () => done(t));
        },
      );
      req.on('error', fail);
      req.end(body);
    });
    recorded.push({ what: `answer of ${channel}`, text });
    return JSON.parse(text) as Result<T>;
  };
  const ok = async <T = unknown>(channel: string, args: unknown = {}): Promise<T> => {
    const r = await call<T>(channel, args);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
  const settle = async (jobId: number): Promise<JobView> => {
    await host.core.whenIdle();
    return ok<JobView>('jobs:get', { jobId });
  };

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    dir = await mkdtemp(join(tmpdir(), 'loupe-key-'));
    host = await startWebHost({
      port: 0,
      dataDir: join(dir, 'data'),
      outputDir: join(dir, 'out'),
      rendererDir: join(dir, 'renderer'),
      env: { OPENAI_BASE_URL: fake.url },
      tuning: { retryBaseDelayMs: 10, maxAttempts: 2, streamIdleMs: 20_000, requestTimeoutMs: 30_000 },
    });
    // The event stream, exactly as the window receives it.
    const req = request({ host: '127.0.0.1', port: host.port, path: '/api/events', agent: false, headers: { host: `127.0.0.1:${host.port}`, authorization: `Bearer ${host.token}` } }, (res) => {
      res.on('data', (c: Buffer) => recorded.push({ what: 'event stream', text: c.toString('utf8') }));
      res.on('error', () => undefined);
    });
    req.on('error', () => undefined);
    req.end();
    sse = { close: () => req.destroy() };
  });

  afterAll(async () => {
    sse?.close();
    await host?.close();
    await fake?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('records a whole session, 401s included, and finds no key in any answer, event or file', async () => {
    await ok('app:info');
    await ok('settings:get');
    const set = await ok<{ key: { last4: string | null } }>('settings:set-key', { apiKey: KEY });
    expect(set.key.last4).toBe(KEY.slice(-4));
    await ok('connection:test');
    await ok('settings:update', { namingTemplate: '{prompt}-{job}-{index}', exportOptions: { sidecar: true } });

    const gen = await settle((await ok<{ jobId: number }>('jobs:generate', generateParams({ prompt: 'a harbour at dawn', stream: true, partialImages: 2 }))).jobId);
    expect(gen.status).toBe('succeeded');

    const photo = await ok<{ hash: string; name: string }>('assets:import', { name: 'photo.jpg', dataBase64: (await photoJpeg(640, 480)).toString('base64') });
    const mask = await ok<{ hash: string }>('masks:import', { name: 'mask.png', dataBase64: (await ellipseMask(640, 480)).toString('base64'), firstHash: photo.hash });
    const edit = await settle(
      (
        await ok<{ jobId: number }>('jobs:edit', {
          ...generateParams({ prompt: 'a red hat', size: '1536x1024' }),
          inputs: [{ hash: photo.hash, name: photo.name }],
          mask: mask.hash,
          pixelLock: { enabled: true, feather: 6, grow: 3, resolution: 'original' },
        })
      ).jobId,
    );
    expect(edit.status).toBe('succeeded');

    const found = await ok<{ ids: number[] }>('history:search', { filter: { query: 'harbour' } });
    await ok('history:get-many', { ids: found.ids });
    await ok('history:list', { limit: 50 });
    await ok('lineage:tree', { jobId: edit.id });
    await ok('outputs:export', { outputIds: [gen.outputs[0]!.id, edit.outputs[0]!.id], dir: join(dir, 'exported') });
    await ok('outputs:reveal', { outputId: gen.outputs[0]!.id });
    await ok('ledger:summary', { groupBy: 'model' });
    await ok('ledger:csv', {});
    const backup = await ok<{ path: string }>('library:backup');
    await ok('library:list-backups');

    // Errors: a server fault retried, then the key revoked: 401 on the test and on a job.
    const failed = await settle((await ok<{ jobId: number }>('jobs:generate', generateParams({ prompt: 'a storm [fake:500]' }))).jobId);
    expect(failed.status).toBe('failed');
    fake.setOptions({ revokedKeys: [KEY] });
    const refused = await call('connection:test');
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('AUTH_INVALID_KEY');
    const denied = await settle((await ok<{ jobId: number }>('jobs:generate', generateParams({ prompt: 'a gull' }))).jobId);
    expect(denied.error?.code).toBe('AUTH_INVALID_KEY');
    await call('jobs:retry', { jobId: denied.id });
    await host.core.whenIdle();
    // A base URL change without the key again is refused, naming nothing of it.
    const moved = await call('settings:update', { baseURL: 'https://gateway.example/v1' });
    expect(moved.ok).toBe(false);
    await ok('settings:clear-key');
    await ok('settings:get');

    // Give the event stream a moment to deliver the last events.
    await new Promise((r) => setTimeout(r, 300));
    expect(recorded.filter((r) => r.what === 'event stream').length).toBeGreaterThan(3);
    expect(recorded.some((r) => r.text.includes('"type":"partial"'))).toBe(true);
    for (const r of recorded) expect(leaks(r.text, KEY), r.what).toEqual([]);

    // The requests did carry it to the API (so the search above looked for the right thing).
    expect(fake.requests.some((q) => q.headers.authorization?.endsWith(KEY.slice(-4)))).toBe(true);

    // Nothing the session left on disk holds it either: the web host keeps the key in memory only.
    const files = [...(await allFiles(join(dir, 'data'))), ...(await allFiles(join(dir, 'out'))), ...(await allFiles(join(dir, 'exported'))), backup.path];
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const bytes = await readFile(f);
      expect(leaks(bytes.toString('latin1'), KEY), f).toEqual([]);
    }
  }, 180_000);
});

describe('the built renderer and preload carry no key', () => {
  const CANARY = 'sk-proj-buildCanary0123456789abcdefXYZ';
  let out: string;

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'loupe-bundle-'));
    // A key in the build's environment, as on a developer's machine: a define or an env
    // prefix that let it through would show up in the bundle.
    await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'warn', '--outDir', out], {
      cwd: ROOT,
      env: { ...process.env, OPENAI_API_KEY: CANARY, VITE_OPENAI_API_KEY: CANARY, LOUPE_API_KEY: CANARY },
    });
  }, 240_000);
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('finds neither the canary key nor anything key-shaped in out/renderer and out/preload', async () => {
    const files = [...(await allFiles(join(out, 'renderer'))), ...(await allFiles(join(out, 'preload')))];
    expect(files.some((f) => f.endsWith('.js'))).toBe(true);
    for (const f of files) {
      const text = (await readFile(f)).toString('latin1');
      expect(leaks(text, CANARY), f).toEqual([]);
    }
  });

  it('the search itself works: a bundle with the key in it is caught', async () => {
    const planted = join(out, 'renderer', 'planted.js');
    await writeFile(planted, `const k = "${CANARY.slice(3, 15)}";`);
    expect(leaks(await readFile(planted, 'utf8'), CANARY)).not.toEqual([]);
    await rm(planted);
  });
});
