/**
 * Every channel of the contract, called with hostile arguments (fast-check, seeded): each
 * call returns a Result, never a crash or an INTERNAL error; the core still answers
 * afterwards; no prototype is polluted; and nothing on disk changes outside the data
 * folder, the output folder and the folders a call named as its own (an export folder,
 * a new output or backups folder), which is what a person choosing a folder may do. A
 * canary folder with files of its own, in a temp folder of its own, is the target of every
 * traversal, and must come out byte for byte the same. Real core, real SQLite, the fake
 * API over HTTP.
 */
import fc from 'fast-check';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, type ChannelName, type JobView } from '../../electron/shared';
import { makeHarness, type Harness } from './core-harness';
import { editParams, importBytes, logoPng, photoJpeg } from './edit-helpers';
import { generateParams } from './helpers/params';
import { hostileArgs, hostilePaths, mutated } from './helpers/hostile';

const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
const RUNS = Number(process.env.FUZZ_RUNS ?? 1200);

/** Every file under `dir` with its size and a digest of its bytes (small files: the content itself). */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out.set(p, e.isFile() ? (await readFile(p)).toString('base64') : 'special');
    }
  };
  await walk(dir);
  return out;
}

const inside = (parent: string, p: string): boolean => {
  const rel = relative(resolve(parent), resolve(p));
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep));
};

/** The folders a call that succeeded named as the person's choice. */
function chosenFolders(channel: ChannelName, args: unknown): string[] {
  if (typeof args !== 'object' || args === null) return [];
  const a = args as Record<string, unknown>;
  const picks: unknown[] = [];
  if (channel === 'settings:update') picks.push(a.outputDir, a.backupsDir);
  if (channel === 'projects:create' || channel === 'projects:update') picks.push(a.outputDir);
  if (channel === 'outputs:export') picks.push(a.dir);
  if (channel === 'batches:start') picks.push(a.outputDir);
  if (channel === 'outputs:export-run' && typeof a.destination === 'object' && a.destination !== null) picks.push((a.destination as Record<string, unknown>).dir);
  return picks.filter((p): p is string => typeof p === 'string').map((p) => p.trim());
}

describe('channel fuzzing against a real core', () => {
  let h: Harness;
  let canary: string;
  let outside: string;
  let canaryBefore: Map<string, string>;
  let cwdBefore: string[];
  const chosen: string[] = [];
  const internal: { channel: string; args: string; message: string }[] = [];
  const reached = new Map<string, number>();
  let baselines: Partial<Record<ChannelName, Record<string, unknown>>> = {};

  beforeAll(async () => {
    // The canary's folder is the one root batches may read from and write to here (the web host allows the home folder).
    outside = await mkdtemp(join(tmpdir(), 'loupe-fuzz-outside-'));
    h = await makeHarness({ env: { LOUPE_BATCH_ROOTS: outside } });
    canary = join(outside, 'canary');
    await mkdir(join(canary, 'sub'), { recursive: true });
    await mkdir(join(canary, 'photos'), { recursive: true });
    await writeFile(join(canary, 'photos', 'one.jpg'), await photoJpeg(320, 240));
    await writeFile(join(canary, 'victim.txt'), 'must never change');
    await writeFile(join(canary, 'sub', 'keep.png'), Buffer.from('not really a png'));
    canaryBefore = await snapshot(canary);
    cwdBefore = (await readdir(process.cwd())).sort();
    // Something for ids to point at: a job with an output, saved and in History.
    const job = await h.settle(await h.generate({ prompt: 'a lighthouse at dusk' }));
    expect(job.status).toBe('succeeded');
    const png = await logoPng(96, 64);
    const asset = await importBytes(h, 'logo.png', png);
    const data = png.toString('base64');
    const kit = await h.ok<{ id: number }>('kits:create', { name: 'Acme' });
    const recipe = { model: 'gpt-image-2.6-sunburst', prompt: 'warm light', references: [], quality: 'low', size: '1024x1024', outputFormat: 'png', background: 'auto', moderation: 'auto' };
    const batch = { inputDir: join(canary, 'photos'), outputDir: join(canary, 'chosen-batch'), recipe };
    // Valid calls, each the starting point of its mutations.
    baselines = {
      'settings:update': { outputDir: join(canary, 'chosen-out'), namingTemplate: '{job}-{index}', backupsDir: join(canary, 'chosen-backups') },
      'settings:set-key': { apiKey: 'sk-proj-abcdefgh12345678' },
      'jobs:generate': { ...generateParams({ prompt: 'a kite' }) },
      'jobs:get': { jobId: 1 },
      'jobs:retry': { jobId: 1 },
      'jobs:cancel': { jobId: 1 },
      'history:list': { limit: 10 },
      'assets:import': { name: 'photo.png', dataBase64: data },
      'masks:import': { name: 'mask.png', dataBase64: data, firstHash: asset.hash },
      'edits:save-markup': { name: 'markup.png', dataBase64: data, firstHash: asset.hash },
      'edits:compose': { hashes: [asset.hash, asset.hash], layout: 'row', background: '#ffffff' },
      'edits:plan': { ...editParams([asset]) },
      'jobs:edit': { ...editParams([asset]) },
      'history:search': { filter: { query: 'lighthouse' } },
      'history:get-many': { ids: [1, 2] },
      'jobs:set-favourite': { jobId: 1, favourite: true },
      'jobs:set-tags': { jobId: 1, tags: ['sea'] },
      'jobs:set-notes': { jobId: 1, notes: 'n' },
      'jobs:set-project': { jobIds: [1], projectId: null },
      'jobs:rerun': { jobId: 1 },
      'lineage:tree': { jobId: 1 },
      'projects:create': { name: 'Harbour', outputDir: join(canary, 'chosen-project') },
      'projects:update': { id: 1, name: 'Harbour 2' },
      'outputs:export': { outputIds: [1], dir: join(canary, 'chosen-export') },
      'outputs:reveal': { outputId: 1 },
      'outputs:start-drag': { outputId: 1 },
      'library:restore': { path: join(canary, 'victim.txt') },
      'ledger:summary': { groupBy: 'model' },
      'kits:get': { kitId: kit.id },
      'kits:update': { kitId: kit.id, name: 'Acme 2' },
      'kits:add-asset': { kitId: kit.id, name: 'logo.png', dataBase64: data, role: 'logo' },
      'kits:export': { kitId: kit.id },
      'kits:where-used': { kitId: kit.id },
      'kits:import': { name: 'acme.loupe-kit', dataBase64: data },
      'kits:job-kit': { jobId: 1 },
      'batches:plan': batch,
      'batches:start': batch,
      'batches:get': { batchId: 1 },
      'batches:cancel': { batchId: 1 },
      'batches:retry-failed': { batchId: 1 },
      'batches:review': { batchId: 1, itemIds: [1], review: 'approved' },
      'outputs:mark': { outputIds: [1], rating: 4, flag: 'pick', label: 'green' },
      'outputs:restore-marks': { marks: [{ id: 1, rating: 0, flag: null, label: null }] },
      'jobs:add-tags': { jobIds: [1], tags: ['sea'] },
      'jobs:remove-tags': { jobIds: [1], tags: ['sea'] },
      'jobs:dismiss': { jobIds: [1], dismissed: true },
      'history:refusals-csv': { filter: {} },
      'credentials:get': { hash: asset.hash },
      'credentials:raw': { hash: asset.hash },
      'credentials:load-signer': { pem: { key: '-----BEGIN PRIVATE KEY-----', certificates: '-----BEGIN CERTIFICATE-----' } },
      'credentials:set-options': { embedOverCredentials: false },
      'outputs:export-run': { outputIds: [1], destination: { kind: 'folder', dir: join(canary, 'chosen-export-run') }, choice: { format: 'jpeg', longEdge: 512, quality: 80, template: '{job}-{index}', xmp: true, gps: false, zip: false } },
      'outputs:save-raw': { outputId: 1 },
      'compare:estimate': { source: { jobId: 1 }, variants: [{ model: 'gpt-image-2.6-flare', quality: 'low', guide: 'none', pixelLock: false }] },
      'compare:get': { experimentId: 1 },
      'compare:set-region': { experimentId: 1, region: { x: 0, y: 0, width: 16, height: 16 } },
      'compare:pick-winner': { experimentId: 1, variantId: 1 },
      'compare:export-sheet': { experimentId: 1 },
      'compare:diff-map': { a: asset.hash, b: asset.hash },
      'compare:measure': { experimentId: 1 },
    };
  });

  afterAll(async () => {
    await h?.dispose();
    await rm(outside, { recursive: true, force: true });
  });

  it('answers every hostile call with a Result, never a crash or an internal error', async () => {
    const paths = hostilePaths(canary, h.dataDir);
    const call = fc.constantFrom(...CHANNEL_NAMES).chain((channel) => {
      const base = baselines[channel];
      const args = base ? fc.oneof(hostileArgs(channel, paths), mutated(base, paths)) : hostileArgs(channel, paths);
      return args.map((a) => ({ channel, args: a }));
    });
    await fc.assert(
      fc.asyncProperty(call, async ({ channel, args }) => {
        const r = await h.call(channel, args);
        expect(typeof r.ok).toBe('boolean');
        if (r.ok || r.error.code !== 'INVALID_ARGUMENTS') reached.set(channel, (reached.get(channel) ?? 0) + 1);
        if (r.ok) {
          chosen.push(...chosenFolders(channel, args));
          return;
        }
        expect(typeof r.error.code).toBe('string');
        expect(r.error.message.length).toBeGreaterThan(0);
        // A stack trace is for the terminal, never for the window.
        expect(r.error.message).not.toMatch(/\n\s+at /);
        if (r.error.code === 'INTERNAL') internal.push({ channel, args: JSON.stringify(args)?.slice(0, 300) ?? String(args), message: r.error.message });
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    expect(internal).toEqual([]);
    // The fuzzer got past the schemas into the handlers of many channels, not just their parsers.
    expect(reached.size, [...reached.keys()].join(' ')).toBeGreaterThan(CHANNEL_NAMES.length * 0.4);
  }, 600_000);

  it('still works afterwards: app:info answers and the first job is intact', async () => {
    const info = await h.ok<{ dataDir: string }>('app:info', {});
    expect(info.dataDir).toBe(h.dataDir);
    const r = await h.call<JobView>('jobs:get', { jobId: 1 });
    // Deleting job 1 is a legitimate call the fuzzer may have made; anything else must be intact.
    if (r.ok) expect(r.value.prompt).toBe('a lighthouse at dusk');
    else expect(r.error.code).toBe('NOT_FOUND');
  });

  it('left no polluted prototype behind', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as unknown as Record<string, unknown>).outputDir).toBeUndefined();
  });

  it('changed nothing outside the app folders and the folders a call chose', async () => {
    await h.core.whenIdle();
    // The canary's own files are untouched; anything new in it came from a folder a call chose.
    const after = await snapshot(canary);
    for (const [p, bytes] of canaryBefore) expect(after.get(p), p).toBe(bytes);
    for (const p of after.keys()) {
      if (canaryBefore.has(p)) continue;
      expect(chosen.some((dir) => inside(dir, p)), `${p} was written though no call chose its folder`).toBe(true);
    }
    // Nothing anywhere else in the test's folder either.
    const everything = await snapshot(h.root);
    for (const p of [...everything.keys(), ...(await snapshot(outside)).keys()]) {
      if (canaryBefore.has(p)) continue;
      const allowed = inside(h.dataDir, p) || inside(h.outputDir, p) || chosen.some((dir) => inside(dir, p));
      expect(allowed, `${p} is outside every allowed folder`).toBe(true);
    }
    // And nothing relative to the working directory (a relative path taken as a folder).
    expect((await readdir(process.cwd())).sort()).toEqual(cwdBefore);
  });
});

describe('hostile names and templates still save inside the output folder', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await makeHarness();
  });
  afterAll(async () => {
    await h?.dispose();
  });

  it('a traversal in the naming template, the prompt or a project name never leaves the folder', async () => {
    const traversal = fc.constantFrom('../../', '..\\..\\', '/etc/', '%2e%2e/', 'CON', '.hidden', '\0', '~/', '{job}/../');
    const template = fc.tuple(traversal, fc.constantFrom('{prompt}', '{project}', '{kit}', '')).map(([t, tok]) => `${t}${tok}-{job}-{index}`);
    const prompt = fc.tuple(traversal, fc.string({ maxLength: 20 })).map(([t, s]) => `${t}${s} a quiet harbour`);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(template, prompt, async (namingTemplate, p) => {
        const set = await h.call('settings:update', { namingTemplate });
        if (!set.ok) {
          expect(set.error.code).toBe('INVALID_ARGUMENTS');
          return;
        }
        const project = await h.call<{ id: number }>('projects:create', { name: `../../p${n++}` });
        const jobId = await h.generate({ prompt: p, ...(project.ok ? { projectId: project.value.id } : {}) });
        const job = await h.settle(jobId);
        expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
        for (const o of job.outputs) {
          expect(o.savedPath).not.toBeNull();
          expect(inside(h.outputDir, o.savedPath!), `${o.savedPath} escaped ${h.outputDir}`).toBe(true);
          expect(relative(h.outputDir, o.savedPath!)).not.toContain(sep);
        }
      }),
      { seed: SEED, numRuns: 12 },
    );
    const files = await snapshot(h.root);
    for (const p of files.keys()) expect(inside(h.dataDir, p) || inside(h.outputDir, p), p).toBe(true);
  }, 300_000);
});
