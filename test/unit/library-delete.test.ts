import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AssetView, JobView, MaskView } from '../../electron/shared';
import { makeHarness, type Harness } from './core-harness';
import { editParams, ellipseMask, importBytes, importMaskBytes, logoPng, photoJpeg, refusal } from './edit-helpers';
import { treeHashes } from './library-fixtures';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(() => h.dispose());

/** Every file of the store for this hash: original and renderings. */
const filesOf = async (hash: string): Promise<string[]> => (await readdir(`${h.dataDir}/store/${hash.slice(0, 2)}`).catch(() => [] as string[])).filter((f) => f.startsWith(hash));
const stored = (hash: string) => h.core.resolveAsset(hash, 'full').then((r) => r !== null);

async function edit(inputs: AssetView[], over: Record<string, unknown> = {}): Promise<JobView> {
  const { jobId } = await h.ok<{ jobId: number }>('jobs:edit', editParams(inputs, { size: '1024x1024', ...over }));
  return h.settle(jobId);
}

describe('jobs:delete counts references', () => {
  it('a shared input survives the first delete and goes with the second; a saved mask stays; saved files are never touched', async () => {
    const photo = await importBytes(h, 'portrait.jpg', await photoJpeg(400, 300));
    const mask: MaskView = await importMaskBytes(h, 'hat.png', await ellipseMask(400, 300), photo.hash);
    const one = await edit([photo], { mask: mask.hash });
    const two = await edit([photo], { prompt: 'a blue scarf' });
    expect(one.status).toBe('succeeded');
    const out1 = one.outputs[0]!;
    expect(out1.lockedHash).not.toBeNull();
    expect(await filesOf(photo.hash)).toHaveLength(2); // the original and its thumbnail
    const savedBefore = await treeHashes(h.outputDir);
    expect(savedBefore.size).toBe(2);

    const first = await h.ok('jobs:delete', { jobIds: [one.id] });
    // Raw + locked output: original and thumbnail each.
    expect(first).toEqual({ deletedJobs: 1, removedFiles: 4 });
    expect(await stored(out1.assetHash)).toBe(false);
    expect(await stored(out1.lockedHash!)).toBe(false);
    expect(await stored(photo.hash)).toBe(true); // job two still uses it
    expect(await stored(mask.hash)).toBe(true);
    await refusal(h, 'jobs:get', { jobId: one.id }, 'NOT_FOUND');

    const second = await h.ok<{ deletedJobs: number; removedFiles: number }>('jobs:delete', { jobIds: [two.id] });
    expect(second.deletedJobs).toBe(1);
    expect(await stored(photo.hash)).toBe(false);
    expect(await filesOf(photo.hash)).toEqual([]);
    expect(await stored(mask.hash)).toBe(true); // saved masks stay in the studio's list
    expect((await h.ok<MaskView[]>('masks:list')).map((m) => m.hash)).toEqual([mask.hash]);
    // The person's folder is exactly as it was.
    expect(await treeHashes(h.outputDir)).toEqual(savedBefore);
    expect(await h.ok('history:search', { filter: {} })).toEqual({ ids: [], total: 0 });
  });

  it('keeps an output another job was edited from, and that job loses only its parent link', async () => {
    const gen = await h.settle(await h.generate());
    const out = gen.outputs[0]!;
    const child = await edit([{ hash: out.assetHash, name: 'from history', mime: 'image/png', width: 1024, height: 1024, bytes: out.bytes, kind: 'output', sources: [] }], {
      parentOutputId: out.id,
      pixelLock: { enabled: false, feather: 0, grow: 0 },
    });
    expect(child.parentOutputId).toBe(out.id);
    expect(await h.ok('jobs:delete', { jobIds: [gen.id] })).toEqual({ deletedJobs: 1, removedFiles: 0 });
    expect(await stored(out.assetHash)).toBe(true);
    const after = await h.ok<JobView>('jobs:get', { jobId: child.id });
    expect(after.parentOutputId).toBeNull();
    expect(after.inputs[0]!.hash).toBe(out.assetHash);
  });

  it('frees the photos of a composite once nothing uses the composite or them', async () => {
    const a = await importBytes(h, 'a.jpg', await photoJpeg(300, 200));
    const b = await importBytes(h, 'b.png', await logoPng(300, 200));
    const composite = await h.ok<AssetView>('edits:compose', { hashes: [a.hash, b.hash], layout: 'row', background: '#ffffff' });
    const job = await edit([composite, b]);
    await h.ok('jobs:delete', { jobIds: [job.id] });
    for (const hash of [composite.hash, a.hash, b.hash]) expect(await stored(hash)).toBe(false);
  });

  it('cancels a job still running before deleting it', async () => {
    h.fake.queueFault({ kind: 'latency', ms: 2_000, match: 'generations' });
    const id = await h.generate();
    await new Promise((r) => setTimeout(r, 100));
    expect(await h.ok('jobs:delete', { jobIds: [id] })).toMatchObject({ deletedJobs: 1 });
    await h.core.whenIdle();
    await refusal(h, 'jobs:get', { jobId: id }, 'NOT_FOUND');
    expect(await h.ok('jobs:delete', { jobIds: [id] })).toEqual({ deletedJobs: 0, removedFiles: 0 });
  });
});

describe('lineage:prune', () => {
  it('deletes the job and everything edited from it, keeping its parent', async () => {
    const root = await h.settle(await h.generate());
    const asInput = (o: JobView['outputs'][number]) => ({ hash: o.lockedHash ?? o.assetHash, name: 'x.png', mime: o.mime, width: o.width, height: o.height, bytes: o.bytes, kind: 'output' as const, sources: [] });
    const mid = await edit([asInput(root.outputs[0]!)], { parentOutputId: root.outputs[0]!.id, pixelLock: { enabled: false, feather: 0, grow: 0 } });
    const leaf = await edit([asInput(mid.outputs[0]!)], { parentOutputId: mid.outputs[0]!.id, prompt: 'leaf', pixelLock: { enabled: false, feather: 0, grow: 0 } });
    const sibling = await edit([asInput(root.outputs[0]!)], { parentOutputId: root.outputs[0]!.id, prompt: 'sibling', pixelLock: { enabled: false, feather: 0, grow: 0 } });

    const r = await h.ok<{ deletedJobs: number; removedFiles: number }>('lineage:prune', { jobId: mid.id });
    expect(r.deletedJobs).toBe(2);
    expect(r.removedFiles).toBeGreaterThanOrEqual(2); // the leaf's output and its thumbnail, at least
    expect((await h.ok<{ ids: number[] }>('history:search', { filter: {} })).ids).toEqual([sibling.id, root.id]);
    expect(await stored(root.outputs[0]!.assetHash)).toBe(true);
    expect(await stored(leaf.outputs[0]!.assetHash)).toBe(false);
    expect(existsSync(leaf.outputs[0]!.savedPath!)).toBe(true); // the person's copy stays
    await refusal(h, 'lineage:prune', { jobId: mid.id }, 'NOT_FOUND');
  });
});
