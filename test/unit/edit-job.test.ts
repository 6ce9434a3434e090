import { readFile, rm } from 'node:fs/promises';
import { APIError } from 'openai';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { PreparedEdit } from '../../electron/core/edit/edit-plan';
import { nameTheInput } from '../../electron/core/jobs/edit-job';
import { mapOpenAIError } from '../../electron/core/openai/errors';
import { JobViewSchema, LoupeError, type AssetView, type EditPlan, type JobEvent, type JobView, type MaskView } from '../../electron/shared';
import { ellipseAlpha, nearEdit } from '../fixtures/edits';
import { jobEvents, makeHarness, type Harness } from './core-harness';
import { editParams, ellipseMask, importBytes, importMaskBytes, logoPng, photoJpeg, rawOf, refusal } from './edit-helpers';

let h: Harness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

const edits = (x: Harness) => x.fake.requests.filter((r) => r.path === '/v1/images/edits');

interface Studio {
  h: Harness;
  photoBytes: Buffer;
  photo: AssetView;
  logo: AssetView;
  mask: MaskView;
}

async function studio(): Promise<Studio> {
  const x = await makeHarness();
  h = x;
  const photoBytes = await photoJpeg();
  const photo = await importBytes(x, 'portrait.jpg', photoBytes);
  const logo = await importBytes(x, 'logo.png', await logoPng());
  const mask = await importMaskBytes(x, 'hat.png', await ellipseMask(800, 600), photo.hash);
  return { h: x, photoBytes, photo, logo, mask };
}

async function edit(x: Harness, params: object): Promise<JobView> {
  const { jobId } = await x.ok<{ jobId: number }>('jobs:edit', params);
  return JobViewSchema.parse(await x.settle(jobId));
}

describe('jobs:edit end to end', () => {
  it('sends both images in order and the mask at the first image size, never input_fidelity; saves the pixel-locked result', async () => {
    const s = await studio();
    const params = editParams([s.photo, s.logo], { mask: s.mask.hash, stream: true, partialImages: 2 });
    const plan = await s.h.ok<EditPlan>('edits:plan', params);
    const job = await edit(s.h, params);
    expect(job).toMatchObject({ kind: 'edit', status: 'succeeded', parentOutputId: null, estimate: plan.estimate });
    expect(job.inputs).toEqual([
      { role: 'image', position: 0, hash: s.photo.hash, name: 'portrait.jpg', width: 1600, height: 1200 },
      { role: 'image', position: 1, hash: s.logo.hash, name: 'logo.png', width: 600, height: 300 },
      { role: 'mask', position: 0, hash: s.mask.hash, name: 'hat.png', width: 1600, height: 1200 },
    ]);
    expect(job.params).toMatchObject({ mask: s.mask.hash, pixelLock: { enabled: true, feather: 6, grow: 3, resolution: 'original' } });

    // What went over the wire: image[] twice in order at the planned sizes (2.x models take
    // the photo as it is), an RGBA PNG mask at exactly the first image's sent size, no
    // input_fidelity (no model of today takes it), no moderation. The SDK may put the mask first.
    const [req, ...more] = edits(s.h);
    expect(more).toEqual([]);
    expect(req!.fields).toMatchObject({ model: 'gpt-image-2.6-sunburst', n: '1', stream: 'true', partial_images: '2' });
    expect(req!.fields).not.toHaveProperty('moderation');
    expect(req!.fields).not.toHaveProperty('input_fidelity');
    const files = req!.files!;
    expect(files.filter((f) => f.field === 'image[]').map((f) => [f.type, f.width, f.height])).toEqual([
      ['image/png', 1600, 1200],
      ['image/png', 600, 300],
    ]);
    const maskPart = files.find((f) => f.field === 'mask')!;
    expect([maskPart.type, maskPart.width, maskPart.height]).toEqual(['image/png', 1600, 1200]);
    expect(plan.inputs.map((i) => [i.sent.width, i.sent.height])).toEqual([
      [1600, 1200],
      [600, 300],
    ]);
    expect(maskPart).toMatchObject({ format: 'png', hasAlpha: true, channels: 4 });

    // Partial previews streamed for the edit, before the image they lead up to.
    const partials = s.h.events.filter((e): e is Extract<JobEvent, { type: 'partial' }> => e.type === 'partial' && e.jobId === job.id);
    expect(partials.map((p) => [p.imageIndex, p.partialIndex])).toEqual([
      [0, 0],
      [0, 1],
    ]);
    const recorded = s.h.events.findIndex((e) => e.type === 'job' && e.job.outputs.length > 0);
    expect(s.h.events.findLastIndex((e) => e.type === 'partial')).toBeLessThan(recorded);
    expect(jobEvents(s.h.events, job.id).at(-1)?.status).toBe('succeeded');

    // Raw and locked both kept; the saved file is the locked one.
    const [out] = job.outputs;
    expect(out!.lockedHash).toMatch(/^[0-9a-f]{64}$/);
    expect(out!.lockedHash).not.toBe(out!.assetHash);
    const raw = await s.h.core.resolveAsset(out!.assetHash, 'full');
    const locked = await s.h.core.resolveAsset(out!.lockedHash!, 'full');
    expect(await sharp(raw!.path).metadata()).toMatchObject({ width: 1536, height: 1024 });
    // The same pixels (metadata is added at the byte level, never by re-encoding).
    const saved = await readFile(out!.savedPath!);
    expect((await rawOf(saved, 4)).data.equals((await rawOf(await readFile(locked!.path), 4)).data)).toBe(true);
    expect(saved.includes(Buffer.from(job.prompt))).toBe(true);
    expect(out!.savedPath).toMatch(/\.png$/);
    expect((await s.h.core.resolveAsset(out!.lockedHash!, 'thumb'))?.mime).toBe('image/webp');

    // Pixel for pixel, at the photo's own 1600x1200: the original outside the feathered
    // band (grow and feather), the edit inside.
    const lockedPx = await rawOf(saved);
    expect([lockedPx.width, lockedPx.height]).toEqual([1600, 1200]);
    const src = await rawOf(s.photoBytes);
    const alpha = ellipseAlpha(1600, 1200);
    const band = nearEdit(alpha, 1600, 1200, 6 + 3 + 3 + 2);
    let outsideDiff = 0;
    let inside = 0;
    let insideDiff = 0;
    for (let p = 0; p < alpha.length; p++) {
      const d = Math.abs(src.data[p * 3]! - lockedPx.data[p * 3]!) + Math.abs(src.data[p * 3 + 1]! - lockedPx.data[p * 3 + 1]!) + Math.abs(src.data[p * 3 + 2]! - lockedPx.data[p * 3 + 2]!);
      if (!band[p]) outsideDiff += d;
      else if (alpha[p]! === 0) {
        inside++;
        insideDiff += d;
      }
    }
    expect(outsideDiff).toBe(0);
    expect(insideDiff / inside).toBeGreaterThan(30);

    // The model drifted outside the mask (the fake, like the real one, re-renders it all).
    expect(out!.metrics).toMatchObject({ threshold: 5 });
    expect(out!.metrics!.outsidePixels).toBeGreaterThan(0.6 * 1600 * 1200);
    expect(out!.metrics!.changedShare).toBeGreaterThan(0);
  });

  it('measures more leakage from Flare at low quality than from Sunburst at high', async () => {
    const s = await studio();
    const fast = await edit(s.h, editParams([s.photo], { model: 'gpt-image-2.6-flare', quality: 'low', mask: s.mask.hash }));
    const careful = await edit(s.h, editParams([s.photo], { model: 'gpt-image-2.6-sunburst', quality: 'high', mask: s.mask.hash }));
    expect(edits(s.h).map((r) => [r.fields?.model, r.fields?.quality])).toEqual([
      ['gpt-image-2.6-flare', 'low'],
      ['gpt-image-2.6-sunburst', 'high'],
    ]);
    expect(fast.outputs[0]!.metrics!.changedShare).toBeGreaterThan(0.05);
    expect(fast.outputs[0]!.metrics!.changedShare).toBeGreaterThan(careful.outputs[0]!.metrics!.changedShare);
  });

  it.each(['gpt-image-2', 'gpt-image-2.5-sunburst', 'gpt-image-2.6-flare'])('never sends input_fidelity to %s', async (model) => {
    const s = await studio();
    const job = await edit(s.h, editParams([s.photo, s.logo], { model, mask: s.mask.hash, size: '1024x1024' }));
    expect(job.status).toBe('succeeded');
    const [req] = edits(s.h);
    expect(req!.fields).not.toHaveProperty('input_fidelity');
    const images = req!.files!.filter((f) => f.field === 'image[]');
    const maskPart = req!.files!.find((f) => f.field === 'mask')!;
    expect(images).toHaveLength(2);
    expect([maskPart.width, maskPart.height]).toEqual([images[0]!.width, images[0]!.height]);
  });

  it('without a mask (or with the lock off) keeps only the raw output and saves it in the chosen format', async () => {
    const s = await studio();
    const plain = await edit(s.h, editParams([s.photo], { outputFormat: 'jpeg', outputCompression: 80 }));
    expect(plain.outputs[0]).toMatchObject({ lockedHash: null, metrics: null, mime: 'image/jpeg' });
    expect(edits(s.h)[0]!.files!.map((f) => [f.field, f.type])).toEqual([['image', 'image/jpeg']]);
    expect(plain.outputs[0]!.savedPath).toMatch(/\.jpg$/);

    const unlocked = await edit(s.h, editParams([s.photo], { mask: s.mask.hash, pixelLock: { enabled: false, feather: 6, grow: 3, resolution: 'original' } }));
    expect(unlocked.outputs[0]).toMatchObject({ lockedHash: null, metrics: null });
    expect(edits(s.h)[1]!.files!.map((f) => f.field)).toEqual(['image', 'mask']);
  });

  it('encodes the locked result in the output format of the job', async () => {
    const s = await studio();
    const job = await edit(s.h, editParams([s.photo], { mask: s.mask.hash, outputFormat: 'webp', outputCompression: 90 }));
    const out = job.outputs[0]!;
    expect(out.lockedHash).not.toBeNull();
    // The lock is made at the photo's own size.
    expect(await sharp(await readFile(out.savedPath!)).metadata()).toMatchObject({ format: 'webp', width: 1600, height: 1200 });
  });

  it('streams n=2 as two single-image edit requests', async () => {
    const s = await studio();
    const job = await edit(s.h, editParams([s.photo], { n: 2, stream: true, partialImages: 1 }));
    expect(job.outputs.map((o) => o.index)).toEqual([0, 1]);
    expect(edits(s.h).map((r) => r.fields?.n)).toEqual(['1', '1']);
    expect(job.requestIds).toHaveLength(2);
  });

  it('records lineage: an edit of an output carries its id, and the output can be an input', async () => {
    const s = await studio();
    const first = await edit(s.h, editParams([s.photo], { mask: s.mask.hash }));
    const parent = first.outputs[0]!;
    const input = { hash: parent.lockedHash!, name: 'edited.png' };
    const second = await edit(s.h, { ...editParams([], { parentOutputId: parent.id }), inputs: [input] });
    expect(second).toMatchObject({ status: 'succeeded', parentOutputId: parent.id, params: { parentOutputId: parent.id } });
    expect(second.inputs).toEqual([{ role: 'image', position: 0, hash: parent.lockedHash, name: 'edited.png', width: 1600, height: 1200 }]);
    const page = await s.h.ok<{ items: JobView[] }>('history:list', { limit: 10 });
    expect(page.items.map((j) => [j.id, j.parentOutputId, j.inputs.length])).toEqual([
      [second.id, parent.id, 1],
      [first.id, null, 2],
    ]);
    expect(await refusal(s.h, 'jobs:edit', editParams([s.photo], { parentOutputId: 9999 }), 'NOT_FOUND')).toBe(
      'The output this edit starts from is no longer in the library.',
    );
  });
});

describe('jobs:edit failures', () => {
  it('retries a rate limit like a generation, with the same inputs', async () => {
    const s = await studio();
    s.h.fake.queueFault({ kind: 'rate_limit', retryAfterSeconds: 0.05, match: 'edits' });
    const job = await edit(s.h, editParams([s.photo, s.logo], { mask: s.mask.hash }));
    expect(job).toMatchObject({ status: 'succeeded', attempts: 2, error: null });
    const retry = s.h.events.find((e) => e.type === 'retry');
    expect(retry).toMatchObject({ jobId: job.id, attempt: 2, error: { code: 'RATE_LIMITED' } });
    const [a, b] = edits(s.h);
    expect(b!.files!.map((f) => [f.field, f.bytes])).toEqual(a!.files!.map((f) => [f.field, f.bytes]));
  });

  it('needs a key before anything else, and leaves no job behind', async () => {
    const s = await studio();
    await s.h.ok('settings:clear-key', {});
    expect(await refusal(s.h, 'jobs:edit', editParams([s.photo]), 'NO_API_KEY')).toBe('Add your OpenAI API key in Settings first.');
    expect((await s.h.ok<{ items: JobView[] }>('history:list', {})).items).toEqual([]);
  });

  it('refuses up front a mask that does not fit the first image, and never drops it', async () => {
    const s = await studio();
    const message = await refusal(s.h, 'jobs:edit', editParams([s.logo, s.photo], { mask: s.mask.hash }), 'INVALID_IMAGE');
    expect(message).toMatch(/^The mask is 1600x1200 but the first image \("logo.png"\) is 600x300/);
    expect(edits(s.h)).toEqual([]);
    expect((await s.h.ok<{ items: JobView[] }>('history:list', {})).items).toEqual([]);
  });

  it('fails a retried job whose mask is gone, with a clear message and no request', async () => {
    const s = await studio();
    s.h.fake.queueFault({ kind: 'insufficient_quota', match: 'edits' });
    const failed = await edit(s.h, editParams([s.photo], { mask: s.mask.hash }));
    expect(failed.error?.code).toBe('INSUFFICIENT_QUOTA');
    await rm((await s.h.core.resolveAsset(s.mask.hash, 'full'))!.path);
    await s.h.reopen(); // a new session: nothing cached
    await s.h.ok('jobs:retry', { jobId: failed.id });
    const after = await s.h.settle(failed.id);
    expect(after).toMatchObject({ status: 'failed', error: { code: 'NOT_FOUND', message: 'The mask is no longer in the library. Add it again.' } });
    expect(edits(s.h)).toHaveLength(1);
  });
});

describe('naming the input OpenAI could not read', () => {
  const apiError = (param: string, what: string) =>
    mapOpenAIError(
      APIError.generate(400, { error: { message: `Invalid image file or mode for ${what}, please check your image file.`, type: 'image_generation_user_error', param, code: 'invalid_image_file' } }, undefined, new Headers()),
      { model: 'gpt-image-1.5' },
    );
  const prepared = {
    images: [{ label: 'portrait.jpg' }, { label: 'logo.png' }] as unknown as PreparedEdit['images'],
    mask: { name: 'hat.png' } as PreparedEdit['mask'],
  };

  it('turns "image 2" into its file name, and keeps the facts', () => {
    const e = nameTheInput(apiError('image', 'image 2'), prepared);
    expect(e.code).toBe('INVALID_IMAGE');
    expect(e.message).toBe(
      'OpenAI could not read image 2 ("logo.png"): Invalid image file or mode for image 2, please check your image file. Export the file again from its app and add it anew.',
    );
    expect(e.detail).toMatchObject({ status: 400, apiCode: 'invalid_image_file', retryable: false });
  });

  it('names the mask', () => {
    expect(nameTheInput(apiError('mask', 'mask'), prepared).message).toMatch(/^OpenAI could not read the mask \("hat.png"\): /);
  });

  it('leaves other errors alone', () => {
    const other = new LoupeError('RATE_LIMITED', 'slow down');
    expect(nameTheInput(other, prepared)).toBe(other);
  });
});
