/**
 * Seals for saved paths: proof that Loupe itself recorded a path in this library. The key
 * is 32 random bytes in the data folder, made on first use; it is not in the database and
 * not in backups, so neither an edited row nor a backup from someone else can forge a seal.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SEAL_KEY_FILE = 'saved-paths.key';

export interface PathSealer {
  seal(outputId: number, path: string): string;
  verify(outputId: number, path: string, seal: string | null): boolean;
}

function loadKey(dataDir: string): Buffer {
  const file = join(dataDir, SEAL_KEY_FILE);
  try {
    writeFileSync(file, randomBytes(32), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const key = readFileSync(file);
  // A truncated or emptied key would make every seal guessable: start over with a new one.
  if (key.length < 32) {
    const fresh = randomBytes(32);
    writeFileSync(file, fresh, { mode: 0o600 });
    return fresh;
  }
  return key;
}

export function pathSealer(dataDir: string): PathSealer {
  const key = loadKey(dataDir);
  const seal = (outputId: number, path: string) => createHmac('sha256', key).update(`${outputId}\u0000${path}`).digest('hex');
  return {
    seal,
    verify(outputId, path, given) {
      if (given === null || !/^[0-9a-f]{64}$/.test(given)) return false;
      return timingSafeEqual(Buffer.from(seal(outputId, path), 'hex'), Buffer.from(given, 'hex'));
    },
  };
}
