/**
 * Markup edits end to end (reference §3.2) against the real core and the fake API over
 * HTTP: the layer is stored and listed, planned and sent at the first image's sent size
 * as the one `markup` part (never with a mask), recorded as the job's markup input, and
 * every arrived image is checked for whether the model followed the marks.
 */
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { JobViewSchema, type AssetView, type EditPlan, type JobView, type MarkupView } from '../../electron/shared';
import { makeHarness, type Harness } from './core-harness';
import { b64, editParams, ellipseMask, importBytes, importMaskBytes, logoPng, markupPng, photoJpeg, refusal } from './edit-helpers';

let h: Harness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

const MODEL = 'gpt-image-2.6-sunburst';
const edits = (x: Harness) => x.fake.requests.filter((r) => r.path === '/v1/images/edits');

interface Studio {
  h: Harness;
  photo: AssetView;
  logo: AssetView;
  markup: MarkupView;
}

async function studio(): Promise<Studio> {
  const x = await makeHarness();
  h = x;
  const photo = await importBytes(x, 'portrait.jpg', await photoJpeg());
  const logo = await importBytes(x, 'logo.png', await logoPng());
  const markup = await x.ok<MarkupView>('edits:save-markup', { name: 'arrow.png', dataBase64: b64(await markupPng(1600, 1200)), firstHash: photo.hash });
  return { h: x, photo, logo, markup };
}

async function edit(x: Harness, params: object): Promise<JobView> {
  const { jobId } = await x.ok<{ jobId: number }>('jobs:edit', params);
  return JobViewSchema.parse(await x.settle(jobId));
}

describe('edits:save-markup and markups:list', () => {
  it('stores a painted layer at the first image size and lists it, newest first', async () => {
    const s = await studio();
    expect(s.markup).toEqual({ hash: expect.stringMatching(/^[0-9a-f]{64}$/), name: 'arrow.png', width: 1600, height: 1200 });
    const stored = await s.h.core.resolveAsset(s.markup.hash, 'full');
    expect(await sharp(stored!.path).metadata()).toMatchObject({ format: 'png', width: 1600, height: 1200, channels: 4 });
    // Drawn at a smaller scale of the same shape: scaled to the first image.
    const small = await s.h.ok<MarkupView>('edits:save-markup', { name: 'small.png', dataBase64: b64(await markupPng(800, 600)), firstHash: s.photo.hash });
    expect(small).toMatchObject({ width: 1600, height: 1200 });
    expect((await s.h.ok<MarkupView[]>('markups:list', {})).map((m) => m.name)).toEqual(['small.png', 'arrow.png']);
    // Masks and markups are listed apart.
    expect(await s.h.ok('masks:list', {})).toEqual([]);
  });

  it('refuses a layer of another shape, an empty one and one with no transparency', async () => {
    const s = await studio();
    const save = (bytes: Buffer) => refusal(s.h, 'edits:save-markup', { name: 'm.png', dataBase64: b64(bytes), firstHash: s.photo.hash }, 'INVALID_IMAGE');
    expect(await save(await markupPng(1000, 1000))).toMatch(/shapes differ/);
    const blank = await sharp({ create: { width: 1600, height: 1200, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    await save(blank);
    const opaque = await sharp({ create: { width: 1600, height: 1200, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 1 } } }).png().toBuffer();
    await save(opaque);
    await save(Buffer.from('not a png at all'));
  });
});

describe('jobs:edit with markup', () => {
  it('sends exactly one markup part at the first image sent size and no mask, and records the markup and its effect', async () => {
    const s = await studio();
    const params = editParams([s.photo, s.logo], { model: MODEL, markup: s.markup.hash, pixelLock: { enabled: false, feather: 6, grow: 3, resolution: 'original' } });
    const plan = await s.h.ok<EditPlan>('edits:plan', params);
    const sent = plan.inputs[0]!.sent;
    expect(plan.markup).toEqual({ width: sent.width, height: sent.height });
    expect(plan.mask).toBeNull();
    expect(plan.inputs[0]!.notes).toContain('The markup is drawn over this image');
    expect(plan.estimate.assumptions).toContain('The markup image is not counted: OpenAI publishes no token cost for it.');

    const job = await edit(s.h, params);
    expect(job).toMatchObject({ status: 'succeeded', params: { markup: s.markup.hash } });
    expect(job.inputs).toEqual([
      { role: 'image', position: 0, hash: s.photo.hash, name: 'portrait.jpg', width: 1600, height: 1200 },
      { role: 'image', position: 1, hash: s.logo.hash, name: 'logo.png', width: 600, height: 300 },
      { role: 'markup', position: 0, hash: s.markup.hash, name: 'arrow.png', width: 1600, height: 1200 },
    ]);

    const [req, ...more] = edits(s.h);
    expect(more).toEqual([]);
    const files = req!.files!;
    expect(files.filter((f) => f.field === 'markup')).toHaveLength(1);
    expect(files.some((f) => f.field === 'mask')).toBe(false);
    const markup = files.find((f) => f.field === 'markup')!;
    expect(markup).toMatchObject({ type: 'image/png', format: 'png', hasAlpha: true, width: sent.width, height: sent.height });
    expect(files[0]).toMatchObject({ width: sent.width, height: sent.height });

    // The model followed the marks (the fake edits under them), and that is recorded with the output.
    const out = job.outputs[0]!;
    expect(out.lockedHash).toBeNull();
    expect(out.markupEffect).toMatchObject({ verdict: 'took-effect' });
    expect(out.markupEffect!.ratio).toBeGreaterThan(1.5);
    expect(out.markupEffect!.marked.meanDeltaE).toBeGreaterThan(out.markupEffect!.elsewhere.meanDeltaE);

    // Kept across a restart, and in the history's pages.
    await s.h.reopen();
    const again = await s.h.ok<JobView>('jobs:get', { jobId: job.id });
    expect(again.outputs[0]!.markupEffect).toEqual(out.markupEffect);
    expect(again.inputs.find((i) => i.role === 'markup')?.hash).toBe(s.markup.hash);
  });

  it('scales a markup drawn on a camera-size photo to the size the photo is sent at', async () => {
    const s = await studio();
    const big = await importBytes(s.h, 'camera.jpg', await photoJpeg(3200, 2400));
    const markup = await s.h.ok<MarkupView>('edits:save-markup', { name: 'circle.png', dataBase64: b64(await markupPng(3200, 2400)), firstHash: big.hash });
    expect(markup).toMatchObject({ width: 3200, height: 2400 });
    const params = editParams([big], { model: MODEL, markup: markup.hash });
    const plan = await s.h.ok<EditPlan>('edits:plan', params);
    const sent = plan.inputs[0]!.sent;
    expect(sent.width).toBeLessThan(3200);
    expect(plan.markup).toEqual({ width: sent.width, height: sent.height });
    await edit(s.h, params);
    const part = edits(s.h)[0]!.files!.find((f) => f.field === 'markup')!;
    expect([part.width, part.height]).toEqual([sent.width, sent.height]);
  }, 60_000);

  it('says so when the markup was ignored (a relay dropped the part)', async () => {
    const s = await studio();
    const job = await edit(s.h, editParams([s.photo], { model: MODEL, markup: s.markup.hash, prompt: 'make the circled cup blue [fake:markup:ignore]' }));
    expect(job.status).toBe('succeeded');
    expect(edits(s.h)[0]!.files!.filter((f) => f.field === 'markup')).toHaveLength(1);
    expect(job.outputs[0]!.markupEffect?.verdict).toMatch(/^(ignored|weak)$/);
  });

  it('runs again with its markup', async () => {
    const s = await studio();
    const job = await edit(s.h, editParams([s.photo], { model: MODEL, markup: s.markup.hash }));
    const { jobId } = await s.h.ok<{ jobId: number }>('jobs:rerun', { jobId: job.id });
    const rerun = await s.h.settle(jobId);
    expect(rerun.inputs.find((i) => i.role === 'markup')?.hash).toBe(s.markup.hash);
    expect(edits(s.h).map((r) => r.files!.filter((f) => f.field === 'markup').length)).toEqual([1, 1]);
  });

  it('refuses a mask and a markup together, markup on a model without it, and a markup of another shape', async () => {
    const s = await studio();
    const mask = await importMaskBytes(s.h, 'hat.png', await ellipseMask(800, 600), s.photo.hash);
    expect(await refusal(s.h, 'jobs:edit', editParams([s.photo], { model: MODEL, markup: s.markup.hash, mask: mask.hash }), 'INVALID_ARGUMENTS')).toMatch(
      /Use a mask or markup, not both/,
    );
    expect(await refusal(s.h, 'jobs:edit', editParams([s.photo], { model: 'gpt-image-2', markup: s.markup.hash }), 'INVALID_ARGUMENTS')).toMatch(/does not take markup/);
    // The logo first: the markup was drawn over the photo.
    expect(await refusal(s.h, 'jobs:edit', editParams([s.logo, s.photo], { model: MODEL, markup: s.markup.hash }), 'INVALID_IMAGE')).toMatch(/shapes differ/);
    expect(edits(s.h)).toEqual([]);
    expect((await s.h.ok<{ items: JobView[] }>('history:list', {})).items).toEqual([]);
  });
});
