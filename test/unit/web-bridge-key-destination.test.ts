/**
 * The same attack through the web host's loopback bridge: a page holding the bridge's
 * token but not the key cannot redirect the key to another host.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Result, SettingsView } from '../../electron/shared';
import { startWebHost, type WebHost } from '../../electron/web-host/server';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';

let dir: string;
let host: WebHost;
let chosen: FakeOpenAI;
let attacker: FakeOpenAI;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loupe-bridge-key-'));
  await mkdir(join(dir, 'renderer'));
  await writeFile(join(dir, 'renderer', 'index.html'), '<!doctype html><title>Loupe</title>');
  chosen = await startFakeOpenAI();
  attacker = await startFakeOpenAI();
  host = await startWebHost({
    port: 0,
    dataDir: join(dir, 'data'),
    outputDir: join(dir, 'out'),
    rendererDir: join(dir, 'renderer'),
    env: { OPENAI_API_KEY: 'sk-test-bridge-0000001234', OPENAI_BASE_URL: chosen.url },
  });
});
afterAll(async () => {
  await host.close();
  await chosen.close();
  await attacker.close();
  await rm(dir, { recursive: true, force: true });
});

async function bridge<T>(channel: string, args: unknown): Promise<Result<T>> {
  const res = await fetch(`http://127.0.0.1:${host.port}/api/${channel}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json', origin: `http://127.0.0.1:${host.port}` },
    body: JSON.stringify(args),
  });
  return (await res.json()) as Result<T>;
}

it('refuses to move the key over the bridge without it, and nothing reaches the other host', async () => {
  const r = await bridge('settings:update', { baseURL: attacker.url });
  expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS', detail: { param: 'apiKey' } } });
  expect(await bridge('settings:update', { baseURL: 'http://attacker.example/v1', apiKey: 'sk-guess-00000000' })).toMatchObject({
    ok: false,
    error: { code: 'INVALID_ARGUMENTS' },
  });
  expect(await bridge<SettingsView>('settings:get', {})).toMatchObject({ ok: true, value: { effectiveBaseURL: chosen.url, key: { last4: '1234' } } });
  expect((await bridge('connection:test', {})).ok).toBe(true);
  expect(chosen.requests.length).toBeGreaterThan(0);
  expect(attacker.requests).toHaveLength(0);
});
