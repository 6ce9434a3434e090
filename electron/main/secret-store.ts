/**
 * The API key at rest, encrypted by the OS keychain through Electron's safeStorage.
 * Where only Chromium's plain-text fallback exists (Linux without a keyring) we refuse
 * to write the key and keep it in memory for the session instead.
 */
import { safeStorage } from 'electron';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { MemorySecretStore, type SecretStore } from '../core';

class SafeStorageSecretStore implements SecretStore {
  readonly storage = 'os' as const;
  constructor(private readonly file: string) {}
  async get(): Promise<string | null> {
    try {
      return safeStorage.decryptString(await readFile(this.file));
    } catch {
      return null;
    }
  }
  async set(secret: string): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    await writeFile(tmp, safeStorage.encryptString(secret), { mode: 0o600 });
    await rename(tmp, this.file);
  }
  async clear(): Promise<void> {
    await rm(this.file, { force: true });
  }
}

export function createSecretStore(file: string): SecretStore {
  const usable =
    safeStorage.isEncryptionAvailable() &&
    (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text');
  return usable ? new SafeStorageSecretStore(file) : new MemorySecretStore();
}
