// `npm start`: build and open the desktop app. better-sqlite3 in node_modules is built
// for Node (tests and the web host use it); the desktop app loads a second copy built
// for Electron's ABI from build/native/, prepared here on first start.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const electronPkg = join(root, 'node_modules/electron');
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });

function electronBinaryPresent() {
  return existsSync(join(electronPkg, 'path.txt')) && existsSync(join(electronPkg, 'dist'));
}

if (!electronBinaryPresent() && existsSync(join(electronPkg, 'install.js'))) run(process.execPath, [join(electronPkg, 'install.js')]);
if (!electronBinaryPresent()) {
  console.error('loupe: the Electron runtime is not installed and could not be downloaded (no internet?).');
  console.error('loupe: run `npm run web` to use Loupe in your browser instead.');
  process.exit(1);
}

const electronVersion = JSON.parse(readFileSync(join(electronPkg, 'package.json'), 'utf8')).version;
const nativeDir = join(root, 'build/native', `electron-${electronVersion}`);
const binding = join(nativeDir, 'build/Release/better_sqlite3.node');
if (!existsSync(binding)) {
  console.log(`loupe: preparing the SQLite driver for Electron ${electronVersion} (once)…`);
  rmSync(nativeDir, { recursive: true, force: true });
  mkdirSync(nativeDir, { recursive: true });
  cpSync(join(root, 'node_modules/better-sqlite3'), nativeDir, { recursive: true, filter: (src) => !src.includes(`${'build'}/Release`) });
  const prebuild = join(root, 'node_modules/prebuild-install/bin.js');
  let r = existsSync(prebuild)
    ? run(process.execPath, [prebuild, '--runtime', 'electron', '--target', electronVersion], { cwd: nativeDir })
    : { status: 1 };
  if (r.status !== 0) {
    r = run('npx', ['--yes', 'node-gyp', 'rebuild', '--release', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers'], { cwd: nativeDir });
  }
  if (r.status !== 0 || !existsSync(binding)) {
    console.error('loupe: could not build the SQLite driver for Electron. `npm run web` still works.');
    process.exit(1);
  }
}

const build = run('npx', ['electron-vite', 'build']);
if (build.status !== 0) process.exit(build.status ?? 1);
const launch = run('npx', ['electron-vite', 'preview', '--skipBuild'], { env: { ...process.env, LOUPE_NATIVE_BINDING: binding } });
process.exit(launch.status ?? 0);
