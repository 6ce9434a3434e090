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
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, isAbsolute, join, relative } from 'node:path';
import { CHANNEL_NAMES, type ChannelName } from '../shared/channels';
import type { JobEvent } from '../shared';
import { createCore, invokeHandler, MemorySecretStore, type Core, type CoreDeps } from '../core';
import { rendererCsp } from '../main/csp';
import { rendererMime } from '../main/mime';
import { containedPath } from '../main/trusted-origin';
import { checkRequest, COOKIE_NAME, tokensEqual } from './request-guard';

export interface WebHostOptions {
  port: number;
  dataDir: string;
  outputDir: string;
  rendererDir: string;
  env?: Record<string, string | undefined>;
  version?: string;
  tuning?: CoreDeps['tuning'];
  /** Largest JSON body accepted (edits carry images). */
  maxBodyBytes?: number;
}

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

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('too-large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = randomBytes(24).toString('base64url');
  const sseClients = new Set<ServerResponse>();
  const emit = (event: JobEvent): void => {
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    for (const c of sseClients) c.write(frame);
  };
  const core = await createCore({
    dataDir: opts.dataDir,
    defaultOutputDir: opts.outputDir,
    secrets: new MemorySecretStore(),
    env: opts.env ?? {},
    host: 'web',
    version: opts.version ?? '0.0.0',
    emit,
    tuning: opts.tuning,
  });
  const maxBody = opts.maxBodyBytes ?? 200 * 1024 * 1024;
  let port = opts.port;
  const channels = new Set<string>(CHANNEL_NAMES);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const isApiPost = req.method === 'POST' && url.pathname.startsWith('/api/');

    // First load: trade the query token for an HttpOnly cookie, then drop it from the URL.
    if (req.method === 'GET' && url.pathname === '/' && url.searchParams.has('token')) {
      const host = req.headers.host ?? '';
      if (tokensEqual(url.searchParams.get('token'), token) && (host === `127.0.0.1:${port}` || host === `localhost:${port}`)) {
        send(res, 303, '', { location: '/', 'set-cookie': `${COOKIE_NAME}=${token}; HttpOnly; SameSite=Strict; Path=/` });
      } else send(res, 401, 'Invalid token.', { 'content-type': 'text/plain; charset=utf-8' });
      return;
    }
    const guard = checkRequest(req, port, token, { stateChanging: req.method !== 'GET' });
    if (!guard.ok) {
      send(res, guard.status, guard.reason, { 'content-type': 'text/plain; charset=utf-8' });
      return;
    }

    if (isApiPost) {
      const channel = decodeURIComponent(url.pathname.slice('/api/'.length));
      if (!channels.has(channel)) {
        send(res, 404, JSON.stringify({ ok: false, error: { code: 'INVALID_ARGUMENTS', message: `Unknown channel ${channel}.` } }), { 'content-type': 'application/json' });
        return;
      }
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        send(res, 415, 'JSON only.', { 'content-type': 'text/plain' });
        return;
      }
      let args: unknown;
      try {
        const body = await readBody(req, maxBody);
        args = body.length ? JSON.parse(body.toString('utf8')) : {};
      } catch (e) {
        const tooLarge = e instanceof Error && e.message === 'too-large';
        const error = { code: 'INVALID_ARGUMENTS', message: tooLarge ? 'The request is too large.' : 'The request body is not valid JSON.' };
        send(res, tooLarge ? 413 : 400, JSON.stringify({ ok: false, error }), { 'content-type': 'application/json' });
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
      res.writeHead(200, { ...BASE_HEADERS, 'content-type': found.mime, 'cache-control': 'private, max-age=31536000, immutable' });
      createReadStream(found.path).pipe(res);
      return;
    }
    // A kit export the core just wrote (kits:export): the random folder name is the capability; the name is checked, never joined raw.
    const kitExport = /^\/kit-exports\/([A-Za-z0-9_-]{8,32})\/([A-Za-z0-9_.-]{1,120}\.loupe-kit)$/.exec(url.pathname);
    if (kitExport) {
      const path = join(opts.dataDir, 'kit-exports', kitExport[1]!, kitExport[2]!);
      if (!(await stat(path).then((s) => s.isFile(), () => false))) {
        send(res, 404, 'Not found.');
        return;
      }
      res.writeHead(200, { ...BASE_HEADERS, 'content-type': 'application/zip', 'cache-control': 'no-store', 'content-disposition': `attachment; filename="${kitExport[2]}"` });
      createReadStream(path).pipe(res);
      return;
    }
    const file = containedPath(opts.rendererDir, url.pathname === '/' ? '/index.html' : url.pathname, join, relative, isAbsolute);
    if (!file || !(await stat(file).then((s) => s.isFile(), () => false))) {
      send(res, 404, 'Not found.');
      return;
    }
    const headers: Record<string, string> = { 'content-type': rendererMime(file) };
    if (extname(file) === '.html') headers['content-security-policy'] = rendererCsp();
    send(res, 200, await readFile(file), headers);
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

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
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
      await core.close();
    },
  };
}
