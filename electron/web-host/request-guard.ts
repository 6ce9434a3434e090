/**
 * Who may talk to the web host. It binds to 127.0.0.1, but any web page the user visits
 * can still reach loopback, so every request must carry the per-launch token (cookie,
 * bearer header or, for the first page load only, the query string), name our Host
 * (against DNS rebinding) and, when a browser sends an Origin, come from our origin.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Cookies ignore ports: every server on 127.0.0.1 shares one cookie jar. With one name for
 * all, a second web host (or anything else on loopback) setting "loupe_token" would
 * replace this host's, and a request would carry several, of which the first wins. So the
 * name carries the port, and each host reads only its own.
 */
export function cookieName(port: number): string {
  return `loupe_token_${port}`;
}

export function tokensEqual(a: string | null | undefined, b: string): boolean {
  if (typeof a !== 'string') return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export type GuardResult = { ok: true } | { ok: false; status: number; reason: string };

export function checkRequest(req: IncomingMessage, port: number, token: string, opts: { stateChanging: boolean }): GuardResult {
  const host = req.headers.host ?? '';
  if (!allowedHosts(port).has(host)) return { ok: false, status: 421, reason: 'Unknown host.' };
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) return { ok: false, status: 403, reason: 'Cross-origin requests are refused.' };
  const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  const cookie = readCookie(req.headers.cookie, cookieName(port));
  if (!tokensEqual(bearer, token) && !tokensEqual(cookie, token)) {
    return { ok: false, status: 401, reason: 'Open Loupe with the link printed by `npm run web`: it carries this launch\'s token.' };
  }
  // Browsers send Origin on every POST; its absence with a cookie means a non-browser
  // client replaying the cookie, which must use the bearer header instead.
  if (opts.stateChanging && origin === undefined && !tokensEqual(bearer, token)) {
    return { ok: false, status: 403, reason: 'Missing Origin.' };
  }
  return { ok: true };
}
