/**
 * Every failure the fake can produce, through the real SDK, into mapOpenAIError (or
 * runImages for stream faults): the right code, message, retry facts and request id,
 * and never the key.
 */
import { createServer } from 'node:net';
import { APIError } from 'openai';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findModel, LoupeError, outputTokensPerImage, PARTIAL_IMAGE_TOKENS, type GenerateParams } from '../../electron/shared';
import { buildEditBody, buildGenerateBody } from '../../electron/core/openai/build-request';
import { makeClient } from '../../electron/core/openai/client';
import { mapOpenAIError, retryAfterSeconds } from '../../electron/core/openai/errors';
import { redact } from '../../electron/core/openai/redact';
import { generateRequest } from '../../electron/core/openai/image-requests';
import { runImages } from '../../electron/core/openai/run-images';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { generateParams } from './helpers/params';

const KEY = 'sk-test-errors-0123456789SECRET';
const BAD_KEY = 'sk-bad-0123456789abcdefSECRET';
const model = findModel('gpt-image-2.6-sunburst')!;
const params = generateParams({ prompt: 'a lighthouse' });

let fake: FakeOpenAI;
const seen: LoupeError[] = [];
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  await fake.close();
  // Whatever the error, its text never carries the key.
  for (const e of seen) {
    expect(e.message).not.toContain(KEY);
    expect(e.message).not.toContain(BAD_KEY);
    expect(JSON.stringify(e.toJSON())).not.toContain('SECRET');
  }
});
beforeEach(() => {
  fake.clearFaults();
  fake.setOptions({ requireVerification: false, models: ['gpt-image-2.6-sunburst', 'gpt-image-2.6-flare', 'gpt-image-2', 'gpt-5'] });
});

const ctx = () => ({ model: 'gpt-image-2.6-sunburst', apiKey: KEY, baseURL: fake.url });

/** One plain generate call; returns the mapped error (or fails the test if it succeeded). */
async function failure(over: Partial<GenerateParams> = {}, opts: { key?: string; timeoutMs?: number; baseURL?: string } = {}): Promise<LoupeError> {
  const client = makeClient({ apiKey: opts.key ?? KEY, baseURL: opts.baseURL ?? fake.url, timeoutMs: opts.timeoutMs ?? 5_000 });
  const body = buildGenerateBody({ ...params, ...over }, findModel(over.model ?? params.model) ?? model, { stream: false });
  try {
    await client.images.generate({ ...body, stream: false });
  } catch (err) {
    const e = mapOpenAIError(err, { ...ctx(), apiKey: opts.key ?? KEY, baseURL: opts.baseURL ?? fake.url });
    seen.push(e);
    return e;
  }
  throw new Error('expected the request to fail');
}

const lastId = () => fake.requests.at(-1)!.id;

describe('mapOpenAIError through the real SDK', () => {
  it('401 → AUTH_INVALID_KEY with the request id', async () => {
    const e = await failure({}, { key: BAD_KEY });
    expect(e.code).toBe('AUTH_INVALID_KEY');
    expect(e.message).toBe('OpenAI did not accept the API key (401). Check it in Settings.');
    expect(e.detail).toMatchObject({ status: 401, requestId: lastId(), apiCode: 'invalid_api_key', retryable: false });
  });

  it('403 "must be verified" → ORG_NOT_VERIFIED, saying how to verify', async () => {
    fake.setOptions({ requireVerification: true });
    const e = await failure();
    expect(e.code).toBe('ORG_NOT_VERIFIED');
    expect(e.message).toContain('platform.openai.com → Settings → Organization → General');
    expect(e.message).toContain('15 minutes');
    expect(e.detail).toMatchObject({ status: 403, requestId: lastId(), retryable: false });
  });

  it('moderation_blocked → MODERATION_BLOCKED with categories and stage', async () => {
    fake.queueFault({ kind: 'moderation', categories: ['violence', 'self-harm'], stage: 'output' });
    const e = await failure();
    expect(e.code).toBe('MODERATION_BLOCKED');
    expect(e.message).toContain('violence, self-harm');
    expect(e.detail).toMatchObject({ status: 400, apiCode: 'moderation_blocked', categories: ['violence', 'self-harm'], stage: 'output', retryable: false, requestId: lastId() });
  });

  it('429 rate limit → RATE_LIMITED, retryable, with Retry-After', async () => {
    fake.queueFault({ kind: 'rate_limit', retryAfterSeconds: 7 });
    const e = await failure();
    expect(e.code).toBe('RATE_LIMITED');
    expect(e.detail).toMatchObject({ status: 429, retryable: true, retryAfterSeconds: 7, apiCode: 'rate_limit_exceeded', requestId: lastId() });
  });

  it('429 insufficient_quota → INSUFFICIENT_QUOTA, not retryable', async () => {
    fake.queueFault({ kind: 'insufficient_quota' });
    const e = await failure();
    expect(e.code).toBe('INSUFFICIENT_QUOTA');
    expect(e.message).toMatch(/^Your OpenAI account is out of credit or over its budget/);
    expect(e.detail).toMatchObject({ status: 429, retryable: false, apiCode: 'insufficient_quota' });
  });

  it.each([500, 502, 503] as const)('%d → SERVER_ERROR, retryable', async (status) => {
    fake.queueFault({ kind: 'server_error', status });
    const e = await failure();
    expect(e.code).toBe('SERVER_ERROR');
    expect(e.detail).toMatchObject({ status, retryable: true, requestId: lastId() });
  });

  it('404 model_not_found → MODEL_NOT_FOUND', async () => {
    fake.setOptions({ models: ['gpt-image-2'] });
    const e = await failure();
    expect(e.code).toBe('MODEL_NOT_FOUND');
    expect(e.message).toContain('gpt-image-2.6-sunburst');
    expect(e.detail).toMatchObject({ status: 404, apiCode: 'model_not_found', retryable: false });
  });

  it('other 400 → INVALID_REQUEST with the param and the API message', async () => {
    const e = await failure({ size: '1800x1024' });
    expect(e.code).toBe('INVALID_REQUEST');
    expect(e.detail).toMatchObject({ status: 400, param: 'size', retryable: false });
    expect(e.message).toContain('1800x1024');
  });

  it('invalid_image_file on edits → INVALID_IMAGE', async () => {
    const client = makeClient({ apiKey: KEY, baseURL: fake.url });
    // Declared PNG, but the bytes are a JPEG: the API answers invalid_image_file.
    const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#888' } }).jpeg().toBuffer();
    const body = await buildEditBody({ ...params, images: [{ bytes: jpeg, name: 'a.png', type: 'image/png' }] }, model, { stream: false });
    const e = await client.images.edit({ ...body, stream: false }).then(
      () => null,
      (err: unknown) => mapOpenAIError(err, ctx()),
    );
    expect(e?.code).toBe('INVALID_IMAGE');
    expect(e?.detail).toMatchObject({ status: 400, apiCode: 'invalid_image_file', retryable: false });
  });

  it('a slow answer past the timeout → TIMEOUT, outcome unknown (never retried on its own)', async () => {
    fake.queueFault({ kind: 'latency', ms: 1_500 });
    const e = await failure({}, { timeoutMs: 200 });
    expect(e.code).toBe('TIMEOUT');
    expect(e.detail).toMatchObject({ retryable: true, outcome: 'unknown' });
    expect(e.message).toContain('may still have made (and billed) the image');
  });

  it('nobody listening → NETWORK_ERROR naming the host', async () => {
    const port = await freePort();
    const e = await failure({}, { baseURL: `http://127.0.0.1:${port}/v1` });
    expect(e.code).toBe('NETWORK_ERROR');
    expect(e.message).toContain(`Could not reach 127.0.0.1:${port}`);
    // Nothing was sent, so a retry cannot bill twice.
    expect(e.detail?.retryable).toBe(true);
    expect(e.detail?.outcome).toBeUndefined();
  });

  it('a connection dropped after sending → NETWORK_ERROR, outcome unknown', async () => {
    fake.queueFault({ kind: 'drop' });
    const e = await failure();
    expect(e.code).toBe('NETWORK_ERROR');
    expect(e.detail).toMatchObject({ retryable: true, outcome: 'unknown' });
  });
});

describe('stream failures through runImages', () => {
  async function attempt(over: Partial<GenerateParams>, idleMs = 2_000, signal = new AbortController().signal) {
    const client = makeClient({ apiKey: KEY, baseURL: fake.url });
    const p: GenerateParams = { ...params, stream: true, partialImages: 2, ...over };
    const result = await runImages({
      request: generateRequest(client, model, p),
      stream: p.stream && model.streaming,
      indices: [0],
      signal,
      idleMs,
      errorContext: ctx(),
      onImage: async () => undefined,
    });
    seen.push(...result.failures.map((f) => f.error));
    return result;
  }

  it('a stream that goes quiet → STREAM_STALLED, outcome unknown, with its request id', async () => {
    await attempt({}); // warm-up so the idle timer measures the fault, not sharp's first start
    fake.queueFault({ kind: 'stall', afterPartials: 1 });
    const r = await attempt({}, 500);
    expect(r.failures[0]?.error.code).toBe('STREAM_STALLED');
    expect(r.failures[0]?.error.detail).toMatchObject({ retryable: true, outcome: 'unknown', requestId: lastId() });
  });

  it('an error event mid-stream → STREAM_ERROR, retryable', async () => {
    fake.queueFault({ kind: 'stream_error', afterPartials: 1 });
    const r = await attempt({});
    expect(r.failures[0]?.error.code).toBe('STREAM_ERROR');
    expect(r.failures[0]?.error.detail).toMatchObject({ retryable: true, requestId: lastId(), apiCode: 'server_error' });
    expect(r.failures[0]?.error.detail?.status).toBeUndefined();
  });

  it('a connection cut mid-stream → NETWORK_ERROR, outcome unknown', async () => {
    fake.queueFault({ kind: 'drop', afterPartials: 1 });
    const r = await attempt({});
    expect(r.failures[0]?.error.code).toBe('NETWORK_ERROR');
    expect(r.failures[0]?.error.detail).toMatchObject({ retryable: true, outcome: 'unknown' });
  });

  it('a cancel → CANCELED, not retryable', async () => {
    fake.queueFault({ kind: 'stall', afterPartials: 1 });
    const ac = new AbortController();
    setTimeout(() => ac.abort('cancel'), 150);
    const r = await attempt({}, 10_000, ac.signal);
    expect(r.failures[0]?.error.code).toBe('CANCELED');
    expect(r.failures[0]?.error.detail?.retryable).toBe(false);
  });

  it('a successful stream sums usage from the completed event', async () => {
    const r = await attempt({ partialImages: 1 });
    expect(r.failures).toEqual([]);
    // One partial bills 100 output tokens on top of the image (the documented formulas, as the estimate uses).
    const perImage = outputTokensPerImage(model, params.size, params.quality);
    // Stream events carry no output details, so 2.6's planning tokens (complexity) count as output too.
    expect(r.usage).toMatchObject({ inputTextTokens: 3, inputImageTokens: 0, outputTextTokens: 0 });
    expect(r.usage!.outputImageTokens).toBeGreaterThanOrEqual(perImage + PARTIAL_IMAGE_TOKENS);
    expect(r.usage!.outputImageTokens).toBeLessThan(perImage + PARTIAL_IMAGE_TOKENS + 2_000);
    expect(r.requestIds).toEqual([lastId()]);
  });
});

describe('mapping details', () => {
  it('maps a mid-stream moderation error (status undefined) by its code', () => {
    const err = new APIError(undefined, { message: 'blocked', type: 'image_generation_user_error', code: 'moderation_blocked', moderation_details: { moderation_stage: 'output', categories: ['sexual'] } }, undefined, undefined);
    const e = mapOpenAIError(err, { model: 'gpt-image-2' });
    expect(e.code).toBe('MODERATION_BLOCKED');
    expect(e.detail).toMatchObject({ categories: ['sexual'], stage: 'output', retryable: false });
  });

  it('reads retry-after-ms, retry-after seconds and HTTP dates', () => {
    expect(retryAfterSeconds(new Headers({ 'retry-after-ms': '1500', 'retry-after': '9' }))).toBe(1.5);
    expect(retryAfterSeconds(new Headers({ 'retry-after': '3' }))).toBe(3);
    const now = Date.parse('2026-11-21T10:00:00Z');
    expect(retryAfterSeconds(new Headers({ 'retry-after': 'Sat, 21 Nov 2026 10:00:30 GMT' }), now)).toBe(30);
    expect(retryAfterSeconds(new Headers({}))).toBeUndefined();
  });

  it('cuts the key out of any message that echoes it', () => {
    const err = new Error(`connect failed for Bearer ${KEY}`);
    const e = mapOpenAIError(Object.assign(err, { cause: { code: 'ECONNRESET' } }), { model: 'x', apiKey: KEY });
    expect(e.message).not.toContain(KEY);
    expect(redact(`key sk-proj-abcdefghijklmnop1234 here`)).toBe('key sk-…1234 here');
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
