// Best-effort download of the Electron binary. On machines without internet the
// download fails: Loupe still builds, tests and runs in the browser (`npm run web`),
// so we only warn. On a machine with internet this fetches the desktop runtime.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const installer = 'node_modules/electron/install.js';
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD === '1' || !existsSync(installer)) process.exit(0);
const r = spawnSync(process.execPath, [installer], { stdio: 'pipe', timeout: 180_000, encoding: 'utf8' });
if (r.status === 0) {
  console.log('loupe: Electron runtime ready.');
} else {
  console.warn('loupe: could not download the Electron runtime (no internet?). `npm run web` still works.');
}
