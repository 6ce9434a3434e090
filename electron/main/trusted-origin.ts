/**
 * Which URLs count as "our app". Pure and free of `electron` so it can be tested with
 * hostile inputs. Origins are compared after parsing, never by prefix or substring:
 * `https://evil.example/?next=loupe-app://renderer` must not pass.
 */
import { APP_SCHEME } from '../shared/channels';

export const APP_HOST = 'renderer';

export function isTrustedAppUrl(raw: unknown, devServerUrl?: string | null): boolean {
  if (typeof raw !== 'string' || raw.length > 4096) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol === `${APP_SCHEME}:`) return url.hostname === APP_HOST && url.username === '' && url.password === '';
  if (devServerUrl) {
    try {
      const dev = new URL(devServerUrl);
      // Development only: electron-vite's dev server on loopback.
      return (
        (dev.hostname === 'localhost' || dev.hostname === '127.0.0.1') &&
        url.protocol === dev.protocol &&
        url.host === dev.host
      );
    } catch {
      return false;
    }
  }
  return false;
}

/** Only http(s) links may leave the app, and only to the system browser. */
export function isSafeExternalUrl(raw: unknown): raw is string {
  if (typeof raw !== 'string' || raw.length > 2048) return false;
  try {
    const url = new URL(raw);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}
