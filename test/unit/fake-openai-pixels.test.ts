// What the fake's edits do to pixels: the masked area is repainted and the rest
// drifts, by model (Flare more than Sunburst) and quality (lower more); a markup
// overlay acts like a mask over its dilated marks, unless [fake:markup:ignore].
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI, { toFile } from 'openai';
import sharp from 'sharp';
import { DRIFT_BY_MODEL, DRIFT_BY_QUALITY } from '../fake-openai/edit-render';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { body, client, decode, failure, mask, meanAbsDiff, photo, type Decoded } from '../fake-openai/test-helpers';

let fake: FakeOpenAI;
let api: OpenAI;
let png1024: Buffer;
let original: Decoded;
let mask1024: Buffer;
let markup1024: Buffer;
const HOLE = { left: 384, top: 384, width: 256, height: 256 };
/** The markup's one mark: a 16-px horizontal stroke. */
const STROKE = { left: 200, top: 500, width: 600, height: 16 };

const png = (buf: Buffer, name = 'a.png') => toFile(buf, name, { type: 'image/png' });
const outside = (x: number, y: number) =>
  x < HOLE.left - 16 || x >= HOLE.left + HOLE.width + 16 || y < HOLE.top - 16 || y >= HOLE.top + HOLE.height + 16;
const inside = (x: number, y: number) => x >= HOLE.left + 16 && x < HOLE.left + HOLE.width - 16 && y >= HOLE.top + 16 && y < HOLE.top + HOLE.height - 16;

/** Transparent RGBA PNG with opaque red where `mark` holds. */
async function overlay(w: number, h: number, mark: (x: number, y: number) => boolean, alphaElsewhere = 0): Promise<Buffer> {
  const raw = Buffer.alloc(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = (y * w + x) * 4;
      const on = mark(x, y);
      raw[o] = on ? 255 : 0;
      raw[o + 3] = on ? 255 : alphaElsewhere;
    }
  }
  return sharp(raw, { raw: { width: w, height: h, channels: 4 } }).png().toBuffer();
}
const onStroke = (x: number, y: number) => x >= STROKE.left && x < STROKE.left + STROKE.width && y >= STROKE.top && y < STROKE.top + STROKE.height;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  api = client(fake.url);
  [png1024, mask1024, markup1024] = await Promise.all([photo(1024, 1024, 'png', true), mask(1024, 1024, HOLE), overlay(1024, 1024, onStroke)]);
  original = await decode(png1024);
});
afterAll(() => fake.close());

type Q = 'low' | 'medium' | 'high' | 'xhigh' | 'max' | 'auto';
const maskedEdit = async (model: string, quality: Q) =>
  decode(
    (await api.images.edit({ model, prompt: 'a red balloon', image: await png(png1024), mask: await png(mask1024), quality, size: '1024x1024' }))
      .data![0]!.b64_json!,
  );

describe('drift outside the mask', () => {
  it('repaints inside the mask and drifts a little outside it', async () => {
    const img = await maskedEdit('gpt-image-2.6-sunburst', 'high');
    expect(meanAbsDiff(original, img, inside)).toBeGreaterThan(30);
    const drift = meanAbsDiff(original, img, outside);
    expect(drift).toBeGreaterThan(0.3);
    expect(drift).toBeLessThan(10);
  });

  it('decreases strictly from low to max quality; auto drifts like medium', async () => {
    const qualities = ['low', 'medium', 'high', 'xhigh', 'max'] as const;
    const drifts: number[] = [];
    for (const q of qualities) drifts.push(meanAbsDiff(original, await maskedEdit('gpt-image-2.6-flare', q), outside));
    for (let i = 1; i < drifts.length; i++) expect(drifts[i]!).toBeLessThan(drifts[i - 1]! * 0.95);
    expect(meanAbsDiff(original, await maskedEdit('gpt-image-2.6-flare', 'auto'), outside)).toBeCloseTo(drifts[1]!, 5);
    expect(Object.values(DRIFT_BY_QUALITY)).toEqual([...Object.values(DRIFT_BY_QUALITY)].sort((a, b) => b - a));
  });

  it.each([
    ['gpt-image-2.6-flare', 'gpt-image-2.6-sunburst'],
    ['gpt-image-2.5-flare', 'gpt-image-2.5-sunburst-2026-09-08'],
  ])('%s drifts measurably more than %s', async (flare, sunburst) => {
    const f = meanAbsDiff(original, await maskedEdit(flare, 'medium'), outside);
    const s = meanAbsDiff(original, await maskedEdit(sunburst, 'medium'), outside);
    expect(f).toBeGreaterThan(s * 1.5);
    expect(DRIFT_BY_MODEL['gpt-image-2']).toBeGreaterThan(DRIFT_BY_MODEL['gpt-image-2.5-sunburst']!);
  });

  it('is deterministic per request', async () => {
    const a = await maskedEdit('gpt-image-2', 'low');
    const b = await maskedEdit('gpt-image-2', 'low');
    expect(meanAbsDiff(a, b)).toBe(0);
  });

  it('without a mask restyles the whole image; extra inputs show up in the corner', async () => {
    const jpeg640 = await photo(640, 480, 'jpeg');
    const one = await api.images.edit({ model: 'gpt-image-2', prompt: 'restyle', image: await png(png1024), quality: 'low', size: '1024x1024' });
    const two = await api.images.edit({
      model: 'gpt-image-2',
      prompt: 'restyle',
      image: [await png(png1024), await toFile(jpeg640, 'logo.jpg', { type: 'image/jpeg' })],
      quality: 'low',
      size: '1024x1024',
    });
    const a = await decode(one.data![0]!.b64_json!);
    const b = await decode(two.data![0]!.b64_json!);
    expect(meanAbsDiff(original, a)).toBeGreaterThan(10);
    const corner = (x: number, y: number) => x > 850 && y > 850;
    const topLeft = (x: number, y: number) => x < 500 && y < 500;
    expect(meanAbsDiff(a, b, corner)).toBeGreaterThan(20);
    expect(meanAbsDiff(a, b, topLeft)).toBe(0);
  });
});

describe('markup', () => {
  const under = onStroke;
  // Around the stroke: within 24 px of it but not on it.
  const around = (x: number, y: number) =>
    !onStroke(x, y) && x >= STROKE.left - 24 && x < STROKE.left + STROKE.width + 24 && y >= STROKE.top - 24 && y < STROKE.top + STROKE.height + 24;
  const far = (x: number, y: number) => y < 300 || y > 750;
  const markupEdit = async (model: string, prompt = 'make this a river') =>
    api.images.edit({ model, prompt, image: await png(png1024), markup: await png(markup1024, 'markup.png'), quality: 'high', size: '1024x1024' });

  it.each(['gpt-image-2.6-sunburst', 'gpt-image-2.5-flare'])('%s changes the area under and around the marks much more than elsewhere', async (model) => {
    const img = await decode((await markupEdit(model)).data![0]!.b64_json!);
    const elsewhere = meanAbsDiff(original, img, far);
    expect(meanAbsDiff(original, img, under)).toBeGreaterThan(Math.max(25, elsewhere * 5));
    expect(meanAbsDiff(original, img, around)).toBeGreaterThan(Math.max(15, elsewhere * 3));
    const rec = fake.requests.at(-1)!;
    expect(rec.files?.find((f) => f.field === 'markup')).toMatchObject({ type: 'image/png', width: 1024, height: 1024, hasAlpha: true });
  });

  it('[fake:markup:ignore] drops the markup silently: the marked area changes like the rest', async () => {
    const res = await markupEdit('gpt-image-2.6-sunburst', 'make this a river [fake:markup:ignore]');
    expect(res.data).toHaveLength(1);
    const img = await decode(res.data![0]!.b64_json!);
    const ratio = meanAbsDiff(original, img, under) / meanAbsDiff(original, img, far);
    expect(ratio).toBeLessThan(1.5);
    expect(fake.requests.at(-1)!.files!.some((f) => f.field === 'markup')).toBe(true);
  });

  it('is refused on gpt-image-2 and together with a mask', async () => {
    const v2 = await failure(markupEdit('gpt-image-2'));
    expect(v2).toMatchObject({ status: 400, type: 'invalid_request_error', param: 'markup', code: 'unknown_parameter' });
    expect(body(v2).message).toBe("Unknown parameter: 'markup'.");
    const both = await failure(
      api.images.edit({ model: 'gpt-image-2.5-sunburst', prompt: 'p', image: await png(png1024), mask: await png(mask1024), markup: await png(markup1024) }),
    );
    expect(both).toMatchObject({ status: 400, param: 'markup', code: 'invalid_value' });
    expect(body(both).message).toMatch(/cannot be combined with 'mask'/);
  });

  it('must be a PNG with the first image dimensions (after orientation) and transparent pixels', async () => {
    const edit = (markup: Awaited<ReturnType<typeof toFile>>, image = png1024, imageType = 'image/png') =>
      failure(api.images.edit({ model: 'gpt-image-2.6-flare', prompt: 'p', image: [toFileSync(image, imageType)], markup }));
    const toFileSync = (b: Buffer, type: string) => new File([new Uint8Array(b)], type === 'image/png' ? 'i.png' : 'i.jpg', { type });
    const jpg = await sharp(markup1024).flatten().jpeg().toBuffer();
    expect(body(await edit(await toFile(jpg, 'm.jpg', { type: 'image/jpeg' })))).toMatchObject({ param: 'markup', message: expect.stringMatching(/must be a PNG/) });
    const small = await overlay(512, 512, onStroke);
    expect(body(await edit(await png(small)))).toMatchObject({ param: 'markup', message: expect.stringMatching(/\(512x512\) does not match .*\(1024x1024\)/) });
    const opaque = await overlay(1024, 1024, onStroke, 255);
    expect(body(await edit(await png(opaque)))).toMatchObject({ param: 'markup', message: expect.stringMatching(/must contain transparent pixels/) });
    // A portrait photo stored landscape with EXIF orientation 6: the markup must match 480x640.
    const rotated = await sharp(await photo(640, 480, 'jpeg')).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const wrong = await edit(await png(await overlay(640, 480, onStroke)), rotated, 'image/jpeg');
    expect(body(wrong).message).toMatch(/\(640x480\) does not match the first image's size after orientation \(480x640\)/);
    const ok = await api.images.edit({
      model: 'gpt-image-2.6-flare',
      prompt: 'p',
      image: toFileSync(rotated, 'image/jpeg'),
      markup: await png(await overlay(480, 640, (x, y) => x < 100 && y < 100)),
      quality: 'low',
    });
    expect(ok.size).toBe('1024x1536');
  });
});
