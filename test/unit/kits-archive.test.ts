/**
 * Kit files: export and import round trip through the real core (identical kit on another
 * library, files deduplicated by hash), and every hostile archive refused with a clear
 * message and nothing half-imported. Hostile archives are made with yazl (the same
 * library that writes real ones) or patched as raw bytes where yazl would refuse.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import yazl from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KitView } from '../../electron/shared';
import { ARCHIVE_LIMITS, readKitArchive } from '../../electron/core/kits/kit-archive';
import { makeHarness, type Harness } from './core-harness';
import { b64, logoPng, photoJpeg, refusal } from './edit-helpers';
import { createHash } from 'node:crypto';

let a: Harness;
let b: Harness;
beforeAll(async () => {
  a = await makeHarness();
  b = await makeHarness();
});
afterAll(async () => {
  await a.dispose();
  await b.dispose();
});

const sha = (x: Buffer): string => createHash('sha256').update(x).digest('hex');
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60"><rect width="120" height="60" fill="#c33"/></svg>');

async function exportBytes(h: Harness, kitId: number): Promise<Buffer> {
  const r = await h.ok<{ downloadUrl: string; fileName: string }>('kits:export', { kitId });
  const [, token, name] = /^\/kit-exports\/([\w-]+)\/(.+)$/.exec(r.downloadUrl)!;
  return readFile(join(h.dataDir, 'kit-exports', token!, decodeURIComponent(name!)));
}

interface Entry {
  name: string;
  data: Buffer;
  compress?: boolean;
  mode?: number;
}

/** A zip written by yazl from the entries given, in order. */
function zipOf(entries: readonly Entry[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const e of entries) zip.addBuffer(e.data, e.name, { compress: e.compress ?? true, ...(e.mode !== undefined ? { mode: e.mode } : {}) });
  zip.end();
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  zip.outputStream.pipe(sink);
  return new Promise((resolve, reject) => {
    sink.on('data', (c: Buffer) => chunks.push(c));
    sink.on('end', () => resolve(Buffer.concat(chunks)));
    sink.on('error', reject);
  });
}

async function manifestFor(logo: Buffer, over: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  return {
    format: 'loupe-kit',
    formatVersion: 1,
    exportedAt: 1,
    kit: {
      uid: `uid-${Math.random().toString(36).slice(2, 12)}`,
      name: 'Crafted',
      description: '',
      colours: [],
      typography: '',
      presets: [],
      policy: { logoPosition: 'first', model: 'gpt-image-2', qualityFloor: 'high', preservation: 'Keep the logo.' },
      revision: 1,
      createdAt: 1,
    },
    assets: [{ name: 'logo.png', role: 'logo', versions: [{ version: 1, fileName: 'logo.png', file: `assets/${sha(logo)}.png`, sha256: sha(logo), sourceMime: 'image/png', width: 600, height: 300, createdAt: 1 }] }],
    ...over,
  };
}

async function validEntries(): Promise<Entry[]> {
  const logo = await logoPng();
  return [
    { name: 'manifest.json', data: Buffer.from(JSON.stringify(await manifestFor(logo))) },
    { name: `assets/${sha(logo)}.png`, data: logo, compress: false },
  ];
}

async function refused(entries: Entry[] | Buffer, expected: RegExp | string): Promise<void> {
  const bytes = Buffer.isBuffer(entries) ? entries : await zipOf(entries);
  const before = await b.ok<KitView[]>('kits:list');
  const message = await refusal(b, 'kits:import', { name: 'hostile.loupe-kit', dataBase64: b64(bytes) }, 'INVALID_ARGUMENTS');
  expect(message).toMatch(/^This kit file was not imported: /);
  expect(message).toMatch(expected);
  expect(message).toContain('Nothing was added');
  expect(await b.ok<KitView[]>('kits:list')).toEqual(before);
}

describe('export and import', () => {
  it('round trip: the same kit, versions, SVG source and policy, with files stored once', async () => {
    const kit = await a.ok<KitView>('kits:create', { name: 'Acme', description: 'Coffee roasters since 1990' });
    const logo = await logoPng();
    await a.ok('kits:update', {
      kitId: kit.id,
      colours: [{ name: 'Roast', hex: '#5b3a29' }, { name: 'Foam', hex: '#f4efe6' }],
      typography: 'Headlines in a condensed grotesque; never italic.',
      policy: { logoPosition: 'after-photos', model: 'gpt-image-2.6-sunburst', qualityFloor: 'xhigh', preservation: 'Keep the Acme mark exactly.' },
    });
    const one = await a.ok<KitView>('kits:add-asset', { kitId: kit.id, name: 'logo.png', dataBase64: b64(logo) });
    await a.ok('kits:add-asset', { kitId: kit.id, assetId: one.assets[0]!.id, name: 'logo.svg', dataBase64: b64(SVG), svgSize: 480 });
    // Version 3 goes back to the first file: the archive holds that file once.
    await a.ok('kits:add-asset', { kitId: kit.id, assetId: one.assets[0]!.id, name: 'logo.png', dataBase64: b64(logo) });
    const original = await a.ok<KitView>('kits:add-asset', { kitId: kit.id, name: 'shop.jpg', dataBase64: b64(await photoJpeg(500, 400)) });

    const bytes = await exportBytes(a, kit.id);
    const imported = await b.ok<KitView>('kits:import', { name: 'Acme.loupe-kit', dataBase64: b64(bytes) });
    const strip = (k: KitView) => ({
      ...k,
      id: 0,
      updatedAt: 0,
      assets: k.assets.map((x) => ({ ...x, id: 0, versions: x.versions.map((v) => ({ ...v, id: 0 })) })),
    });
    expect(strip(imported)).toEqual(strip(original));
    expect(imported.assets[0]!.versions.map((v) => v.version)).toEqual([3, 2, 1]);
    expect(imported.assets[0]!.versions[0]!.hash).toBe(imported.assets[0]!.versions[2]!.hash);

    // The same kit again: refused by its identity, nothing changed.
    expect(await refusal(b, 'kits:import', { name: 'Acme.loupe-kit', dataBase64: b64(bytes) }, 'CONFLICT')).toContain('already in your library as "Acme"');
    // Deleted and imported again: the same kit comes back.
    await b.ok('kits:delete', { kitId: imported.id });
    const again = await b.ok<KitView>('kits:import', { name: 'Acme.loupe-kit', dataBase64: b64(bytes) });
    expect(strip(again)).toEqual(strip(original));
    await b.ok('kits:delete', { kitId: again.id });
  });

  it('a crafted but well-formed kit imports (the baseline for the hostile cases)', async () => {
    const kit = await b.ok<KitView>('kits:import', { name: 'ok.loupe-kit', dataBase64: b64(await zipOf(await validEntries())) });
    expect(kit.assets[0]!.versions[0]).toMatchObject({ width: 600, height: 300 });
    await b.ok('kits:delete', { kitId: kit.id });
  });
});

describe('hostile kit files are refused whole', () => {
  it('not a zip, or a truncated one', async () => {
    await refused(Buffer.from('hello, not a zip'), /not a kit file/);
    const good = await zipOf(await validEntries());
    await refused(good.subarray(0, good.length - 30), /not a kit file|damaged/);
  });

  it('zip-slip, absolute paths, backslashes', async () => {
    const [manifest, logo] = await validEntries();
    // yazl itself refuses these names, so they are patched into the bytes (same length).
    const patch = async (name: string, replacement: string) => {
      const z = await zipOf([manifest!, logo!, { name, data: Buffer.from('x') }]);
      return Buffer.from(z.toString('latin1').split(name).join(replacement), 'latin1');
    };
    await refused(await patch('assets/XX/XX/evil.png', 'assets/../../evil.png'), /outside the kit/);
    await refused(await patch('xetc/passwd', '/etc/passwd'), /absolute path/);
    await refused(await patch('assets/x_y.png', 'assets\\x_y.png'), /backslashes/);
  });

  it('symbolic links', async () => {
    const [manifest, logo] = await validEntries();
    await refused([manifest!, logo!, { name: 'assets/link.png', data: Buffer.from('/etc/passwd'), mode: 0o120777 }], /symbolic link/);
  });

  it('too many entries, oversized entries, zip bombs', async () => {
    const [manifest, logo] = await validEntries();
    const many = Array.from({ length: 401 }, (_, i) => ({ name: `assets/${i}.txt`, data: Buffer.from('x') }));
    await refused([manifest!, logo!, ...many], /403 entries; a kit has at most 400/);
    // 20 MB of zeros deflates to ~20 KB.
    await refused([manifest!, logo!, { name: 'assets/bomb.png', data: Buffer.alloc(20 * 1024 * 1024) }], /inflate \d+ times \(a zip bomb\)/);
    // Sizes against smaller limits, so the test does not need hundreds of megabytes.
    const noise = Buffer.from(Array.from({ length: 3 * 1024 * 1024 }, (_, i) => (i * 2654435761) >>> 24));
    const limits = { ...ARCHIVE_LIMITS, maxEntryBytes: 2 * 1024 * 1024, maxTotalBytes: 5 * 1024 * 1024 };
    const big = await zipOf([manifest!, logo!, { name: 'assets/big.png', data: noise, compress: false }]);
    await expect(readKitArchive(big, limits)).rejects.toThrow(/"assets\/big.png" is 3 MB, more than the 2 MB/);
    const parts = Array.from({ length: 4 }, (_, i) => ({ name: `assets/${String(i).repeat(64)}.png`, data: noise.subarray(0, 1536 * 1024), compress: false }));
    await expect(readKitArchive(await zipOf([manifest!, logo!, ...parts]), limits)).rejects.toThrow(/add up to more than 5 MB/);
  });

  it('unknown files, missing files, duplicates and checksum mismatches', async () => {
    const [manifest, logo] = await validEntries();
    await refused([manifest!, logo!, { name: 'readme.txt', data: Buffer.from('hi') }], /"readme.txt", which is not part of a kit/);
    const stray = await logoPng(100, 50);
    await refused([manifest!, logo!, { name: `assets/${sha(stray)}.png`, data: stray }], /which its manifest does not list/);
    await refused([manifest!], /which is missing from the file/);
    await refused([manifest!, logo!, logo!], /appears twice/);
    await refused([manifest!, { name: logo!.name, data: await logoPng(601, 300) }], /does not match its checksum/);
  });

  it('a broken or foreign manifest', async () => {
    const [, logo] = await validEntries();
    await refused([logo!], /no manifest\.json/);
    await refused([{ name: 'manifest.json', data: Buffer.from('{"format": "loupe-kit", ') }, logo!], /not valid JSON/);
    await refused([{ name: 'manifest.json', data: Buffer.from('{"format": "something-else"}') }, logo!], /not a Loupe kit manifest/);
    const bad = await manifestFor(logo!.data, { formatVersion: 1 });
    (bad['kit'] as Record<string, unknown>)['policy'] = { logoPosition: 'sideways', model: 'gpt-image-2', qualityFloor: 'high', preservation: '' };
    await refused([{ name: 'manifest.json', data: Buffer.from(JSON.stringify(bad)) }, logo!], /manifest is broken at kit\.policy\.logoPosition/);
    const newer = await manifestFor(logo!.data, { formatVersion: 9 });
    await refused([{ name: 'manifest.json', data: Buffer.from(JSON.stringify(newer)) }, logo!], /newer Loupe/);
  });

  it('an image that is not what it says, or a hostile SVG source', async () => {
    const notImage = Buffer.from('GIF89a but not really an image at all');
    const m = await manifestFor(notImage);
    const entries: Entry[] = [
      { name: 'manifest.json', data: Buffer.from(JSON.stringify(m)) },
      { name: `assets/${sha(notImage)}.png`, data: notImage },
    ];
    await refused(entries, /"logo.png" version 1 is not a usable image/);

    const logo = await logoPng();
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><image href="https://tracker.example/x.png"/></svg>');
    const withSvg = await manifestFor(logo);
    const version = (withSvg['assets'] as Array<{ versions: Array<Record<string, unknown>> }>)[0]!.versions[0]!;
    Object.assign(version, { sourceMime: 'image/svg+xml', svgFile: `assets/${sha(svg)}.svg` });
    await refused(
      [
        { name: 'manifest.json', data: Buffer.from(JSON.stringify(withSvg)) },
        { name: `assets/${sha(logo)}.png`, data: logo, compress: false },
        { name: `assets/${sha(svg)}.svg`, data: svg },
      ],
      /outside the file \(https:\/\/tracker\.example/,
    );
  });
});

describe('where an export goes', () => {
  it('desktop: through the save dialog (or nowhere when it is cancelled), leaving no copy behind', async () => {
    let answer: string | null = null;
    const asked: string[] = [];
    const c = await makeHarness({
      chooseSaveFile: async (suggested) => {
        asked.push(suggested);
        return answer;
      },
    });
    try {
      const kit = await c.ok<KitView>('kits:create', { name: 'Desk Top' });
      await c.ok('kits:add-asset', { kitId: kit.id, name: 'logo.png', dataBase64: b64(await logoPng()) });
      answer = join(c.root, 'chosen.loupe-kit');
      const saved = await c.ok<{ savedTo: string; downloadUrl: string | null; bytes: number }>('kits:export', { kitId: kit.id });
      expect(asked).toEqual(['Desk-Top.loupe-kit']);
      expect(saved).toMatchObject({ savedTo: answer, downloadUrl: null });
      expect((await readFile(answer)).length).toBe(saved.bytes);
      answer = null;
      expect(await c.ok('kits:export', { kitId: kit.id })).toMatchObject({ savedTo: null, downloadUrl: null });
      expect(await readdir(join(c.dataDir, 'kit-exports'))).toEqual([]);
    } finally {
      await c.dispose();
    }
  });

  it('web host: a download from a folder that the next start clears', async () => {
    const kit = await a.ok<KitView>('kits:create', { name: 'Web Only' });
    await a.ok('kits:add-asset', { kitId: kit.id, name: 'logo.png', dataBase64: b64(await logoPng()) });
    expect((await exportBytes(a, kit.id)).subarray(0, 2).toString('latin1')).toBe('PK');
    expect((await readdir(join(a.dataDir, 'kit-exports'))).length).toBeGreaterThan(0);
    await a.reopen();
    expect(existsSync(join(a.dataDir, 'kit-exports'))).toBe(false);
  });
});
