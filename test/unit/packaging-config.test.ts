/**
 * The installer configuration, checked without packaging (Electron cannot be downloaded
 * here): the fuses the afterPack hook flips, the targets, the natives kept outside the
 * asar, electron-builder's own validation of the file, and the hook run for real by
 * @electron/fuses on a binary carrying Electron's fuse wire.
 */
import { createRequire } from 'node:module';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import config, { afterPack, electronBinaryPath, FUSES, fuseConfig } from '../../electron-builder.config.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);

describe('electron-builder configuration', () => {
  it('sets every fuse, the security ones as hardened', () => {
    expect(FUSES).toEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      LoadBrowserProcessSpecificV8Snapshot: false,
      GrantFileProtocolExtraPrivileges: false,
    });
    // Every fuse @electron/fuses knows is decided, and the hook refuses to run otherwise.
    const known = Object.keys(FuseV1Options).filter((k) => Number.isNaN(Number(k)));
    expect(Object.keys(FUSES).sort()).toEqual(known.sort());
    expect(fuseConfig('linux', 'x64', { FuseVersion, FuseV1Options })).toMatchObject({ version: FuseVersion.V1, strictlyRequireAllFuses: true, resetAdHocDarwinSignature: false });
    expect(fuseConfig('darwin', 'arm64', { FuseVersion, FuseV1Options }).resetAdHocDarwinSignature).toBe(true);
  });

  it('builds nsis, dmg with the hardened runtime, AppImage and deb, with natives unpacked', async () => {
    expect(config.afterPack).toBe(afterPack);
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis']);
    expect(config.mac.target.map((t) => t.target)).toEqual(['dmg']);
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.linux.target.map((t) => t.target)).toEqual(['AppImage', 'deb']);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/node_modules/better-sqlite3/**', '**/node_modules/sharp/**', '**/node_modules/@img/**']));
    expect(config).not.toHaveProperty('electronFuses'); // one place flips fuses: the hook
    // Under the hardened runtime V8 needs its JIT, and nothing else is excepted.
    const plist = await readFile(join(ROOT, config.mac.entitlements), 'utf8');
    expect([...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1])).toEqual(['com.apple.security.cs.allow-jit']);
  });

  it('passes electron-builder’s own schema validation', async () => {
    const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config');
    const { DebugLogger } = require('builder-util');
    const loaded = await getConfig(ROOT, 'electron-builder.config.mjs', null);
    await expect(validateConfiguration(loaded, new DebugLogger(false))).resolves.toBeUndefined();
    expect(loaded.appId).toBe('app.loupe.studio');
  });

  it('the afterPack hook flips the fuses of the packaged binary', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loupe-fuses-'));
    try {
      // Electron's fuse wire: sentinel, wire version 1, length 8, then one byte per fuse
      // ('0' off, '1' on). Start from the opposite of every wanted value.
      const wanted = Object.values(FUSES);
      const wire = Buffer.from(wanted.map((on) => (on ? '0' : '1')).join(''));
      const binary = Buffer.concat([Buffer.from('ELF-ish prefix'), Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, 8]), wire, Buffer.from('rest')]);
      await writeFile(join(dir, 'loupe'), binary);
      await afterPack({ electronPlatformName: 'linux', appOutDir: dir, arch: 1, packager: { appInfo: { productFilename: 'Loupe' }, executableName: 'loupe' } });
      const after = await getCurrentFuseWire(join(dir, 'loupe'));
      for (const [name, on] of Object.entries(FUSES)) {
        expect([name, after[FuseV1Options[name as keyof typeof FuseV1Options]]]).toEqual([name, on ? 49 : 48]);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(electronBinaryPath('win32', '/o', 'Loupe', 'loupe')).toBe(join('/o', 'Loupe.exe'));
    expect(electronBinaryPath('darwin', '/o', 'Loupe', 'loupe')).toBe(join('/o', 'Loupe.app'));
  });
});
