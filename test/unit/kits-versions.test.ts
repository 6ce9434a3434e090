/**
 * Brand kits through the real core (SQLite, store, sharp, the fake API): assets and their
 * versions, SVG logos cleaned and drawn safely, edits that record the versions they sent,
 * "where used" after a brand refresh, the {kit} file-name token, the ledger by kit, and
 * deleting kits and jobs without losing files something still uses.
 */
import { existsSync, readdirSync } from 'node:fs';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONTRACT, type AssetView, type ChannelName, type JobKit, type JobView, type KitView, type LedgerSummary, type WhereUsed } from '../../electron/shared';
import { makeHarness, type Harness } from './core-harness';
import { b64, editParams, importBytes, logoPng, photoJpeg, refusal } from './edit-helpers';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(() => h.dispose());

const SVG_LOGO = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100"><!-- made by someone --><metadata>author</metadata>
  <rect x="10" y="10" width="180" height="80" rx="12" fill="#0a6"/><circle cx="100" cy="50" r="30" fill="#fff"/></svg>`;

async function kitWithLogo(name = 'Acme'): Promise<KitView> {
  const kit = await h.ok<KitView>('kits:create', { name });
  return h.ok<KitView>('kits:add-asset', { kitId: kit.id, name: 'logo.png', dataBase64: b64(await logoPng()) });
}

async function kitEdit(kit: KitView, photo: AssetView, over: Record<string, unknown> = {}): Promise<JobView> {
  const logo = kit.assets[0]!.versions[0]!;
  const params = editParams([{ ...photo }], { model: 'gpt-image-2', quality: 'high', size: '1024x1024', ...over });
  params.inputs = [{ hash: logo.hash, name: kit.assets[0]!.name }, ...params.inputs];
  params.pixelLock = { enabled: false, feather: 6, grow: 3, resolution: 'original' };
  const { jobId } = await h.ok<{ jobId: number }>('jobs:edit', { ...params, kit: { id: kit.id, presetId: 'hero-banner' } });
  return h.settle(jobId);
}

describe('kit assets and versions', () => {
  it('a new kit has the cookbook presets and a policy on an active model', async () => {
    const kit = await h.ok<KitView>('kits:create', { name: 'Acme' });
    expect(kit.presets.map((p) => p.id)).toEqual(['hero-banner', 'product-photography', 'app-mockup', 'merchandise']);
    expect(kit.policy).toMatchObject({ logoPosition: 'first', model: 'gpt-image-2.6-sunburst', qualityFloor: 'high' });
    expect(kit.revision).toBe(0);
    expect(await refusal(h, 'kits:create', { name: 'acme' }, 'CONFLICT')).toContain('already exists');
  });

  it('replacing an asset adds a version; the older one stays and keeps its jobs', async () => {
    const kit = await kitWithLogo();
    const photo = await importBytes(h, 'shop.jpg', await photoJpeg(800, 600));
    const v1 = kit.assets[0]!.versions[0]!;
    expect(v1).toMatchObject({ version: 1, sourceMime: 'image/png', width: 600, height: 300, uses: 0 });
    const job1 = await kitEdit(kit, photo);
    expect(job1.error).toBeNull();
    expect(job1.status).toBe("succeeded");

    // A brand refresh: the logo is replaced.
    const refreshed = await h.ok<KitView>('kits:add-asset', { kitId: kit.id, assetId: kit.assets[0]!.id, name: 'logo-2027.png', dataBase64: b64(await logoPng(640, 320)) });
    expect(refreshed.revision).toBe(2);
    expect(refreshed.assets).toHaveLength(1);
    const versions = refreshed.assets[0]!.versions;
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    expect(versions[1]).toMatchObject({ hash: v1.hash, uses: 1 });
    expect(refreshed.assets[0]!.name).toBe('logo-2027.png');
    expect(versions.map((v) => v.fileName)).toEqual(['logo-2027.png', 'logo.png']);

    const job2 = await kitEdit(refreshed, photo);
    const used1 = await h.ok<JobKit>('kits:job-kit', { jobId: job1.id });
    const used2 = await h.ok<JobKit>('kits:job-kit', { jobId: job2.id });
    expect(used1).toMatchObject({ kitName: 'Acme', revision: 1, presetId: 'hero-banner', assets: [{ name: 'logo.png', version: 1, hash: v1.hash, current: false }] });
    expect(used2).toMatchObject({ revision: 2, assets: [{ version: 2, current: true }] });
    expect(job1.params.kit).toEqual({ id: kit.id, presetId: 'hero-banner' });

    // Where used: per version, the jobs and their outputs — what to redo after the refresh.
    const where = await h.ok<WhereUsed>('kits:where-used', { kitId: kit.id });
    expect(where.map((w) => [w.name, w.version, w.current, w.jobs.map((j) => j.jobId)])).toEqual([
      ['logo-2027.png', 2, true, [job2.id]],
      ['logo.png', 1, false, [job1.id]],
    ]);
    expect(where[1]!.jobs[0]!.outputs).toHaveLength(1);

    // What the API received: the logo first (the policy's position), then the photo.
    const sent = h.fake.requests.filter((r) => r.path.endsWith('/images/edits'));
    const first = sent[0]!.files!.filter((f) => f.field === 'image[]');
    expect([first[0]!.width, first[0]!.height]).toEqual([600, 300]);
  });

  it('an edit naming a kit must send one of its assets, and a deleted kit is refused', async () => {
    const kit = await kitWithLogo();
    const photo = await importBytes(h, 'shop.jpg', await photoJpeg(800, 600));
    const params = { ...editParams([photo], { model: 'gpt-image-2', size: '1024x1024' }), kit: { id: kit.id } };
    expect(await refusal(h, 'jobs:edit', params, 'INVALID_ARGUMENTS')).toContain('None of the images is from the kit "Acme"');
    await h.ok('kits:delete', { kitId: kit.id });
    expect(await refusal(h, 'jobs:edit', params, 'NOT_FOUND')).toContain('not in the library');
  });

  it('SVG logos are cleaned, drawn by sharp at the chosen size, and hostile ones refused', async () => {
    const kit = await h.ok<KitView>('kits:create', { name: 'Vector Co' });
    const withSvg = await h.ok<KitView>('kits:add-asset', { kitId: kit.id, name: 'mark.svg', dataBase64: b64(Buffer.from(SVG_LOGO)), svgSize: 512 });
    const v = withSvg.assets[0]!.versions[0]!;
    expect(withSvg.assets[0]!.role).toBe('logo');
    expect(v).toMatchObject({ sourceMime: 'image/svg+xml', width: 512, height: 256 });
    const resolved = await h.core.resolveAsset(v.hash, 'full');
    expect(resolved!.mime).toBe('image/png');
    expect((await sharp(resolved!.path).metadata()).format).toBe('png');

    const hostile: Array<[string, string]> = [
      ['<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd" width="10" height="10"/></svg>', 'outside the file'],
      ['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="5" height="5"/></svg>', 'a script'],
      ['<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="5" height="5"/></svg>', 'event handler'],
      ['<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>', 'DOCTYPE'],
      ['<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://tracker.example/p.svg#a)" width="5" height="5"/></svg>', 'tracker.example'],
    ];
    for (const [svg, reason] of hostile) {
      const message = await refusal(h, 'kits:add-asset', { kitId: kit.id, name: 'evil.svg', dataBase64: b64(Buffer.from(svg)) }, 'INVALID_IMAGE');
      expect(message).toContain(reason);
    }
    expect((await h.ok<KitView>('kits:get', { kitId: kit.id })).assets).toHaveLength(1);
  });

  it('kit assets are PNG, JPEG, WebP or SVG, and damaged files are refused by name', async () => {
    const kit = await h.ok<KitView>('kits:create', { name: 'Formats' });
    const webp = await sharp(await logoPng()).webp().toBuffer();
    const jpeg = await photoJpeg(400, 300);
    await h.ok('kits:add-asset', { kitId: kit.id, name: 'logo.webp', dataBase64: b64(webp) });
    const both = await h.ok<KitView>('kits:add-asset', { kitId: kit.id, name: 'store-front.jpg', dataBase64: b64(jpeg) });
    expect(both.assets.map((a) => [a.name, a.role, a.versions[0]!.sourceMime])).toEqual([
      ['logo.webp', 'logo', 'image/webp'],
      ['store-front.jpg', 'image', 'image/jpeg'],
    ]);
    const tiff = await sharp(jpeg).tiff().toBuffer();
    expect(await refusal(h, 'kits:add-asset', { kitId: kit.id, name: 'scan.tiff', dataBase64: b64(tiff) }, 'INVALID_IMAGE')).toContain('kits take PNG, JPEG, WebP and SVG');
    expect(await refusal(h, 'kits:add-asset', { kitId: kit.id, name: 'half.jpg', dataBase64: b64(jpeg.subarray(0, 2000)) }, 'INVALID_IMAGE')).toContain('"half.jpg"');
  });
});

describe('the contract', () => {
  it('every kit channel answers with a value its response schema accepts', async () => {
    const parsed = async (channel: ChannelName, args: unknown) => CONTRACT[channel].response.parse(await h.ok(channel, args));
    const kit = (await parsed('kits:create', { name: 'Schema' })) as KitView;
    await parsed('kits:add-asset', { kitId: kit.id, name: 'logo.png', dataBase64: b64(await logoPng()) });
    const photo = await importBytes(h, 'shop.jpg', await photoJpeg(800, 600));
    const withLogo = (await parsed('kits:get', { kitId: kit.id })) as KitView;
    const job = await kitEdit(withLogo, photo);
    await parsed('kits:update', { kitId: kit.id, typography: 'Serif headlines' });
    await parsed('kits:list', {});
    await parsed('kits:where-used', { kitId: kit.id });
    await parsed('kits:job-kit', { jobId: job.id });
    const exported = (await parsed('kits:export', { kitId: kit.id })) as { downloadUrl: string };
    expect(exported.downloadUrl).toMatch(/^\/kit-exports\/[\w-]+\/Schema\.loupe-kit$/);
    await parsed('kits:remove-asset', { kitId: kit.id, assetId: withLogo.assets[0]!.id });
    await parsed('kits:delete', { kitId: kit.id });
  });
});

describe('kits in exports, the ledger and deletes', () => {
  it('fills {kit} in file names and totals costs by kit', async () => {
    await h.ok('settings:update', { namingTemplate: '{kit}_{job}_{index}' });
    const kit = await kitWithLogo('Acme Coffee');
    const photo = await importBytes(h, 'shop.jpg', await photoJpeg(800, 600));
    const job = await kitEdit(kit, photo);
    expect(job.outputs[0]!.savedPath).toMatch(new RegExp(`Acme-Coffee-v1_${job.id}_1\\.png$`));
    await h.settle(await h.generate());

    const byKit = await h.ok<LedgerSummary>('ledger:summary', { groupBy: 'kit' });
    expect(byKit.rows.map((r) => [r.label, r.jobs])).toEqual(expect.arrayContaining([['Acme Coffee', 1], ['No kit', 1]]));
    // Renames follow the kit; after a delete the name the job recorded stays.
    await h.ok('kits:update', { kitId: kit.id, name: 'Acme Roasters' });
    expect((await h.ok<LedgerSummary>('ledger:summary', { groupBy: 'kit' })).rows.map((r) => r.label)).toContain('Acme Roasters');
    await h.ok('kits:delete', { kitId: kit.id });
    expect((await h.ok<LedgerSummary>('ledger:summary', { groupBy: 'kit' })).rows.map((r) => r.label)).toContain('Acme Roasters');
    expect(await h.ok<JobKit>('kits:job-kit', { jobId: job.id })).toMatchObject({ kitId: null, kitName: 'Acme Roasters', assets: [{ version: 1, current: false }] });
  });

  it('a job that used a kit logo can be deleted while the kit keeps the file; deleting the kit then frees it', async () => {
    const kit = await kitWithLogo();
    const photo = await importBytes(h, 'shop.jpg', await photoJpeg(800, 600));
    const job = await kitEdit(kit, photo);
    const logoHash = kit.assets[0]!.versions[0]!.hash;
    expect((await h.ok<{ deletedJobs: number }>('jobs:delete', { jobIds: [job.id] })).deletedJobs).toBe(1);
    expect(await h.core.resolveAsset(logoHash, 'full')).not.toBeNull();
    await h.ok('kits:delete', { kitId: kit.id });
    expect(await h.core.resolveAsset(logoHash, 'full')).toBeNull();
    expect(await h.ok<KitView[]>('kits:list')).toEqual([]);
    expect(existsSync(h.dataDir) && readdirSync(h.dataDir).includes('loupe.sqlite')).toBe(true);
  });
});
