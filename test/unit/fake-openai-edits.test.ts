// The fake's /v1/images/edits: multipart uploads through the real SDK, the JSON
// form, input checks (MIME, bytes, mask), auto sizing, input-image tokens and
// the drift outside the mask that input_fidelity controls.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI, { BadRequestError, toFile } from 'openai';
import sharp from 'sharp';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { inputImageTokens, outputImageTokens, textTokens } from '../fake-openai/tokens';
import { body, client, decode, failure, mask, meanAbsDiff, photo } from '../fake-openai/test-helpers';

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
  it('records image[] ×2 and the mask in order, with dimensions and alpha', async () => {
    const prompt = 'put the logo on the mug';
    const res = await api.images.edit({
      model: 'gpt-image-1.5',
      prompt,
      image: [await png(png1024, 'mug.png'), await toFile(jpeg640, 'logo.jpg', { type: 'image/jpeg' })],
      mask: await png(mask1024, 'mask.png'),
      quality: 'low',
      size: '1024x1024',
    });
    const rec = fake.requests.at(-1)!;
    expect(rec.status).toBe(200);
    expect(rec.fields).toMatchObject({ model: 'gpt-image-1.5', prompt, quality: 'low', size: '1024x1024' });
    expect(rec.files?.map(({ data: _data, ...f }) => f)).toEqual([
      { field: 'image[]', filename: 'mug.png', type: 'image/png', bytes: png1024.length, width: 1024, height: 1024, channels: 4, hasAlpha: true, format: 'png' },
      { field: 'image[]', filename: 'logo.jpg', type: 'image/jpeg', bytes: jpeg640.length, width: 640, height: 480, channels: 3, hasAlpha: false, format: 'jpeg' },
      { field: 'mask', filename: 'mask.png', type: 'image/png', bytes: mask1024.length, width: 1024, height: 1024, channels: 4, hasAlpha: true, format: 'png' },
    ]);
    const imageTokens = inputImageTokens(1024, 1024, false) + inputImageTokens(640, 480, false);
    expect(imageTokens).toBe(194 + 323);
    expect(res.usage).toMatchObject({
      input_tokens: textTokens(prompt) + imageTokens,
      input_tokens_details: { text_tokens: textTokens(prompt), image_tokens: imageTokens },
      output_tokens: 272,
    });
  });

  it('a single image goes as `image`, auto size follows its aspect, and high fidelity adds tokens', async () => {
    const wide = await photo(1500, 1000);
    const res = await api.images.edit({ model: 'gpt-image-1', prompt: 'wider', image: await png(wide), input_fidelity: 'high', quality: 'low' });
    expect(fake.requests.at(-1)!.files!.map((f) => f.field)).toEqual(['image']);
    expect(res.size).toBe('1536x1024');
    const img = await decode(res.data![0]!.b64_json!);
    expect([img.width, img.height]).toEqual([1536, 1024]);
    expect(res.usage?.input_tokens_details.image_tokens).toBe(65 + 129 * 2 + 6240);
    expect(res.usage?.output_tokens).toBe(outputImageTokens('gpt-image-1', 'low', 1536, 1024));
  });

  it('gpt-image-2 always bills high fidelity and refuses input_fidelity', async () => {
    const res = await api.images.edit({ model: 'gpt-image-2', prompt: 'p', image: await png(png1024), quality: 'low', output_format: 'jpeg' });
    expect(res.usage?.input_tokens_details.image_tokens).toBe(194 + 4160);
    const err = await failure(api.images.edit({ model: 'gpt-image-2', prompt: 'p', image: await png(png1024), input_fidelity: 'low' }));
    expect(err).toMatchObject({ status: 400, param: 'input_fidelity', code: 'unsupported_parameter' });
    expect(body(err).message).toMatch(/always processed at high fidelity/);
    const mini = await failure(api.images.edit({ model: 'gpt-image-1-mini', prompt: 'p', image: await png(png1024), input_fidelity: 'high' }));
    expect(mini).toMatchObject({ status: 400, param: 'input_fidelity', code: 'unsupported_parameter' });
  });

  it('rejects a part sent as application/octet-stream', async () => {
    const err = await failure(api.images.edit({ model: 'gpt-image-1', prompt: 'p', image: await toFile(png1024, 'a.png') }));
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err).toMatchObject({ type: 'invalid_request_error', param: 'image' });
    expect(body(err).message).toBe(
      "Invalid file 'image': unsupported mimetype ('application/octet-stream'). Supported file formats are 'image/jpeg', 'image/png', and 'image/webp'.",
    );
    expect(fake.requests.at(-1)!.files![0]!.type).toBe('application/octet-stream');
  });

  it('rejects bytes that do not decode or do not match the declared type', async () => {
    const mismatch = await failure(
      api.images.edit({ model: 'gpt-image-1', prompt: 'p', image: [await png(png1024), await toFile(jpeg640, 'x.png', { type: 'image/png' })] }),
    );
    expect(mismatch).toMatchObject({ status: 400, type: 'image_generation_user_error', code: 'invalid_image_file' });
    expect(body(mismatch).message).toBe('Invalid image file or mode for image 2, please check your image file.');
    const garbage = await failure(api.images.edit({ model: 'gpt-image-1', prompt: 'p', image: await png(Buffer.from('not an image')) }));
    expect(garbage).toMatchObject({ code: 'invalid_image_file' });
  });

  it('checks the mask: size, alpha channel and PNG format', async () => {
    const small = await failure(api.images.edit({ model: 'gpt-image-1', prompt: 'p', image: await png(png1024), mask: await png(await mask(512, 512, HOLE)) }));
    expect(small).toMatchObject({ status: 400, type: 'invalid_request_error', param: 'mask' });
    expect(body(small).message).toMatch(/mask size \(512x512\) does not match image size \(1024x1024\)/);
    const rgb = await sharp({ create: { width: 1024, height: 1024, channels: 3, background: '#000' } }).png().toBuffer();
    const noAlpha = await failure(api.images.edit({ model: 'gpt-image-1', prompt: 'p', image: await png(png1024), mask: await png(rgb) }));
    expect(body(noAlpha).message).toMatch(/alpha channel/);
    const jpg = await sharp(rgb).jpeg().toBuffer();
    const notPng = await failure(api.images.edit({ model: 'gpt-image-1', prompt: 'p', image: await png(png1024), mask: await toFile(jpg, 'm.jpg', { type: 'image/jpeg' }) }));
    expect(notPng).toMatchObject({ param: 'mask' });
    expect(body(notPng).message).toMatch(/must be a PNG/);
  });

  it('limits the number of images to 16 and requires one', async () => {
    const tiny = await photo(32, 32);
    const files = await Promise.all(Array.from({ length: 17 }, (_, i) => png(tiny, `${i}.png`)));
    const err = await failure(api.images.edit({ model: 'gpt-image-1', prompt: 'p', image: files }));
    expect(err).toMatchObject({ status: 400, param: 'image', code: 'array_above_max_length' });
    const none = await failure(api.images.edit({ model: 'gpt-image-1', prompt: 'p' } as unknown as OpenAI.ImageEditParamsNonStreaming));
    expect(none).toMatchObject({ status: 400, param: 'image', code: 'missing_required_parameter' });
  });

  it('defaults the model to gpt-image-1.5 and accepts moderation as a form field', async () => {
    const res = await api.images.edit({ prompt: 'p', image: await png(png1024), quality: 'low', moderation: 'low' } as OpenAI.ImageEditParamsNonStreaming);
    expect(res.usage?.output_tokens).toBe(272);
    const err = await failure(api.images.edit({ model: 'gpt-image-1', prompt: 'p', image: await png(png1024), response_format: 'b64_json' }));
    expect(err).toMatchObject({ status: 400, param: 'response_format', code: 'unknown_parameter' });
  });

  it('streams image_edit.* events', async () => {
    const stream = await api.images.edit({ model: 'gpt-image-1', prompt: 'p', image: await png(png1024), quality: 'low', stream: true, partial_images: 1 });
    const types: string[] = [];
    let usage: OpenAI.ImageEditCompletedEvent['usage'] | undefined;
    for await (const ev of stream) {
      types.push(ev.type);
      if (ev.type === 'image_edit.completed') usage = ev.usage;
    }
    expect(types).toEqual(['image_edit.partial_image', 'image_edit.completed']);
    expect(usage?.output_tokens).toBe(272 + 100);
    expect(usage?.input_tokens_details.image_tokens).toBe(194);
  });
});

describe('what an edit does to pixels', () => {
  const outside = (x: number, y: number) =>
    x < HOLE.left - 16 || x >= HOLE.left + HOLE.width + 16 || y < HOLE.top - 16 || y >= HOLE.top + HOLE.height + 16;
  const inside = (x: number, y: number) => x >= HOLE.left + 16 && x < HOLE.left + HOLE.width - 16 && y >= HOLE.top + 16 && y < HOLE.top + HOLE.height - 16;

  it('drifts outside the mask, much less with input_fidelity=high, and repaints inside it', async () => {
    const edit = async (input_fidelity: 'low' | 'high') =>
      api.images.edit({ model: 'gpt-image-1', prompt: 'a red balloon', image: await png(png1024), mask: await png(mask1024), input_fidelity, quality: 'low', size: '1024x1024' });
    const [low, high] = await Promise.all([edit('low'), edit('high')]);
    const original = await decode(png1024);
    const lowImg = await decode(low.data![0]!.b64_json!);
    const highImg = await decode(high.data![0]!.b64_json!);
    const driftLow = meanAbsDiff(original, lowImg, outside);
    const driftHigh = meanAbsDiff(original, highImg, outside);
    expect(driftHigh).toBeGreaterThan(0.5);
    expect(driftLow).toBeGreaterThan(driftHigh * 2);
    expect(driftLow).toBeLessThan(40);
    expect(meanAbsDiff(original, highImg, inside)).toBeGreaterThan(30);
  });

  it('without a mask restyles the whole image; extra inputs show up in the corner', async () => {
    const one = await api.images.edit({ model: 'gpt-image-1', prompt: 'restyle', image: await png(png1024), quality: 'low', size: '1024x1024' });
    const two = await api.images.edit({
      model: 'gpt-image-1',
      prompt: 'restyle',
      image: [await png(png1024), await toFile(jpeg640, 'logo.jpg', { type: 'image/jpeg' })],
      quality: 'low',
      size: '1024x1024',
    });
    const original = await decode(png1024);
    const a = await decode(one.data![0]!.b64_json!);
    const b = await decode(two.data![0]!.b64_json!);
    expect(meanAbsDiff(original, a)).toBeGreaterThan(10);
    const corner = (x: number, y: number) => x > 850 && y > 850;
    const topLeft = (x: number, y: number) => x < 500 && y < 500;
    expect(meanAbsDiff(a, b, corner)).toBeGreaterThan(20);
    expect(meanAbsDiff(a, b, topLeft)).toBe(0);
  });
});

describe('JSON edits', () => {
  const dataUrl = (buf: Buffer, type = 'image/png') => `data:${type};base64,${buf.toString('base64')}`;
  const post = (body: Record<string, unknown>) => api.post<OpenAI.ImagesResponse>('/images/edits', { body });

  it('accepts images[] as data URLs with a mask, and records a truncated body', async () => {
    const res = await post({ model: 'gpt-image-1.5', prompt: 'json edit', images: [{ image_url: dataUrl(png1024) }], mask: { image_url: dataUrl(mask1024) }, quality: 'low' });
    expect(res.size).toBe('1024x1024');
    expect(res.usage?.input_tokens_details.image_tokens).toBe(194);
    const rec = fake.requests.at(-1)!;
    const json = rec.json as { images: Array<{ image_url: string }>; prompt: string };
    expect(json.prompt).toBe('json edit');
    expect(json.images[0]!.image_url.length).toBeLessThan(120);
  });

  it('resolves file_id from the configured files and rejects unknown ids', async () => {
    fake.setOptions({ files: { 'file-abc123': png1024 } });
    const res = await post({ model: 'gpt-image-1', prompt: 'by id', images: [{ file_id: 'file-abc123' }], quality: 'low' });
    expect(res.data).toHaveLength(1);
    const err = await failure(post({ model: 'gpt-image-1', prompt: 'by id', images: [{ file_id: 'file-nope' }] }));
    expect(err).toMatchObject({ status: 400, param: 'images[0].file_id' });
  });

  it('downloads http image URLs', async () => {
    const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpeg640));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/logo.jpg`;
      const res = await post({ model: 'gpt-image-1', prompt: 'from url', images: [{ image_url: url }], quality: 'low' });
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
    ['bad size for 1.5', { prompt: 'p', images: [{ file_id: 'file-abc123' }], size: '512x512' }, 'size', 'invalid_value'],
  ])('rejects %s', async (_name, req, param, code) => {
    const err = await failure(post({ model: 'gpt-image-1.5', ...req }));
    expect(err).toMatchObject({ status: 400, type: 'invalid_request_error', param, code });
  });
});
