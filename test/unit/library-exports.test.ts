import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import * as exifr from 'exifr';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExportOptions, JobView, ProjectView, SettingsView } from '../../electron/shared';
import { makeHarness, type Harness, type HarnessOptions } from './core-harness';
import { editParams, importBytes, refusal } from './edit-helpers';

let h: Harness;
const open = async (opts: HarnessOptions = {}) => {
  h = await makeHarness(opts);
  return h;
};
afterEach(() => h?.dispose());

type Xmp = Record<string, Record<string, unknown>>;
/** XMP as a standard library reads it back. */
const xmpOf = async (file: string): Promise<Xmp> =>
  (await exifr.parse(await readFile(file), { xmp: true, tiff: false, mergeOutput: false, multiSegment: true })) as Xmp;
const promptIn = (x: Xmp): string => String((x.dc?.description as { value: string }).value);

const setOptions = (o: Partial<ExportOptions>) => h.ok<SettingsView>('settings:update', { exportOptions: o });
const outputOf = async (jobId: number) => (await h.settle(jobId)).outputs[0]!;

describe('auto-save', () => {
  it('saves PNG and JPEG with the prompt, model and job id in XMP that exifr reads back', async () => {
    await open();
    expect((await h.ok<SettingsView>('settings:get')).exportOptions).toEqual({ autoSave: true, embedMetadata: true, sidecar: false, keepSourceMetadata: true, keepGps: false, saveRaw: false });
    for (const outputFormat of ['png', 'jpeg'] as const) {
      const prompt = `a lighthouse at dusk, "quoted" & <odd>, ${outputFormat}`;
      const job = await h.settle(await h.generate({ prompt, outputFormat }));
      const file = job.outputs[0]!.savedPath!;
      expect(dirname(file)).toBe(h.outputDir);
      expect(file.endsWith(outputFormat === 'png' ? '.png' : '.jpg')).toBe(true);
      const xmp = await xmpOf(file);
      expect(promptIn(xmp).replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>')).toBe(prompt);
      expect(xmp.loupe).toMatchObject({ JobId: job.id, Model: 'gpt-image-2.6-sunburst', Kind: 'generate' });
      expect(xmp.xmp?.CreatorTool).toBe('Loupe 0.0.0-test');
      expect(existsSync(file.replace(/\.\w+$/, '.json'))).toBe(false);
    }
  });

  it('writes a sidecar beside the image when asked, and never over someone\'s file', async () => {
    await open();
    await h.ok('settings:update', { namingTemplate: 'shot_{index}' });
    await setOptions({ sidecar: true });
    await mkdir(h.outputDir, { recursive: true });
    await writeFile(join(h.outputDir, 'shot_1.json'), 'theirs'); // the image name is free, its sidecar's is not
    const job = await h.settle(await h.generate({ prompt: 'sidecar test' }));
    const file = job.outputs[0]!.savedPath!;
    expect(basename(file)).toBe('shot_1-2.png');
    const sidecar = JSON.parse(await readFile(join(h.outputDir, 'shot_1-2.json'), 'utf8'));
    expect(sidecar).toMatchObject({ format: 'loupe-sidecar', jobId: job.id, prompt: 'sidecar test', model: 'gpt-image-2.6-sunburst', outputIndex: 0 });
    expect(await readFile(join(h.outputDir, 'shot_1.json'), 'utf8')).toBe('theirs');
    expect(existsSync(join(h.outputDir, 'shot_1.png'))).toBe(false);
  });

  it('uses the project\'s folder and template; empty tokens leave no doubled separators', async () => {
    await open();
    const dir = join(h.root, 'acme');
    const project = await h.ok<ProjectView>('projects:create', { name: 'Acme Corp', outputDir: dir, namingTemplate: '{project}_{fidelity}_{kit}_{index}' });
    const job = await h.settle(await h.generate({ projectId: project.id }));
    expect(job.outputs[0]!.savedPath).toBe(join(dir, 'Acme-Corp_1.png'));
    expect(await readdir(h.outputDir).catch(() => [])).toEqual([]);
  });

  it('leaves outputs in the library when auto-save is off, until exported', async () => {
    await open();
    await setOptions({ autoSave: false });
    const job = await h.settle(await h.generate({ n: 2 }));
    expect(job.outputs.map((o) => [o.savedPath, o.saveError])).toEqual([
      [null, null],
      [null, null],
    ]);
    expect(existsSync(h.outputDir) ? await readdir(h.outputDir) : []).toEqual([]);

    const [a, b] = job.outputs;
    const r = await h.ok<{ files: string[]; failures: unknown[] }>('outputs:export', { outputIds: [a!.id, 999_999, b!.id] });
    expect(r.failures).toEqual([{ outputId: 999_999, message: 'Output 999999 is not in the library.' }]);
    expect(r.files.map((f) => dirname(f))).toEqual([h.outputDir, h.outputDir]);
    const after = await h.ok<JobView>('jobs:get', { jobId: job.id });
    expect(after.outputs.map((o) => o.savedPath)).toEqual(r.files);

    // Exporting again elsewhere: new files there, nothing overwritten, the saved path stays.
    const elsewhere = join(h.root, 'picked');
    const again = await h.ok<{ files: string[] }>('outputs:export', { outputIds: [a!.id, a!.id], dir: elsewhere });
    expect(again.files.map((f) => relative(elsewhere, f))).toEqual([basename(r.files[0]!), basename(r.files[0]!).replace('.png', '-2.png')]);
    expect((await h.ok<JobView>('jobs:get', { jobId: job.id })).outputs[0]!.savedPath).toBe(r.files[0]);
    await refusal(h, 'outputs:export', { outputIds: [a!.id], dir: 'relative/dir' }, 'INVALID_ARGUMENTS');
  });
});

describe('hostile prompts and templates stay in the chosen folder', () => {
  const prompts = ['../../etc/passwd', '..\\..\\windows\\system32', 'CON', 'a/b/c', '🦊'.repeat(300), 'x'.repeat(500), '.hidden', 'nul.txt'];
  const templates = ['{prompt}_{index}', '../{prompt}/{index}', '/{job}', '..{index}', '{project}/../{index}', 'CON.{job}', '{kit}{fidelity}{index}'];
  it('every file lands directly in the folder with a usable name', async () => {
    await open();
    const dir = join(h.root, 'contained');
    const project = await h.ok<ProjectView>('projects:create', { name: '../../evil/..', outputDir: dir });
    for (const [i, namingTemplate] of templates.entries()) {
      await h.ok('projects:update', { id: project.id, name: '../../evil/..', namingTemplate });
      const job = await h.settle(await h.generate({ prompt: prompts[i % prompts.length]!, projectId: project.id }));
      const file = job.outputs[0]!.savedPath!;
      expect(job.outputs[0]!.saveError).toBeNull();
      expect(dirname(file)).toBe(dir);
      expect(basename(file)).not.toMatch(/^[.\- ]|[/\\]/);
      expect(Buffer.byteLength(basename(file))).toBeLessThanOrEqual(220);
    }
    expect(await readdir(dir)).toHaveLength(templates.length);
    expect(existsSync(join(h.root, 'evil'))).toBe(false);
  });
});

describe('source photo metadata on edits', () => {
  it('keeps the camera EXIF on an edited JPEG when asked, and not otherwise', async () => {
    await open();
    const camera = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#7a8899' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'Loupe Test Camera', Model: 'LTC-1' } })
      .toBuffer();
    const photo = await importBytes(h, 'camera.jpg', camera);
    const run = async () => {
      const { jobId } = await h.ok<{ jobId: number }>('jobs:edit', editParams([photo], { size: '1024x1024', outputFormat: 'jpeg' }));
      return (await outputOf(jobId)).savedPath!;
    };
    const kept = await exifr.parse(await readFile(await run()), { tiff: true, xmp: true });
    expect(kept).toMatchObject({ Make: 'Loupe Test Camera', Model: 'LTC-1' });
    await setOptions({ keepSourceMetadata: false });
    const dropped = await exifr.parse(await readFile(await run()), { tiff: true, xmp: false });
    expect(dropped?.Make).toBeUndefined();
    await setOptions({ embedMetadata: false });
    const plain = await exifr.parse(await readFile(await run()), { tiff: false, xmp: true, mergeOutput: false });
    expect(plain?.loupe).toBeUndefined();
  });
});

describe('reveal, drag and the folder dialog', () => {
  it('reveals the saved file, exporting it first when it has none', async () => {
    const revealed: string[] = [];
    await open({ reveal: (p) => revealed.push(p) });
    const saved = await outputOf(await h.generate());
    expect(await h.ok('outputs:reveal', { outputId: saved.id })).toEqual({ path: saved.savedPath, revealed: true });
    await setOptions({ autoSave: false });
    const unsaved = await outputOf(await h.generate({ prompt: 'kept in the library' }));
    const r = await h.ok<{ path: string; revealed: boolean }>('outputs:reveal', { outputId: unsaved.id });
    expect(dirname(r.path)).toBe(h.outputDir);
    expect(existsSync(r.path)).toBe(true);
    expect(revealed).toEqual([saved.savedPath, r.path]);
    await refusal(h, 'outputs:reveal', { outputId: 999 }, 'NOT_FOUND');
  });

  it('says it could not reveal without a desktop shell', async () => {
    await open();
    const out = await outputOf(await h.generate());
    expect(await h.ok('outputs:reveal', { outputId: out.id })).toEqual({ path: out.savedPath, revealed: false });
  });

  it('drags the saved file, or a named copy made once; the icon is a PNG thumbnail', async () => {
    await open();
    const saved = await outputOf(await h.generate());
    const d1 = await h.ok<{ path: string; iconPath: string }>('outputs:start-drag', { outputId: saved.id });
    expect(d1.path).toBe(saved.savedPath);
    expect((await sharp(d1.iconPath).metadata()).format).toBe('png');

    await setOptions({ autoSave: false });
    const unsaved = await outputOf(await h.generate({ prompt: 'drag me out' }));
    const d2 = await h.ok<{ path: string }>('outputs:start-drag', { outputId: unsaved.id });
    expect(d2.path.startsWith(join(h.dataDir, 'drag'))).toBe(true);
    expect(basename(d2.path)).toMatch(/drag-me-out/);
    expect(promptIn(await xmpOf(d2.path))).toBe('drag me out');
    expect((await h.ok<{ path: string }>('outputs:start-drag', { outputId: unsaved.id })).path).toBe(d2.path);
    expect((await h.ok<JobView>('jobs:get', { jobId: (await h.ok<{ ids: number[] }>('history:search', { filter: {} })).ids[0]! })).outputs[0]!.savedPath).toBeNull();
    // A new session starts without the old drag copies.
    await h.reopen();
    expect(existsSync(join(h.dataDir, 'drag'))).toBe(false);
  });

  it('chooses a folder with the native dialog, where there is one', async () => {
    await open();
    expect(await refusal(h, 'dialog:choose-folder', {}, 'UNSUPPORTED')).toMatch(/desktop app/);
    await h.dispose();
    const picked = join('/tmp', 'picked-folder');
    await open({ chooseFolder: async () => picked });
    expect(await h.ok('dialog:choose-folder', {})).toEqual({ path: picked });
    await h.dispose();
    await open({ chooseFolder: async () => null });
    expect(await h.ok('dialog:choose-folder', {})).toEqual({ path: null });
  });
});
