import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { findModel, MODELS, modelState, type GenerateParams } from '../../electron/shared';
import { buildEditBody, buildGenerateBody, type EditParams } from '../../electron/core/openai/build-request';
import { makeClient } from '../../electron/core/openai/client';
import { startFakeOpenAI } from '../fake-openai/server';

const base: GenerateParams = {
  model: 'gpt-image-2.6-sunburst',
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

const TODAY = { today: '2026-12-04', shutdowns: {} };
const ACTIVE = MODELS.filter((m) => modelState(m, TODAY) !== 'shutdown');

describe('buildGenerateBody', () => {
  it.each(ACTIVE.filter((m) => m.endpoints.generate).map((m) => m.id))('%s: model always named, nothing null', (id) => {
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
    const model = findModel('gpt-image-2.5-flare')!;
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
    const body = buildGenerateBody({ ...base, background: 'transparent', outputFormat: 'webp' }, findModel('gpt-image-2.5-sunburst')!, { stream: false });
    expect(body.background).toBe('transparent');
  });

  it('sends complexity only to 2.6, and the safety identifier instead of user', () => {
    const p = { ...base, complexity: 'high' as const };
    expect(buildGenerateBody(p, findModel('gpt-image-2.6-flare')!, { stream: false, safetyIdentifier: 'abc123' })).toMatchObject({ complexity: 'high', safety_identifier: 'abc123' });
    const old = buildGenerateBody(p, findModel('gpt-image-2.5-flare')!, { stream: false, safetyIdentifier: 'abc123' });
    expect(old).not.toHaveProperty('complexity');
    expect(old).not.toHaveProperty('user');
  });

  it('GIF: frame fields (duration rounded to 10 ms), never streamed', () => {
    const model = findModel('gpt-image-2.6-flare')!;
    const body = buildGenerateBody({ ...base, n: 1, outputFormat: 'gif', gif: { frames: 12, frameMs: 146 }, stream: true, partialImages: 2 }, model, { stream: true });
    expect(body).toMatchObject({ output_format: 'gif', frame_count: 12, frame_duration_ms: 150 });
    expect(body).not.toHaveProperty('stream');
    expect(body).not.toHaveProperty('partial_images');
    expect(body).not.toHaveProperty('output_compression');
  });

  it('SVG: the svg object only with an author model, never streamed', () => {
    const model = findModel('gpt-image-2.6-sunburst')!;
    const plain = buildGenerateBody({ ...base, n: 1, outputFormat: 'svg', svg: {}, stream: true, partialImages: 1 }, model, { stream: true });
    expect(plain).not.toHaveProperty('svg');
    expect(plain).not.toHaveProperty('stream');
    const authored = buildGenerateBody({ ...base, n: 1, outputFormat: 'svg', svg: { model: 'gpt-5', effort: 'low' } }, model, { stream: false });
    expect(authored.svg).toEqual({ model: 'gpt-5', reasoning: { effort: 'low' } });
  });
});

describe('buildEditBody', () => {
  const edit = async (id: string, over: Partial<EditParams> = {}) =>
    buildEditBody(
      { ...base, model: id, inputFidelity: 'high', images: [{ bytes: await png(), name: 'face.png', type: 'image/png' }], ...over },
      findModel(id)!,
      { stream: false },
    );

  it('never sends input_fidelity to a model of today (none takes it)', async () => {
    for (const m of ACTIVE) expect(await edit(m.id)).not.toHaveProperty('input_fidelity');
  });

  it('sends markup as a PNG part to models that take it, and never with a mask', async () => {
    const withMarkup = await edit('gpt-image-2.6-sunburst', { markup: { bytes: await png() } });
    expect((withMarkup.markup as File).type).toBe('image/png');
    expect(await edit('gpt-image-2', { markup: { bytes: await png() } })).not.toHaveProperty('markup');
    const both = await edit('gpt-image-2.5-flare', { markup: { bytes: await png() }, mask: { bytes: await png() } });
    expect(both).toHaveProperty('mask');
    expect(both).not.toHaveProperty('markup');
  });

  it('never sends moderation (not in the multipart schema), null or undefined', async () => {
    for (const m of ACTIVE) {
      const body = await edit(m.id);
      noEmpty(body);
      expect(body).not.toHaveProperty('moderation');
      expect(body.model).toBe(m.id);
    }
  });

  it('gives every file an explicit MIME type; one image goes as `image`, several as a list', async () => {
    const jpg = await sharp(await png()).flatten().jpeg().toBuffer();
    const one = await edit('gpt-image-2.6-flare');
    expect((one.image as File).type).toBe('image/png');
    expect((one.image as File).name).toBe('face.png');
    const many = await edit('gpt-image-2.6-flare', {
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
