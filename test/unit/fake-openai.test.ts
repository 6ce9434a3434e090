// The fake OpenAI Images API, driven by the real openai SDK over real HTTP:
// models, auth, generations (usage, determinism, formats), validation and streaming.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI, { AuthenticationError, BadRequestError, NotFoundError, PermissionDeniedError } from 'openai';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { DEFAULT_MODELS } from '../fake-openai/models';
import { gptImage2OutputTokens, PLANNING_TOKENS, textTokens } from '../fake-openai/tokens';
import { body, client, decode, failure, KEY, meanAbsDiff } from '../fake-openai/test-helpers';

let fake: FakeOpenAI;
let api: OpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  api = client(fake.url);
});
afterAll(() => fake.close());

describe('models and auth', () => {
  it('a hidden model answers 404 does-not-exist, like one the key cannot use', async () => {
    fake.setOptions({ models: ['gpt-image-2'] });
    try {
      const page = await api.models.list();
      expect(page.data.map((m) => m.id)).toEqual(['gpt-image-2']);
      const err = await failure(api.images.generate({ model: 'gpt-image-2.6-flare', prompt: 'x' }));
      expect(err).toBeInstanceOf(NotFoundError);
      expect(err.code).toBe('model_not_found');
      expect(body(err).message).toBe('The model `gpt-image-2.6-flare` does not exist or you do not have access to it.');
    } finally {
      fake.setOptions({ models: [...DEFAULT_MODELS] });
    }
  });

  it('answers 401 invalid_api_key for sk-bad and revoked keys, and without a key', async () => {
    const err = await failure(client(fake.url, 'sk-bad-abcd').images.generate({ model: 'gpt-image-2', prompt: 'x' }));
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err).toMatchObject({ status: 401, type: 'invalid_request_error', code: 'invalid_api_key' });
    expect(err.message).toContain('Incorrect API key provided: sk-...abcd.');
    fake.setOptions({ revokedKeys: ['sk-revoked-9999'] });
    const revoked = await failure(client(fake.url, 'sk-revoked-9999').models.list());
    expect(revoked).toBeInstanceOf(AuthenticationError);
    const res = await fetch(`${fake.url}/models`);
    expect(res.status).toBe(401);
    expect(res.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
  });

  it('answers 403 when the organization is not verified (image endpoints only)', async () => {
    fake.setOptions({ requireVerification: true });
    try {
      const err = await failure(api.images.generate({ model: 'gpt-image-2.5-flare', prompt: 'x' }));
      expect(err).toBeInstanceOf(PermissionDeniedError);
      expect(err).toMatchObject({ status: 403, type: 'invalid_request_error', code: null });
      expect(err.message).toContain('Your organization must be verified to use the model `gpt-image-2.5-flare`');
      await expect(api.models.list()).resolves.toBeDefined();
    } finally {
      fake.setOptions({ requireVerification: false });
    }
  });

  it('records requests with the request id and a redacted key', async () => {
    const { request_id } = await api.images.generate({ model: 'gpt-image-2', prompt: 'record me', quality: 'low' }).withResponse();
    const rec = fake.requests.at(-1)!;
    expect(rec).toMatchObject({ id: request_id, method: 'POST', path: '/v1/images/generations', status: 200 });
    expect(rec.headers.authorization).toBe(`Bearer ****${KEY.slice(-4)}`);
    expect(rec.json).toMatchObject({ model: 'gpt-image-2', prompt: 'record me', quality: 'low' });
  });
});

describe('generations', () => {
  it('returns the requested number of images with usage from the gpt-image-2 formula', async () => {
    const prompt = 'a red fox in the snow';
    const res = await api.images.generate({ model: 'gpt-image-2.5-sunburst', prompt, n: 2, size: '1024x1536', quality: 'medium' });
    expect(res.data).toHaveLength(2);
    expect(res).toMatchObject({ background: 'opaque', output_format: 'png', size: '1024x1536', quality: 'medium' });
    const out = gptImage2OutputTokens('medium', 1024, 1536);
    expect(res.usage).toEqual({
      input_tokens: textTokens(prompt),
      input_tokens_details: { text_tokens: textTokens(prompt), image_tokens: 0 },
      output_tokens: out * 2,
      total_tokens: textTokens(prompt) + out * 2,
      output_tokens_details: { image_tokens: out * 2, text_tokens: 0 },
    });
    const img = await decode(res.data![0]!.b64_json!);
    expect([img.width, img.height, img.format]).toEqual([1024, 1536, 'png']);
  });

  it('resolves auto quality to medium and auto size to 1024x1024', async () => {
    const res = await api.images.generate({ model: 'gpt-image-2', prompt: 'auto everything' });
    expect(res).toMatchObject({ quality: 'medium', size: '1024x1024' });
    expect(res.usage?.output_tokens).toBe(gptImage2OutputTokens('medium', 1024, 1024));
  });

  it('uses the gpt-image-2 formula for output tokens', async () => {
    const high = await api.images.generate({ model: 'gpt-image-2', prompt: 'p', quality: 'high', size: '1536x1024', output_format: 'jpeg' });
    expect(high.usage?.output_tokens).toBe(5488);
    const low = await api.images.generate({ model: 'gpt-image-2-2026-04-21', prompt: 'p', quality: 'low', output_format: 'jpeg' });
    expect(low.usage?.output_tokens).toBe(196);
    // 2.6 plans: its default complexity (high) adds text output tokens.
    const flare = await api.images.generate({ model: 'gpt-image-2.6-flare', prompt: 'p', quality: 'low', output_format: 'jpeg' });
    expect(flare.usage?.output_tokens_details).toEqual({ image_tokens: 196, text_tokens: PLANNING_TOKENS.high });
  });

  it('is deterministic per server run, varies repeated requests like the model, and differs by prompt', async () => {
    const req = { model: 'gpt-image-2.6-flare', prompt: 'a lighthouse at dusk', quality: 'low' as const };
    const a = await api.images.generate(req);
    const again = await api.images.generate(req);
    const c = await api.images.generate({ ...req, prompt: 'a bowl of ramen' });
    // A repeated request draws a new image, as the real model does.
    expect(again.data![0]!.b64_json).not.toBe(a.data![0]!.b64_json);
    // A fresh server answers the same first request with the same bytes.
    const other = await startFakeOpenAI({ port: 0 });
    try {
      const client = new OpenAI({ apiKey: 'sk-test-1234', baseURL: other.url, maxRetries: 0 });
      const b = await client.images.generate(req);
      expect(b.data![0]!.b64_json).toBe(a.data![0]!.b64_json);
    } finally {
      await other.close();
    }
    const diff = meanAbsDiff(await decode(a.data![0]!.b64_json!), await decode(c.data![0]!.b64_json!));
    expect(diff).toBeGreaterThan(20);
  });

  it('honours output_format, compression and a transparent background', async () => {
    const jpeg = await api.images.generate({ model: 'gpt-image-2', prompt: 'q', quality: 'low', output_format: 'jpeg', output_compression: 40 });
    const j = await decode(jpeg.data![0]!.b64_json!);
    expect([j.format, j.hasAlpha]).toEqual(['jpeg', false]);
    const clear = await api.images.generate({ model: 'gpt-image-2.5-flare', prompt: 'q', quality: 'low', background: 'transparent', output_format: 'webp' });
    expect(clear.background).toBe('transparent');
    const w = await decode(clear.data![0]!.b64_json!);
    expect([w.format, w.hasAlpha]).toEqual(['webp', true]);
    let transparentPixels = 0;
    for (let i = 3; i < w.data.length; i += 4) if (w.data[i] === 0) transparentPixels++;
    expect(transparentPixels).toBeGreaterThan(1000);
  });
});

describe('gpt-image-2 free sizes', () => {
  it.each([
    ['1536x864', 1536, 864],
    ['1024x3072', 1024, 3072],
    ['3840x2160', 3840, 2160],
  ])('accepts %s', async (size, w, h) => {
    const res = await api.images.generate({ model: 'gpt-image-2', prompt: 'wide', size: size as '1024x1024', quality: 'low', output_format: 'jpeg' });
    const img = await decode(res.data![0]!.b64_json!);
    expect([img.width, img.height, res.size]).toEqual([w, h, size]);
    expect(res.usage?.output_tokens).toBe(gptImage2OutputTokens('low', w, h));
  });

  it.each([
    ['1000x1000', /multiples of 16/],
    ['4096x1024', /longest edge must be at most 3840/],
    ['2400x2400', /shortest edge must be at most 2160/],
    ['3072x1008', /aspect ratio must be between 1:3 and 3:1/],
    ['800x800', /at least 655,360/],
    ['huge', /form WIDTHxHEIGHT/],
  ])('rejects %s naming the rule', async (size, rule) => {
    const err = await failure(api.images.generate({ model: 'gpt-image-2', prompt: 'x', size: size as '1024x1024' }));
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err).toMatchObject({ status: 400, type: 'invalid_request_error', code: 'invalid_value', param: 'size' });
    expect(err.message).toMatch(rule);
  });

  it.each(['gpt-image-2.6-sunburst', 'gpt-image-2.6-flare', 'gpt-image-2.5-flare-2026-09-08'])('%s takes the same free sizes and rules', async (model) => {
    const res = await api.images.generate({ model, prompt: 'wide', size: '2048x1152', quality: 'low', output_format: 'jpeg' });
    expect(res.size).toBe('2048x1152');
    const err = await failure(api.images.generate({ model, prompt: 'x', size: '1000x1000' }));
    expect(err).toMatchObject({ status: 400, code: 'invalid_value', param: 'size' });
  });
});

type Case = [string, Record<string, unknown>, number, string | null, string | null, RegExp | string];
const baseReq = { model: 'gpt-image-2', prompt: 'x' };

describe('validation errors', () => {
  it.each<Case>([
    ['bad quality', { ...baseReq, quality: 'huge' }, 400, 'quality', 'invalid_value', "Invalid value: 'huge'. Supported values are: 'low', 'medium', 'high', and 'auto'."],
    ['unknown parameter', { ...baseReq, foo: 1 }, 400, 'foo', 'unknown_parameter', "Unknown parameter: 'foo'."],
    ['missing prompt', { model: 'gpt-image-2' }, 400, 'prompt', 'missing_required_parameter', "Missing required parameter: 'prompt'."],
    ['empty prompt', { ...baseReq, prompt: '' }, 400, 'prompt', 'empty_string', /empty string/],
    ['prompt too long', { ...baseReq, prompt: 'a'.repeat(32001) }, 400, 'prompt', 'string_above_max_length', /maximum length 32000/],
    ['prompt wrong type', { ...baseReq, prompt: 5 }, 400, 'prompt', 'invalid_type', "Invalid type for 'prompt': expected a string, but got an integer instead."],
    ['n = 0', { ...baseReq, n: 0 }, 400, 'n', 'integer_below_min_value', /Expected a value >= 1/],
    ['n = 11', { ...baseReq, n: 11 }, 400, 'n', 'integer_above_max_value', /Expected a value <= 10/],
    ['n as string', { ...baseReq, n: '2' }, 400, 'n', 'invalid_type', /expected an integer, but got a string/],
    ['n decimal', { ...baseReq, n: 1.5 }, 400, 'n', 'invalid_type', /but got a decimal/],
    ['output_format gif', { ...baseReq, output_format: 'gif' }, 400, 'output_format', 'invalid_value', /Supported values are: 'png', 'jpeg', and 'webp'/],
    ['compression with png', { ...baseReq, output_compression: 50 }, 400, 'output_compression', 'invalid_value', /'jpeg' and 'webp'/],
    ['compression > 100', { ...baseReq, output_format: 'jpeg', output_compression: 101 }, 400, 'output_compression', 'integer_above_max_value', /<= 100/],
    ['transparent jpeg', { ...baseReq, background: 'transparent', output_format: 'jpeg' }, 400, 'background', 'invalid_value', /'png' or 'webp'/],
    ['bad background', { ...baseReq, background: 'clear' }, 400, 'background', 'invalid_value', /'transparent', 'opaque', and 'auto'/],
    ['bad moderation', { ...baseReq, moderation: 'high' }, 400, 'moderation', 'invalid_value', /'low' and 'auto'/],
    ['partial_images 4', { ...baseReq, partial_images: 4 }, 400, 'partial_images', 'integer_above_max_value', /<= 3/],
    ['stream not boolean', { ...baseReq, stream: 'yes' }, 400, 'stream', 'invalid_type', /expected a boolean/],
    ['response_format', { ...baseReq, response_format: 'b64_json' }, 400, 'response_format', 'unknown_parameter', "Unknown parameter: 'response_format'."],
    ['style', { ...baseReq, style: 'vivid' }, 400, 'style', 'unknown_parameter', "Unknown parameter: 'style'."],
    ['input_fidelity on generations', { ...baseReq, input_fidelity: 'high' }, 400, 'input_fidelity', 'unknown_parameter', /Unknown parameter/],
    ['non-image model', { ...baseReq, model: 'gpt-5' }, 400, 'model', 'invalid_value', /Invalid value: 'gpt-5'/],
    ['missing model (dall-e-2 default)', { prompt: 'x' }, 404, null, 'model_not_found', 'The model `dall-e-2` does not exist or you do not have access to it.'],
    ['removed model', { ...baseReq, model: 'dall-e-3' }, 404, null, 'model_not_found', /`dall-e-3` does not exist/],
    ['unknown model', { ...baseReq, model: 'gpt-image-9' }, 404, null, 'model_not_found', /`gpt-image-9` does not exist/],
  ])('%s', async (_name, req, status, param, code, message) => {
    const err = await failure(api.images.generate(req as unknown as OpenAI.ImageGenerateParamsNonStreaming));
    expect(err).toMatchObject({ status, type: 'invalid_request_error', param, code });
    if (typeof message === 'string') expect(body(err).message).toBe(message);
    else expect(body(err).message).toMatch(message);
  });

  it('rejects a body that is not JSON', async () => {
    const res = await fetch(`${fake.url}/images/generations`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: '{nope' });
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: { message: string } };
    expect(json.error.message).toMatch(/could not parse the JSON body/);
  });
});

describe('streaming', () => {
  it('sends k partials then a completed event with usage (+100 per partial)', async () => {
    const stream = await api.images.generate({ model: 'gpt-image-2', prompt: 'stream me', quality: 'low', stream: true, partial_images: 2 });
    const events: OpenAI.ImageGenStreamEvent[] = [];
    for await (const ev of stream) events.push(ev);
    expect(events.map((e) => e.type)).toEqual(['image_generation.partial_image', 'image_generation.partial_image', 'image_generation.completed']);
    expect(events.slice(0, 2).map((e) => (e as OpenAI.ImageGenPartialImageEvent).partial_image_index)).toEqual([0, 1]);
    const done = events[2] as OpenAI.ImageGenCompletedEvent;
    expect(done).toMatchObject({ size: '1024x1024', quality: 'low', background: 'opaque', output_format: 'png' });
    const text = textTokens('stream me');
    expect(done.usage).toEqual({ input_tokens: text, input_tokens_details: { text_tokens: text, image_tokens: 0 }, output_tokens: 196 + 200, total_tokens: text + 396 });
    // Partials sharpen towards the final image.
    const final = await decode(done.b64_json);
    const d0 = meanAbsDiff(await decode(events[0]!.b64_json), final);
    const d1 = meanAbsDiff(await decode(events[1]!.b64_json), final);
    expect(d0).toBeGreaterThan(d1);
    // Streamed or not, the image is the same picture (a repeat draws the next variation).
    const nonStream = await api.images.generate({ model: 'gpt-image-2', prompt: 'stream me, once', quality: 'low' });
    expect(nonStream.data![0]!.b64_json).not.toBe(done.b64_json);
  });

  it('with n > 1 streams each image in turn, input tokens on the first completed event', async () => {
    const stream = await api.images.generate({ model: 'gpt-image-2', prompt: 'two of them', quality: 'low', n: 2, stream: true, partial_images: 1, output_format: 'jpeg' });
    const events: OpenAI.ImageGenStreamEvent[] = [];
    for await (const ev of stream) events.push(ev);
    expect(events.map((e) => e.type.split('.')[1])).toEqual(['partial_image', 'completed', 'partial_image', 'completed']);
    const usages = events.filter((e): e is OpenAI.ImageGenCompletedEvent => e.type === 'image_generation.completed').map((e) => e.usage);
    expect(usages.map((u) => u.output_tokens)).toEqual([196 + 100, 196 + 100]);
    expect(usages.map((u) => u.input_tokens)).toEqual([textTokens('two of them'), 0]);
  });

  it('sends only the completed event when partial_images is 0', async () => {
    const stream = await api.images.generate({ model: 'gpt-image-2.5-flare', prompt: 'one shot', quality: 'low', stream: true });
    const types: string[] = [];
    for await (const ev of stream) types.push(ev.type);
    expect(types).toEqual(['image_generation.completed']);
  });
});
