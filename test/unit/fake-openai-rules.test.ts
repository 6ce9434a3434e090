// Per-model parameter rules (reference 2026-12 §3): quality, complexity, output
// formats, transparent backgrounds, safety_identifier and moderation, over real
// HTTP with fetch (the SDK types lag some parameters).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { PLANNING_TOKENS } from '../fake-openai/tokens';
import { photo, postForm, postJson } from '../fake-openai/test-helpers';

let fake: FakeOpenAI;
let png64: Buffer;
beforeAll(async () => {
  fake = await startFakeOpenAI();
  png64 = await photo(64, 64);
});
afterAll(() => fake.close());

const V26 = ['gpt-image-2.6-sunburst', 'gpt-image-2.6-flare'];
const V25 = ['gpt-image-2.5-sunburst', 'gpt-image-2.5-sunburst-2026-09-08', 'gpt-image-2.5-flare', 'gpt-image-2.5-flare-2026-09-08'];
const V2 = ['gpt-image-2', 'gpt-image-2-2026-04-21'];
const gen = (body: Record<string, unknown>) => postJson(fake.url, '/images/generations', { prompt: 'a kite', quality: 'low', output_format: 'jpeg', ...body });
const expectError = (r: Awaited<ReturnType<typeof gen>>, status: number, param: string, code: string, message?: string | RegExp) => {
  expect(r.status).toBe(status);
  expect(r.json.error).toMatchObject({ type: 'invalid_request_error', param, code });
  if (typeof message === 'string') expect(r.json.error!.message).toBe(message);
  else if (message) expect(r.json.error!.message).toMatch(message);
};

describe('quality', () => {
  it.each([...V26, ...V25])('%s takes xhigh and max', async (model) => {
    for (const quality of ['xhigh', 'max']) {
      const r = await gen({ model, quality, size: '1024x640' });
      expect(r.status).toBe(200);
      expect(r.json.quality).toBe(quality);
    }
  });

  it.each(V2)('%s refuses xhigh and max with the API message', async (model) => {
    for (const q of ['xhigh', 'max']) {
      expectError(await gen({ model, quality: q }), 400, 'quality', 'invalid_value', `Invalid value: '${q}'. Supported values are: 'low', 'medium', 'high', and 'auto'.`);
    }
  });

  it('2.5 lists its six values when refusing one', async () => {
    expectError(await gen({ model: 'gpt-image-2.5-flare', quality: 'ultra' }), 400, 'quality', 'invalid_value',
      "Invalid value: 'ultra'. Supported values are: 'low', 'medium', 'high', 'xhigh', 'max', and 'auto'.");
  });
});

describe('complexity', () => {
  it.each(V26)('%s takes low|medium|high and bills planning as text output tokens', async (model) => {
    for (const complexity of ['low', 'medium', 'high'] as const) {
      const r = await gen({ model, complexity });
      expect(r.status).toBe(200);
      expect((r.json.usage as { output_tokens_details: unknown }).output_tokens_details).toEqual({ image_tokens: 196, text_tokens: PLANNING_TOKENS[complexity] });
    }
    expectError(await gen({ model, complexity: 'max' }), 400, 'complexity', 'invalid_value', "Invalid value: 'max'. Supported values are: 'low', 'medium', and 'high'.");
  });

  it.each([...V25, ...V2])('%s does not have it', async (model) => {
    expectError(await gen({ model, complexity: 'low' }), 400, 'complexity', 'unknown_parameter', "Unknown parameter: 'complexity'.");
    const usage = (await gen({ model })).json.usage as { output_tokens_details: { text_tokens: number } };
    expect(usage.output_tokens_details.text_tokens).toBe(0);
  });
});

describe('output formats', () => {
  it.each([...V25, ...V2])('%s has no gif or svg, nor their parameters', async (model) => {
    for (const output_format of ['gif', 'svg']) {
      expectError(await gen({ model, output_format }), 400, 'output_format', 'invalid_value',
        `Invalid value: '${output_format}'. Supported values are: 'png', 'jpeg', and 'webp'.`);
    }
    expectError(await gen({ model, frame_count: 4 }), 400, 'frame_count', 'unknown_parameter');
    expectError(await gen({ model, frame_duration_ms: 100 }), 400, 'frame_duration_ms', 'unknown_parameter');
    expectError(await gen({ model, svg: { model: 'gpt-5' } }), 400, 'svg', 'unknown_parameter');
  });
});

describe('transparent background', () => {
  it.each([...V25, ...V2])('%s allows it (2.5 supported, 2 in preview)', async (model) => {
    const r = await gen({ model, background: 'transparent', output_format: 'png' });
    expect(r.status).toBe(200);
    expect(r.json.background).toBe('transparent');
  });

  it.each(V26)('%s refuses it (UNCONFIRMED in the reference)', async (model) => {
    expectError(await gen({ model, background: 'transparent', output_format: 'png' }), 400, 'background', 'invalid_value',
      'Transparent background is not supported for this model.');
    expect((await gen({ model, background: 'opaque' })).status).toBe(200);
  });
});

describe('safety_identifier and user', () => {
  it('echoes a non-empty safety_identifier, else user, else null', async () => {
    expect((await gen({ model: 'gpt-image-2', safety_identifier: 'hash-1', user: 'u-1' })).json.safety_identifier).toBe('hash-1');
    expect((await gen({ model: 'gpt-image-2', safety_identifier: '', user: 'u-1' })).json.safety_identifier).toBe('u-1');
    expect((await gen({ model: 'gpt-image-2', safety_identifier: null, user: 'u-2' })).json.safety_identifier).toBe('u-2');
    expect((await gen({ model: 'gpt-image-2' })).json.safety_identifier).toBeNull();
  });

  it('caps safety_identifier at 64 characters and checks its type', async () => {
    expect((await gen({ model: 'gpt-image-2.6-flare', safety_identifier: 'a'.repeat(64) })).status).toBe(200);
    expectError(await gen({ model: 'gpt-image-2.6-flare', safety_identifier: 'a'.repeat(65) }), 400, 'safety_identifier', 'string_above_max_length', /maximum length 64/);
    expectError(await gen({ model: 'gpt-image-2.6-flare', safety_identifier: 7 }), 400, 'safety_identifier', 'invalid_type');
  });

  it('is echoed on the completed stream event and on multipart edits', async () => {
    const res = await fetch(`${fake.url}/images/generations`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test-1234', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-image-2.5-flare', prompt: 'p', quality: 'low', stream: true, partial_images: 1, safety_identifier: 'sid-9' }),
    });
    const events = (await res.text()).split('\n').filter((l) => l.startsWith('data: ')).map((l) => JSON.parse(l.slice(6)) as Record<string, unknown>);
    expect(events.map((e) => [e.type, e.safety_identifier])).toEqual([
      ['image_generation.partial_image', undefined],
      ['image_generation.completed', 'sid-9'],
    ]);
    const edit = await postForm(fake.url, '/images/edits', [
      ['model', 'gpt-image-2'],
      ['prompt', 'p'],
      ['quality', 'low'],
      ['user', 'legacy-user'],
      ['image', [png64, 'a.png', 'image/png']],
    ]);
    expect(edit.status).toBe(200);
    expect(edit.json.safety_identifier).toBe('legacy-user');
  });
});

describe('moderation', () => {
  it('is a generations parameter, also accepted on edits (multipart and JSON)', async () => {
    expect((await gen({ model: 'gpt-image-2.6-sunburst', moderation: 'low' })).status).toBe(200);
    const form = await postForm(fake.url, '/images/edits', [
      ['model', 'gpt-image-2.5-sunburst'],
      ['prompt', 'p'],
      ['quality', 'low'],
      ['moderation', 'low'],
      ['image', [png64, 'a.png', 'image/png']],
    ]);
    expect(form.status).toBe(200);
    const json = await postJson(fake.url, '/images/edits', {
      model: 'gpt-image-2.5-sunburst',
      prompt: 'p',
      quality: 'low',
      moderation: 'auto',
      images: [{ image_url: `data:image/png;base64,${png64.toString('base64')}` }],
    });
    expect(json.status).toBe(200);
  });
});
