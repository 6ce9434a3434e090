// The fake's model roster (reference 2026-12 §1): what GET /v1/models lists,
// shutdown dates (announced by a test through the options), and the 404 that
// shut-down models answer.
import { afterAll, beforeAll, afterEach, describe, expect, it } from 'vitest';
import OpenAI, { NotFoundError, toFile } from 'openai';
import { DEFAULT_MODELS, FAKE_TODAY, LIST_SHUT_DOWN_MODELS } from '../fake-openai/models';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { body, client, failure, photo } from '../fake-openai/test-helpers';

let fake: FakeOpenAI;
let api: OpenAI;

const ACTIVE = [
  'gpt-image-2.6-sunburst',
  'gpt-image-2.6-flare',
  'gpt-image-2.5-sunburst',
  'gpt-image-2.5-sunburst-2026-09-08',
  'gpt-image-2.5-flare',
  'gpt-image-2.5-flare-2026-09-08',
  'gpt-image-2',
  'gpt-image-2-2026-04-21',
];
const SHUT_DOWN: Array<[string, string]> = [
  ['gpt-image-1', '2026-10-23'],
  ['gpt-image-1.5', '2026-12-01'],
  ['gpt-image-1.5-2025-12-16', '2026-12-01'],
  ['gpt-image-1-mini', '2026-12-01'],
  ['chatgpt-image-latest', '2026-12-01'],
];

beforeAll(async () => {
  fake = await startFakeOpenAI();
  api = client(fake.url);
});
afterAll(() => fake.close());
afterEach(() => fake.setOptions({ models: [...DEFAULT_MODELS], shutdownDates: {}, today: FAKE_TODAY, listShutDownModels: LIST_SHUT_DOWN_MODELS }));

const listed = async () => {
  const out: OpenAI.Model[] = [];
  for await (const m of api.models.list()) out.push(m);
  return new Map(out.map((m) => [m.id, m]));
};

describe('GET /v1/models', () => {
  it('lists the active image models with shutdown_date null, and a couple of other models', async () => {
    const models = await listed();
    for (const id of [...ACTIVE, 'gpt-5', 'text-embedding-3-small']) {
      expect(models.get(id)).toMatchObject({ id, object: 'model', owned_by: 'system', shutdown_date: null });
    }
    expect(models.get('gpt-image-2.6-flare')!.created).toBe(Date.parse('2026-11-04T00:00:00Z') / 1000);
    expect(models.has('dall-e-3')).toBe(false);
  });

  it('lists shut-down models with their past shutdown_date by default (the documented choice)', async () => {
    expect(LIST_SHUT_DOWN_MODELS).toBe(true);
    const models = await listed();
    for (const [id, date] of SHUT_DOWN) expect(models.get(id)?.shutdown_date).toBe(date);
    expect(await api.models.retrieve('gpt-image-1')).toMatchObject({ id: 'gpt-image-1', shutdown_date: '2026-10-23' });
  });

  it('with listShutDownModels off, shut-down models disappear from the list and retrieve', async () => {
    fake.setOptions({ listShutDownModels: false });
    const models = await listed();
    for (const [id] of SHUT_DOWN) expect(models.has(id)).toBe(false);
    for (const id of ACTIVE) expect(models.has(id)).toBe(true);
    expect(await failure(api.models.retrieve('gpt-image-1.5'))).toBeInstanceOf(NotFoundError);
  });

  it('a test can announce a shutdown; the model works until the fake\'s today reaches it', async () => {
    fake.setOptions({ shutdownDates: { 'gpt-image-2': '2027-03-01' } });
    expect((await listed()).get('gpt-image-2')?.shutdown_date).toBe('2027-03-01');
    expect((await api.models.retrieve('gpt-image-2')).shutdown_date).toBe('2027-03-01');
    await expect(api.images.generate({ model: 'gpt-image-2', prompt: 'still here', quality: 'low' })).resolves.toBeDefined();
    fake.setOptions({ today: '2027-03-01' });
    const err = await failure(api.images.generate({ model: 'gpt-image-2', prompt: 'gone' }));
    expect(err).toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });
    // The snapshot has its own date.
    await expect(api.images.generate({ model: 'gpt-image-2-2026-04-21', prompt: 'snapshot', quality: 'low' })).resolves.toBeDefined();
  });

  it('shutdown dates can also come with the model list, or over POST /__fake/options', async () => {
    fake.setOptions({ models: ['gpt-image-2.6-flare', { id: 'gpt-image-2.5-flare', shutdown_date: '2027-06-30' }] });
    const models = await listed();
    expect([...models.keys()]).toEqual(['gpt-image-2.6-flare', 'gpt-image-2.5-flare']);
    expect(models.get('gpt-image-2.5-flare')?.shutdown_date).toBe('2027-06-30');
    const res = await fetch(`${fake.url.replace(/\/v1$/, '')}/__fake/options`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ shutdownDates: { 'gpt-image-2.6-flare': '2026-12-04' } }),
    });
    expect(res.status).toBe(200);
    expect((await listed()).get('gpt-image-2.6-flare')?.shutdown_date).toBe('2026-12-04');
    expect(await failure(api.images.generate({ model: 'gpt-image-2.6-flare', prompt: 'x' }))).toMatchObject({ code: 'model_not_found' });
  });
});

describe('shut-down models', () => {
  it.each(SHUT_DOWN)('%s answers 404 model_not_found "has been deprecated" on generations and edits', async (model) => {
    const gen = await failure(api.images.generate({ model, prompt: 'x' }));
    expect(gen).toBeInstanceOf(NotFoundError);
    expect(body(gen)).toEqual({
      message: `The model \`${model}\` has been deprecated, learn more here: https://platform.openai.com/docs/deprecations`,
      type: 'invalid_request_error',
      param: 'model',
      code: 'model_not_found',
    });
    const png = await toFile(await photo(64, 64), 'a.png', { type: 'image/png' });
    const edit = await failure(api.images.edit({ model, prompt: 'x', image: png }));
    expect(edit).toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });
  });

  it('stays shut down even when hidden from the list or when today is set back', async () => {
    fake.setOptions({ models: ['gpt-image-2'], today: '2025-01-01' });
    expect(body(await failure(api.images.generate({ model: 'gpt-image-1.5', prompt: 'x' }))).message).toMatch(/has been deprecated/);
  });

  it('dall-e models are still refused as unknown; a non-image model lists only active image models', async () => {
    expect(body(await failure(api.images.generate({ model: 'dall-e-3', prompt: 'x' }))).message).toBe(
      'The model `dall-e-3` does not exist or you do not have access to it.',
    );
    const err = await failure(api.images.generate({ model: 'gpt-5', prompt: 'x' }));
    expect(err).toMatchObject({ status: 400, param: 'model', code: 'invalid_value' });
    expect(body(err).message).toBe(
      "Invalid value: 'gpt-5'. Supported values are: " + ACTIVE.map((m) => `'${m}'`).join(', ').replace(/, ('[^']+')$/, ', and $1') + '.',
    );
  });
});
