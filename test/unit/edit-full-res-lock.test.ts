/**
 * Pixel lock at the photo's full resolution: the photo goes to the API scaled down
 * (3000x2000 → 1536x1024 for gpt-image-1.5 at high fidelity), and the saved locked image
 * is the photo at its own size, the original's exact pixels outside the feathered mask
 * (grow and feather scaled by original/sent) and the model's output scaled up inside.
 */
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { JobViewSchema, type AssetView, type EditParams, type JobView } from '../../electron/shared';
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

async function lockedEdit(x: Harness, photo: AssetView, resolution: 'original' | 'sent', over: Partial<EditParams> = { inputFidelity: 'high' }): Promise<JobView> {
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
  it('saves a 3000x2000 photo at 3000x2000: its own pixels outside the scaled band, the edit inside', async () => {
    h = await makeHarness();
    const bytes = await photoJpeg(3000, 2000);
    const photo = await importBytes(h, 'portrait.jpg', bytes);
    const job = await lockedEdit(h, photo, 'original');
    const req = h.fake.requests.find((r) => r.path === '/v1/images/edits')!;
    expect(req.files!.map((f) => [f.field, f.width, f.height])).toEqual([
      ['image', 1536, 1024],
      ['mask', 1536, 1024],
    ]);
    const out = job.outputs[0]!;
    // The raw output stays the API's; the metrics describe what the model did at the sent size.
    expect([out.width, out.height]).toEqual([1536, 1024]);
    expect(out.metrics!.outsidePixels).toBeGreaterThan(0.6 * 1536 * 1024);
    expect(out.metrics!.outsidePixels).toBeLessThan(1536 * 1024);

    const locked = await savedOf(job);
    expect([locked.width, locked.height]).toEqual([3000, 2000]);
    const original = await rawOf(bytes);
    // Grow and feather are sent pixels, scaled by 3000/1536 here; 3 more for the mask's resamplings.
    const r = compare(locked, original, 3000, 2000, Math.ceil((GROW + FEATHER + 3) * (3000 / 1536)) + 2);
    expect(r.outside).toBeGreaterThan(0.7 * 3000 * 2000);
    expect(r.outsideDiff).toBe(0);
    expect(r.insideMean).toBeGreaterThan(30);
  });

  it('with "sent", locks at the size sent, as before', async () => {
    h = await makeHarness();
    const bytes = await photoJpeg(3000, 2000);
    const photo = await importBytes(h, 'portrait.jpg', bytes);
    const job = await lockedEdit(h, photo, 'sent');
    expect(job.params.pixelLock).toEqual({ enabled: true, feather: FEATHER, grow: GROW, resolution: 'sent' });
    const locked = await savedOf(job);
    expect([locked.width, locked.height]).toEqual([1536, 1024]);
    // Exactly the first image as it was sent outside the band.
    const sent = h.fake.requests.find((r) => r.path === '/v1/images/edits')!.files![0]!;
    const r = compare(locked, await rawOf(sent.data), 1536, 1024, GROW + FEATHER + 3);
    expect(r.outsideDiff).toBe(0);
    expect(r.insideMean).toBeGreaterThan(30);
  });

  it('undoes gpt-image-1-mini\'s 3% zoom at the full size as it was found at the size sent', async () => {
    h = await makeHarness();
    const photo = await importBytes(h, 'portrait.jpg', await photoJpeg(3000, 2000));
    const mini = { model: 'gpt-image-1-mini' };
    const full = await savedOf(await lockedEdit(h, photo, 'original', mini));
    const sentJob = await lockedEdit(h, photo, 'sent', mini);
    const sentLocked = await savedOf(sentJob);
    expect([sentLocked.width, sentLocked.height]).toEqual([1152, 768]);
    // Scaled down to the size sent, the full-size lock shows the edit where the sent-size
    // lock put it: the same alignment, scaled (here 0.5 on average; left undone, 2.9).
    const down = await rawOf(await sharp(full.data, { raw: { width: 3000, height: 2000, channels: 3 } }).resize(1152, 768).png().toBuffer());
    const alpha = ellipseAlpha(1152, 768);
    let diff = 0;
    let n = 0;
    for (let p = 0; p < alpha.length; p++) {
      if (alpha[p]! !== 0) continue;
      for (let c = 0; c < 3; c++) diff += Math.abs(down.data[p * 3 + c]! - sentLocked.data[p * 3 + c]!);
      n += 3;
    }
    expect(diff / n).toBeLessThan(1.5);
  });

  it('locks a 24-megapixel camera photo at 6000x4000', async () => {
    await ensureFixtures();
    h = await makeHarness();
    const photo = await importFixture(h, 'camera-24mp.jpg');
    const job = await lockedEdit(h, photo, 'original');
    const locked = await savedOf(job);
    expect([locked.width, locked.height]).toEqual([6000, 4000]);
    const original = await rawOf(await readFile((await h.core.resolveAsset(photo.hash, 'full'))!.path));
    const r = compare(locked, original, 6000, 4000, Math.ceil((GROW + FEATHER + 3) * (6000 / 1536)) + 2);
    expect(r.outsideDiff).toBe(0);
    expect(r.insideMean).toBeGreaterThan(30);
  }, 120_000);
});
