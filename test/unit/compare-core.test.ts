/**
 * The comparison lab through the real core: experiments whose variants are ordinary edit
 * jobs sent to the fake OpenAI server over HTTP, measured once they finish.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssetView, CompareEstimate, DiffMapResult, ExperimentSummary, ExperimentView, JobView, KitView, MaskView, VariantSpec } from '../../electron/shared';
import { maskPng } from '../fixtures/edits';
import { makeHarness, type Harness } from './core-harness';
import { b64, editParams, importBytes, importMaskBytes, ellipseMask, logoPng, photoJpeg, refusal, PHOTO } from './edit-helpers';

let h: Harness;
let photo: AssetView;
let mask: MaskView;

beforeAll(async () => {
  h = await makeHarness();
  photo = await importBytes(h, 'portrait.jpg', await photoJpeg());
  mask = await importMaskBytes(h, 'mask.png', await ellipseMask(PHOTO.width, PHOTO.height), photo.hash);
}, 60_000);
afterAll(() => h?.dispose());

const edits = () => h.fake.requests.filter((r) => r.path === '/v1/images/edits');
const draft = () => editParams([photo], { mask: mask.hash, quality: 'medium', stream: false, partialImages: 0 });
const V = (over: Partial<VariantSpec>): VariantSpec => ({ model: 'gpt-image-2.6-sunburst', quality: 'high', guide: 'mask', pixelLock: false, ...over });

describe('compare:diff-map', () => {
  it('stores a heat map of two pictures, transparent where nothing changed, with its numbers', async () => {
    const a = photo;
    const same = await h.ok<DiffMapResult>('compare:diff-map', { a: a.hash, b: a.hash });
    expect(same.meanDeltaE).toBe(0);
    expect(same.changedShare).toBe(0);
    const file = await h.core.resolveAsset(same.hash, 'full');
    expect(file).not.toBeNull();
    const alpha = (await sharp(file!.path).stats()).channels[3]!;
    expect(alpha.max).toBe(0);

    // A copy with its right half darkened: only that half shows on the map.
    const raw = await sharp(await photoJpeg()).raw().toBuffer();
    for (let y = 0; y < PHOTO.height; y++) for (let x = PHOTO.width / 2; x < PHOTO.width; x++) for (let c = 0; c < 3; c++) raw[(y * PHOTO.width + x) * 3 + c] = Math.round(raw[(y * PHOTO.width + x) * 3 + c]! * 0.6);
    const darker = await importBytes(h, 'darker.png', await sharp(raw, { raw: { width: PHOTO.width, height: PHOTO.height, channels: 3 } }).png().toBuffer());
    const d = await h.ok<DiffMapResult>('compare:diff-map', { a: a.hash, b: darker.hash, maskAssetId: mask.hash });
    expect(d.changedShare).toBeGreaterThan(0.4);
    expect(d.changedShare).toBeLessThan(0.6);
    expect(d.inside).not.toBeNull();
    expect(d.outside!.pixels + d.inside!.pixels).toBe(d.width * d.height);
    const map = await sharp((await h.core.resolveAsset(d.hash, 'full'))!.path).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => map.data[(y * map.info.width + x) * 4 + 3]!;
    expect(at(Math.round(map.info.width * 0.2), Math.round(map.info.height * 0.5))).toBe(0);
    expect(at(Math.round(map.info.width * 0.8), Math.round(map.info.height * 0.5))).toBeGreaterThan(100);
    // The same request again is the same stored file.
    expect((await h.ok<DiffMapResult>('compare:diff-map', { a: a.hash, b: darker.hash, maskAssetId: mask.hash })).hash).toBe(d.hash);
  }, 60_000);

  it('names a picture that is not in the library', async () => {
    const msg = await refusal(h, 'compare:diff-map', { a: photo.hash, b: 'c'.repeat(64) }, 'NOT_FOUND');
    expect(msg).toMatch(/second image/i);
  });
});

describe('an experiment over the fake API', () => {
  let started: { experimentId: number; jobIds: number[] };
  const variants = [
    V({ model: 'gpt-image-2.6-sunburst', quality: 'high' }),
    V({ model: 'gpt-image-2.6-flare', quality: 'low' }),
    V({ model: 'gpt-image-2.6-sunburst', quality: 'high', pixelLock: true, label: 'Sunburst locked' }),
  ];

  it('estimates each variant and the total before it runs', async () => {
    const est = await h.ok<CompareEstimate>('compare:estimate', { source: { draft: draft() }, variants });
    expect(est.variants.map((v) => v.label)).toEqual(['2.6 Sunburst · high · mask', '2.6 Flare · low · mask', 'Sunburst locked']);
    // High costs more than low; the total is their sum.
    expect(est.variants[0]!.estimatedUsd.usd).toBeGreaterThan(est.variants[1]!.estimatedUsd.usd);
    expect(est.total.estimatedUsd.usd).toBeCloseTo(est.variants.reduce((s, v) => s + v.estimatedUsd.usd, 0), 6);
    // Flare is the fast tier.
    expect(est.variants[1]!.expectedSeconds.high).toBeLessThan(est.variants[0]!.expectedSeconds.high);
    expect(edits()).toHaveLength(0);
  });

  it('sends one edit request per variant with its parameters, and measures each result', async () => {
    started = await h.ok('compare:start', { name: 'Hat test', source: { draft: draft() }, variants });
    expect(started.jobIds).toHaveLength(3);
    await h.core.whenIdle();
    const view = await h.ok<ExperimentView>('compare:measure', { experimentId: started.experimentId });
    const sent = edits();
    expect(sent).toHaveLength(3);
    const fields = sent.map((r) => r.fields!);
    expect(fields.map((f) => [f.model, f.quality])).toEqual(
      expect.arrayContaining([
        ['gpt-image-2.6-sunburst', 'high'],
        ['gpt-image-2.6-flare', 'low'],
        ['gpt-image-2.6-sunburst', 'high'],
      ]),
    );
    for (const r of sent) expect(r.files!.map((f) => f.field)).toContain('mask');

    expect(view.variants.map((v) => v.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    const [sun, flare, locked] = view.variants;
    for (const v of view.variants) {
      expect(v.metrics, v.metricsError ?? '').not.toBeNull();
      expect(v.usage!.inputImageTokens).toBeGreaterThan(0);
      expect(v.costUsd).toBeGreaterThan(0);
      expect(v.latencyMs).toBeGreaterThanOrEqual(0);
    }
    // The fake drifts more on Flare at low quality than on Sunburst at high: the metrics see it.
    expect(flare!.metrics!.outsideMask!.meanDeltaE).toBeGreaterThan(sun!.metrics!.outsideMask!.meanDeltaE);
    expect(flare!.metrics!.outsideMask!.ssim).toBeLessThan(sun!.metrics!.outsideMask!.ssim);
    // Pixel lock puts the source back outside the mask.
    expect(locked!.outputs.locked).not.toBeNull();
    expect(locked!.metrics!.measured).toBe('locked');
    expect(locked!.metrics!.outsideMask!.meanDeltaE).toBeLessThan(sun!.metrics!.outsideMask!.meanDeltaE / 2);
    // Inside the mask the edit changed a lot, everywhere.
    for (const v of view.variants) expect(v.metrics!.insideMask!.meanDeltaE).toBeGreaterThan(v.metrics!.outsideMask!.meanDeltaE);
  }, 180_000);

  it('lists, extends, picks a winner and exports a sheet', async () => {
    const list = await h.ok<ExperimentSummary[]>('compare:list', {});
    expect(list[0]).toMatchObject({ id: started.experimentId, name: 'Hat test', variantCount: 3, sourceAsset: photo.hash });

    const added = await h.ok<{ jobId: number }>('compare:add-variant', { experimentId: started.experimentId, variant: V({ model: 'gpt-image-2', quality: 'low' }) });
    await h.core.whenIdle();
    const view = await h.ok<ExperimentView>('compare:measure', { experimentId: started.experimentId });
    expect(view.variants).toHaveLength(4);
    expect(view.variants[3]!.jobId).toBe(added.jobId);
    // The designed drift order, as measured outside the mask: 2.6 Sunburst high < gpt-image-2 low < 2.6 Flare low.
    const out = view.variants.map((v) => v.metrics!.outsideMask!.meanDeltaE);
    expect(out[0]!).toBeLessThan(out[3]!);
    expect(out[3]!).toBeLessThan(out[1]!);

    const win = await h.ok<{ favouriteJobId: number; params: { model: string } }>('compare:pick-winner', { experimentId: started.experimentId, variantId: view.variants[0]!.id });
    expect(win.params.model).toBe('gpt-image-2.6-sunburst');
    expect((await h.ok<JobView>('jobs:get', { jobId: win.favouriteJobId })).favourite).toBe(true);

    const sheet = await h.ok<{ path: string }>('compare:export-sheet', { experimentId: started.experimentId });
    expect(existsSync(sheet.path)).toBe(true);
    expect(sheet.path.startsWith(h.outputDir)).toBe(true);
    const meta = await sharp(await readFile(sheet.path)).metadata();
    expect(meta.format).toBe('png');
  }, 180_000);
});

describe('face identity in an experiment', () => {
  it('keeps the person on Sunburst at high quality, and less so on Flare at low (the fake warps the fast, low-quality end)', async () => {
    // A portrait: the man of the face fixtures, enlarged to a photo's size; the mask edits the bottom-left corner only.
    const portrait = await sharp(join(__dirname, '..', 'fixtures', 'faces', 'man.jpg')).resize(1536, 1024, { fit: 'cover' }).jpeg({ quality: 92 }).toBuffer();
    const face = await importBytes(h, 'portrait-man.jpg', portrait);
    const alpha = new Uint8Array(1536 * 1024).fill(255);
    for (let y = 820; y < 1024; y++) for (let x = 0; x < 300; x++) alpha[y * 1536 + x] = 0;
    const corner = await importMaskBytes(h, 'corner.png', await maskPng(alpha, 1536, 1024), face.hash);
    const before = edits().length;
    const { experimentId } = await h.ok<{ experimentId: number }>('compare:start', {
      source: { draft: editParams([face], { mask: corner.hash, stream: false, partialImages: 0 }) },
      variants: [V({ model: 'gpt-image-2.6-sunburst', quality: 'high' }), V({ model: 'gpt-image-2.6-flare', quality: 'low' })],
    });
    await h.core.whenIdle();
    const view = await h.ok<ExperimentView>('compare:measure', { experimentId });
    expect(edits().length - before).toBe(2);
    const [sun, flare] = view.variants.map((v) => v.metrics!.faces);
    if (sun!.available !== true || flare!.available !== true) throw new Error(`face identity should run here: ${JSON.stringify(sun)}`);
    expect(sun!.threshold).toBe(0.5);
    expect(sun!.faces).toHaveLength(1);
    expect(sun!.faces[0]!.samePerson).toBe(true);
    expect(sun!.faces[0]!.similarity).toBeGreaterThanOrEqual(0.9);
    // Still found, measurably less the same person.
    expect(flare!.faces[0]!.similarity).not.toBeNull();
    expect(flare!.faces[0]!.similarity!).toBeLessThan(sun!.faces[0]!.similarity! - 0.1);
    // The face boxes are in source pixels: the man's face is in the upper half, right of centre.
    const box = sun!.faces[0]!.source;
    expect(box.x + box.width / 2).toBeGreaterThan(1536 * 0.4);
    expect(box.y + box.height / 2).toBeLessThan(1024 * 0.5);
  }, 180_000);
});

describe('sources, regions and refusals', () => {
  it('compares edits of a history job: an edit’s own settings, or a generation’s output as the image', async () => {
    const { jobId } = await h.ok<{ jobId: number }>('jobs:edit', draft());
    const gen = await h.generate({ size: '1024x1024', quality: 'low' });
    await h.core.whenIdle();
    const fromEdit = await h.ok<CompareEstimate>('compare:estimate', { source: { jobId }, variants: [V({ quality: 'low' })] });
    expect(fromEdit.variants[0]!.estimatedUsd.usd).toBeGreaterThan(0);
    const fromGen = await h.ok<CompareEstimate>('compare:estimate', { source: { jobId: gen }, variants: [V({ guide: 'none', quality: 'auto' })] });
    // Auto lets the model choose: the estimate spans low to high quality.
    expect(fromGen.variants[0]!.estimatedUsd.low).toBeLessThan(fromGen.variants[0]!.estimatedUsd.high);
    // A generation has no mask to guide a variant.
    expect(await refusal(h, 'compare:estimate', { source: { jobId: gen }, variants: [V({})] }, 'INVALID_ARGUMENTS')).toMatch(/guided by the mask, but the edit has no mask/);
    expect(await refusal(h, 'compare:estimate', { source: { jobId: 99_999 }, variants: [V({})] }, 'NOT_FOUND')).toMatch(/Job 99999/);
  }, 120_000);

  it('refuses a variant the model cannot run, by its label, before anything is sent', async () => {
    const before = edits().length;
    const experiments = (await h.ok<ExperimentSummary[]>('compare:list', {})).length;
    expect(await refusal(h, 'compare:start', { source: { draft: draft() }, variants: [V({}), V({ model: 'gpt-image-2', complexity: 'low', label: 'Old one' })] }, 'INVALID_ARGUMENTS')).toBe(
      'Variant "Old one": GPT Image 2 does not take complexity.',
    );
    expect(await refusal(h, 'compare:start', { source: { draft: draft() }, variants: [V({ guide: 'none', pixelLock: true })] }, 'INVALID_ARGUMENTS')).toMatch(/pixel lock .* needs the mask/);
    expect(await refusal(h, 'compare:start', { source: { draft: { ...draft(), prompt: '' } }, variants: [V({})] }, 'INVALID_ARGUMENTS')).toMatch(/Write a prompt first/);
    expect(edits().length).toBe(before);
    expect((await h.ok<ExperimentSummary[]>('compare:list', {})).length).toBe(experiments);
    expect(await refusal(h, 'compare:get', { experimentId: 4242 }, 'NOT_FOUND')).toBe('Experiment 4242 is not in the library.');
  });

  it('measures a chosen rectangle, and a kit logo found in each output', async () => {
    const logo = await logoPng();
    const kit = await h.ok<KitView>('kits:create', { name: 'Lab Co' });
    const withLogo = await h.ok<KitView>('kits:add-asset', { kitId: kit.id, name: 'logo.png', dataBase64: b64(logo) });
    const logoHash = withLogo.assets[0]!.versions[0]!.hash;
    const params = { ...draft(), inputs: [{ hash: photo.hash, name: photo.name }, { hash: logoHash, name: 'logo.png' }], kit: { id: kit.id } };
    const { experimentId } = await h.ok<{ experimentId: number }>('compare:start', { source: { draft: params }, variants: [V({ quality: 'high' })] });
    await h.core.whenIdle();
    expect(await refusal(h, 'compare:set-region', { experimentId, region: { x: 1500, y: 0, width: 200, height: 50 } }, 'INVALID_ARGUMENTS')).toMatch(/goes beyond the source, which is 1600x1200/);
    await h.ok('compare:set-region', { experimentId, region: { x: 100, y: 100, width: 300, height: 200 } });
    const rect = await h.ok<ExperimentView>('compare:measure', { experimentId });
    expect(rect.region).toEqual({ x: 100, y: 100, width: 300, height: 200 });
    expect(rect.variants[0]!.metrics!.region).toMatchObject({ kind: 'rect', note: null });
    expect(rect.variants[0]!.metrics!.region!.ssim).toBeGreaterThan(0.8);
    // The fake shows extra inputs as framed thumbnails in the output's bottom-right corner: the logo is found there.
    await h.ok('compare:set-region', { experimentId, region: 'kit-logo' });
    const found = await h.ok<ExperimentView>('compare:measure', { experimentId });
    const r = found.variants[0]!.metrics!.region!;
    expect(r.kind).toBe('kit-logo');
    expect(r.ssim).not.toBeNull();
    expect(r.rect!.x).toBeGreaterThan(1600 * 0.6);
    expect(r.rect!.y).toBeGreaterThan(1200 * 0.55);
    // An experiment without a kit has no kit logo to follow.
    const plain = await h.ok<{ experimentId: number }>('compare:start', { source: { draft: draft() }, variants: [V({ quality: 'low' })] });
    expect(await refusal(h, 'compare:set-region', { experimentId: plain.experimentId, region: 'kit-logo' }, 'INVALID_ARGUMENTS')).toMatch(/not made with a brand kit/);
    await h.core.whenIdle();
  }, 180_000);
});

describe('deleting jobs', () => {
  it('an experiment keeps its source and mask when every job that used them is deleted', async () => {
    const own = await importBytes(h, 'own.jpg', await photoJpeg(1200, 800));
    const ownMask = await importMaskBytes(h, 'own-mask.png', await ellipseMask(1200, 800), own.hash);
    const { experimentId, jobIds } = await h.ok<{ experimentId: number; jobIds: number[] }>('compare:start', {
      source: { draft: editParams([own], { mask: ownMask.hash, stream: false, partialImages: 0 }) },
      variants: [V({ quality: 'low' })],
    });
    await h.core.whenIdle();
    await h.ok('compare:measure', { experimentId });
    await h.ok('jobs:delete', { jobIds });
    const view = await h.ok<ExperimentView>('compare:get', { experimentId });
    expect(view.variants).toHaveLength(0);
    expect(view.sourceAsset).toBe(own.hash);
    expect(await h.core.resolveAsset(own.hash, 'full')).not.toBeNull();
    expect(await h.core.resolveAsset(ownMask.hash, 'full')).not.toBeNull();
  }, 120_000);
});
