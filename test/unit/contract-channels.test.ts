import { isAbsolute, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, CONTRACT, EditParamsSchema, JobParamsSchema, LoupeError, type ChannelName, type GenerateParams, type Handlers, type ResponseOf } from '../../electron/shared';
import { invokeHandler } from '../../electron/core';
import { baseParams, makeHarness, type Harness } from './core-harness';
import { b64, editParams, ellipseMask, logoPng, markupPng, photoJpeg } from './edit-helpers';

const gen = (over: Record<string, unknown>): unknown => ({ ...baseParams, ...over });
const H1 = 'a'.repeat(64);
const H2 = 'b'.repeat(64);
const edit = (over: Record<string, unknown>): unknown => ({
  ...baseParams,
  inputs: [{ hash: H1, name: 'face.jpg' }, { hash: H2, name: 'logo.png' }],
  pixelLock: { enabled: false, feather: 8, grow: 4 },
  ...over,
});

const recipe = { model: 'gpt-image-2.6-sunburst', prompt: 'Warmer light', quality: 'medium', size: 'auto', outputFormat: 'jpeg', background: 'auto', moderation: 'auto' };
const batch = (over: Record<string, unknown>): unknown => ({ inputDir: '/photos/shoot', outputDir: '/photos/out', recipe, ...over });

/** The first problem zod reports, as invokeHandler words it. */
function problem(channel: ChannelName, args: unknown): string | null {
  const r = CONTRACT[channel].request.safeParse(args);
  if (r.success) return null;
  const i = r.error.issues[0]!;
  return `${i.path.join('.')}: ${i.message}`;
}

describe('request schemas', () => {
  const valid: Record<ChannelName, unknown[]> = {
    'app:info': [{}],
    'settings:get': [{}],
    'settings:update': [{}, { outputDir: '/tmp/out' }, { baseURL: 'https://gateway.example/v1', organization: 'org-abc', project: null, apiKey: 'sk-proj-abcdefgh12345678' }, { namingTemplate: '{job}-{index}' }],
    'settings:set-key': [{ apiKey: 'sk-proj-abcdefgh12345678' }],
    'settings:clear-key': [{}],
    'settings:choose-output-dir': [{}],
    'connection:test': [{}],
    'jobs:generate': [
      baseParams,
      gen({ model: 'gpt-image-2', size: '2048x1152', quality: 'high', n: 10 }),
      gen({ model: 'gpt-image-2.5-flare', outputFormat: 'webp', outputCompression: 50, background: 'transparent', stream: true, partialImages: 3 }),
      gen({ model: 'gpt-image-2.6-flare', quality: 'xhigh', complexity: 'high' }),
      gen({ model: 'gpt-image-2.6-sunburst', outputFormat: 'gif', size: '960x960', gif: { frames: 9, frameMs: 120 } }),
      gen({ model: 'gpt-image-2.6-sunburst', outputFormat: 'svg', svg: { model: 'gpt-5', effort: 'medium' } }),
    ],
    'jobs:get': [{ jobId: 1 }],
    'jobs:cancel': [{ jobId: 7 }],
    'jobs:retry': [{ jobId: 7 }],
    'history:list': [{}, { limit: 10 }, { limit: 200, before: 99 }],
    'assets:import': [{ name: 'photo.jpg', dataBase64: 'iVBORw0KGgo=' }],
    'masks:import': [{ name: 'mask.png', dataBase64: 'iVBORw0KGgo=', firstHash: H1 }, { name: 'bw.png', dataBase64: '', firstHash: H1, invert: true }],
    'masks:list': [{}],
    'edits:save-markup': [{ name: 'markup.png', dataBase64: 'iVBORw0KGgo=', firstHash: H1 }],
    'markups:list': [{}],
    'edits:compose': [{ hashes: [H1, H2], layout: 'row', background: '#ffffff' }, { hashes: [H1, H2, H1, H2], layout: 'grid', background: '#102030' }],
    'edits:plan': [edit({ prompt: '' }), edit({ model: 'gpt-image-2.6-flare', mask: H2 })],
    'jobs:edit': [
      edit({}),
      edit({ mask: H2, pixelLock: { enabled: true, feather: 8, grow: 4 }, parentOutputId: 3 }),
      edit({ model: 'gpt-image-2.6-sunburst', markup: H2, quality: 'max', complexity: 'low' }),
      edit({ model: 'gpt-image-2', inputs: Array.from({ length: 16 }, () => ({ hash: H1, name: 'x.jpg' })) }),
      edit({ projectId: 2, confirmOverBudget: true }),
    ],
    'history:search': [
      { filter: {} },
      { filter: { query: '"red fox" OR -x', models: ['gpt-image-2'], kinds: ['edit'], statuses: ['failed'], fidelity: 'high', hasMask: true, favourite: true, tags: ['client'], projectId: null, from: 0, to: 9, sort: 'cost-asc' } },
    ],
    'history:get-many': [{ ids: [] }, { ids: [3, 1, 2] }],
    'jobs:set-favourite': [{ jobId: 1, favourite: true }],
    'jobs:set-tags': [{ jobId: 1, tags: [] }, { jobId: 1, tags: ['Client A', 'print'] }],
    'jobs:set-notes': [{ jobId: 1, notes: '' }],
    'jobs:set-project': [{ jobIds: [1, 2], projectId: 3 }, { jobIds: [1], projectId: null }],
    'jobs:delete': [{ jobIds: [1] }],
    'jobs:rerun': [{ jobId: 1 }],
    'lineage:tree': [{ jobId: 1 }],
    'lineage:prune': [{ jobId: 1 }],
    'tags:list': [{}],
    'projects:list': [{}],
    'projects:create': [{ name: 'Acme' }, { name: 'Shoot', outputDir: '/tmp/shoot', namingTemplate: '{project}_{index}', budgetUsd: 5 }],
    'projects:update': [{ id: 1, name: 'Acme', budgetUsd: null }],
    'projects:delete': [{ id: 1 }],
    'outputs:export': [{ outputIds: [1] }, { outputIds: [1, 2], dir: '/tmp/out' }],
    'outputs:reveal': [{ outputId: 1 }],
    'outputs:save-raw': [{ outputId: 1 }],
    'outputs:start-drag': [{ outputId: 1 }],
    'dialog:choose-folder': [{}],
    'library:backup': [{}],
    'library:list-backups': [{}],
    'library:restore': [{ path: '/tmp/x.loupe-backup' }],
    'ledger:summary': [{ groupBy: 'day' }, { groupBy: 'project', from: 0, to: 1, projectId: null }],
    'ledger:csv': [{}, { projectId: 2 }],
    'kits:list': [{}],
    'kits:get': [{ kitId: 1 }],
    'kits:create': [{ name: 'Acme' }, { name: 'Acme', description: 'Coffee roasters' }],
    'kits:update': [{ kitId: 1, colours: [{ name: 'Roast', hex: '#5b3a29' }], policy: { logoPosition: 'first', model: 'gpt-image-2', qualityFloor: 'high', preservation: 'Keep the logo.' } }],
    'kits:add-asset': [{ kitId: 1, name: 'logo.svg', dataBase64: 'PHN2Zz4=', svgSize: 512 }, { kitId: 1, assetId: 2, name: 'logo.png', dataBase64: '' }],
    'kits:remove-asset': [{ kitId: 1, assetId: 2 }],
    'kits:delete': [{ kitId: 1 }],
    'kits:where-used': [{ kitId: 1 }],
    'kits:export': [{ kitId: 1 }],
    'kits:import': [{ name: 'acme.loupe-kit', dataBase64: 'UEsDBA==' }],
    'kits:job-kit': [{ jobId: 1 }],
    'compare:estimate': [
      { source: { jobId: 3 }, variants: [{ model: 'gpt-image-2.6-flare', quality: 'low', guide: 'mask', pixelLock: true }] },
      { source: { draft: edit({ prompt: '', mask: H2 }) }, variants: [{ model: 'gpt-image-2.6-sunburst', quality: 'high', complexity: 'low', guide: 'none', pixelLock: false, label: 'A' }] },
    ],
    'compare:start': [{ name: 'Logo test', source: { jobId: 3 }, variants: [{ model: 'gpt-image-2', quality: 'high', guide: 'markup', pixelLock: false }] }],
    'compare:list': [{}],
    'compare:get': [{ experimentId: 1 }],
    'compare:add-variant': [{ experimentId: 1, variant: { model: 'gpt-image-2.5-sunburst', quality: 'max', guide: 'mask', pixelLock: true } }],
    'compare:set-region': [{ experimentId: 1, region: { x: 0, y: 10, width: 64, height: 32 } }, { experimentId: 1, region: 'kit-logo' }, { experimentId: 1, region: null }],
    'compare:pick-winner': [{ experimentId: 1, variantId: 2 }],
    'compare:export-sheet': [{ experimentId: 1 }],
    'compare:diff-map': [{ a: H1, b: H2 }, { a: H1, b: H2, maskAssetId: H1 }],
    'compare:measure': [{ experimentId: 1 }],
    'batches:plan': [batch({}), batch({ mode: 'economy', budgetUsd: 4.5, namingTemplate: '{source}_{model}' })],
    'batches:start': [batch({}), batch({ recipe: { ...recipe, kit: { id: 1, presetId: 'hero' }, prompt: '', references: [{ hash: H1, name: 'logo.png' }], maskTemplate: H2 } })],
    'batches:list': [{}],
    'batches:get': [{ batchId: 1 }],
    'batches:cancel': [{ batchId: 1 }],
    'batches:review': [{ batchId: 1, itemIds: [1, 2], review: 'approved' }, { batchId: 1, itemIds: [3], review: null }],
    'batches:retry-failed': [{ batchId: 1 }],
    'queue:state': [{}],
    'queue:pause': [{}],
    'queue:resume': [{}],
    'outputs:mark': [{ outputIds: [1, 2], rating: 5 }, { outputIds: [1], flag: 'pick' }, { outputIds: [1], flag: null, label: 'purple' }, { outputIds: [1], toggleLabel: 'red' }],
    'outputs:restore-marks': [{ marks: [{ id: 1, rating: 0, flag: null, label: 'red' }] }],
    'jobs:add-tags': [{ jobIds: [1, 2], tags: ['client'] }],
    'jobs:remove-tags': [{ jobIds: [1], tags: ['client'] }],
    'jobs:dismiss': [{ jobIds: [1], dismissed: true }],
    'history:refusals-csv': [{ filter: {} }, { filter: { query: 'fox', minRating: 3, flag: 'none', label: 'green', refused: true, sort: 'rating-desc' } }],
    'credentials:get': [{ hash: H1 }],
    'credentials:raw': [{ hash: H2 }],
    'credentials:signer': [{}],
    'credentials:load-signer': [{ pem: { key: '-----BEGIN PRIVATE KEY-----', certificates: '-----BEGIN CERTIFICATE-----' } }, { pkcs12: { dataBase64: 'AAAA', password: '' } }],
    'credentials:reset-signer': [{}],
    'credentials:set-options': [{ embedOverCredentials: true }],
    'outputs:export-run': [
      { outputIds: [1], destination: { kind: 'folder', dir: '/tmp/out' }, choice: { format: 'jpeg', longEdge: 1024, quality: 85, template: '', xmp: true, gps: false, zip: false } },
      { outputIds: [1, 2], destination: { kind: 'download' }, choice: { format: 'original', longEdge: null, quality: 90, template: '{job}-{index}', xmp: false, gps: false, zip: true } },
    ],
  };

  it('covers every channel', () => {
    expect(Object.keys(valid).sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  it.each(CHANNEL_NAMES)('%s accepts valid arguments', (channel) => {
    for (const args of valid[channel]) expect(problem(channel, args), JSON.stringify(args)).toBeNull();
  });

  it.each(CHANNEL_NAMES)('%s rejects unknown extra fields', (channel) => {
    const args = { ...(valid[channel][0] as object), sneaky: true };
    expect(problem(channel, args)).toMatch(/sneaky|Unrecognized key/i);
  });

  it.each([
    [gen({ model: 'gpt-image-1.5' }), 'model: GPT Image 1.5 was shut down on 2026-12-01: use GPT Image 2.6 Sunburst.'],
    [gen({ model: 'gpt-image-2', quality: 'max' }), 'quality: GPT Image 2 takes quality low, medium, high, auto.'],
    [gen({ model: 'gpt-image-2.5-sunburst', complexity: 'low' }), 'complexity: GPT Image 2.5 Sunburst does not take complexity.'],
    [gen({ model: 'gpt-image-2.6-flare', background: 'transparent' }), 'background: GPT Image 2.6 Flare cannot make transparent backgrounds.'],
    [gen({ model: 'gpt-image-2.6-flare', outputFormat: 'svg', n: 3 }), 'n: SVG output makes one image per request.'],
    [gen({ model: 'gpt-image-2', size: '1000x1000' }), 'size: Both edges must be multiples of 16.'],
    [gen({ model: 'gpt-image-2', size: '3840x1024' }), 'size: The long edge can be at most 3 times the short edge.'],
    [gen({ model: 'gpt-image-2', size: '512x512' }), 'size: At least 655,360 pixels (for example 1024x640).'],
    [gen({ size: 'big' }), 'size: Write the size as WIDTHxHEIGHT or auto.'],
    [gen({ background: 'transparent', outputFormat: 'jpeg' }), 'background: JPEG output cannot have a transparent background here: choose PNG or WebP.'],
    [gen({ outputCompression: 80, outputFormat: 'png' }), 'outputCompression: Compression applies to JPEG and WebP only.'],
    [gen({ model: 'chatgpt-image-latest' }), 'model: ChatGPT Image (latest) was shut down on 2026-12-01'],
    [gen({ model: 'dall-e-3' }), 'model: Loupe does not know the model dall-e-3.'],
    [gen({ prompt: '   ' }), 'prompt: Write a prompt first.'],
    [gen({ n: 11 }), 'n: '],
    [gen({ partialImages: 4 }), 'partialImages: '],
    [gen({ response_format: 'b64_json' }), 'response_format'],
  ])('jobs:generate rejects %o', (args, message) => {
    expect(problem('jobs:generate', args)).toContain(message);
  });

  it.each([
    [edit({ model: 'gpt-image-2', inputFidelity: 'high' }), 'inputFidelity: GPT Image 2 always uses high input fidelity; leave it unset.'],
    [edit({ model: 'gpt-image-2.6-sunburst', inputFidelity: 'low' }), 'inputFidelity: GPT Image 2.6 Sunburst always uses high input fidelity; leave it unset.'],
    [edit({ model: 'gpt-image-2', markup: H2 }), 'markup: GPT Image 2 does not take markup: use a mask, or GPT Image 2.5 or 2.6.'],
    [edit({ model: 'gpt-image-2.6-sunburst', markup: H2, mask: H1 }), 'markup: Use a mask or markup, not both: the API takes one of them.'],
    [edit({ inputs: [] }), 'inputs: Add at least one image.'],
    [edit({ inputs: Array.from({ length: 17 }, () => ({ hash: H1, name: 'x.jpg' })) }), 'inputs: The API takes at most 16 images.'],
    [edit({ mask: 'not-a-hash' }), 'mask: Not an image of the library.'],
    [edit({ pixelLock: { enabled: true, feather: 65, grow: 0 } }), 'pixelLock.feather: '],
    [edit({ pixelLock: { enabled: true, feather: 8, grow: 4, resolution: 'full' } }), 'pixelLock.resolution: '],
    [edit({ prompt: ' ' }), 'prompt: Write a prompt first.'],
  ])('jobs:edit rejects %o', (args, message) => {
    expect(problem('jobs:edit', args)).toContain(message);
  });

  it('reads a pixel lock stored before its resolution existed as the full-resolution default', () => {
    const stored = { ...baseParams, inputs: [{ hash: H1, name: 'face.jpg' }], mask: H2, pixelLock: { enabled: true, feather: 8, grow: 4 } };
    expect(JobParamsSchema.parse(stored).pixelLock).toEqual({ enabled: true, feather: 8, grow: 4, resolution: 'original' });
    expect(EditParamsSchema.parse({ ...stored, pixelLock: { ...stored.pixelLock, resolution: 'sent' } }).pixelLock.resolution).toBe('sent');
  });

  it.each([
    ['edits:compose', { hashes: [H1], layout: 'row', background: '#ffffff' }, 'hashes: Compose needs 2 to 4 photos.'],
    ['edits:compose', { hashes: [H1, H2], layout: 'row', background: 'white' }, 'background: Background as #rrggbb.'],
    ['assets:import', { name: 'a.png', dataBase64: 'not base64!' }, 'dataBase64: Not base64 data.'],
    ['assets:import', { name: '  ', dataBase64: '' }, 'name: '],
    ['settings:update', { baseURL: 'ftp://example.com' }, 'baseURL: Enter a full http(s) URL'],
    ['settings:update', { baseURL: 'http://gateway.example/v1', apiKey: 'sk-proj-abcdefgh12345678' }, 'baseURL: Plain http is only allowed to this computer'],
    ['settings:update', { namingTemplate: '{date}' }, 'namingTemplate: Include {index} or {job} so names stay distinct.'],
    ['settings:update', { organization: 'org with spaces' }, 'organization: Organization IDs look like org-…'],
    ['settings:set-key', { apiKey: 'sk-1' }, 'apiKey: That is too short to be an API key.'],
    ['settings:set-key', { apiKey: 'sk-abc def ghi jkl' }, 'apiKey: An API key has no spaces or special characters.'],
    ['jobs:get', { jobId: 0 }, 'jobId: '],
    ['jobs:get', { jobId: '3' }, 'jobId: '],
    ['history:list', { limit: 500 }, 'limit: '],
    ['batches:start', batch({ namingTemplate: '{date}' }), 'namingTemplate: Include {source}, {index} or {job} so names stay distinct.'],
    ['batches:start', batch({ inputDir: ' ' }), 'inputDir: Choose a folder.'],
    ['batches:start', batch({ mode: 'later' }), 'mode: '],
    ['batches:start', batch({ budgetUsd: -1 }), 'budgetUsd: '],
    ['settings:update', { queue: { concurrency: 0 } }, 'queue.concurrency: At least one job at a time.'],
  ] as const)('%s rejects %o', (channel, args, message) => {
    expect(problem(channel, args)).toContain(message);
  });
});

describe('invokeHandler', () => {
  const calls: string[] = [];
  const handlers = Object.fromEntries(
    CHANNEL_NAMES.map((c) => [
      c,
      async (args: unknown) => {
        calls.push(c);
        if (c === 'jobs:get') throw new LoupeError('NOT_FOUND', 'Job 5 is not in the history.');
        if (c === 'jobs:cancel') throw new TypeError('boom');
        return args;
      },
    ]),
  ) as unknown as Handlers;

  it('rejects unknown channels', async () => {
    expect(await invokeHandler(handlers, 'fs:read', {})).toEqual({ ok: false, error: { code: 'INVALID_ARGUMENTS', message: 'Unknown channel: fs:read' } });
    expect(await invokeHandler(handlers, '__proto__', {})).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
    expect(calls).toEqual([]);
  });

  it('rejects bad arguments with the first issue, prefixed by its path, without calling the handler', async () => {
    const r = await invokeHandler(handlers, 'jobs:generate', gen({ model: 'gpt-image-2', size: '1000x1000' }));
    expect(r).toEqual({ ok: false, error: { code: 'INVALID_ARGUMENTS', message: 'size: Both edges must be multiples of 16.' } });
    expect(await invokeHandler(handlers, 'jobs:get', null)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
    expect(calls).toEqual([]);
  });

  it('treats missing arguments as {} and passes parsed values (defaults applied)', async () => {
    expect(await invokeHandler(handlers, 'app:info', undefined)).toEqual({ ok: true, value: {} });
    expect(await invokeHandler(handlers, 'history:search', { filter: {} })).toEqual({ ok: true, value: { filter: { sort: 'newest' } } });
    expect(await invokeHandler(handlers, 'history:list', undefined)).toEqual({ ok: true, value: { limit: 50 } });
    const trimmed = (await invokeHandler(handlers, 'jobs:generate', gen({ prompt: '  fox  ' }))) as { ok: true; value: GenerateParams };
    expect(trimmed.value.prompt).toBe('fox');
  });

  it('returns LoupeErrors as data and wraps anything else as INTERNAL', async () => {
    expect(await invokeHandler(handlers, 'jobs:get', { jobId: 5 })).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'Job 5 is not in the history.' } });
    const original = console.error;
    console.error = () => undefined;
    try {
      expect(await invokeHandler(handlers, 'jobs:cancel', { jobId: 5 })).toEqual({
        ok: false,
        error: { code: 'INTERNAL', message: 'Something went wrong inside Loupe: boom' },
      });
    } finally {
      console.error = original;
    }
  });
});

describe('responses of a real core parse with the response schemas', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await makeHarness({ chooseFolder: async () => '/tmp/loupe-contract-chosen' });
  });
  afterAll(() => h.dispose());

  const check = async <C extends ChannelName>(channel: C, args: unknown = {}): Promise<ResponseOf<C>> => {
    const r = await invokeHandler(h.core.handlers, channel, args);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
    return CONTRACT[channel].response.parse(r.value) as ResponseOf<C>;
  };

  it('every channel', async () => {
    const info = await check('app:info');
    expect(info).toMatchObject({ host: 'web', canChooseFolders: true });
    expect(isAbsolute(info.dataDir)).toBe(true);
    await check('settings:get');
    await check('settings:update', { namingTemplate: '{job}_{index}' });
    await check('settings:set-key', { apiKey: 'sk-test-contract-12345678' });
    expect((await check('settings:choose-output-dir')).outputDir).toBe('/tmp/loupe-contract-chosen');
    const conn = await check('connection:test');
    expect(conn.defaultModel).toBe('gpt-image-2.6-sunburst');
    const { jobId } = await check('jobs:generate', baseParams);
    await h.core.whenIdle();
    expect((await check('jobs:get', { jobId })).status).toBe('succeeded');
    expect((await check('history:list', { limit: 5 })).items).toHaveLength(1);
    h.fake.queueFault({ kind: 'insufficient_quota', match: 'generations' });
    const second = await check('jobs:generate', baseParams);
    await h.core.whenIdle();
    expect((await check('jobs:retry', { jobId: second.jobId })).status).toMatch(/queued|running/);
    await h.core.whenIdle();
    const third = await check('jobs:generate', { ...baseParams, prompt: 'a slow one' });
    expect((await check('jobs:cancel', { jobId: third.jobId })).status).toBe('canceled');

    // The edit studio.
    const photo = await check('assets:import', { name: 'portrait.jpg', dataBase64: b64(await photoJpeg(400, 300)) });
    const logo = await check('assets:import', { name: 'logo.png', dataBase64: b64(await logoPng()) });
    const mask = await check('masks:import', { name: 'hat.png', dataBase64: b64(await ellipseMask(400, 300)), firstHash: photo.hash });
    expect(await check('masks:list')).toEqual([mask]);
    const markup = await check('edits:save-markup', { name: 'arrow.png', dataBase64: b64(await markupPng(400, 300)), firstHash: photo.hash });
    expect(await check('markups:list')).toEqual([markup]);
    expect((await check('edits:compose', { hashes: [photo.hash, logo.hash], layout: 'row', background: '#ffffff' })).sources).toEqual([photo.hash, logo.hash]);
    const draft = editParams([photo, logo], { mask: mask.hash });
    expect((await check('edits:plan', { ...draft, prompt: '' })).inputs).toHaveLength(2);
    const edited = await check('jobs:edit', draft);
    await h.core.whenIdle();
    const editJob = await check('jobs:get', { jobId: edited.jobId });
    expect(editJob).toMatchObject({ kind: 'edit', status: 'succeeded', inputs: [{ hash: photo.hash }, { hash: logo.hash }, { role: 'mask', hash: mask.hash }] });
    expect(editJob.outputs[0]?.lockedHash).toMatch(/^[0-9a-f]{64}$/);

    // The library at scale.
    expect((await check('history:search', { filter: { query: 'fox', sort: 'cost-desc' } })).total).toBeGreaterThan(0);
    expect(await check('history:get-many', { ids: [edited.jobId, jobId] })).toHaveLength(2);
    expect((await check('jobs:set-favourite', { jobId, favourite: true })).favourite).toBe(true);
    expect((await check('jobs:set-tags', { jobId, tags: ['keeper'] })).tags).toEqual(['keeper']);
    expect((await check('jobs:set-notes', { jobId, notes: 'n' })).notes).toBe('n');
    expect(await check('tags:list')).toEqual([{ name: 'keeper', count: 1 }]);
    const project = await check('projects:create', { name: 'Acme', budgetUsd: 100 });
    expect(await check('projects:update', { id: project.id, name: 'Acme Corp' })).toMatchObject({ name: 'Acme Corp', budgetUsd: 100 });
    expect(await check('jobs:set-project', { jobIds: [jobId], projectId: project.id })).toEqual({ updated: 1 });
    expect((await check('projects:list'))[0]?.jobCount).toBe(1);
    const rerun = await check('jobs:rerun', { jobId });
    await h.core.whenIdle();
    expect((await check('lineage:tree', { jobId: edited.jobId })).jobId).toBe(edited.jobId);
    const outputId = editJob.outputs[0]!.id;
    expect((await check('outputs:export', { outputIds: [outputId], dir: join(h.root, 'exported') })).files).toHaveLength(1);
    expect((await check('outputs:reveal', { outputId })).revealed).toBe(false);
    expect((await check('outputs:start-drag', { outputId })).iconPath).toMatch(/\.png$/);
    expect(await check('dialog:choose-folder')).toEqual({ path: '/tmp/loupe-contract-chosen' });
    expect((await check('ledger:summary', { groupBy: 'model' })).totalJobs).toBeGreaterThan(0);
    expect((await check('ledger:csv', {})).fileName).toMatch(/\.csv$/);
    const backup = await check('library:backup');
    expect(await check('library:list-backups')).toEqual([expect.objectContaining({ path: backup.path })]);
    expect((await check('lineage:prune', { jobId: rerun.jobId })).deletedJobs).toBe(1);
    expect((await check('jobs:delete', { jobIds: [third.jobId] })).deletedJobs).toBe(1);
    expect(await check('projects:delete', { id: project.id })).toEqual({ deleted: true });
    expect(await check('library:restore', { path: backup.path })).toEqual({ jobs: backup.jobs, assets: backup.assets });
    await check('settings:clear-key');
  });
});
