/**
 * A process that tries to take a data folder's lock, says how it went on one line
 * ("held <pid>" or "refused <message>"), and holds the lock until its stdin closes.
 * For the lock tests, which need real separate processes.
 */
import { acquireDataLock } from '../../../electron/core/host';

const dataDir = process.argv[2]!;
try {
  const lock = await acquireDataLock(dataDir, 'test');
  console.log(`held ${process.pid}`);
  process.stdin.resume();
  process.stdin.on('end', () => void lock.release().then(() => process.exit(0)));
} catch (err) {
  console.log(`refused ${err instanceof Error ? err.message : String(err)}`);
  process.exit(0);
}
