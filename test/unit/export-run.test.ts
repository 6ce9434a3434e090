/**
 * outputs:export-run through the real core: a generated output exported resized to JPEG
 * into a chosen folder, exported again (identical bytes are found, not copied as "-2"),
 * zipped, and refused outside the output folders in the web host.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as exifr from 'exifr';
import sharp from 'sharp';
import yauzl from 'yauzl';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExportChoice, ExportRunResult } from '../../electron/shared';
import { makeHarness, type Harness } from './core-harness';
import { PORTRAIT_HEIC } from '../fixtures/heic/make';
import { editParams, importBytes, refusal } from './edit-helpers';

let h: Harness;
afterEach(() => h?.dispose());

const choice = (c: Partial<ExportChoice> = {}): ExportChoice => ({ format: 'jpeg', longEdge: 512, quality: 80, template: 'fox_{index}', xmp: true, gps: false, zip: false, ...c });
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function twoOutputs(): Promise<number[]> {
  const job = await h.settle(await h.generate({ prompt: 'a red fox in snow', n: 2, size: '1536x1024' }));
  return job.outputs.map((o) => o.id);
}

describe('outputs:export-run', () => {
  it('exports resized JPEGs into a chosen folder, then finds them identical instead of copying again', async () => {
    h = await makeHarness();
    const ids = await twoOutputs();
    const dir = join(h.outputDir, 'chosen');
    const first = await h.ok<ExportRunResult>('outputs:export-run', { outputIds: ids, destination: { kind: 'folder', dir }, choice: choice() });
    expect(first.failures).toEqual([]);
    expect(first.files).toEqual([
      { outputId: ids[0], path: join(dir, 'fox_1.jpg'), status: 'written' },
      { outputId: ids[1], path: join(dir, 'fox_2.jpg'), status: 'written' },
    ]);
    expect(first.message).toBe(`Exported 2 files to ${dir}.`);
    const bytes = await readFile(join(dir, 'fox_1.jpg'));
    expect(await sharp(bytes).metadata()).toMatchObject({ format: 'jpeg', width: 512, height: 341 });
    const xmp = (await exifr.parse(bytes, { xmp: true, tiff: false, mergeOutput: false })) as Record<string, Record<string, unknown>>;
    expect(xmp.loupe).toMatchObject({ Model: 'gpt-image-2.6-sunburst' });

    const again = await h.ok<ExportRunResult>('outputs:export-run', { outputIds: ids, destination: { kind: 'folder', dir }, choice: choice() });
    expect(again.files.map((f) => f.status)).toEqual(['identical', 'identical']);
    expect(again.message).toBe('2 files were already there with identical bytes, so they were not copied again.');
    expect((await readdir(dir)).sort()).toEqual(['fox_1.jpg', 'fox_2.jpg']);
    expect(sha(await readFile(join(dir, 'fox_1.jpg')))).toBe(sha(bytes));

    // Other settings make other bytes: a new file beside the old, never over it.
    const other = await h.ok<ExportRunResult>('outputs:export-run', { outputIds: [ids[0]], destination: { kind: 'folder', dir }, choice: choice({ xmp: false }) });
    expect(other.files).toEqual([{ outputId: ids[0], path: join(dir, 'fox_1-2.jpg'), status: 'written' }]);
    expect(await exifr.parse(await readFile(join(dir, 'fox_1-2.jpg')), { xmp: true })).toBeUndefined();
  });

  it('writes PNG, WebP and AVIF, and the stored bytes as they are for "original"', async () => {
    h = await makeHarness();
    const [id] = await twoOutputs();
    const dir = join(h.outputDir, 'formats');
    for (const format of ['png', 'webp', 'avif'] as const) {
      const r = await h.ok<ExportRunResult>('outputs:export-run', { outputIds: [id], destination: { kind: 'folder', dir }, choice: choice({ format, longEdge: 300, template: 'f' }) });
      expect(r.files[0]!.status).toBe('written');
      expect(await sharp(r.files[0]!.path).metadata()).toMatchObject({ format: format === 'avif' ? 'heif' : format, width: 300, height: 200 });
    }
    const orig = await h.ok<ExportRunResult>('outputs:export-run', { outputIds: [id], destination: { kind: 'folder', dir }, choice: choice({ format: 'original', longEdge: null, xmp: false, template: 'o' }) });
    const [job] = await h.ok<{ outputs: { id: number; assetHash: string }[] }[]>('history:get-many', { ids: [1] });
    const stored = (await h.core.resolveAsset(job!.outputs.find((o) => o.id === id)!.assetHash, 'full'))!.path;
    expect(sha(await readFile(orig.files[0]!.path))).toBe(sha(await readFile(stored)));
  });

  it('puts everything in one zip when asked, naming each entry', async () => {
    h = await makeHarness();
    const ids = await twoOutputs();
    const dir = join(h.outputDir, 'zipped');
    const r = await h.ok<ExportRunResult>('outputs:export-run', { outputIds: ids, destination: { kind: 'folder', dir }, choice: choice({ zip: true }) });
    expect(r.files.map((f) => [f.path, f.status])).toEqual([
      ['fox_1.jpg', 'zipped'],
      ['fox_2.jpg', 'zipped'],
    ]);
    expect(r.zip!.path).toMatch(/loupe-export-\d{8}-\d{6}\.zip$/);
    expect(r.message).toBe(`Exported 2 files in ${r.zip!.fileName} to ${dir}.`);
    const names = await new Promise<string[]>((res, rej) =>
      yauzl.open(r.zip!.path!, { lazyEntries: false }, (err, zip) => {
        if (err || !zip) return rej(err);
        const out: string[] = [];
        zip.on('entry', (e: { fileName: string }) => out.push(e.fileName));
        zip.on('end', () => res(out));
      }),
    );
    expect(names).toEqual(['fox_1.jpg', 'fox_2.jpg']);
  });

  it('hands a zip to the browser to download, and clears it at the next start', async () => {
    h = await makeHarness();
    const ids = await twoOutputs();
    const r = await h.ok<ExportRunResult>('outputs:export-run', { outputIds: ids, destination: { kind: 'download' }, choice: choice({ zip: false }) });
    const [, token, name] = /^\/exports\/([\w-]{8,32})\/(loupe-export-\d{8}-\d{6}\.zip)$/.exec(r.zip!.downloadUrl!)!;
    expect(r.zip).toMatchObject({ path: null, fileName: name });
    expect(r.message).toBe(`Exported 2 files in ${name}.`);
    const zip = await readFile(join(h.dataDir, 'exports', token!, name!));
    expect(zip.length).toBe(r.zip!.bytes);
    await h.reopen();
    expect(existsSync(join(h.dataDir, 'exports'))).toBe(false);
  });

  it('an edit of a HEIC photo keeps its camera EXIF, and its GPS only when asked', async () => {
    h = await makeHarness();
    const photo = await importBytes(h, 'IMG_2041.HEIC', await readFile(PORTRAIT_HEIC));
    const job = await h.settle((await h.ok<{ jobId: number }>('jobs:edit', editParams([photo], { size: '1024x1536', outputFormat: 'png' }))).jobId);
    expect(job.status).toBe('succeeded');
    const dir = join(h.outputDir, 'gps');
    const run = (gps: boolean, template: string) =>
      h.ok<ExportRunResult>('outputs:export-run', { outputIds: [job.outputs[0]!.id], destination: { kind: 'folder', dir }, choice: choice({ gps, template }) });
    const without = await exifr.parse(await readFile((await run(false, 'plain')).files[0]!.path), { tiff: true, gps: true });
    expect(without).toMatchObject({ Make: 'Loupe', Model: 'HEIC fixture' });
    expect(without.latitude).toBeUndefined();
    const withGps = await exifr.parse(await readFile((await run(true, 'located')).files[0]!.path), { tiff: true, gps: true });
    expect(withGps.latitude).toBeCloseTo(51.5, 3);
  });

  it('refuses a relative folder, and an unknown output by id without stopping the rest', async () => {
    h = await makeHarness();
    const [id] = await twoOutputs();
    expect(await refusal(h, 'outputs:export-run', { outputIds: [id], destination: { kind: 'folder', dir: 'relative/dir' }, choice: choice() }, 'INVALID_ARGUMENTS')).toBe(
      'Export to a full folder path, not "relative/dir".',
    );
    // The test harness serves the web host: only the output folders (and folders in them) are writable.
    const outside = join(h.root, 'elsewhere');
    expect(await refusal(h, 'outputs:export-run', { outputIds: [id], destination: { kind: 'folder', dir: outside }, choice: choice() }, 'INVALID_ARGUMENTS')).toBe(
      `In the browser, Loupe exports only into your output folders (${h.outputDir}), not to ${outside}.`,
    );
    const dir = join(h.outputDir, 'partial');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'fox_1.jpg'), 'someone else\'s file');
    const r = await h.ok<ExportRunResult>('outputs:export-run', { outputIds: [id, 999_999], destination: { kind: 'folder', dir }, choice: choice() });
    expect(r.failures).toEqual([{ outputId: 999_999, message: 'Output 999999 is not in the library.' }]);
    expect(r.files).toEqual([{ outputId: id, path: join(dir, 'fox_1-2.jpg'), status: 'written' }]);
    expect(await readFile(join(dir, 'fox_1.jpg'), 'utf8')).toBe('someone else\'s file');
  });
});
