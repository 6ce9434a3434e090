/**
 * Where the API key may be sent. The key rides in every request's Authorization header,
 * so the base URL decides who reads it: plain http is readable by anyone on the path and
 * is only allowed to this computer (a local gateway or the fake API). Shared so the
 * renderer can say so beside the field and the core can refuse it whatever the caller.
 */

/** 127.0.0.0/8, ::1 and localhost; `hostname` as WHATWG URL gives it (IPv6 in brackets). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  if (h === 'localhost' || h === '[::1]' || h === '::1') return true;
  // URL already turned 0x7f.1, 2130706433 and the like into dotted decimal.
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return m !== null && m[1] === '127' && m.slice(2).every((o) => Number(o) <= 255);
}

export const HTTP_LOOPBACK_ONLY = 'Plain http is only allowed to this computer (localhost, 127.x.x.x or ::1): use an https:// URL for other hosts.';

/** Why the key must not go to `url`, or null when it may. */
export function baseUrlProblem(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'Enter a full http(s) URL, for example https://api.openai.com/v1.';
  }
  if (u.protocol === 'https:') return null;
  if (u.protocol !== 'http:') return 'Enter a full http(s) URL, for example https://api.openai.com/v1.';
  return isLoopbackHost(u.hostname) ? null : HTTP_LOOPBACK_ONLY;
}

/** Said when base URL, organization or project change without the key in the same call. */
export const KEY_NEEDED_FOR_CONNECTION =
  'Changing the base URL, organization or project decides where your API key is sent: enter the API key again to confirm the change.';
