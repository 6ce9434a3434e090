/**
 * Content Credentials through the real core: the fake API answers with images carrying a
 * C2PA manifest signed by a test chain (as OpenAI's do), and every verdict below is the
 * C2PA reference implementation's (c2pa-rs via @contentauth/c2pa-wasm), read from the
 * files on disk.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readCredentials } from '../../electron/core/credentials/read';
import { mimeOfBytes } from '../../electron/core/credentials/credentials-service';
import { readSourceMetadata } from '../../electron/core/export/source-metadata';
import { JobViewSchema, type AssetView, type CredentialSummary, type JobView, type KitView, type SignerView } from '../../electron/shared';
import { picture, signedSample } from '../fixtures/credentials';
import { FAKE_SIGNER_NAME } from '../fake-openai/credentials';
import { makeHarness, type Harness } from './core-harness';
import { editParams, ellipseMask, importBytes, importMaskBytes, photoJpeg } from './edit-helpers';

let h: Harness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

async function harness(): Promise<Harness> {
  h = await makeHarness();
  h.fake.setOptions({ contentCredentials: true });
  return h;
}

async function generated(x: Harness, outputFormat: 'png' | 'jpeg' | 'webp'): Promise<JobView> {
  const jobId = await x.generate({ outputFormat, size: '1024x1024', ...(outputFormat === 'png' ? {} : { outputCompression: 90 }) });
  const job = JobViewSchema.parse(await x.settle(jobId));
  expect(job.status).toBe('succeeded');
  return job;
}

const MIME = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' } as const;

describe.each(['png', 'jpeg', 'webp'] as const)('content credentials of %s outputs', (format) => {
  it("keeps the API's manifest valid on save: the file is the API's bytes, Loupe's XMP goes to a sidecar", async () => {
    const x = await harness();
    const job = await generated(x, format);
    const out = job.outputs[0]!;
    const stored = await readFile(x.core.resolveAsset ? (await x.core.resolveAsset(out.assetHash, 'full'))!.path : '');
    const saved = await readFile(out.savedPath!);
    expect(saved.equals(stored)).toBe(true);

    const verdict = await readCredentials(saved, MIME[format]);
    expect(verdict.summary.state).toBe('valid');
    expect(verdict.summary.manifests[0]).toMatchObject({ tool: 'OpenAI-API', issuer: FAKE_SIGNER_NAME, aiGenerated: true, digitalSourceType: 'trainedAlgorithmicMedia' });
    expect(verdict.summary.manifests[0]!.actions[0]!.action).toBe('c2pa.created');

    const sidecar = await readFile(out.savedPath!.replace(/\.\w+$/, '.xmp'), 'utf8');
    expect(sidecar).toContain('a red fox in fresh snow');
    expect(sidecar).toContain(`<loupe:JobId>${job.id}</loupe:JobId>`);

    // What History shows: the same verdict, recorded with the image.
    const shown = await x.ok<CredentialSummary>('credentials:get', { hash: out.assetHash });
    expect(shown.state).toBe('valid');
    expect(shown.message).toMatch(/not on the trust list/);
    const raw = JSON.parse((await x.ok<{ json: string }>('credentials:raw', { hash: out.assetHash })).json) as { active_manifest: string; manifests: object };
    expect(Object.keys(raw.manifests)).toContain(raw.active_manifest);
  });

  it('re-signs when the person embeds XMP anyway: Loupe’s manifest is valid and names the API output, whose manifest is kept', async () => {
    const x = await harness();
    const view = await x.ok<SignerView>('credentials:set-options', { embedOverCredentials: true });
    expect(view).toMatchObject({ kind: 'local', embedOverCredentials: true });
    const job = await generated(x, format);
    const saved = await readFile(job.outputs[0]!.savedPath!);

    const verdict = (await readCredentials(saved, MIME[format])).summary;
    expect(verdict.state).toBe('valid');
    const [loupe, api] = verdict.manifests;
    expect(loupe).toMatchObject({ tool: 'Loupe 0.0.0-test', issuer: 'Loupe on this computer' });
    expect(loupe!.actions.map((a) => a.action)).toEqual(['c2pa.opened', 'c2pa.edited.metadata']);
    expect(loupe!.ingredients).toEqual([expect.objectContaining({ relationship: 'parentOf', manifest: api!.label })]);
    expect(api).toMatchObject({ tool: 'OpenAI-API', state: 'valid', aiGenerated: true });
    // The XMP is in the file this time.
    const xmp = (await readSourceMetadata(saved)).xmp ?? '';
    expect(xmp).toContain('a red fox in fresh snow');
  });

  it('says "tampered" for a library file changed by hand', async () => {
    const x = await harness();
    const job = await generated(x, format);
    const path = (await x.core.resolveAsset(job.outputs[0]!.assetHash, 'full'))!.path;
    const bytes = await readFile(path);
    // One byte in the middle of the picture data, as an editor that re-saves in place would change many.
    bytes[Math.floor(bytes.length * 0.8)]! ^= 0x5a;
    await writeFile(path, bytes);
    const shown = await x.ok<CredentialSummary>('credentials:get', { hash: job.outputs[0]!.assetHash });
    expect(shown.state).toBe('tampered');
    expect(shown.message).toMatch(/^Tampered/);
    expect(shown.problems.join(' ')).toMatch(/mismatch/);
  });

  it("signs a pixel-locked edit: Loupe's manifest is valid, composite, and names the API output (with its manifest) and the photo", async () => {
    const x = await harness();
    const photo = await importBytes(x, 'portrait.jpg', await photoJpeg());
    const mask = await importMaskBytes(x, 'hat.png', await ellipseMask(1600, 1200), photo.hash);
    const { jobId } = await x.ok<{ jobId: number }>('jobs:edit', editParams([photo], { mask: mask.hash, outputFormat: format, size: '1024x768' }));
    const job = JobViewSchema.parse(await x.settle(jobId));
    expect(job.status).toBe('succeeded');
    const out = job.outputs[0]!;
    expect(out.lockedHash).not.toBeNull();

    const lockedPath = (await x.core.resolveAsset(out.lockedHash!, 'full'))!.path;
    const locked = await readFile(lockedPath);
    expect(mimeOfBytes(locked)).toBe(MIME[format]);
    const verdict = (await readCredentials(locked, MIME[format])).summary;
    expect(verdict.state).toBe('valid');
    const [loupe, api] = verdict.manifests;
    expect(loupe).toMatchObject({ tool: 'Loupe 0.0.0-test', aiGenerated: true, digitalSourceType: 'compositeWithTrainedAlgorithmicMedia' });
    expect(loupe!.actions.find((a) => a.action === 'c2pa.edited')?.description).toMatch(/Pixel lock/);
    expect(loupe!.ingredients).toEqual([
      { title: `API output, job ${job.id} image 1`, relationship: 'parentOf', manifest: api!.label },
      { title: 'portrait.jpg', relationship: 'componentOf', manifest: null },
    ]);
    expect(api).toMatchObject({ tool: 'OpenAI-API', issuer: FAKE_SIGNER_NAME, state: 'valid' });

    // The saved file carries Loupe's XMP: being Loupe's own manifest, it is re-signed with the locked image as parent.
    const saved = await readFile(out.savedPath!);
    expect((await readSourceMetadata(saved)).xmp).toContain('<loupe:JobId>');
    const onDisk = (await readCredentials(saved, MIME[format])).summary;
    expect(onDisk.state).toBe('valid');
    expect(onDisk.manifests.map((m) => m.tool)).toEqual(['Loupe 0.0.0-test', 'Loupe 0.0.0-test', 'OpenAI-API']);
    expect(onDisk.manifests[0]!.actions.map((a) => a.action)).toEqual(['c2pa.opened', 'c2pa.edited.metadata']);
    // And the raw output keeps the API's own, recorded with it.
    expect((await x.ok<CredentialSummary>('credentials:get', { hash: out.assetHash })).manifests[0]!.tool).toBe('OpenAI-API');
  });
});

describe('content credentials, other cases', () => {
  it('without credentials from the API, saving embeds XMP as before and History says there are none', async () => {
    h = await makeHarness();
    const job = await generated(h, 'png');
    const saved = await readFile(job.outputs[0]!.savedPath!);
    expect((await readSourceMetadata(saved)).xmp).toContain('a red fox in fresh snow');
    const shown = await h.ok<CredentialSummary>('credentials:get', { hash: job.outputs[0]!.assetHash });
    expect(shown).toMatchObject({ state: 'none', manifests: [] });
    expect((await h.call('credentials:raw', { hash: job.outputs[0]!.assetHash })).ok).toBe(false);
  });

  it('says plainly that GIF is not supported for credentials', async () => {
    const x = await harness();
    const jobId = await x.generate({ model: 'gpt-image-2.6-sunburst', outputFormat: 'gif', gif: { frames: 2, frameMs: 200 }, size: 'auto', n: 1, stream: false });
    const job = JobViewSchema.parse(await x.settle(jobId));
    expect(job.status).toBe('succeeded');
    const shown = await x.ok<CredentialSummary>('credentials:get', { hash: job.outputs[0]!.assetHash });
    expect(shown.state).toBe('unsupported');
    expect(shown.message).toBe('GIF images are not supported for content credentials.');
  });

  it('keeps the credentials of a kit asset and of composed inputs', async () => {
    h = await makeHarness();
    const signed = await signedSample('png');
    const kit = await h.ok<KitView>('kits:create', { name: 'Signed Co' });
    const withAsset = await h.ok<KitView>('kits:add-asset', { kitId: kit.id, name: 'badge.png', dataBase64: signed.toString('base64') });
    const assetHash = withAsset.assets[0]!.versions.at(-1)!.hash;
    expect((await h.ok<CredentialSummary>('credentials:get', { hash: assetHash })).manifests[0]).toMatchObject({ tool: 'Sample Generator 2.0', state: 'valid' });

    // Composing two images of which one carries credentials: the composite names both, the signed one with its manifest.
    const a = await h.ok<AssetView>('assets:import', { name: 'signed.png', dataBase64: signed.toString('base64') });
    // Recorded with the import, in the library.
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(join(h.dataDir, 'loupe.sqlite'), { readonly: true });
    try {
      expect(db.prepare('SELECT state FROM asset_credentials WHERE hash = ?').pluck().get(a.hash)).toBe('valid');
    } finally {
      db.close();
    }
    const b = await h.ok<AssetView>('assets:import', { name: 'plain.png', dataBase64: (await picture('png', { colour: '#884422' })).toString('base64') });
    const composite = await h.ok<AssetView>('edits:compose', { hashes: [a.hash, b.hash], layout: 'row', background: '#ffffff' });
    const shown = await h.ok<CredentialSummary>('credentials:get', { hash: composite.hash });
    expect(shown.state).toBe('valid');
    expect(shown.manifests[0]).toMatchObject({ tool: 'Loupe 0.0.0-test', digitalSourceType: 'compositeWithTrainedAlgorithmicMedia' });
    expect(shown.manifests[0]!.ingredients.map((i) => [i.title, i.relationship, i.manifest !== null])).toEqual([
      ['Photo 1', 'componentOf', true],
      ['Photo 2', 'componentOf', false],
    ]);
    // Two plain photos: nothing to keep, so the composite carries none.
    const c = await h.ok<AssetView>('assets:import', { name: 'plain2.png', dataBase64: (await picture('png', { colour: '#224488' })).toString('base64') });
    const plain = await h.ok<AssetView>('edits:compose', { hashes: [b.hash, c.hash], layout: 'row', background: '#ffffff' });
    expect((await h.ok<CredentialSummary>('credentials:get', { hash: plain.hash })).state).toBe('none');
  });
});
