// Fault injection in the fake, seen through the real SDK's error classes:
// queued faults, prompt markers, the HTTP control routes, and a close() that
// never hangs on stalled sockets.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import OpenAI, { APIConnectionError, APIError, BadRequestError, InternalServerError, RateLimitError } from 'openai';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { faultFromPrompt, hasMarker } from '../fake-openai/faults';
import { body, client, failure } from '../fake-openai/test-helpers';

let fake: FakeOpenAI;
let api: OpenAI;
const gen = (prompt = 'a fault', extra: Partial<OpenAI.ImageGenerateParamsNonStreaming> = {}) =>
  api.images.generate({ model: 'gpt-image-2', prompt, quality: 'low', output_format: 'jpeg', ...extra });
const genStream = (prompt = 'a fault', partial_images = 2) =>
  api.images.generate({ model: 'gpt-image-2', prompt, quality: 'low', output_format: 'jpeg', stream: true, partial_images });

beforeAll(async () => {
  fake = await startFakeOpenAI();
  api = client(fake.url);
});
beforeEach(() => fake.clearFaults());
afterAll(() => fake.close());

describe('queued faults', () => {
  it('rate_limit → RateLimitError with Retry-After, consumed once', async () => {
    fake.queueFault({ kind: 'rate_limit', retryAfterSeconds: 7 });
    const err = await failure(gen());
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err).toMatchObject({ status: 429, type: 'requests', code: 'rate_limit_exceeded' });
    expect(err.headers?.get('retry-after')).toBe('7');
    expect(body(err).message).toMatch(/^Rate limit reached for images per min \(IPM\).*Please try again in 7s\./);
    expect(err.requestID).toBe(fake.requests.at(-1)!.id);
    await expect(gen()).resolves.toBeDefined();
  });

  it('insufficient_quota → 429 with its own type and code', async () => {
    fake.queueFault({ kind: 'insufficient_quota' });
    const err = await failure(gen());
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err).toMatchObject({ status: 429, type: 'insufficient_quota', code: 'insufficient_quota' });
  });

  it.each([500, 502, 503] as const)('server_error %d → InternalServerError', async (status) => {
    fake.queueFault({ kind: 'server_error', status });
    const err = await failure(gen());
    expect(err).toBeInstanceOf(InternalServerError);
    expect(err.status).toBe(status);
  });

  it('moderation → BadRequestError moderation_blocked with details', async () => {
    fake.queueFault({ kind: 'moderation', stage: 'output', categories: ['sexual'] });
    const err = await failure(gen());
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err).toMatchObject({ status: 400, type: 'image_generation_user_error', code: 'moderation_blocked' });
    expect(body(err).moderation_details).toEqual({ moderation_stage: 'output', categories: ['sexual'] });
    expect(body(err).message).toMatch(/^Your request was rejected as a result of our safety system\./);
  });

  it('match and times pick which requests are affected', async () => {
    fake.queueFault({ kind: 'server_error', match: 'edits', times: 2 });
    fake.queueFault({ kind: 'rate_limit', match: 'models' });
    await expect(gen()).resolves.toBeDefined();
    await expect(failure(api.models.list())).resolves.toBeInstanceOf(RateLimitError);
    await expect(api.models.list()).resolves.toBeDefined();
  });

  it('latency delays the response', async () => {
    fake.queueFault({ kind: 'latency', ms: 400 });
    const t0 = Date.now();
    await gen();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(390);
  });

  it('drop before the response → APIConnectionError', async () => {
    fake.queueFault({ kind: 'drop' });
    const err = await failure(gen());
    expect(err).toBeInstanceOf(APIConnectionError);
    expect(fake.requests.at(-1)!.status).toBeNull();
  });

  it('drop mid-stream cuts the stream after the given partials', async () => {
    fake.queueFault({ kind: 'drop', afterPartials: 1 });
    const stream = await genStream();
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const ev of stream) seen.push(ev.type);
      })(),
    ).rejects.toThrow();
    expect(seen).toEqual(['image_generation.partial_image']);
  });

  it('stream_error → APIError without status, mid-stream', async () => {
    fake.queueFault({ kind: 'stream_error' });
    const stream = await genStream();
    const seen: string[] = [];
    let caught: unknown;
    try {
      for await (const ev of stream) seen.push(ev.type);
    } catch (e) {
      caught = e;
    }
    expect(seen).toEqual(['image_generation.partial_image']);
    expect(caught).toBeInstanceOf(APIError);
    expect((caught as APIError).status).toBeUndefined();
    expect((caught as APIError).error).toMatchObject({ type: 'server_error' });
  });

  it('stall (non-stream) can be aborted with an AbortSignal', async () => {
    fake.queueFault({ kind: 'stall' });
    const t0 = Date.now();
    const p = api.images.generate({ model: 'gpt-image-2', prompt: 'stall', quality: 'low' }, { signal: AbortSignal.timeout(300) });
    await expect(p).rejects.toThrow();
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('stall (stream) sends some partials then goes silent until aborted', async () => {
    fake.queueFault({ kind: 'stall', afterPartials: 1 });
    const ac = new AbortController();
    const stream = await api.images.generate(
      { model: 'gpt-image-2', prompt: 'stall stream', quality: 'low', output_format: 'jpeg', stream: true, partial_images: 3 },
      { signal: ac.signal },
    );
    const seen: string[] = [];
    const t0 = Date.now();
    const timer = setTimeout(() => ac.abort(), 500);
    // The SDK ends the iteration quietly when its own signal aborts the stream.
    for await (const ev of stream) seen.push(ev.type);
    clearTimeout(timer);
    expect(seen).toEqual(['image_generation.partial_image']);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(450);
  });
});

describe('prompt markers', () => {
  it('parses the documented markers', () => {
    expect(faultFromPrompt('a cat [fake:moderation]')).toEqual({ kind: 'moderation', stage: 'input', categories: undefined });
    expect(faultFromPrompt('[FAKE:moderation:output:violence,sexual]')).toEqual({ kind: 'moderation', stage: 'output', categories: ['violence', 'sexual'] });
    expect(faultFromPrompt('[fake:429:30]')).toEqual({ kind: 'rate_limit', retryAfterSeconds: 30 });
    expect(faultFromPrompt('[fake:quota]')).toEqual({ kind: 'insufficient_quota' });
    expect(faultFromPrompt('[fake:503]')).toEqual({ kind: 'server_error', status: 503 });
    expect(faultFromPrompt('[fake:stall:2]')).toEqual({ kind: 'stall', afterPartials: 2 });
    expect(faultFromPrompt('[fake:drop]')).toEqual({ kind: 'drop', afterPartials: undefined });
    expect(faultFromPrompt('[fake:latency:1500]')).toEqual({ kind: 'latency', ms: 1500 });
    expect(faultFromPrompt('[fake:stream_error]')).toEqual({ kind: 'stream_error', afterPartials: undefined });
    expect(faultFromPrompt('no marker [fake:unknown]')).toBeUndefined();
  });

  it('behaviour markers are not faults, and do not hide a fault marker after them', () => {
    expect(faultFromPrompt('[fake:markup:ignore] [fake:svg:hostile]')).toBeUndefined();
    expect(faultFromPrompt('[fake:markup:ignore] then [fake:429]')).toEqual({ kind: 'rate_limit', retryAfterSeconds: undefined });
    expect(hasMarker('draw [FAKE:Markup:Ignore]', 'markup:ignore')).toBe(true);
    expect(hasMarker('draw [fake:markup]', 'markup:ignore')).toBe(false);
  });

  it('a marker in the prompt triggers the fault without consuming the queue', async () => {
    fake.queueFault({ kind: 'server_error' });
    const err = await failure(gen('a cat [fake:moderation]'));
    expect(err).toMatchObject({ code: 'moderation_blocked' });
    const limited = await failure(gen('[fake:429]'));
    expect(limited).toBeInstanceOf(RateLimitError);
    await expect(failure(gen())).resolves.toBeInstanceOf(InternalServerError);
  });
});

describe('control routes', () => {
  const ctl = (method: string, path: string, json?: unknown) =>
    fetch(`${fake.url.replace(/\/v1$/, '')}/__fake/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: json === undefined ? undefined : JSON.stringify(json),
    });

  it('queue faults, set options and read/clear requests over HTTP, without auth', async () => {
    expect((await ctl('POST', 'faults', { kind: 'insufficient_quota', match: 'generations' })).status).toBe(200);
    expect(await failure(gen())).toMatchObject({ code: 'insufficient_quota' });
    expect((await ctl('POST', 'faults', { kind: 'nope' })).status).toBe(400);
    await ctl('POST', 'faults', [{ kind: 'server_error' }, { kind: 'server_error' }]);
    expect(((await (await ctl('GET', 'faults')).json()) as { faults: unknown[] }).faults).toHaveLength(2);
    await ctl('DELETE', 'faults');
    await expect(gen()).resolves.toBeDefined();

    expect((await ctl('POST', 'options', { shutdownDates: { 'gpt-image-2': 'soon' } })).status).toBe(400);
    expect((await ctl('POST', 'options', { modelLatency: { 'gpt-image-2': { ultra: 5 } } })).status).toBe(400);
    expect((await ctl('POST', 'options', { requireVerification: true })).status).toBe(200);
    expect(await failure(gen())).toMatchObject({ status: 403 });
    await ctl('POST', 'options', { requireVerification: false });

    const listed = (await (await ctl('GET', 'requests')).json()) as { data: Array<{ path: string }> };
    expect(listed.data.length).toBe(fake.requests.length);
    expect(listed.data.every((r) => r.path.startsWith('/v1/'))).toBe(true);
    await ctl('DELETE', 'requests');
    expect(fake.requests).toHaveLength(0);
  });
});

describe('close()', () => {
  it('ends stalled requests and streams instead of hanging', async () => {
    const own = await startFakeOpenAI();
    const c = client(own.url);
    own.queueFault({ kind: 'stall', times: 2 });
    // Settle both outcomes up front so the failures are never unhandled rejections.
    const settle = (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => e);
    const pending = settle(c.images.generate({ model: 'gpt-image-2', prompt: 'stall', quality: 'low' }));
    const stream = await c.images.generate({ model: 'gpt-image-2', prompt: 'stall', quality: 'low', stream: true, partial_images: 1 });
    const consumed = settle(
      (async () => {
        for await (const ev of stream) void ev;
      })(),
    );
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    await own.close();
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(await pending).toBeInstanceOf(Error);
    expect(await consumed).toBeInstanceOf(Error);
  });
});
