// The fake OpenAI Images API server (in the spirit of stripe-mock): real HTTP
// on 127.0.0.1, the real API's validation and error shapes, deterministic
// images, and injectable faults. Routing, auth and recording live here; the
// image work is in handlers.ts.
import { randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { control } from './control';
import { ApiError, errors } from './errors';
import { faultError, faultFromPrompt, FaultQueue, serverError } from './faults';
import { serveImages, type Ctx } from './handlers';
import { DEFAULT_BATCH_TIMINGS, FakeBatches } from './batches';
import { jsonInputs, multipartInputs } from './inputs';
import { modelLatencyMs } from './latency';
import { DEFAULT_MODELS, FAKE_TODAY, isShutDown, LIST_SHUT_DOWN_MODELS, listModels, modelObject, visibleIds } from './models';
import { parseMultipart, type ParsedMultipart } from './multipart';
import { FakeRateLimit } from './rate-limit';
import { recordFiles, redactHeaders, truncateBig } from './record';
import { startSse } from './sse';
import type { FakeOpenAI, FakeOpenAIOptions, FakeState, RecordedRequest } from './types';
import { requireObject, validateParams, type Source } from './validate';

class ClosingError extends Error {}

export async function startFakeOpenAI(opts: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const state: FakeState = {
    models: [...DEFAULT_MODELS],
    requireVerification: false,
    revokedKeys: [],
    latencyMs: opts.latencyMs ?? 0,
    logRequests: opts.logRequests ?? false,
    files: {},
    shutdownDates: {},
    today: FAKE_TODAY,
    listShutDownModels: LIST_SHUT_DOWN_MODELS,
    modelLatency: opts.modelLatency ?? {},
    batchTimings: { ...DEFAULT_BATCH_TIMINGS },
    rateLimit: null,
    contentCredentials: false,
  };
  const rateLimit = new FakeRateLimit();
  const requests: RecordedRequest[] = [];
  let selfUrl = '';
  const batches = new FakeBatches({ selfUrl: () => selfUrl, timings: () => state.batchTimings, imageFiles: () => state.files });
  const faults = new FaultQueue();
  const closing = new AbortController();
  const stalled = new Set<ServerResponse>();
  const seen = new Map<string, number>();
  const setOptions = (o: Partial<FakeState>) => {
    for (const [k, v] of Object.entries(o)) if (v !== undefined) (state as unknown as Record<string, unknown>)[k] = v;
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve, reject) => {
      if (closing.signal.aborted) return reject(new ClosingError());
      if (ms <= 0) return resolve();
      const onAbort = () => (clearTimeout(t), reject(new ClosingError()));
      const t = setTimeout(() => (closing.signal.removeEventListener('abort', onAbort), resolve()), ms);
      closing.signal.addEventListener('abort', onAbort, { once: true });
    });

  function makeCtx(res: ServerResponse, record: RecordedRequest): Ctx {
    return {
      res,
      requestId: record.id,
      latencyMs: state.latencyMs,
      contentCredentials: state.contentCredentials,
      sendJson(status, body, headers = {}) {
        if (res.headersSent || res.destroyed) return;
        record.status = status;
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      },
      startSse() {
        record.status = 200;
        startSse(res);
      },
      drop() {
        if (!res.headersSent) record.status = null;
        res.socket?.destroy();
        res.destroy();
      },
      stall() {
        if (!res.headersSent) {
          record.status = 200;
          res.writeHead(200, { 'content-type': 'application/json' });
          res.flushHeaders();
        }
        stalled.add(res);
        res.on('close', () => stalled.delete(res));
      },
      sleep,
      variation(key) {
        const n = seen.get(key) ?? 0;
        seen.set(key, n + 1);
        return n;
      },
    };
  }

  /** Bearer sk-… keys are valid unless they start with sk-bad or were revoked. */
  function authenticate(req: IncomingMessage): void {
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S*)\s*$/i.exec(header);
    const key = m?.[1] ?? '';
    if (!key) throw errors.missingKey();
    if (!key.startsWith('sk-') || key.startsWith('sk-bad') || state.revokedKeys.includes(key)) throw errors.invalidKey(key);
  }

  async function route(ctx: Ctx, req: IncomingMessage, path: string, body: Buffer, record: RecordedRequest): Promise<void> {
    const method = req.method ?? 'GET';
    const ct = (req.headers['content-type'] ?? '').toLowerCase();
    // Parse first so even rejected requests are recorded with their body.
    let form: ParsedMultipart | undefined;
    let formError: unknown;
    let json: unknown;
    let jsonOk = false;
    if (ct.startsWith('multipart/form-data')) {
      try {
        form = await parseMultipart(body, req.headers['content-type'] ?? '');
        record.fields = form.fields;
        record.files = await recordFiles(form.files);
        record.parts = form.parts;
      } catch (e) {
        formError = e;
      }
    } else if (body.length > 0) {
      try {
        json = JSON.parse(body.toString('utf8'));
        jsonOk = true;
        record.json = truncateBig(json);
      } catch {
        jsonOk = false;
      }
    }

    if (!path.startsWith('/v1/')) throw errors.invalidUrl(method, path);
    authenticate(req);

    if (method === 'GET' && path === '/v1/models') {
      await genericFault(ctx);
      if (ctx.res.headersSent || ctx.res.destroyed) return;
      await sleep(state.latencyMs);
      return ctx.sendJson(200, listModels(state));
    }
    const one = method === 'GET' ? /^\/v1\/models\/([^/]+)$/.exec(path) : null;
    if (one) {
      const id = decodeURIComponent(one[1]!);
      const m = state.models.find((x) => (typeof x === 'string' ? x : x.id) === id);
      if (!m || (!state.listShutDownModels && isShutDown(id, state))) throw errors.modelNotFound(id);
      return ctx.sendJson(200, modelObject(m, state));
    }
    if (path.startsWith('/v1/files') || path.startsWith('/v1/batches')) {
      if (formError) throw formError;
      const reply = await batches.handle(method, path, { form, json: jsonOk ? json : undefined, auth: req.headers.authorization ?? '' });
      if (reply?.raw) {
        record.status = reply.status;
        ctx.res.writeHead(reply.status, { 'content-type': 'application/octet-stream' });
        return void ctx.res.end(reply.raw);
      }
      if (reply) return ctx.sendJson(reply.status, reply.body);
    }
    const endpoint = path === '/v1/images/generations' ? 'generations' : path === '/v1/images/edits' ? 'edits' : undefined;
    if (method !== 'POST' || !endpoint) throw errors.invalidUrl(method, path);

    let raw: Record<string, unknown>;
    let source: Source;
    if (endpoint === 'edits' && ct.startsWith('multipart/form-data')) {
      if (!form) throw formError;
      source = 'multipart';
      raw = { ...form.fields };
      // File parts count as parameters too, so an unexpected file field is an unknown parameter.
      for (const f of form.files) raw[f.field] ??= { file: f.filename };
    } else if (endpoint === 'edits' && ct && !ct.startsWith('application/json')) {
      throw errors.badRequest(
        `Invalid Content-Type header (${ct.split(';')[0]}), expected multipart/form-data or application/json.`,
      );
    } else {
      if (!jsonOk) throw errors.badJson();
      source = 'json';
      raw = requireObject(json);
    }
    const params = validateParams(raw, {
      endpoint,
      source,
      state,
      visibleModels: visibleIds(state.models),
      requireVerification: state.requireVerification,
    });
    ctx.latencyMs += modelLatencyMs(state.modelLatency, params.model, params.resolvedQuality);
    const inputs = endpoint === 'edits' ? (form ? await multipartInputs(form) : await jsonInputs(raw, state.files)) : undefined;
    // The account's images-per-minute limit comes before anything else the request would do.
    // (Batch API lines run against the batch's own quota, not the images-per-minute limit.)
    const limited = record.viaBatch ? undefined : rateLimit.admit(state.rateLimit, params.model, params.n, { requestId: ctx.requestId });
    if (limited) throw limited;
    const fault = faultFromPrompt(params.prompt) ?? faults.take(endpoint);
    await serveImages(ctx, params, inputs, fault);
  }

  /** Faults on non-image routes (GET /v1/models). */
  async function genericFault(ctx: Ctx): Promise<void> {
    const f = faults.take('models');
    if (!f) return;
    if (f.kind === 'latency') return sleep(f.ms);
    const err = faultError(f, { requestId: ctx.requestId, streaming: false });
    if (err) throw err;
    if (f.kind === 'drop') return ctx.drop();
    if (f.kind === 'stall') return ctx.stall();
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const id = `req_${randomBytes(16).toString('hex')}`;
    res.setHeader('x-request-id', id);
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    const isControl = path.startsWith('/__fake/');
    const record: RecordedRequest = {
      id,
      method,
      path,
      contentType: req.headers['content-type'] ?? null,
      headers: redactHeaders(req.headers),
      status: null,
      receivedAt: Date.now(),
    };
    const viaBatch = req.headers['x-fake-batch'];
    if (typeof viaBatch === 'string') record.viaBatch = viaBatch;
    if (!isControl) requests.push(record);
    const ctx = makeCtx(res, record);
    res.on('close', () => {
      if (state.logRequests && !isControl) {
        console.error(`fake-openai ${method} ${path} ${record.status ?? 'dropped'} ${id} ${Date.now() - record.receivedAt}ms`);
      }
    });
    try {
      const body = await readBody(req);
      if (isControl) {
        const reply = control({ state, faults, requests, setOptions }, method, path, body);
        if (!reply) throw errors.invalidUrl(method, path);
        return ctx.sendJson(reply.status, reply.body);
      }
      await route(ctx, req, path, body, record);
    } catch (e) {
      if (closing.signal.aborted || e instanceof ClosingError) return void res.destroy();
      if (e instanceof ApiError) return ctx.sendJson(e.status, { error: e.body }, e.headers);
      console.error('fake-openai: internal error', e);
      const err = serverError(500);
      ctx.sendJson(err.status, { error: err.body });
    }
  }

  const server = http.createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host ?? '127.0.0.1';
  selfUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}/v1`;
  let closed: Promise<void> | undefined;

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/v1`,
    port,
    requests,
    queueFault: (f) => faults.push(f),
    clearFaults: () => faults.clear(),
    setOptions,
    batches,
    close() {
      // Idempotent; ends stalled streams and keep-alive sockets so tests never hang.
      closed ??= new Promise<void>((resolve) => {
        closing.abort();
        for (const res of stalled) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

/** Alias kept for callers that prefer the factory name. */
export const createFakeOpenAI = startFakeOpenAI;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export type { FakeOpenAI, FakeOpenAIOptions, FakeState, FaultSpec, RecordedFile, RecordedRequest } from './types';
