/**
 * Installers: `npm run dist` (see docs/building.md). Windows NSIS, macOS DMG (hardened
 * runtime), Linux AppImage and deb. The Electron binary's fuses are flipped in afterPack,
 * before electron-builder signs, so the signature covers the flipped binary.
 *
 * Plain JavaScript with no top-level imports of build tools, so CI can load it and check
 * the fuses without packaging (test/unit/packaging-config.test.ts).
 */
import { join } from 'node:path';

/**
 * Electron's fuses, by @electron/fuses' FuseV1Options names. Every fuse of the wire is
 * listed (strictlyRequireAllFuses): a new fuse in a later @electron/fuses fails the build
 * until someone decides on it.
 */
export const FUSES = Object.freeze({
  // ELECTRON_RUN_AS_NODE would turn the signed app into a general Node runtime.
  RunAsNode: false,
  // Cookies and local storage encrypted with the OS keychain, like the API key.
  EnableCookieEncryption: true,
  // NODE_OPTIONS (--require, --inspect) would inject code into the main process.
  EnableNodeOptionsEnvironmentVariable: false,
  // --inspect / --inspect-brk would open a debugger on the process that holds the key.
  EnableNodeCliInspectArguments: false,
  // The app.asar must match the hash embedded at package time.
  EnableEmbeddedAsarIntegrityValidation: true,
  // Only app.asar is loaded, never a loose resources/app folder someone dropped in.
  OnlyLoadAppFromAsar: true,
  LoadBrowserProcessSpecificV8Snapshot: false,
  // The renderer is served over app:// (electron/main/protocols.ts), never file://.
  GrantFileProtocolExtraPrivileges: false,
});

/** Where electron-builder left the Electron binary whose fuses are flipped. */
export function electronBinaryPath(platform, appOutDir, productFilename, executableName) {
  if (platform === 'darwin' || platform === 'mas') return join(appOutDir, `${productFilename}.app`);
  if (platform === 'win32') return join(appOutDir, `${productFilename}.exe`);
  return join(appOutDir, executableName);
}

/** The fuse config flipFuses takes, from FUSES and @electron/fuses' enums. */
export function fuseConfig(platform, arch, { FuseVersion, FuseV1Options }) {
  const config = {
    version: FuseVersion.V1,
    strictlyRequireAllFuses: true,
    // Flipping breaks the ad-hoc signature arm64 Macs require to start; the real signing follows.
    resetAdHocDarwinSignature: (platform === 'darwin' || platform === 'mas') && arch === 'arm64',
  };
  for (const [name, on] of Object.entries(FUSES)) {
    const fuse = FuseV1Options[name];
    if (fuse === undefined) throw new Error(`@electron/fuses does not know the fuse ${name}.`);
    config[fuse] = on;
  }
  return config;
}

/** electron-builder's Arch enum by value (builder-util), so this file needs no import of it. */
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

/** Runs after electron-builder copied the app and before it signs: the signature covers the flipped fuses. */
export async function afterPack(context) {
  const fuses = await import('@electron/fuses');
  const { electronPlatformName: platform, appOutDir, packager } = context;
  const binary = electronBinaryPath(platform, appOutDir, packager.appInfo.productFilename, packager.executableName);
  await fuses.flipFuses(binary, fuseConfig(platform, ARCH_NAMES[context.arch], fuses));
}

/** @type {import('electron-builder').Configuration} */
const config = {
  appId: 'app.loupe.studio',
  productName: 'Loupe',
  copyright: 'Copyright © Loupe contributors',
  directories: { output: 'dist', buildResources: 'resources' },
  // The electron-vite build and the icon the window uses; production dependencies are added by electron-builder.
  files: ['out/**', 'resources/icon.png', 'resources/fonts/**', 'package.json', '!**/*.map'],
  asar: true,
  // Native modules are loaded by the OS from real files, not from inside the archive.
  // The comparison sheet's font is read by libvips (native code) as a file, so it stays outside the archive too.
  asarUnpack: ['**/node_modules/better-sqlite3/**', '**/node_modules/sharp/**', '**/node_modules/@img/**', 'resources/fonts/**'],
  // better-sqlite3 rebuilt for Electron's ABI (needs internet for the headers).
  npmRebuild: true,
  afterPack,
  win: {
    target: [{ target: 'nsis', arch: ['x64', 'arm64'] }],
    icon: 'resources/icon.png',
  },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true, deleteAppDataOnUninstall: false },
  mac: {
    target: [{ target: 'dmg', arch: ['x64', 'arm64'] }],
    category: 'public.app-category.photography',
    icon: 'resources/icon.png',
    hardenedRuntime: true,
    gatekeeperAssess: false,
    entitlements: 'resources/entitlements.mac.plist',
    entitlementsInherit: 'resources/entitlements.mac.plist',
  },
  dmg: { writeUpdateInfo: false },
  linux: {
    target: [
      { target: 'AppImage', arch: ['x64', 'arm64'] },
      { target: 'deb', arch: ['x64', 'arm64'] },
    ],
    category: 'Graphics',
    icon: 'resources/icon.png',
    maintainer: 'Loupe contributors',
    synopsis: "A desktop studio for OpenAI's GPT Image models",
  },
};

export default config;
