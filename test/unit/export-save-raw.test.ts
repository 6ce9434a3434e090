/**
 * The raw output of a pixel-locked edit on disk (issue 14): "Save raw" writes exactly what
 * the model returned beside the locked file, through the same folder and naming ("-raw"),
 * and records it on the output; the "Also save the raw output" setting does the same as
 * each image arrives; an output with no separate raw version is refused with a reason.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { JobViewSchema, type JobView } from '../../electron/shared';
import { makeHarness, type Harness } from './core-harness';
import { editParams, ellipseMask, importBytes, importMaskBytes, photoJpeg, refusal } from './edit-helpers';

let h: Harness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

async function lockedEdit(x: Harness, prompt: string): Promise<JobView> {
  const photo = await importBytes(x, 'portrait.jpg', await photoJpeg(800, 600));
  const mask = await importMaskBytes(x, 'hat.png', await ellipseMask(800, 600), photo.hash);
  const { jobId } = await x.ok<{ jobId: number }>('jobs:edit', editParams([photo], { mask: mask.hash, prompt }));
  return JobViewSchema.parse(await x.settle(jobId));
}

describe('outputs:save-raw', () => {
  it('saves the raw output beside the locked file, named "-raw", and records where', async () => {
    h = await makeHarness();
    const job = await lockedEdit(h, 'a red hat');
    const out = job.outputs[0]!;
    expect(out.lockedHash).not.toBeNull();
    expect(out.savedPath).not.toBeNull();
    expect(out.rawSavedPath).toBeNull();

    const { path } = await h.ok<{ path: string }>('outputs:save-raw', { outputId: out.id });
    expect(dirname(path)).toBe(dirname(out.savedPath!));
    expect(basename(path)).toBe(basename(out.savedPath!).replace(/\.png$/, '-raw.png'));
    // The model's own image, at its own size: not the locked one.
    const meta = await sharp(path).metadata();
    expect([meta.width, meta.height]).toEqual([out.width, out.height]);
    const locked = await sharp(out.savedPath!).metadata();
    expect([locked.width, locked.height]).toEqual([800, 600]);
    // Same metadata rules as the locked file: the prompt is in its XMP.
    expect((await readFile(path)).includes(Buffer.from('a red hat'))).toBe(true);

    const again = JobViewSchema.parse(await h.ok('jobs:get', { jobId: job.id }));
    expect(again.outputs[0]!.rawSavedPath).toBe(path);
    expect(again.outputs[0]!.savedPath).toBe(out.savedPath);
    // A second save never overwrites: a numbered name.
    const second = await h.ok<{ path: string }>('outputs:save-raw', { outputId: out.id });
    expect(basename(second.path)).toBe(basename(path).replace(/-raw\.png$/, '-raw-2.png'));
  });

  it('refuses an output that has no separate raw version', async () => {
    h = await makeHarness();
    const photo = await importBytes(h, 'portrait.jpg', await photoJpeg(800, 600));
    const { jobId } = await h.ok<{ jobId: number }>('jobs:edit', editParams([photo], { prompt: 'no mask, no lock' }));
    const job = JobViewSchema.parse(await h.settle(jobId));
    expect(job.outputs[0]!.lockedHash).toBeNull();
    expect(await refusal(h, 'outputs:save-raw', { outputId: job.outputs[0]!.id }, 'INVALID_ARGUMENTS')).toMatch(/no separate raw version/);
    expect(await refusal(h, 'outputs:save-raw', { outputId: 99999 }, 'NOT_FOUND')).toMatch(/not in the library/);
  });
});

describe('the "Also save the raw output" setting', () => {
  it('saves the raw copy as each locked image arrives', async () => {
    h = await makeHarness();
    await h.ok('settings:update', { exportOptions: { saveRaw: true } });
    const job = await lockedEdit(h, 'a blue scarf');
    const out = job.outputs[0]!;
    expect(out.rawSavedPath).toBe(out.savedPath!.replace(/\.png$/, '-raw.png'));
    const meta = await sharp(out.rawSavedPath!).metadata();
    expect([meta.width, meta.height]).toEqual([out.width, out.height]);
  });
});
