// What the fake records about multipart requests (every part's name and
// Content-Type), and the optional per-model simulated latency.
import { afterAll, beforeAll, afterEach, describe, expect, it } from 'vitest';
import OpenAI, { toFile } from 'openai';
import sharp from 'sharp';
import { modelLatencyMs, scaleLatency, TYPICAL_MODEL_LATENCY } from '../fake-openai/latency';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { client, KEY, photo } from '../fake-openai/test-helpers';
import type { RecordedPart } from '../fake-openai/types';

let fake: FakeOpenAI;
let api: OpenAI;
let png256: Buffer;
let markup256: Buffer;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  api = client(fake.url);
  png256 = await photo(256, 256);
  const raw = Buffer.alloc(256 * 256 * 4);
  for (let i = 0; i < 256 * 40; i++) raw[i * 4 + 3] = 255; // an opaque band at the top, transparent below
  markup256 = await sharp(raw, { raw: { width: 256, height: 256, channels: 4 } }).png().toBuffer();
});
afterAll(() => fake.close());
afterEach(() => fake.setOptions({ modelLatency: {} }));

describe('recorded multipart parts', () => {
  it('lists every part with its name and Content-Type, files with filename and size', async () => {
    const logo = await photo(128, 64, 'jpeg');
    await api.images.edit({
      model: 'gpt-image-2.5-sunburst',
      prompt: 'put the logo on the shirt',
      image: [await toFile(png256, 'shirt.png', { type: 'image/png' }), await toFile(logo, 'logo.jpg', { type: 'image/jpeg' })],
      markup: await toFile(markup256, 'markup.png', { type: 'image/png' }),
      quality: 'low',
      safety_identifier: 'user-hash',
    });
    const rec = fake.requests.at(-1)!;
    expect(rec.status).toBe(200);
    const parts = rec.parts!;
    const byName = (name: string) => parts.filter((p) => p.name === name);
    expect(byName('image[]')).toEqual<RecordedPart[]>([
      { name: 'image[]', contentType: 'image/png', filename: 'shirt.png', bytes: png256.length },
      { name: 'image[]', contentType: 'image/jpeg', filename: 'logo.jpg', bytes: logo.length },
    ]);
    expect(byName('markup')).toEqual([{ name: 'markup', contentType: 'image/png', filename: 'markup.png', bytes: markup256.length }]);
    for (const field of ['model', 'prompt', 'quality', 'safety_identifier']) {
      expect(byName(field)).toEqual([{ name: field, contentType: null, bytes: Buffer.byteLength(String(rec.fields![field])) }]);
    }
    expect(parts).toHaveLength(7);
    // The old views stay as they were.
    expect(rec.files!.map((f) => [f.field, f.type])).toEqual(
      parts.filter((p) => p.filename !== undefined).map((p) => [p.name, p.contentType]),
    );
    // Over HTTP too.
    const listed = (await (await fetch(`${fake.url.replace(/\/v1$/, '')}/__fake/requests`)).json()) as { data: Array<{ parts?: RecordedPart[] }> };
    expect(listed.data.at(-1)!.parts).toEqual(parts);
  });

  it('keeps a text part\'s own Content-Type, read off the wire', async () => {
    const boundary = 'fakeboundary42';
    const part = (headers: string[], content: Buffer | string) =>
      Buffer.concat([Buffer.from(`--${boundary}\r\n${headers.join('\r\n')}\r\n\r\n`), Buffer.from(content), Buffer.from('\r\n')]);
    const body = Buffer.concat([
      part(['Content-Disposition: form-data; name="model"', 'Content-Type: text/plain; charset=utf-8'], 'gpt-image-2'),
      part(['Content-Disposition: form-data; name="prompt"'], 'p'),
      part(['Content-Disposition: form-data; name="quality"'], 'low'),
      part(['Content-Disposition: form-data; name="image"; filename="a.png"', 'Content-Type: image/png'], png256),
      Buffer.from(`--${boundary}--\r\n`),
    ]);
    const res = await fetch(`${fake.url}/images/edits`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
    });
    expect(res.status).toBe(200);
    expect(fake.requests.at(-1)!.parts).toEqual([
      { name: 'model', contentType: 'text/plain; charset=utf-8', bytes: 11 },
      { name: 'prompt', contentType: null, bytes: 1 },
      { name: 'quality', contentType: null, bytes: 3 },
      { name: 'image', contentType: 'image/png', filename: 'a.png', bytes: png256.length },
    ]);
  });

  it('records the parts of a rejected request too', async () => {
    await expect(
      api.images.edit({ model: 'gpt-image-2', prompt: 'p', image: await toFile(png256, 'a.png', { type: 'image/png' }), markup: await toFile(markup256, 'm.png', { type: 'image/png' }) }),
    ).rejects.toMatchObject({ status: 400, param: 'markup' });
    const rec = fake.requests.at(-1)!;
    expect(rec.status).toBe(400);
    expect(rec.parts!.map((p) => p.name)).toContain('markup');
  });
});

describe('simulated latency per model and quality', () => {
  const timed = async (model: string, quality: 'low' | 'max' | 'high', stream = false) => {
    const t = Date.now();
    if (stream) {
      const s = await api.images.generate({ model, prompt: 'slow', quality, output_format: 'jpeg', stream: true, partial_images: 1 });
      for await (const _ of s) void _;
    } else {
      await api.images.generate({ model, prompt: 'slow', quality, output_format: 'jpeg' });
    }
    return Date.now() - t;
  };

  it('is off by default and applies per model and quality once configured', async () => {
    expect(modelLatencyMs({}, 'gpt-image-2.6-sunburst', 'max')).toBe(0);
    fake.setOptions({ modelLatency: { 'gpt-image-2.6-sunburst': { max: 1200, '*': 0 }, 'gpt-image-2.5-flare': 700 } });
    expect(await timed('gpt-image-2.6-sunburst', 'max')).toBeGreaterThanOrEqual(1200);
    expect(await timed('gpt-image-2.6-sunburst', 'low')).toBeLessThan(1200);
    // A snapshot falls back to its alias; a stream spreads the delay over its events.
    expect(await timed('gpt-image-2.5-flare-2026-09-08', 'high', true)).toBeGreaterThanOrEqual(700);
  });

  it('the typical table: Flare is faster than Sunburst, higher quality slower; it scales', () => {
    const t = TYPICAL_MODEL_LATENCY;
    for (const q of ['low', 'medium', 'high', 'xhigh', 'max'] as const) {
      expect(modelLatencyMs(t, 'gpt-image-2.6-flare', q)).toBeLessThan(modelLatencyMs(t, 'gpt-image-2.6-sunburst', q));
    }
    expect(modelLatencyMs(t, 'gpt-image-2-2026-04-21', 'low')).toBeLessThan(modelLatencyMs(t, 'gpt-image-2', 'high'));
    expect(modelLatencyMs(scaleLatency(t, 0.01), 'gpt-image-2.6-sunburst', 'max')).toBe(modelLatencyMs(t, 'gpt-image-2.6-sunburst', 'max') / 100);
  });
});
