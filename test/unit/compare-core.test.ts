/**
 * The comparison lab through the real core: experiments whose variants are ordinary edit
 * jobs sent to the fake OpenAI server over HTTP, measured once they finish.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssetView, CompareEstimate, DiffMapResult, ExperimentSummary, ExperimentView, JobView, MaskView, VariantSpec } from '../../electron/shared';
import { makeHarness, type Harness } from './core-harness';
import { editParams, importBytes, importMaskBytes, ellipseMask, photoJpeg, refusal, PHOTO } from './edit-helpers';

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
