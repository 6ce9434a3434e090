import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATE } from '../../electron/core/export/naming';
import { MemorySecretStore } from '../../electron/core';
import type { ConnectionResult, SettingsView } from '../../electron/shared';
import { baseParams, makeHarness, TEST_KEY, type Harness } from './core-harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

describe('settings', () => {
  it('shows a stored key only as set, source and last four characters', async () => {
    h = await makeHarness();
    const view = await h.ok<SettingsView>('settings:get');
    expect(view.key).toEqual({ set: true, last4: 'WXYZ', source: 'stored', storage: 'memory' });
    expect(JSON.stringify(view)).not.toContain(TEST_KEY);
    expect(view.namingTemplate).toBe(DEFAULT_TEMPLATE);
    expect(view.outputDir).toBe(h.outputDir);
    expect(view.availableModels).toBeNull();
    expect(view.lastCheckedAt).toBeNull();
  });

  it('falls back to the environment key, and back again after clearing a stored one', async () => {
    h = await makeHarness({ key: null, env: { OPENAI_API_KEY: 'sk-env-key-000000001234' } });
    expect((await h.ok<SettingsView>('settings:get')).key).toMatchObject({ set: true, source: 'env', last4: '1234' });
    expect((await h.ok<SettingsView>('settings:set-key', { apiKey: 'sk-typed-000000005678' })).key).toMatchObject({ source: 'stored', last4: '5678' });
    expect((await h.ok<SettingsView>('settings:clear-key')).key).toMatchObject({ source: 'env', last4: '1234' });
  });

  it('without any key: not set, and connection:test says NO_API_KEY', async () => {
    h = await makeHarness({ key: null });
    expect((await h.ok<SettingsView>('settings:get')).key).toEqual({ set: false, last4: null, source: null, storage: 'memory' });
    expect(await h.call('connection:test')).toMatchObject({ ok: false, error: { code: 'NO_API_KEY' } });
  });

  it('resolves base URL, organization and project from settings, then env, then defaults', async () => {
    h = await makeHarness({ env: { OPENAI_ORG_ID: 'org-env', OPENAI_PROJECT_ID: 'proj_env' } });
    let view = await h.ok<SettingsView>('settings:get');
    expect(view).toMatchObject({ baseURL: null, effectiveBaseURL: h.fake.url, organization: 'org-env', project: 'proj_env' });
    await h.ok('connection:test');
    expect(h.fake.requests.at(-1)!.headers).toMatchObject({ 'openai-organization': 'org-env', 'openai-project': 'proj_env' });

    view = await h.ok<SettingsView>('settings:update', { organization: 'org-mine', baseURL: 'https://gateway.example/v1/', apiKey: TEST_KEY });
    expect(view).toMatchObject({ organization: 'org-mine', project: 'proj_env', baseURL: 'https://gateway.example/v1', effectiveBaseURL: 'https://gateway.example/v1' });
    view = await h.ok<SettingsView>('settings:update', { baseURL: null, organization: null, apiKey: TEST_KEY });
    expect(view).toMatchObject({ baseURL: null, effectiveBaseURL: h.fake.url, organization: 'org-env' });
  });

  it('uses the public API when nothing says otherwise', async () => {
    const { SettingsService } = await import('../../electron/core/settings/settings-service');
    const repo = { get: () => null, set: () => undefined, all: () => ({}) };
    const s = new SettingsService(repo as never, new MemorySecretStore(), {}, { outputDir: '/tmp/x', backupsDir: '/tmp/x/backups' });
    expect(s.effectiveBaseURL()).toBe('https://api.openai.com/v1');
  });

  it('creates the output folder, and refuses relative or unwritable ones', async () => {
    h = await makeHarness();
    const target = join(h.root, 'new', 'deeper');
    expect((await h.ok<SettingsView>('settings:update', { outputDir: target })).outputDir).toBe(target);
    expect(existsSync(target)).toBe(true);

    expect(await h.call('settings:update', { outputDir: 'relative/out' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
    const file = join(h.root, 'a-file');
    await writeFile(file, 'x');
    const r = await h.call('settings:update', { outputDir: join(file, 'sub') });
    expect(r).toMatchObject({ ok: false, error: { code: 'STORAGE_ERROR', detail: { path: join(file, 'sub') } } });
    expect((await h.ok<SettingsView>('settings:get')).outputDir).toBe(target);
  });

  it('says choosing a folder is unsupported without a native dialog', async () => {
    h = await makeHarness();
    expect(await h.call('settings:choose-output-dir')).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
    expect((await h.ok<{ canChooseFolders: boolean }>('app:info')).canChooseFolders).toBe(false);
  });

  it('keeps the current folder when the dialog is dismissed', async () => {
    h = await makeHarness({ chooseFolder: async () => null });
    expect((await h.ok<SettingsView>('settings:choose-output-dir')).outputDir).toBe(h.outputDir);
  });
});

describe('connection:test', () => {
  it('lists the image models, marks unknown ones, stores them and picks the default', async () => {
    h = await makeHarness();
    h.fake.setOptions({ models: ['gpt-5', 'gpt-image-2', 'gpt-image-1.5', 'gpt-image-2.6-flare', 'gpt-image-3-preview', 'text-embedding-3-small'] });
    const r = await h.ok<ConnectionResult>('connection:test');
    expect(r.imageModels).toEqual([
      { id: 'gpt-image-2.6-flare', known: true, label: 'GPT Image 2.6 Flare' },
      { id: 'gpt-image-2', known: true, label: 'GPT Image 2' },
      { id: 'gpt-image-1.5', known: true, label: 'GPT Image 1.5' },
      { id: 'gpt-image-3-preview', known: false, label: 'gpt-image-3-preview' },
    ]);
    // The newest active model the key can use; a shut-down one is never the default.
    expect(r).toMatchObject({ otherModelCount: 2, defaultModel: 'gpt-image-2.6-flare', requestId: h.fake.requests.at(-1)!.id });
    const view = await h.ok<SettingsView>('settings:get');
    expect(view.availableModels).toEqual(['gpt-image-2.6-flare', 'gpt-image-2', 'gpt-image-1.5', 'gpt-image-3-preview']);
    expect(view.modelShutdowns).toMatchObject({ 'gpt-image-1.5': '2026-12-01', 'gpt-image-2': null, 'gpt-image-2.6-flare': null });
    expect(view.lastCheckedAt).toBeTypeOf('number');

    // A different key may see different models: the check is forgotten.
    expect((await h.ok<SettingsView>('settings:set-key', { apiKey: 'sk-another-000000000' })).availableModels).toBeNull();
  });

  it('merges a retirement the API announces: new work refuses it once the date has passed, and a re-run moves to the replacement', async () => {
    h = await makeHarness();
    const before = await h.settle(await h.generate({ model: 'gpt-image-2' }));
    expect(before.status).toBe('succeeded');
    // The next retirement, announced only through GET /v1/models: no release of Loupe needed.
    h.fake.setOptions({ shutdownDates: { 'gpt-image-2': '2026-12-02' }, today: '2026-12-03' });
    await h.ok<ConnectionResult>('connection:test');
    expect((await h.ok<SettingsView>('settings:get')).modelShutdowns['gpt-image-2']).toBe('2026-12-02');
    const refused = await h.call('jobs:generate', { ...baseParams, model: 'gpt-image-2' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
    expect(JSON.stringify(refused)).toContain('GPT Image 2 was shut down on 2026-12-02. Choose GPT Image 2.6 Sunburst instead.');
    const sent = h.fake.requests.filter((r) => r.path.endsWith('/images/generations')).length;
    const again = await h.ok<{ jobId: number; notice?: string }>('jobs:rerun', { jobId: before.id });
    expect(again.notice).toBe('GPT Image 2 was shut down on 2026-12-02: this uses GPT Image 2.6 Sunburst instead.');
    const rerun = await h.settle(again.jobId);
    expect(rerun).toMatchObject({ status: 'succeeded', model: 'gpt-image-2.6-sunburst' });
    const sentModels = h.fake.requests.filter((r) => r.path.endsWith('/images/generations')).slice(sent).map((r) => (r.json as { model: string }).model);
    expect(sentModels).toEqual(['gpt-image-2.6-sunburst']);
  });

  it('never sends a retried job whose model has been shut down since', async () => {
    h = await makeHarness();
    h.fake.queueFault({ kind: 'insufficient_quota', match: 'generations' });
    const failed = await h.settle(await h.generate({ model: 'gpt-image-2' }));
    expect(failed.status).toBe('failed');
    h.fake.setOptions({ shutdownDates: { 'gpt-image-2': '2026-12-02' } });
    await h.ok<ConnectionResult>('connection:test');
    const sent = h.fake.requests.length;
    await h.ok('jobs:retry', { jobId: failed.id });
    const after = await h.settle(failed.id);
    expect(after.status).toBe('failed');
    expect(after.error?.message).toBe('GPT Image 2 was shut down on 2026-12-02. Use Re-run to run it on GPT Image 2.6 Sunburst.');
    expect(h.fake.requests.filter((r) => r.path.includes('/images/')).length).toBe(h.fake.requests.slice(0, sent).filter((r) => r.path.includes('/images/')).length);
  });

  it('gives no default when the key can use no model Loupe knows', async () => {
    h = await makeHarness();
    h.fake.setOptions({ models: ['gpt-5'] });
    expect(await h.ok<ConnectionResult>('connection:test')).toMatchObject({ imageModels: [], otherModelCount: 1, defaultModel: null });
  });

  it('maps failures: bad key, unreachable host', async () => {
    h = await makeHarness({ key: 'sk-bad-0000000000000000' });
    expect(await h.call('connection:test')).toMatchObject({ ok: false, error: { code: 'AUTH_INVALID_KEY', detail: { status: 401 } } });
    await h.ok('settings:update', { baseURL: 'http://127.0.0.1:1/v1', apiKey: 'sk-bad-0000000000000000' });
    expect(await h.call('connection:test')).toMatchObject({ ok: false, error: { code: 'NETWORK_ERROR' } });
  });
});

describe('tuning from the environment', () => {
  it('LOUPE_MAX_ATTEMPTS and LOUPE_RETRY_BASE_MS apply when no explicit tuning is given', async () => {
    h = await makeHarness({ env: { LOUPE_MAX_ATTEMPTS: '1', LOUPE_RETRY_BASE_MS: '5' }, tuning: { maxAttempts: undefined, retryBaseDelayMs: undefined } });
    h.fake.queueFault({ kind: 'server_error', match: 'generations' });
    const job = await h.settle(await h.generate());
    expect(job).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'SERVER_ERROR' } });
  });
});
