// GIF and SVG output on gpt-image-2.6 (reference 2026-12 §3.4, §3.5): real
// animated GIFs and SVG documents, their parameter rules and their billing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { HOSTILE_PARTS, SVG_REASONING_TOKENS } from '../fake-openai/svg-output';
import { gptImage2OutputTokens, inputImageTokens, PLANNING_TOKENS, textTokens } from '../fake-openai/tokens';
import { mask, photo, postForm, postJson, type RawReply } from '../fake-openai/test-helpers';

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());

const gen = (body: Record<string, unknown>) => postJson(fake.url, '/images/generations', { model: 'gpt-image-2.6-flare', prompt: 'a spinning top', quality: 'low', ...body });
const bytes = (r: RawReply) => Buffer.from((r.json.data as Array<{ b64_json: string }>)[0]!.b64_json, 'base64');
const expectError = (r: RawReply, param: string, code: string, message?: RegExp) => {
  expect(r.status).toBe(400);
  expect(r.json.error).toMatchObject({ type: 'invalid_request_error', param, code });
  if (message) expect(r.json.error!.message).toMatch(message);
};

describe('GIF output', () => {
  it('is a real looping animated GIF: 9 frames of 200 ms by default, auto size 960x960', async () => {
    const r = await gen({ model: 'gpt-image-2.6-sunburst', output_format: 'gif' });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ output_format: 'gif', size: '960x960', background: 'opaque', quality: 'low' });
    const gif = bytes(r);
    const meta = await sharp(gif, { animated: true }).metadata();
    expect(meta).toMatchObject({ format: 'gif', pages: 9, pageHeight: 960, width: 960, loop: 0 });
    expect(meta.delay).toEqual(Array(9).fill(200));
    const first = await sharp(gif, { page: 0 }).raw().toBuffer();
    const fifth = await sharp(gif, { page: 4 }).raw().toBuffer();
    expect(first.equals(fifth)).toBe(false);
    // 9 frames bill as 9; 2.6 adds its default planning tokens.
    expect((r.json.usage as { output_tokens_details: unknown }).output_tokens_details).toEqual({
      image_tokens: gptImage2OutputTokens('low', 960, 960) * 9,
      text_tokens: PLANNING_TOKENS.high,
    });
  });

  it('takes frame_count and frame_duration_ms (rounded to 10 ms, capped at 655,350 ms)', async () => {
    const twelve = await gen({ output_format: 'gif', frame_count: 12, frame_duration_ms: 25, size: '816x544' });
    const m12 = await sharp(bytes(twelve), { animated: true }).metadata();
    expect([m12.pages, m12.width, m12.pageHeight, m12.delay?.[0]]).toEqual([12, 816, 544, 30]);
    const slow = await gen({ output_format: 'gif', frame_count: 2, frame_duration_ms: 1_000_000, size: '512x512' });
    expect((await sharp(bytes(slow), { animated: true }).metadata()).delay).toEqual([655350, 655350]);
    // 2 frames bill as the 2–8 step (8 frames).
    expect((slow.json.usage as { output_tokens_details: { image_tokens: number } }).output_tokens_details.image_tokens).toBe(
      gptImage2OutputTokens('low', 512, 512) * 8,
    );
    const sixteen = await gen({ output_format: 'gif', frame_count: 16 });
    expect(sixteen.json.size).toBe('720x720');
  });

  it.each([
    ['frame_count 1', { frame_count: 1 }, 'frame_count', 'integer_below_min_value'],
    ['frame_count 17', { frame_count: 17 }, 'frame_count', 'integer_above_max_value'],
    ['frame_duration_ms 10', { frame_duration_ms: 10 }, 'frame_duration_ms', 'integer_below_min_value'],
    ['frame_count as text', { frame_count: 'nine' }, 'frame_count', 'invalid_type'],
    ['stream', { stream: true }, 'stream', 'invalid_value'],
    ['partial_images', { partial_images: 1 }, 'partial_images', 'invalid_value'],
    ['output_compression', { output_compression: 80 }, 'output_compression', 'invalid_value'],
    ['1024x1024 with 9 frames', { size: '1024x1024' }, 'size', 'invalid_value'],
    ['960x960 with 10 frames', { size: '960x960', frame_count: 10 }, 'size', 'invalid_value'],
    ['736x720 with 13 frames', { size: '736x720', frame_count: 13 }, 'size', 'invalid_value'],
    ['size not a multiple of 16', { size: '500x500' }, 'size', 'invalid_value'],
  ])('refuses %s', async (_name, extra, param, code) => {
    expectError(await gen({ output_format: 'gif', ...extra }), param, code);
  });

  it('frame settings need output_format gif', async () => {
    expectError(await gen({ frame_count: 4 }), 'frame_count', 'invalid_value', /only supported when 'output_format' is 'gif'/);
    expectError(await gen({ output_format: 'png', frame_duration_ms: 100 }), 'frame_duration_ms', 'invalid_value');
  });

  it('edits make an animated GIF of the edit, in the input aspect; masks are refused', async () => {
    const wide = await photo(900, 600);
    const base: Array<[string, string | [Buffer, string, string]]> = [
      ['model', 'gpt-image-2.6-flare'],
      ['prompt', 'animate it'],
      ['quality', 'low'],
      ['output_format', 'gif'],
      ['frame_count', '4'],
      ['image', [wide, 'w.png', 'image/png']],
    ];
    const ok = await postForm(fake.url, '/images/edits', base);
    expect(ok.status).toBe(200);
    expect(ok.json.size).toBe('960x640');
    expect((await sharp(bytes(ok), { animated: true }).metadata()).pages).toBe(4);
    const masked = await postForm(fake.url, '/images/edits', [...base, ['mask', [await mask(900, 600, { left: 0, top: 0, width: 10, height: 10 }), 'm.png', 'image/png']]]);
    expectError(masked, 'mask', 'invalid_value', /GIF output does not support masks/);
  });
});

describe('SVG output', () => {
  it('is a real, deterministic SVG document with svg_usage', async () => {
    const r = await gen({ output_format: 'svg', size: '1536x1024' });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ output_format: 'svg', size: '1536x1024' });
    const text = bytes(r).toString('utf8');
    expect(text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(text).toContain('<title>a spinning top</title>');
    expect(text).not.toMatch(/<script|onload|foreignObject|<image/);
    const meta = await sharp(bytes(r)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['svg', 1536, 1024]);
    expect(bytes(await gen({ output_format: 'svg', size: '1536x1024' })).toString('utf8')).toBe(text);
    expect(bytes(await gen({ output_format: 'svg', size: '1536x1024', prompt: 'a boat' })).toString('utf8')).not.toBe(text);
    const input = textTokens('a spinning top') + inputImageTokens(1536, 1024, false);
    const output = textTokens(text) + SVG_REASONING_TOKENS.medium;
    expect(r.json.svg_usage).toEqual({ input_tokens: input, output_tokens: output, reasoning_tokens: SVG_REASONING_TOKENS.medium, total_tokens: input + output, model: 'gpt-5' });
  });

  it('takes the svg object: author model and reasoning effort', async () => {
    const r = await gen({ output_format: 'svg', svg: { model: 'gpt-5.1', reasoning: { effort: 'high' } } });
    expect(r.json.svg_usage).toMatchObject({ model: 'gpt-5.1', reasoning_tokens: SVG_REASONING_TOKENS.high });
  });

  it.each([
    ['n = 2', { n: 2 }, 'n', 'invalid_value'],
    ['stream', { stream: true }, 'stream', 'invalid_value'],
    ['partial_images', { partial_images: 2 }, 'partial_images', 'invalid_value'],
    ['output_compression', { output_compression: 50 }, 'output_compression', 'invalid_value'],
    ['svg without model on generations', { svg: { reasoning: { effort: 'low' } } }, 'svg.model', 'missing_required_parameter'],
    ['bad effort', { svg: { model: 'gpt-5', reasoning: { effort: 'huge' } } }, 'svg.reasoning.effort', 'invalid_value'],
    ['unknown svg key', { svg: { model: 'gpt-5', colours: 3 } }, 'svg.colours', 'unknown_parameter'],
    ['svg not an object', { svg: 'gpt-5' }, 'svg', 'invalid_type'],
  ])('refuses %s', async (_name, extra, param, code) => {
    expectError(await gen({ output_format: 'svg', ...extra }), param, code);
  });

  it('the svg object needs output_format svg', async () => {
    expectError(await gen({ svg: { model: 'gpt-5' } }), 'svg', 'invalid_value', /only supported when 'output_format' is 'svg'/);
  });

  it('multipart edits send it as svg[model] and svg[reasoning][effort]; svg.model is optional there', async () => {
    const image: [string, [Buffer, string, string]] = ['image', [await photo(64, 64), 'a.png', 'image/png']];
    const common: Array<[string, string]> = [['model', 'gpt-image-2.6-sunburst'], ['prompt', 'trace it'], ['output_format', 'svg']];
    const r = await postForm(fake.url, '/images/edits', [...common, ['svg[model]', 'gpt-5-mini'], ['svg[reasoning][effort]', 'low'], image]);
    expect(r.status).toBe(200);
    expect(r.json.svg_usage).toMatchObject({ model: 'gpt-5-mini', reasoning_tokens: SVG_REASONING_TOKENS.low });
    expect(fake.requests.at(-1)!.fields).toMatchObject({ 'svg[model]': 'gpt-5-mini', 'svg[reasoning][effort]': 'low' });
    const noModel = await postForm(fake.url, '/images/edits', [...common, ['svg[reasoning][effort]', 'minimal'], image]);
    expect(noModel.json.svg_usage).toMatchObject({ model: 'gpt-5', reasoning_tokens: SVG_REASONING_TOKENS.minimal });
    const bad = await postForm(fake.url, '/images/edits', [...common, ['svg[reasoning][effort]', 'lots'], image]);
    expectError(bad, 'svg.reasoning.effort', 'invalid_value');
    const indexed = await postForm(fake.url, '/images/edits', [...common.slice(0, 2), ['image[0]', [await photo(64, 64), 'a.png', 'image/png']]]);
    expectError(indexed, 'image[0]', 'unknown_parameter');
  });

  it('[fake:svg:hostile] serves an SVG with script, handlers, an external image and foreignObject', async () => {
    const text = bytes(await gen({ output_format: 'svg', prompt: 'a logo [fake:svg:hostile]' })).toString('utf8');
    for (const part of Object.values(HOSTILE_PARTS)) expect(text).toContain(part);
    expect(text).toMatch(/<script[\s>]/);
    expect(text).toMatch(/<svg [^>]*onload="/);
    expect(text).toContain('<image href="http://');
    expect(text).toContain('<foreignObject');
    expect((await sharp(Buffer.from(text)).metadata()).format).toBe('svg');
  });
});
