/**
 * End-to-end fixture: a real fake OpenAI server over HTTP, the real web host (the same
 * core as the desktop app) on fresh temporary folders, and Debian's Chromium driving the
 * real renderer. `restart()` stops the host and starts a new one on the same folders,
 * as a person quitting and reopening Loupe would.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { startWebHost, type WebHost } from '../../electron/web-host/server';

const ROOT = resolve(import.meta.dirname, '../..');
export const SCREENSHOTS = join(ROOT, 'test-results/screenshots');

export interface Loupe {
  fake: FakeOpenAI;
  host: WebHost;
  dataDir: string;
  outputDir: string;
  /**
   * Stop the host and start a fresh one on the same folders, then reload the page;
   * `whileStopped` runs in between (to seed the library as an older Loupe left it).
   */
  restart(whileStopped?: () => Promise<void>): Promise<void>;
  /** Save a screenshot a person can look at. */
  shot(name: string): Promise<void>;
}

type Tuning = NonNullable<Parameters<typeof startWebHost>[0]['tuning']>;
export const DEFAULT_TUNING: Tuning = { streamIdleMs: 5000, retryBaseDelayMs: 200, maxAttempts: 3, requestTimeoutMs: 20_000 };

interface Options {
  hostEnv: Record<string, string>;
  tuning: Tuning;
}

export async function startHost(dataDir: string, outputDir: string, fake: FakeOpenAI, extraEnv: Record<string, string>, tuning: Tuning = DEFAULT_TUNING): Promise<WebHost> {
  return startWebHost({
    port: 0,
    dataDir,
    outputDir,
    rendererDir: join(ROOT, 'out/renderer'),
    env: { OPENAI_BASE_URL: fake.url, ...extraEnv },
    version: 'e2e',
    tuning,
  });
}

export const test = base.extend<Options & { loupe: Loupe }>({
  hostEnv: [{}, { option: true }],
  tuning: [DEFAULT_TUNING, { option: true }],
  loupe: async ({ page, hostEnv, tuning }, use, testInfo) => {
    const dir = await mkdtemp(join(tmpdir(), 'loupe-e2e-'));
    const dataDir = join(dir, 'data');
    const outputDir = join(dir, 'out');
    const fake = await startFakeOpenAI({ port: 0 });
    let host = await startHost(dataDir, outputDir, fake, hostEnv, tuning);
    await page.goto(host.url);
    const loupe: Loupe = {
      fake,
      get host() {
        return host;
      },
      dataDir,
      outputDir,
      async restart(whileStopped) {
        await host.close();
        await whileStopped?.();
        host = await startHost(dataDir, outputDir, fake, hostEnv, tuning);
        await page.goto(host.url);
      },
      async shot(name: string) {
        // A screenshot is for a person to look at: let images finish loading first.
        await page
          .waitForFunction('Array.from(document.images).every((img) => img.complete)', null, { timeout: 5000 })
          .catch(() => undefined);
        await page.waitForTimeout(150);
        await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
      },
    };
    await use(loupe);
    if (testInfo.status !== testInfo.expectedStatus) {
      await page.screenshot({ path: join(SCREENSHOTS, `FAILED-${testInfo.title.replace(/\W+/g, '-')}.png`) }).catch(() => undefined);
    }
    await host.close();
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  },
});

/** First-run: enter a key in the onboarding form. */
export async function enterKey(page: Page, key = 'sk-test-e2e-1234'): Promise<void> {
  await page.getByLabel('OpenAI API key').fill(key);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByText(/…\s?1234|1234$/).first()).toBeVisible();
}

export { expect };
