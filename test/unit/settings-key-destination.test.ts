/**
 * Where the API key goes is a trust decision. Replays the attack: a renderer (or a page
 * talking to the web bridge) that does not know the key tries to point it at another
 * host. Two real fake servers: the one the user chose and the attacker's.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionResult, SettingsView } from '../../electron/shared';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { makeHarness, TEST_KEY, type Harness } from './core-harness';

let h: Harness;
let other: FakeOpenAI;
beforeEach(async () => {
  h = await makeHarness();
  other = await startFakeOpenAI();
});
afterEach(async () => {
  await h.dispose();
  await other.close();
});

const NEW_KEY = 'sk-gateway-000000000000NEWK';

describe('changing where the key goes', () => {
  it('refuses a new base URL, organization or project without the key, and the key never reaches the new host', async () => {
    for (const patch of [{ baseURL: `${other.url}` }, { organization: 'org-attacker' }, { project: 'proj_attacker' }, { baseURL: null, organization: 'org-x' }]) {
      const r = await h.call('settings:update', patch);
      expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS', detail: { param: 'apiKey' } } });
      expect(!r.ok && r.error.message).toMatch(/enter the API key again/);
    }
    expect(await h.ok<SettingsView>('settings:get')).toMatchObject({ baseURL: null, effectiveBaseURL: h.fake.url, organization: null, project: null });

    await h.ok<ConnectionResult>('connection:test');
    expect(h.fake.requests.at(-1)!.headers.authorization).toBe(`Bearer ****${TEST_KEY.slice(-4)}`);
    expect(h.fake.requests.at(-1)!.headers['openai-organization']).toBeUndefined();
    expect(other.requests).toHaveLength(0);
  });

  it('moves the connection when the key is entered again in the same call', async () => {
    const view = await h.ok<SettingsView>('settings:update', { baseURL: `${other.url}/`, organization: 'org-mine', apiKey: NEW_KEY });
    expect(view).toMatchObject({ baseURL: other.url, effectiveBaseURL: other.url, organization: 'org-mine', key: { set: true, last4: 'NEWK' } });
    const before = h.fake.requests.length;
    await h.ok<ConnectionResult>('connection:test');
    expect(other.requests.at(-1)!.headers).toMatchObject({ authorization: 'Bearer ****NEWK', 'openai-organization': 'org-mine' });
    expect(h.fake.requests).toHaveLength(before);

    // https to any host is fine with the key; saving a value that did not change needs none.
    expect(await h.ok<SettingsView>('settings:update', { baseURL: 'https://gateway.example/v1', apiKey: NEW_KEY })).toMatchObject({
      effectiveBaseURL: 'https://gateway.example/v1',
    });
    expect(await h.ok<SettingsView>('settings:update', { baseURL: 'https://gateway.example/v1', organization: 'org-mine' })).toMatchObject({
      organization: 'org-mine',
    });
  });

  it('refuses plain http beyond this computer, even with the key', async () => {
    for (const url of ['http://gateway.example/v1', 'http://10.0.0.8/v1', 'http://127.0.0.1.nip.io/v1', 'http://[::2]/v1', 'http://localhost.evil.example/v1']) {
      const r = await h.call('settings:update', { baseURL: url, apiKey: NEW_KEY });
      expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
      expect(!r.ok && r.error.message).toMatch(/Plain http is only allowed to this computer/);
    }
    expect((await h.ok<SettingsView>('settings:get')).key.last4).toBe('WXYZ');
    for (const url of ['http://localhost:9/v1', 'http://127.8.9.10:9/v1', 'http://[::1]:9/v1', 'http://0x7f000001:9/v1']) {
      expect((await h.call('settings:update', { baseURL: url, apiKey: NEW_KEY })).ok).toBe(true);
    }
  });

  it('never sends the key in clear text to a base URL from the database or the environment', async () => {
    await h.core.close();
    const db = new Database(join(h.dataDir, 'loupe.sqlite'));
    db.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('baseURL', 'http://gateway.example/v1')").run();
    db.close();
    await h.reopen();
    const r = await h.call('connection:test');
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS', detail: { param: 'baseURL' } } });
    expect(!r.ok && r.error.message).toMatch(/will not send your key/);

    const envHarness = await makeHarness({ env: { OPENAI_BASE_URL: 'http://192.168.1.20/v1' } });
    try {
      expect(await envHarness.call('connection:test')).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
      expect(envHarness.fake.requests).toHaveLength(0);
    } finally {
      await envHarness.dispose();
    }
  });
});
