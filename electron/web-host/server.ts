/**
 * The web host: Loupe's core behind a loopback HTTP bridge, serving the built renderer.
 * It is what runs on machines without Electron (and in the end-to-end tests): the same
 * core, the same contract, the same renderer; only the transport differs.
 *   POST /api/<channel>   JSON args -> Result JSON   (the contract's channels only)
 *   GET  /api/events      server-sent JobEvents
 *   GET  /store|thumb|preview/<sha256>   files of the content store only
 *   GET  /…               the built renderer (contained in its folder)
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { CHANNEL_NAMES, type ChannelName } from '../shared/channels';
import { MAX_IMPORT_BASE64, type JobEvent } from '../shared';
import { createCore, invokeHandler, MemorySecretStore, type Core, type CoreDeps } from '../core';
import { acquireDataLock, containedPath, rendererCsp, rendererMime } from '../core/host';
import { BodyError, readJsonBody } from './read-body';
import { checkRequest, cookieName, tokensEqual } from './request-guard';
import { sendFile } from './send-file';

export interface WebHostOptions {
  port: number;
  dataDir: string;
  outputDir: string;
  rendererDir: string;
  env?: Record<string, string | undefined>;
  version?: string;
  tuning?: CoreDeps['tuning'];
  /** Largest body of an image import (the file travels in base64). */
  maxBodyBytes?: number;
  /** Largest body of every other call. */
  maxCallBodyBytes?: number;
}

/** The calls whose body carries a file. */
const UPLOAD_CHANNELS = new Set<string>(['assets:import', 'masks:import']);

export interface WebHost {
  url: string;
  port: number;
  token: string;
  core: Core;
  close(): Promise<void>;
}

const BASE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

function send(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...BASE_HEADERS, 'cache-control': 'no-store', ...headers });
  res.end(body);
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = randomBytes(24).toString('base64url');
  const sseClients = new Set<ServerResponse>();
  const emit = (event: JobEvent): void => {
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    for (const c of sseClients) c.write(frame);
  };
  // One Loupe per data folder: a second host on it refuses here, naming the first.
  const lock = await acquireDataLock(opts.dataDir, 'web');
  const core = await createCore({
    dataDir: opts.dataDir,
    defaultOutputDir: opts.outputDir,
    secrets: new MemorySecretStore(),
    env: opts.env ?? {},
    host: 'web',
    version: opts.version ?? '0.0.0',
    emit,
    tuning: opts.tuning,
  }).catch(async (err: unknown) => {
    await lock.release();
    throw err;
  });
  const maxUpload = opts.maxBodyBytes ?? MAX_IMPORT_BASE64 + 64 * 1024;
  const maxCall = opts.maxCallBodyBytes ?? 1024 * 1024;
  let port = opts.port;
  const channels = new Set<string>(CHANNEL_NAMES);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const isApiPost = req.method === 'POST' && url.pathname.startsWith('/api/');

    // First load: trade the query token for an HttpOnly cookie, then drop it from the URL.
    if (req.method === 'GET' && url.pathname === '/' && url.searchParams.has('token')) {
      const host = req.headers.host ?? '';
      if (tokensEqual(url.searchParams.get('token'), token) && (host === `127.0.0.1:${port}` || host === `localhost:${port}`)) {
        send(res, 303, '', { location: '/', 'set-cookie': `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/` });
      } else send(res, 401, 'Invalid token.', { 'content-type': 'text/plain; charset=utf-8' });
      return;
    }
    const guard = checkRequest(req, port, token, { stateChanging: req.method !== 'GET' });
    if (!guard.ok) {
      send(res, guard.status, guard.reason, { 'content-type': 'text/plain; charset=utf-8' });
      return;
    }

    if (isApiPost) {
      // A malformed escape ("%E0%A4%A") is an unknown channel, not an exception.
      const channel = safeDecode(url.pathname.slice('/api/'.length));
      if (channel === null || !channels.has(channel)) {
        const name = (channel ?? url.pathname.slice('/api/'.length)).slice(0, 100);
        send(res, 404, JSON.stringify({ ok: false, error: { code: 'INVALID_ARGUMENTS', message: `Unknown channel ${name}.` } }), { 'content-type': 'application/json' });
        return;
      }
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        send(res, 415, 'JSON only.', { 'content-type': 'text/plain' });
        return;
      }
      let args: unknown;
      try {
        // Capped per call where it is read: only the imports carry files.
        args = await readJsonBody(req, UPLOAD_CHANNELS.has(channel) ? maxUpload : maxCall, opts.dataDir);
      } catch (e) {
        if (!(e instanceof BodyError)) throw e;
        const error = { code: 'INVALID_ARGUMENTS', message: e.message };
        // The rest of a refused body is never read: the connection closes after the answer.
        send(res, e.status, JSON.stringify({ ok: false, error }), { 'content-type': 'application/json', connection: 'close' });
        return;
      }
      const result = await invokeHandler(core.handlers, channel as ChannelName, args);
      send(res, 200, JSON.stringify(result), { 'content-type': 'application/json' });
      return;
    }
    if (req.method !== 'GET') {
      send(res, 405, 'Method not allowed.');
      return;
    }
    if (url.pathname === '/api/events') {
      res.writeHead(200, { ...BASE_HEADERS, 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      sseClients.add(res);
      req.on('close', () => sseClients.delete(res));
      return;
    }
    const asset = /^\/(store|thumb|preview)\/([0-9a-f]{64})$/.exec(url.pathname);
    if (asset) {
      const found = await core.resolveAsset(asset[2]!, asset[1] === 'store' ? 'full' : (asset[1] as 'thumb' | 'preview'));
      if (!found) {
        send(res, 404, 'Not found.');
        return;
      }
      await sendFile(res, found.path, { ...BASE_HEADERS, 'content-type': found.mime, 'cache-control': 'private, max-age=31536000, immutable' }, (r, status, body) => send(r, status, body));
      return;
    }
    // A kit export the core just wrote (kits:export): the random folder name is the capability; the name is checked, never joined raw.
    const kitExport = /^\/kit-exports\/([A-Za-z0-9_-]{8,32})\/([A-Za-z0-9_.-]{1,120}\.loupe-kit)$/.exec(url.pathname);
    if (kitExport) {
      const path = join(opts.dataDir, 'kit-exports', kitExport[1]!, kitExport[2]!);
      const headers = { ...BASE_HEADERS, 'content-type': 'application/zip', 'cache-control': 'no-store', 'content-disposition': `attachment; filename="${kitExport[2]}"` };
      await sendFile(res, path, headers, (r, status, body) => send(r, status, body));
      return;
    }
    // An export zip the core just wrote (outputs:export-run to a download): the same capability rule.
    const exportZip = /^\/exports\/([A-Za-z0-9_-]{8,32})\/([A-Za-z0-9_.-]{1,120}\.zip)$/.exec(url.pathname);
    if (exportZip) {
      const path = join(opts.dataDir, 'exports', exportZip[1]!, exportZip[2]!);
      const headers = { ...BASE_HEADERS, 'content-type': 'application/zip', 'cache-control': 'no-store', 'content-disposition': `attachment; filename="${exportZip[2]}"` };
      await sendFile(res, path, headers, (r, status, body) => send(r, status, body));
      return;
    }
    const file = containedPath(opts.rendererDir, url.pathname === '/' ? '/index.html' : url.pathname);
    if (!file) {
      send(res, 404, 'Not found.');
      return;
    }
    const headers: Record<string, string> = { ...BASE_HEADERS, 'cache-control': 'no-store', 'content-type': rendererMime(file) };
    if (extname(file) === '.html') headers['content-security-policy'] = rendererCsp();
    await sendFile(res, file, headers, (r, status, body) => send(r, status, body));
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      console.error('loupe web host:', err);
      if (!res.headersSent) send(res, 500, 'Internal error.');
      else res.end();
    });
  });
  const heartbeat = setInterval(() => {
    for (const c of sseClients) c.write(': ping\n\n');
  }, 15_000);
  heartbeat.unref();

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port, '127.0.0.1', () => resolve());
    });
  } catch (err) {
    clearInterval(heartbeat);
    await core.close();
    await lock.release();
    throw err;
  }
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : opts.port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    core,
    async close() {
      clearInterval(heartbeat);
      for (const c of sseClients) c.end();
      sseClients.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      try {
        await core.close();
      } finally {
        await lock.release();
      }
    },
  };
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}
