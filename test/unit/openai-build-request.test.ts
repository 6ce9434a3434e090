import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { findModel, MODELS, type GenerateParams } from '../../electron/shared';
import { buildEditBody, buildGenerateBody, type EditParams } from '../../electron/core/openai/build-request';
import { makeClient } from '../../electron/core/openai/client';
import { startFakeOpenAI } from '../fake-openai/server';

const base: GenerateParams = {
  model: 'gpt-image-1.5',
  prompt: 'a teapot',
  n: 2,
  size: '1024x1024',
  quality: 'high',
  outputFormat: 'png',
  background: 'auto',
  moderation: 'low',
  stream: false,
  partialImages: 0,
};

const noEmpty = (body: object) => {
  for (const [k, v] of Object.entries(body)) {
    expect(v, k).not.toBeUndefined();
    expect(v, k).not.toBeNull();
  }
  expect(body).not.toHaveProperty('response_format');
};

const png = () => sharp({ create: { width: 32, height: 32, channels: 4, background: '#0a0' } }).png().toBuffer();

describe('buildGenerateBody', () => {
  it.each(MODELS.filter((m) => m.endpoints.generate).map((m) => m.id))('%s: model always named, nothing null', (id) => {
    const model = findModel(id)!;
    const body = buildGenerateBody({ ...base, model: id }, model, { stream: false });
    noEmpty(body);
    expect(body).toEqual({
      model: id,
      prompt: 'a teapot',
      n: 2,
      size: '1024x1024',
      quality: 'high',
      output_format: 'png',
      background: 'auto',
      moderation: 'low',
    });
  });

  it('sends output_compression only for jpeg and webp', () => {
    const model = findModel('gpt-image-1')!;
    expect(buildGenerateBody({ ...base, outputFormat: 'jpeg', outputCompression: 60 }, model, { stream: false })).toMatchObject({ output_compression: 60 });
    expect(buildGenerateBody({ ...base, outputFormat: 'webp', outputCompression: 0 }, model, { stream: false })).toMatchObject({ output_compression: 0 });
    expect(buildGenerateBody({ ...base, outputFormat: 'png', outputCompression: 60 }, model, { stream: false })).not.toHaveProperty('output_compression');
    expect(buildGenerateBody({ ...base, outputFormat: 'jpeg' }, model, { stream: false })).not.toHaveProperty('output_compression');
  });

  it('sends stream and partial_images only when streaming, and n per request', () => {
    const model = findModel('gpt-image-2')!;
    const p = { ...base, model: 'gpt-image-2', stream: true, partialImages: 3, size: '2048x1152' };
    expect(buildGenerateBody(p, model, { stream: false })).not.toHaveProperty('stream');
    expect(buildGenerateBody(p, model, { stream: false })).not.toHaveProperty('partial_images');
    const streamed = buildGenerateBody(p, model, { stream: true, n: 1 });
    expect(streamed).toMatchObject({ stream: true, partial_images: 3, n: 1, size: '2048x1152' });
    expect(buildGenerateBody({ ...p, partialImages: 0 }, model, { stream: true })).toMatchObject({ stream: true, partial_images: 0 });
  });

  it('keeps transparent backgrounds where the model makes them', () => {
    const body = buildGenerateBody({ ...base, background: 'transparent', outputFormat: 'webp' }, findModel('gpt-image-1-mini')!, { stream: false });
    expect(body.background).toBe('transparent');
  });
});

describe('buildEditBody', () => {
  const edit = async (id: string, over: Partial<EditParams> = {}) =>
    buildEditBody(
      { ...base, model: id, inputFidelity: 'high', images: [{ bytes: await png(), name: 'face.png', type: 'image/png' }], ...over },
      findModel(id)!,
      { stream: false },
    );

  it('sends input_fidelity only where the model lets you choose', async () => {
    expect((await edit('gpt-image-1')).input_fidelity).toBe('high');
    expect((await edit('gpt-image-1.5')).input_fidelity).toBe('high');
    expect((await edit('chatgpt-image-latest')).input_fidelity).toBe('high');
    expect(await edit('gpt-image-2')).not.toHaveProperty('input_fidelity');
    expect(await edit('gpt-image-1-mini')).not.toHaveProperty('input_fidelity');
    expect(await edit('gpt-image-1', { inputFidelity: undefined })).not.toHaveProperty('input_fidelity');
  });

  it('never sends moderation (not in the multipart schema), null or undefined', async () => {
    for (const m of MODELS) {
      const body = await edit(m.id);
      noEmpty(body);
      expect(body).not.toHaveProperty('moderation');
      expect(body.model).toBe(m.id);
    }
  });

  it('gives every file an explicit MIME type; one image goes as `image`, several as a list', async () => {
    const jpg = await sharp(await png()).flatten().jpeg().toBuffer();
    const one = await edit('gpt-image-1.5');
    expect((one.image as File).type).toBe('image/png');
    expect((one.image as File).name).toBe('face.png');
    const many = await edit('gpt-image-1.5', {
      images: [
        { bytes: await png(), name: 'a.png', type: 'image/png' },
        { bytes: jpg, name: 'b.jpg', type: 'image/jpeg' },
      ],
      mask: { bytes: await png() },
    });
    expect((many.image as File[]).map((f) => f.type)).toEqual(['image/png', 'image/jpeg']);
    expect((many.mask as File).type).toBe('image/png');
  });

  it('arrives at the server as typed image[] parts with the fields we meant', async () => {
    const fake = await startFakeOpenAI();
    try {
      const client = makeClient({ apiKey: 'sk-test-build-0000000000', baseURL: fake.url });
      const body = await edit('gpt-image-2', {
        images: [
          { bytes: await png(), name: 'a.png', type: 'image/png' },
          { bytes: await png(), name: 'b.png', type: 'image/png' },
        ],
      });
      await client.images.edit({ ...body, stream: false });
      const rec = fake.requests.at(-1)!;
      expect(rec.status).toBe(200);
      expect(rec.files?.map((f) => [f.field, f.type])).toEqual([
        ['image[]', 'image/png'],
        ['image[]', 'image/png'],
      ]);
      expect(rec.fields).not.toHaveProperty('input_fidelity');
      expect(rec.fields).not.toHaveProperty('response_format');
      expect(rec.fields).toMatchObject({ model: 'gpt-image-2', n: '2', quality: 'high' });
    } finally {
      await fake.close();
    }
  });
});
