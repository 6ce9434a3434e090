/**
 * The desktop app itself, launched by Playwright's Electron driver against the fake API.
 * Electron's binary cannot be downloaded on every machine: where it is missing, this
 * test skips with the reason; the same core and renderer are covered through the web host.
 */
import { _electron as electron } from 'playwright-core';
import { test, expect } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startFakeOpenAI } from '../fake-openai/server';
import { SCREENSHOTS } from './fixtures';

const ROOT = resolve(import.meta.dirname, '../..');

function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

function nativeBinding(): string | null {
  const version = (JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
  const file = join(ROOT, 'build/native', `electron-${version}`, 'build/Release/better_sqlite3.node');
  return existsSync(file) ? file : null;
}

test('desktop app: generates against the fake API in a hardened window', async () => {
  const binary = electronBinary();
  const binding = binary ? nativeBinding() : null;
  const reason = !binary
    ? 'Electron binary not installed (its download needs internet); the same core and renderer are tested through the web host'
    : !binding
      ? 'SQLite driver for Electron not built yet; `npm start` builds it once'
      : null;
  if (reason) console.log(`electron e2e skipped: ${reason}.`);
  test.skip(reason !== null, reason ?? '');

  const fake = await startFakeOpenAI({ port: 0 });
  const dir = await mkdtemp(join(tmpdir(), 'loupe-electron-'));
  const app = await electron.launch({
    executablePath: binary!,
    args: [join(ROOT, 'out/main/index.js')],
    env: {
      ...process.env,
      LOUPE_DATA_DIR: join(dir, 'data'),
      LOUPE_OUTPUT_DIR: join(dir, 'out'),
      LOUPE_NATIVE_BINDING: binding!,
      OPENAI_BASE_URL: fake.url,
      OPENAI_API_KEY: 'sk-test-electron-9876',
    },
  });
  try {
    const page = await app.firstWindow();
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const w = BrowserWindow.getAllWindows()[0]!;
      return (w.webContents as unknown as { getLastWebPreferences(): Record<string, unknown> }).getLastWebPreferences();
    });
    expect(prefs['sandbox']).toBe(true);
    expect(prefs['contextIsolation']).toBe(true);
    expect(prefs['nodeIntegration']).toBe(false);
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');

    await page.getByRole('tab', { name: 'Generate' }).or(page.getByRole('link', { name: 'Generate' })).first().click();
    await page.getByRole('textbox', { name: 'Prompt' }).fill('a lighthouse at dusk');
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await expect(page.getByRole('img', { name: /^Output 1 of 1: a lighthouse at dusk/ })).toBeVisible();
    await page.screenshot({ path: join(SCREENSHOTS, 'electron-generate.png') });
  } finally {
    await app.close();
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  }
});
