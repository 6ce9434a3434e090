/**
 * `npm run web -- --port N --data-dir DIR --output-dir DIR`
 * Prints exactly one line, the URL to open (it carries this launch's token).
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { startWebHost } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4000' },
    'data-dir': { type: 'string', default: join(homedir(), '.loupe-web') },
    'output-dir': { type: 'string', default: join(homedir(), 'Pictures', 'Loupe') },
  },
  strict: true,
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`loupe: --port must be a number from 0 to 65535, not "${values.port}".`);
  process.exit(2);
}
const root = resolve(import.meta.dirname, '../..');
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

const host = await startWebHost({
  port,
  dataDir: resolve(values['data-dir']),
  outputDir: resolve(values['output-dir']),
  rendererDir: join(root, 'out/renderer'),
  env: process.env,
  version,
}).catch((err: unknown) => {
  console.error(`loupe: could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

console.log(`Loupe is running at ${host.url}`);

const stop = (): void => {
  host.close().then(() => process.exit(0), () => process.exit(1));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
