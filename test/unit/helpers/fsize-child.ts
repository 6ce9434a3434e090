/**
 * Runs one export of output 1 in a process whose files may not grow past RLIMIT_FSIZE (set by
 * the parent with `ulimit -f`): the portable stand-in for a full disk. Prints the export's
 * Result as one JSON line. SIGXFSZ is ignored, as a server would, so the write fails with
 * EFBIG instead of killing the process.
 */
import { createCore, invokeHandler, MemorySecretStore } from '../../../electron/core';

process.on('SIGXFSZ', () => undefined);
const [dataDir, outputDir, exportDir] = process.argv.slice(2) as [string, string, string];
const core = await createCore({ dataDir, defaultOutputDir: outputDir, secrets: new MemorySecretStore(null), host: 'web', version: '0.0.0-test', emit: () => undefined });
const r = await invokeHandler(core.handlers, 'outputs:export', { outputIds: [1], dir: exportDir });
await core.close();
console.log(JSON.stringify(r));
