/**
 * Which Chromium the end-to-end tests and the memory bench drive: `LOUPE_CHROMIUM`, then
 * the system's Chromium or Chrome, then Playwright's own build (where
 * `npx playwright install chromium` could download it). Where none is there, the run
 * stops at once with the one command that fixes it, instead of failing test by test.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

const SYSTEM = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
];

export interface BrowserChoice {
  path: string | null;
  /** Where it came from, or what to run when there is none. */
  how: string;
}

export function findBrowser(env: Record<string, string | undefined> = process.env, exists: (p: string) => boolean = existsSync): BrowserChoice {
  const asked = env['LOUPE_CHROMIUM']?.trim();
  if (asked) return exists(asked) ? { path: asked, how: 'LOUPE_CHROMIUM' } : { path: null, how: `LOUPE_CHROMIUM points at ${asked}, which does not exist.` };
  const system = SYSTEM.find((p) => exists(p));
  if (system) return { path: system, how: 'system' };
  let bundled: string | null = null;
  try {
    bundled = chromium.executablePath();
  } catch {
    bundled = null;
  }
  if (bundled && exists(bundled)) return { path: bundled, how: 'playwright' };
  const fix = process.platform === 'linux' ? 'sudo apt-get install -y chromium   (or: npx playwright install chromium)' : 'npx playwright install chromium';
  return { path: null, how: `No Chromium or Chrome found. Install one with:\n  ${fix}\nor point LOUPE_CHROMIUM at a Chromium executable.` };
}
