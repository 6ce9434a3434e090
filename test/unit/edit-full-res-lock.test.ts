/**
 * Pixel lock at the photo's full resolution: the photo goes to the API scaled down
 * (4800x3200 → the model's input size, 3240x2160 for the 2.x models), and the saved locked image
 * is the photo at its own size, the original's exact pixels outside the feathered mask
 * (grow and feather scaled by original/sent) and the model's output scaled up inside.
 */
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { findModel, JobViewSchema, type AssetView, type EditParams, type JobView } from '../../electron/shared';
import { targetForModel } from '../../electron/core/images/intake';
import { ellipseAlpha, nearEdit } from '../fixtures/edits';
import { ensureFixtures } from '../fixtures/generate';
import { makeHarness, type Harness } from './core-harness';
import { editParams, ellipseMask, importBytes, importFixture, importMaskBytes, photoJpeg, rawOf } from './edit-helpers';

let h: Harness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

const GROW = 3;
const FEATHER = 6;
/** A photo larger than any model's input, so it is scaled down to be sent. */
const W = 4800;
const H = 3200;
/** What the harness's model (GPT Image 2.6 Sunburst) is sent for a W x H photo. */
function sentSize(): [number, number] {
  const t = targetForModel(findModel('gpt-image-2.6-sunburst')!, 'high');
  const scale = Math.min(1, t.maxLongEdge / W, t.maxShortEdge / H);
  return [Math.round(W * scale), Math.round(H * scale)];
}

async function lockedEdit(x: Harness, photo: AssetView, resolution: 'original' | 'sent', over: Partial<EditParams> = {}): Promise<JobView> {
  const mask = await importMaskBytes(x, 'hat.png', await ellipseMask(750, 500), photo.hash);
  const params = editParams([photo], { ...over, mask: mask.hash, pixelLock: { enabled: true, feather: FEATHER, grow: GROW, resolution } });
  const { jobId } = await x.ok<{ jobId: number }>('jobs:edit', params);
  const job = JobViewSchema.parse(await x.settle(jobId));
  expect(job.status).toBe('succeeded');
  return job;
}

/** Compares the saved locked image with `expected` outside the band and inside the edit. */
function compare(locked: { data: Buffer }, expected: { data: Buffer }, width: number, height: number, bandRadius: number): { outsideDiff: number; outside: number; insideMean: number } {
  const alpha = ellipseAlpha(width, height);
  const band = nearEdit(alpha, width, height, bandRadius);
  let outsideDiff = 0;
  let outside = 0;
  let inside = 0;
  let insideDiff = 0;
  for (let p = 0; p < alpha.length; p++) {
    const q = p * 3;
    const d = Math.abs(expected.data[q]! - locked.data[q]!) + Math.abs(expected.data[q + 1]! - locked.data[q + 1]!) + Math.abs(expected.data[q + 2]! - locked.data[q + 2]!);
    if (!band[p]) {
      outside++;
      outsideDiff += d;
    } else if (alpha[p]! === 0) {
      inside++;
      insideDiff += d;
    }
  }
  return { outsideDiff, outside, insideMean: insideDiff / inside };
}

async function savedOf(job: JobView): Promise<{ data: Buffer; width: number; height: number }> {
  const out = job.outputs[0]!;
  expect(out.lockedHash).toMatch(/^[0-9a-f]{64}$/);
  const saved = await readFile(out.savedPath!);
  const stored = await readFile((await h!.core.resolveAsset(out.lockedHash!, 'full'))!.path);
  const px = await rawOf(saved);
  // The saved file is the stored locked image (metadata is added at the byte level).
  expect(px.data.equals((await rawOf(stored)).data)).toBe(true);
  return px;
}

describe('pixel lock at the photo’s full resolution', () => {
  it('saves a 4800x3200 photo at 4800x3200: its own pixels outside the scaled band, the edit inside', async () => {
    h = await makeHarness();
    const [sw, sh] = sentSize();
    expect(sw).toBeLessThan(W);
    const bytes = await photoJpeg(W, H);
    const photo = await importBytes(h, 'portrait.jpg', bytes);
    const job = await lockedEdit(h, photo, 'original');
    const req = h.fake.requests.find((r) => r.path === '/v1/images/edits')!;
    expect(req.files!.map((f) => [f.field, f.width, f.height]).sort()).toEqual([
      ['image', sw, sh],
      ['mask', sw, sh],
    ]);
    const out = job.outputs[0]!;
    // The raw output stays the API's; the metrics describe what the model did at the sent size.
    expect([out.width, out.height]).toEqual([1536, 1024]);
    expect(out.metrics!.outsidePixels).toBeGreaterThan(0.6 * sw * sh);
    expect(out.metrics!.outsidePixels).toBeLessThan(sw * sh);

    const locked = await savedOf(job);
    expect([locked.width, locked.height]).toEqual([W, H]);
    const original = await rawOf(bytes);
    // Grow and feather are sent pixels, scaled by W/sw here; 3 more for the mask's resamplings.
    const r = compare(locked, original, W, H, Math.ceil((GROW + FEATHER + 3) * (W / sw)) + 2);
    expect(r.outside).toBeGreaterThan(0.7 * W * H);
    expect(r.outsideDiff).toBe(0);
    expect(r.insideMean).toBeGreaterThan(30);
  }, 120_000);

  it('with "sent", locks at the size sent, as before', async () => {
    h = await makeHarness();
    const [sw, sh] = sentSize();
    const bytes = await photoJpeg(W, H);
    const photo = await importBytes(h, 'portrait.jpg', bytes);
    const job = await lockedEdit(h, photo, 'sent');
    expect(job.params.pixelLock).toEqual({ enabled: true, feather: FEATHER, grow: GROW, resolution: 'sent' });
    const locked = await savedOf(job);
    expect([locked.width, locked.height]).toEqual([sw, sh]);
    // Exactly the first image as it was sent outside the band.
    const sent = h.fake.requests.find((r) => r.path === '/v1/images/edits')!.files!.find((f) => f.field === 'image')!;
    const r = compare(locked, await rawOf(sent.data), sw, sh, GROW + FEATHER + 3);
    expect(r.outsideDiff).toBe(0);
    expect(r.insideMean).toBeGreaterThan(30);
  }, 120_000);

  it('locks a 24-megapixel camera photo at 6000x4000', async () => {
    await ensureFixtures();
    h = await makeHarness();
    const photo = await importFixture(h, 'camera-24mp.jpg');
    const job = await lockedEdit(h, photo, 'original');
    const locked = await savedOf(job);
    expect([locked.width, locked.height]).toEqual([6000, 4000]);
    const original = await rawOf(await readFile((await h.core.resolveAsset(photo.hash, 'full'))!.path));
    const sw = h.fake.requests.find((r) => r.path === '/v1/images/edits')!.files!.find((f) => f.field === 'image')!.width!;
    const r = compare(locked, original, 6000, 4000, Math.ceil((GROW + FEATHER + 3) * (6000 / sw)) + 2);
    expect(r.outsideDiff).toBe(0);
    expect(r.insideMean).toBeGreaterThan(30);
  }, 120_000);
});
