// The fake's /v1/images/edits: multipart uploads through the real SDK, the JSON
// form, input checks (MIME, bytes, mask), auto sizing, input-image tokens and
// the multipart/JSON parameter schemas. Pixels (drift, markup): fake-openai-pixels.test.ts.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI, { BadRequestError, toFile } from 'openai';
import sharp from 'sharp';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { inputImageTokens, outputImageTokens, textTokens } from '../fake-openai/tokens';
import { body, client, decode, failure, mask, photo } from '../fake-openai/test-helpers';

let fake: FakeOpenAI;
let api: OpenAI;
let png1024: Buffer;
let jpeg640: Buffer;
let mask1024: Buffer;
const HOLE = { left: 384, top: 384, width: 256, height: 256 };

const png = (buf: Buffer, name = 'a.png') => toFile(buf, name, { type: 'image/png' });

beforeAll(async () => {
  fake = await startFakeOpenAI();
  api = client(fake.url);
  [png1024, jpeg640, mask1024] = await Promise.all([photo(1024, 1024, 'png', true), photo(640, 480, 'jpeg'), mask(1024, 1024, HOLE)]);
});
afterAll(() => fake.close());

describe('multipart edits', () => {
  it('records image[] ×2 and the mask, with dimensions and alpha', async () => {
    const prompt = 'put the logo on the mug';
    const res = await api.images.edit({
      model: 'gpt-image-2.5-sunburst',
      prompt,
      image: [await png(png1024, 'mug.png'), await toFile(jpeg640, 'logo.jpg', { type: 'image/jpeg' })],
      mask: await png(mask1024, 'mask.png'),
      quality: 'low',
      size: '1024x1024',
    });
    const rec = fake.requests.at(-1)!;
    expect(rec.status).toBe(200);
    expect(rec.fields).toMatchObject({ model: 'gpt-image-2.5-sunburst', prompt, quality: 'low', size: '1024x1024' });
    // The SDK decides where the mask goes among the parts; the images keep their order.
    const described = (rec.files ?? []).map(({ data: _data, ...f }) => f);
    expect(described.filter((f) => f.field === 'image[]')).toEqual([
      { field: 'image[]', filename: 'mug.png', type: 'image/png', bytes: png1024.length, width: 1024, height: 1024, channels: 4, hasAlpha: true, format: 'png' },
      { field: 'image[]', filename: 'logo.jpg', type: 'image/jpeg', bytes: jpeg640.length, width: 640, height: 480, channels: 3, hasAlpha: false, format: 'jpeg' },
    ]);
    expect(described.filter((f) => f.field === 'mask')).toEqual([
      { field: 'mask', filename: 'mask.png', type: 'image/png', bytes: mask1024.length, width: 1024, height: 1024, channels: 4, hasAlpha: true, format: 'png' },
    ]);
    // Every active model bills input images with the high-fidelity surcharge (4160 square, 6240 otherwise).
    const imageTokens = inputImageTokens(1024, 1024, true) + inputImageTokens(640, 480, true);
    expect(imageTokens).toBe(194 + 4160 + 323 + 6240);
    expect(res.usage).toMatchObject({
      input_tokens: textTokens(prompt) + imageTokens,
      input_tokens_details: { text_tokens: textTokens(prompt), image_tokens: imageTokens },
      output_tokens: 196,
    });
  });

  it('a single image goes as `image` and auto size follows its aspect', async () => {
    const wide = await photo(1500, 1000);
    const res = await api.images.edit({ model: 'gpt-image-2.5-flare', prompt: 'wider', image: await png(wide), quality: 'low' });
    expect(fake.requests.at(-1)!.files!.map((f) => f.field)).toEqual(['image']);
    expect(res.size).toBe('1536x1024');
    const img = await decode(res.data![0]!.b64_json!);
    expect([img.width, img.height]).toEqual([1536, 1024]);
    expect(res.usage?.input_tokens_details.image_tokens).toBe(65 + 129 * 2 + 6240);
    expect(res.usage?.output_tokens).toBe(outputImageTokens('gpt-image-2.5-flare', 'low', 1536, 1024));
  });

  it.each(['gpt-image-2', 'gpt-image-2.5-sunburst', 'gpt-image-2.5-flare-2026-09-08', 'gpt-image-2.6-sunburst', 'gpt-image-2.6-flare'])(
    '%s refuses input_fidelity as an unknown parameter',
    async (model) => {
      const err = await failure(api.images.edit({ model, prompt: 'p', image: await png(png1024), input_fidelity: 'high' }));
      expect(err).toMatchObject({ status: 400, type: 'invalid_request_error', param: 'input_fidelity', code: 'unknown_parameter' });
      expect(body(err).message).toBe("Unknown parameter: 'input_fidelity'.");
    },
  );

  it('rejects a part sent as application/octet-stream', async () => {
    const err = await failure(api.images.edit({ model: 'gpt-image-2', prompt: 'p', image: await toFile(png1024, 'a.png') }));
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err).toMatchObject({ type: 'invalid_request_error', param: 'image' });
    expect(body(err).message).toBe(
      "Invalid file 'image': unsupported mimetype ('application/octet-stream'). Supported file formats are 'image/jpeg', 'image/png', and 'image/webp'.",
    );
    expect(fake.requests.at(-1)!.files![0]!.type).toBe('application/octet-stream');
  });

  it('rejects bytes that do not decode or do not match the declared type', async () => {
    const mismatch = await failure(
      api.images.edit({ model: 'gpt-image-2', prompt: 'p', image: [await png(png1024), await toFile(jpeg640, 'x.png', { type: 'image/png' })] }),
    );
    expect(mismatch).toMatchObject({ status: 400, type: 'image_generation_user_error', code: 'invalid_image_file' });
    expect(body(mismatch).message).toBe('Invalid image file or mode for image 2, please check your image file.');
    const garbage = await failure(api.images.edit({ model: 'gpt-image-2', prompt: 'p', image: await png(Buffer.from('not an image')) }));
    expect(garbage).toMatchObject({ code: 'invalid_image_file' });
  });

  it('checks the mask: size, alpha channel and PNG format', async () => {
    const small = await failure(api.images.edit({ model: 'gpt-image-2', prompt: 'p', image: await png(png1024), mask: await png(await mask(512, 512, HOLE)) }));
    expect(small).toMatchObject({ status: 400, type: 'invalid_request_error', param: 'mask' });
    expect(body(small).message).toMatch(/mask size \(512x512\) does not match image size \(1024x1024\)/);
    const rgb = await sharp({ create: { width: 1024, height: 1024, channels: 3, background: '#000' } }).png().toBuffer();
    const noAlpha = await failure(api.images.edit({ model: 'gpt-image-2', prompt: 'p', image: await png(png1024), mask: await png(rgb) }));
    expect(body(noAlpha).message).toMatch(/alpha channel/);
    const jpg = await sharp(rgb).jpeg().toBuffer();
    const notPng = await failure(api.images.edit({ model: 'gpt-image-2', prompt: 'p', image: await png(png1024), mask: await toFile(jpg, 'm.jpg', { type: 'image/jpeg' }) }));
    expect(notPng).toMatchObject({ param: 'mask' });
    expect(body(notPng).message).toMatch(/must be a PNG/);
  });

  it('limits the number of images to 16 and requires one', async () => {
    const tiny = await photo(32, 32);
    const files = await Promise.all(Array.from({ length: 17 }, (_, i) => png(tiny, `${i}.png`)));
    const err = await failure(api.images.edit({ model: 'gpt-image-2', prompt: 'p', image: files }));
    expect(err).toMatchObject({ status: 400, param: 'image', code: 'array_above_max_length' });
    const none = await failure(api.images.edit({ model: 'gpt-image-2', prompt: 'p' } as unknown as OpenAI.ImageEditParamsNonStreaming));
    expect(none).toMatchObject({ status: 400, param: 'image', code: 'missing_required_parameter' });
  });

  it('without a model falls back to the shut-down gpt-image-1.5 (404); accepts moderation as a form field', async () => {
    const none = await failure(api.images.edit({ prompt: 'p', image: await png(png1024) } as OpenAI.ImageEditParamsNonStreaming));
    expect(none).toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });
    expect(body(none).message).toMatch(/^The model `gpt-image-1.5` has been deprecated/);
    const res = await api.images.edit({ model: 'gpt-image-2', prompt: 'p', image: await png(png1024), quality: 'low', moderation: 'low' } as OpenAI.ImageEditParamsNonStreaming);
    expect(res.usage?.output_tokens).toBe(196);
    const err = await failure(api.images.edit({ model: 'gpt-image-2', prompt: 'p', image: await png(png1024), response_format: 'b64_json' }));
    expect(err).toMatchObject({ status: 400, param: 'response_format', code: 'unknown_parameter' });
  });

  it('streams image_edit.* events', async () => {
    const stream = await api.images.edit({ model: 'gpt-image-2', prompt: 'p', image: await png(png1024), quality: 'low', stream: true, partial_images: 1 });
    const types: string[] = [];
    let usage: OpenAI.ImageEditCompletedEvent['usage'] | undefined;
    for await (const ev of stream) {
      types.push(ev.type);
      if (ev.type === 'image_edit.completed') usage = ev.usage;
    }
    expect(types).toEqual(['image_edit.partial_image', 'image_edit.completed']);
    expect(usage?.output_tokens).toBe(196 + 100);
    expect(usage?.input_tokens_details.image_tokens).toBe(194 + 4160);
  });
});

describe('JSON edits', () => {
  const dataUrl = (buf: Buffer, type = 'image/png') => `data:${type};base64,${buf.toString('base64')}`;
  const post = (body: Record<string, unknown>) => api.post<OpenAI.ImagesResponse>('/images/edits', { body });

  it('accepts images[] as data URLs with a mask, and records a truncated body', async () => {
    const res = await post({ model: 'gpt-image-2', prompt: 'json edit', images: [{ image_url: dataUrl(png1024) }], mask: { image_url: dataUrl(mask1024) }, quality: 'low' });
    expect(res.size).toBe('1024x1024');
    expect(res.usage?.input_tokens_details.image_tokens).toBe(194 + 4160);
    const rec = fake.requests.at(-1)!;
    const json = rec.json as { images: Array<{ image_url: string }>; prompt: string };
    expect(json.prompt).toBe('json edit');
    expect(json.images[0]!.image_url.length).toBeLessThan(120);
  });

  it('resolves file_id from the configured files and rejects unknown ids', async () => {
    fake.setOptions({ files: { 'file-abc123': png1024 } });
    const res = await post({ model: 'gpt-image-2', prompt: 'by id', images: [{ file_id: 'file-abc123' }], quality: 'low' });
    expect(res.data).toHaveLength(1);
    const err = await failure(post({ model: 'gpt-image-2', prompt: 'by id', images: [{ file_id: 'file-nope' }] }));
    expect(err).toMatchObject({ status: 400, param: 'images[0].file_id' });
  });

  it('downloads http image URLs', async () => {
    const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpeg640));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/logo.jpg`;
      const res = await post({ model: 'gpt-image-2', prompt: 'from url', images: [{ image_url: url }], quality: 'low' });
      expect(res.size).toBe('1536x1024');
    } finally {
      server.close();
    }
  });

  it.each([
    ['no images', { prompt: 'p' }, 'images', 'missing_required_parameter'],
    ['empty images', { prompt: 'p', images: [] }, 'images', 'empty_array'],
    ['both url and file id', { prompt: 'p', images: [{ image_url: 'data:image/png;base64,AA==', file_id: 'file-x' }] }, 'images[0]', 'invalid_value'],
    ['extra key', { prompt: 'p', images: [{ url: 'x' }] }, 'images[0].url', 'unknown_parameter'],
    ['multipart-only field', { prompt: 'p', images: [{ file_id: 'file-abc123' }], response_format: 'url' }, 'response_format', 'unknown_parameter'],
    ['bad size', { prompt: 'p', images: [{ file_id: 'file-abc123' }], size: '512x512' }, 'size', 'invalid_value'],
    ['markup (multipart only)', { prompt: 'p', images: [{ file_id: 'file-abc123' }], markup: { file_id: 'file-abc123' } }, 'markup', 'unknown_parameter'],
  ])('rejects %s', async (_name, req, param, code) => {
    const err = await failure(post({ model: 'gpt-image-2.5-sunburst', ...req }));
    expect(err).toMatchObject({ status: 400, type: 'invalid_request_error', param, code });
  });
});
