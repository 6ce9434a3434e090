import { describe, expect, it } from 'vitest';
import { win32 } from 'node:path';
import { containedPath } from '../../electron/core/host';
import { isSafeExternalUrl, isTrustedAppUrl } from '../../electron/main/trusted-origin';

describe('isTrustedAppUrl', () => {
  it('accepts the app scheme on its host only', () => {
    expect(isTrustedAppUrl('loupe-app://renderer/index.html')).toBe(true);
    expect(isTrustedAppUrl('loupe-app://renderer/')).toBe(true);
  });
  it.each([
    'https://evil.example/?next=loupe-app://renderer',
    'https://evil.example/loupe-app://renderer',
    'loupe-app://evil/index.html',
    'loupe-app://user:pass@renderer/index.html',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'http://localhost:5173/',
    '',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isTrustedAppUrl(url)).toBe(false);
  });
  it('refuses non-strings', () => {
    expect(isTrustedAppUrl(undefined)).toBe(false);
    expect(isTrustedAppUrl({ toString: () => 'loupe-app://renderer/' })).toBe(false);
  });
  it('accepts the dev server only on loopback and only its exact origin', () => {
    expect(isTrustedAppUrl('http://localhost:5173/index.html', 'http://localhost:5173')).toBe(true);
    expect(isTrustedAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isTrustedAppUrl('http://evil.example:5173/', 'http://evil.example:5173')).toBe(false);
  });
});

describe('isSafeExternalUrl', () => {
  it('allows http(s) without credentials only', () => {
    expect(isSafeExternalUrl('https://platform.openai.com/settings')).toBe(true);
    expect(isSafeExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isSafeExternalUrl('smb://share/x')).toBe(false);
    expect(isSafeExternalUrl('https://user:pw@example.com')).toBe(false);
    expect(isSafeExternalUrl(42)).toBe(false);
  });
});

describe('containedPath', () => {
  const root = '/srv/renderer';
  const contain = (p: string) => containedPath(root, p);
  it('resolves inside the root', () => {
    expect(contain('/index.html')).toBe('/srv/renderer/index.html');
    expect(contain('/assets/a.js')).toBe('/srv/renderer/assets/a.js');
  });
  it.each(['/../etc/passwd', '/..%2f..%2fetc/passwd', '/assets/../../x', '/%00', '/%E0%A4%A', '/'])('refuses %s', (p) => {
    expect(contain(p)).toBeNull();
  });
});

describe('containedPath with Windows paths', () => {
  const contain = (p: string) => containedPath('C:\\loupe\\renderer', p, win32);
  it('resolves inside the root', () => expect(contain('/index.html')).toBe('C:\\loupe\\renderer\\index.html'));
  it.each(['/..\\..\\Windows\\win.ini', '/..%5C..%5Cx', '/C:%5CWindows', '/'])('refuses %s', (p) => expect(contain(p)).toBeNull());
});
