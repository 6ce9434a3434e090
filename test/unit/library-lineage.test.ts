import { rm } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LineageNodeSchema, type JobView, type LineageNode, type ProjectView } from '../../electron/shared';
import { LineageRepo } from '../../electron/core/db/lineage-repo';
import { makeHarness, type Harness } from './core-harness';
import { editParams, ellipseMask, importBytes, importMaskBytes, photoJpeg, refusal } from './edit-helpers';
import { seedDb, type SeedDb } from './library-helpers';

/** The tree as nested job ids, to compare shapes at a glance. */
const shape = (n: LineageNode): unknown => (n.children.length ? { [n.jobId]: n.children.map(shape) } : n.jobId);

describe('lineage:tree', () => {
  let s: SeedDb;
  let lineage: LineageRepo;
  const outputOf = (jobId: number, index = 0) => s.jobs.get(jobId)!.outputs[index]!.id;
  beforeAll(async () => {
    s = await seedDb();
    lineage = new LineageRepo(s.db);
  });
  afterAll(() => s.close());

  it('is the whole tree containing the job, from its root, children oldest first', () => {
    const root = s.add({ outputs: 2, createdAt: 1 });
    const b = s.add({ kind: 'edit', parentOutputId: outputOf(root, 1), outputs: 1, createdAt: 3 });
    const a = s.add({ kind: 'edit', parentOutputId: outputOf(root, 0), outputs: 1, createdAt: 2 });
    const a1 = s.add({ kind: 'edit', parentOutputId: outputOf(a), outputs: 1, createdAt: 5 });
    const a2 = s.add({ kind: 'edit', parentOutputId: outputOf(a), status: 'failed', createdAt: 4 });
    s.add({ outputs: 1 }); // another tree

    const expected = { [root]: [{ [a]: [a2, a1] }, b] };
    for (const from of [root, a, a1, a2, b]) expect(shape(lineage.tree(from))).toEqual(expected);

    const tree = LineageNodeSchema.parse(lineage.tree(a1));
    expect(tree).toMatchObject({ jobId: root, kind: 'generate', fromOutputId: null, fromOutputIndex: null });
    expect(tree.thumbHash).toBe(s.jobs.get(root)!.outputs[0]!.assetHash);
    const nodeB = tree.children[1]!;
    expect(nodeB).toMatchObject({ jobId: b, kind: 'edit', fromOutputId: outputOf(root, 1), fromOutputIndex: 1 });
    expect(tree.children[0]!.children[0]).toMatchObject({ jobId: a2, status: 'failed', thumbHash: null });
    expect(shape(lineage.tree(s.add()))).toEqual(expect.any(Number)); // a job alone is a tree of one
    expect(() => lineage.tree(99_999)).toThrow(/not in the history/);
  });
});

describe('edits, lineage and re-runs through the handlers', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await makeHarness();
  });
  afterEach(() => h.dispose());

  it('an edited output shows up as a branch; the thumbnail is the locked image', async () => {
    const photo = await importBytes(h, 'portrait.jpg', await photoJpeg(400, 300));
    const mask = await importMaskBytes(h, 'hat.png', await ellipseMask(400, 300), photo.hash);
    const { jobId } = await h.ok<{ jobId: number }>('jobs:edit', editParams([photo], { mask: mask.hash, size: '1024x1024' }));
    const first = await h.settle(jobId);
    const out = first.outputs[0]!;
    const { jobId: childId } = await h.ok<{ jobId: number }>(
      'jobs:edit',
      editParams([{ ...photo, hash: out.lockedHash!, name: 'edited.png' }], { parentOutputId: out.id, prompt: 'now a scarf', size: '1024x1024', pixelLock: { enabled: false, feather: 0, grow: 0, resolution: 'original' } }),
    );
    await h.settle(childId);
    const tree = await h.ok<LineageNode>('lineage:tree', { jobId: childId });
    expect(shape(tree)).toEqual({ [jobId]: [childId] });
    expect(tree.thumbHash).toBe(out.lockedHash);
    expect(tree.children[0]).toMatchObject({ prompt: 'now a scarf', fromOutputId: out.id, fromOutputIndex: 0 });
    await refusal(h, 'lineage:tree', { jobId: 999 }, 'NOT_FOUND');
  });

  it('re-runs a generation with the same settings and project, estimate worked out again', async () => {
    const project = await h.ok<ProjectView>('projects:create', { name: 'Acme' });
    const first = await h.settle(await h.generate({ prompt: 'a teal door', n: 2, quality: 'medium', projectId: project.id }));
    const { jobId } = await h.ok<{ jobId: number }>('jobs:rerun', { jobId: first.id });
    expect(jobId).not.toBe(first.id);
    const again = await h.settle(jobId);
    expect(again).toMatchObject({ kind: 'generate', status: 'succeeded', prompt: 'a teal door', projectId: project.id, params: first.params, estimate: first.estimate });
    expect(again.outputs).toHaveLength(2);
  });

  it('re-runs an edit with its inputs in order, mask, fidelity and parent', async () => {
    const base = await h.settle(await h.generate());
    const photo = await importBytes(h, 'portrait.jpg', await photoJpeg(400, 300));
    const second = await importBytes(h, 'second.jpg', await photoJpeg(300, 300));
    const mask = await importMaskBytes(h, 'hat.png', await ellipseMask(400, 300), photo.hash);
    const { jobId } = await h.ok<{ jobId: number }>(
      'jobs:edit',
      editParams([photo, second], { mask: mask.hash, parentOutputId: base.outputs[0]!.id, size: '1024x1024' }),
    );
    const first = await h.settle(jobId);
    const editsBefore = h.fake.requests.filter((r) => r.path.includes('edits')).length;
    const { jobId: rerun } = await h.ok<{ jobId: number }>('jobs:rerun', { jobId: first.id });
    const again = await h.settle(rerun);
    expect(again).toMatchObject({ kind: 'edit', status: 'succeeded', parentOutputId: base.outputs[0]!.id, params: first.params });
    expect(again.inputs).toEqual(first.inputs);
    expect(again.estimate?.costUsd).toBe(first.estimate?.costUsd);
    expect(h.fake.requests.filter((r) => r.path.includes('edits'))).toHaveLength(editsBefore + 1);
    const tree = await h.ok<LineageNode>('lineage:tree', { jobId: rerun });
    expect(shape(tree)).toEqual({ [base.id]: [first.id, rerun] });
  });

  it('says why a job cannot run again, before anything is sent', async () => {
    const photo = await importBytes(h, 'portrait.jpg', await photoJpeg(400, 300));
    const { jobId } = await h.ok<{ jobId: number }>('jobs:edit', editParams([photo], { size: '1024x1024' }));
    const job: JobView = await h.settle(jobId);
    // The photo's file vanished from the store (a damaged disk, a hand-edited folder).
    await rm((await h.core.resolveAsset(photo.hash, 'full'))!.path);
    await h.reopen(); // a fresh start: nothing prepared in memory
    const sent = h.fake.requests.length;
    expect(await refusal(h, 'jobs:rerun', { jobId: job.id }, 'NOT_FOUND')).toMatch(/"portrait.jpg" is no longer in the library/);
    expect(h.fake.requests).toHaveLength(sent);
    await refusal(h, 'jobs:rerun', { jobId: 999 }, 'NOT_FOUND');
});
});
