/**
 * A real core (SQLite, store, sharp) in a fresh temp folder, talking over HTTP to the fake
 * OpenAI server: what the core's tests and the generation bench both run against.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, MemorySecretStore, type Core, type CoreDeps } from '../../../electron/core';
import type { JobEvent } from '../../../electron/shared';
import { startFakeOpenAI, type FakeOpenAI } from '../../fake-openai/server';

export interface FakeCoreOptions {
  /** The temp folder's name prefix, so a leftover folder says who made it. */
  prefix: string;
  /** The stored API key; null for a core with none. */
  key: string | null;
  version: string;
  emit: (event: JobEvent) => void;
  outputDir?: string;
  env?: Record<string, string | undefined>;
  deps?: Pick<CoreDeps, 'tuning' | 'chooseFolder' | 'reveal' | 'chooseSaveFile'>;
}

export interface FakeCore {
  fake: FakeOpenAI;
  root: string;
  dataDir: string;
  outputDir: string;
  secrets: MemorySecretStore;
  /** Opens a core on the folder; again after a close, as a restart would. */
  open(): Promise<Core>;
  /** Stops the fake and removes the folder: close the core first. */
  dispose(): Promise<void>;
}

export async function startFakeCore(opts: FakeCoreOptions): Promise<FakeCore> {
  const fake = await startFakeOpenAI();
  const root = await mkdtemp(join(tmpdir(), opts.prefix));
  const dataDir = join(root, 'data');
  const outputDir = opts.outputDir ?? join(root, 'out');
  const secrets = new MemorySecretStore(opts.key);
  return {
    fake,
    root,
    dataDir,
    outputDir,
    secrets,
    open: () =>
      createCore({
        dataDir,
        defaultOutputDir: outputDir,
        secrets,
        env: { OPENAI_BASE_URL: fake.url, ...opts.env },
        host: 'web',
        version: opts.version,
        emit: opts.emit,
        ...opts.deps,
      }),
    async dispose() {
      await fake.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
