import { defineConfig } from '@playwright/test';
import { findBrowser } from './test/support/find-browser';

// LOUPE_CHROMIUM, the system's Chromium or Chrome, else Playwright's own (see
// find-browser.ts); the global setup stops the run with the fix when there is none. The
// flags keep a headless Chromium from probing the (closed) network at start-up.
export const CHROMIUM = findBrowser().path ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'test/e2e',
  globalSetup: './test/support/e2e-global-setup.ts',
  outputDir: 'test-results/e2e-artifacts',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: {
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
});
