/**
 * The export dialog follows the save rule for Content Credentials: an output carrying the
 * API's manifest, exported as stored with XMP on, keeps its bytes (XMP in a sidecar) and a
 * valid manifest; exported resized to JPEG, it is signed again by Loupe with the API's file
 * as its parent. Every verdict is the C2PA reference implementation's, read from the files.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readCredentials } from '../../electron/core/credentials/read';
import { JobViewSchema, type ExportChoice, type ExportRunResult } from '../../electron/shared';
import { makeHarness, type Harness } from './core-harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

const choice = (c: Partial<ExportChoice> = {}): ExportChoice => ({ format: 'jpeg', longEdge: 512, quality: 80, template: 'fox_{index}', xmp: true, gps: false, zip: false, ...c });

async function signedOutput(x: Harness): Promise<{ id: number; stored: Buffer }> {
  x.fake.setOptions({ contentCredentials: true });
  const job = JobViewSchema.parse(await x.settle(await x.generate({ outputFormat: 'png', size: '1024x1024' })));
  expect(job.status).toBe('succeeded');
  const out = job.outputs[0]!;
  return { id: out.id, stored: await readFile((await x.core.resolveAsset(out.assetHash, 'full'))!.path) };
}

describe('export and content credentials', () => {
  it("keeps the API's manifest on a copy as stored, with Loupe's XMP beside it", async () => {
    h = await makeHarness();
    const { id, stored } = await signedOutput(h);
    const dir = join(h.outputDir, 'as-stored');
    const r = await h.ok<ExportRunResult>('outputs:export-run', { outputIds: [id], destination: { kind: 'folder', dir }, choice: choice({ format: 'original', longEdge: null, template: 'kept' }) });
    expect(r.failures).toEqual([]);
    const file = await readFile(r.files[0]!.path);
    expect(file.equals(stored)).toBe(true);
    expect((await readCredentials(file, 'image/png')).summary).toMatchObject({ state: 'valid' });
    expect(await readFile(join(dir, 'kept.xmp'), 'utf8')).toContain('<loupe:JobId>');
  });

  it('signs a resized JPEG again, naming the API output as its parent', async () => {
    h = await makeHarness();
    const { id } = await signedOutput(h);
    const dir = join(h.outputDir, 'resized');
    const r = await h.ok<ExportRunResult>('outputs:export-run', { outputIds: [id], destination: { kind: 'folder', dir }, choice: choice() });
    const file = await readFile(r.files[0]!.path);
    const verdict = (await readCredentials(file, 'image/jpeg')).summary;
    expect(verdict.state).toBe('valid');
    const [loupe, api] = verdict.manifests;
    expect(loupe!.issuer).toBe('Loupe on this computer');
    expect(loupe!.actions.map((a) => a.action)).toEqual(expect.arrayContaining(['c2pa.resized', 'c2pa.transcoded']));
    expect(loupe!.ingredients).toEqual([expect.objectContaining({ relationship: 'parentOf', manifest: api!.label })]);
    expect(api).toMatchObject({ tool: 'OpenAI-API', state: 'valid' });
  });

  it('leaves an output without credentials as it was: no manifest is invented', async () => {
    h = await makeHarness();
    const job = JobViewSchema.parse(await h.settle(await h.generate({ outputFormat: 'png', size: '1024x1024' })));
    const dir = join(h.outputDir, 'plain');
    const r = await h.ok<ExportRunResult>('outputs:export-run', { outputIds: [job.outputs[0]!.id], destination: { kind: 'folder', dir }, choice: choice() });
    expect((await readCredentials(await readFile(r.files[0]!.path), 'image/jpeg')).summary.state).toBe('none');
  });
});
