import { describe, expect, it } from 'vitest';
import { findBrowser } from '../support/find-browser';

describe('the browser the end-to-end tests drive', () => {
  const only = (...paths: string[]) => (p: string) => paths.includes(p);

  it('takes LOUPE_CHROMIUM first, and says so when it points nowhere', () => {
    expect(findBrowser({ LOUPE_CHROMIUM: '/opt/c/chrome' }, only('/opt/c/chrome', '/usr/bin/chromium'))).toEqual({ path: '/opt/c/chrome', how: 'LOUPE_CHROMIUM' });
    const missing = findBrowser({ LOUPE_CHROMIUM: '/nope/chrome' }, only('/usr/bin/chromium'));
    expect(missing.path).toBeNull();
    expect(missing.how).toMatch(/LOUPE_CHROMIUM points at \/nope\/chrome/);
  });

  it("then the system's Chromium or Chrome", () => {
    expect(findBrowser({}, only('/usr/bin/google-chrome')).path).toBe('/usr/bin/google-chrome');
  });

  it('stops with the command that fixes it when there is none', () => {
    const none = findBrowser({}, () => false);
    expect(none.path).toBeNull();
    expect(none.how).toMatch(/No Chromium or Chrome found/);
    expect(none.how).toMatch(/npx playwright install chromium/);
  });
});
