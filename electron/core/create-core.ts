/**
 * Builds the whole application core from its dependencies and returns the handler map
 * that Electron's IPC and the web host both serve. No `electron` import here or below:
 * the host passes in what only it can provide (the secret store, a folder dialog,
 * revealing a file, the event sink).
 *
 * The open library is a Runtime (runtime.ts). Restoring a backup closes it, swaps the
 * files, and opens a new one in its place: calls arriving meanwhile wait, and the handler
 * map, resolveAsset and whenIdle go on working with the restored library.
 */
import { ContentStore } from './store/content-store';
import { mkdir, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { CHANNEL_NAMES, LoupeError, type AssetVariant, type ChannelName, type Handlers, type JobEvent } from '../shared';
import { clearDragFiles } from './export/export-handlers';
import { EXPORT_DOWNLOAD_DIR } from './export/export-run';
import { resolveTuning, type Tuning } from './jobs/tuning';
import { removeStaleWorkingDirs, restoreBackup } from './library/backup';
import { redact } from './openai/redact';
import { openRuntime, type Runtime, type RuntimeContext } from './runtime';
import { allowedRoots } from './batch/batch-folders';
import type { SecretStore } from './settings/secret-store';

export interface CoreDeps {
  /** db at <dataDir>/loupe.sqlite, store at <dataDir>/store */
  dataDir: string;
  defaultOutputDir: string;
  secrets: SecretStore;
  /** OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_ORG_ID, OPENAI_PROJECT_ID, LOUPE_* tuning */
  env?: Record<string, string | undefined>;
  host: 'electron' | 'web' | 'cli';
  version: string;
  emit: (event: JobEvent) => void;
  now?: () => number;
  /** Native dialog in Electron; absent in the web host (choosing folders → UNSUPPORTED). */
  chooseFolder?: () => Promise<string | null>;
  /** Native save dialog in Electron (kit exports); absent in the web host, which offers a download. */
  chooseSaveFile?: (suggestedName: string) => Promise<string | null>;
  /** shell.showItemInFolder in Electron; absent in the web host (outputs:reveal → revealed: false). */
  reveal?: (path: string) => void;
  nativeBinding?: string;
  tuning?: Partial<Tuning>;
  /** Where the content credentials signer is kept (the OS keychain in the desktop app); in memory when absent. */
  signerSecrets?: SecretStore;
}

export interface Core {
  handlers: Handlers;
  /** 'full' is the stored file as is (TIFF included); 'thumb' (384px) and 'preview' (2048px) are WebP, made on first use. */
  resolveAsset(hash: string, variant: AssetVariant): Promise<{ path: string; mime: string } | null>;
  whenIdle(): Promise<void>;
  close(): Promise<void>;
}

export async function createCore(deps: CoreDeps): Promise<Core> {
  const ctx: RuntimeContext = {
    dataDir: deps.dataDir,
    defaultOutputDir: deps.defaultOutputDir,
    secrets: deps.secrets,
    env: deps.env ?? {},
    host: deps.host,
    version: deps.version,
    emit: deps.emit,
    now: deps.now ?? Date.now,
    tuning: resolveTuning(deps.tuning, deps.env ?? {}),
    log: (message: string) => console.error(`[loupe] ${redact(message)}`),
    chooseFolder: deps.chooseFolder,
    chooseSaveFile: deps.chooseSaveFile,
    reveal: deps.reveal,
    nativeBinding: deps.nativeBinding,
    batchRoots: await allowedRoots(deps.host, homedir(), deps.env ?? {}),
    signerSecrets: deps.signerSecrets,
  };

  await mkdir(deps.dataDir, { recursive: true });
  // What a crash in the middle of a backup or restore left, and last session's drag copies.
  await removeStaleWorkingDirs(deps.dataDir);
  await clearDragFiles(deps.dataDir);
  // Kit exports wait there only until the browser has downloaded them.
  await rm(join(deps.dataDir, 'kit-exports'), { recursive: true, force: true });
  // Likewise export zips made for the browser to download.
  await rm(join(deps.dataDir, EXPORT_DOWNLOAD_DIR), { recursive: true, force: true });
  // Writes a crash cut short leave temporary files in the store: nothing refers to them.
  await new ContentStore(join(deps.dataDir, 'store')).sweepTemporaryFiles();
  let runtime: Runtime = openRuntime(ctx);

  // While a restore swaps the library, new calls wait here; calls already running finish first.
  let restoring: Promise<void> | null = null;
  let inflight = 0;
  let drained: (() => void) | null = null;
  const current = async (): Promise<Runtime> => {
    while (restoring) await restoring;
    return runtime;
  };
  const track = async <T>(fn: (rt: Runtime) => Promise<T>): Promise<T> => {
    const rt = await current();
    inflight++;
    try {
      return await fn(rt);
    } finally {
      inflight--;
      if (inflight === 0) drained?.();
    }
  };

  const handlers = {} as Record<ChannelName, (args: unknown) => Promise<unknown>>;
  for (const channel of CHANNEL_NAMES) {
    if (channel === 'library:restore') continue;
    handlers[channel] = (args) => track((rt) => (rt.handlers[channel] as (a: unknown) => Promise<unknown>)(args));
  }

  handlers['library:restore'] = async (args) => {
    const { path } = args as { path: string };
    // Any backup file the person picked; the archive itself is checked before anything changes.
    if (!isAbsolute(path)) throw new LoupeError('INVALID_ARGUMENTS', `Choose the backup by its full path, not "${path}".`, { path });
    // Checked and the gate closed without yielding: a call made after this one sees the restored library.
    if (restoring) throw new LoupeError('CONFLICT', 'A restore is already under way.');
    const rt = runtime;
    if (rt.queue.size > 0) {
      throw new LoupeError('CONFLICT', 'Jobs are still running. Wait for them to finish, or cancel them, before restoring a backup; your library was not changed.');
    }
    let release!: () => void;
    restoring = new Promise((resolve) => (release = resolve));
    try {
      if (inflight > 0) await new Promise<void>((resolve) => (drained = resolve));
      drained = null;
      await rt.close();
      try {
        const r = await restoreBackup({ file: path, dataDir: deps.dataDir, now: ctx.now, nativeBinding: deps.nativeBinding });
        return { jobs: r.jobs, assets: r.assets };
      } catch (err) {
        throw refusedBackup(err);
      } finally {
        // Whichever library is in place now (the restored one, or the old one after a refusal).
        runtime = openRuntime(ctx);
      }
    } finally {
      restoring = null;
      release();
    }
  };

  let closing: Promise<void> | null = null;
  return {
    handlers: handlers as unknown as Handlers,
    resolveAsset: async (hash, variant) => (await current()).store.resolve(hash, variant),
    whenIdle: async () => (await current()).queue.whenIdle(),
    close: () => {
      closing ??= (async () => {
        while (restoring) await restoring;
        await runtime.close();
      })();
      return closing;
    },
  };
}

/** An archive restore refused (not a backup, damaged, from a newer Loupe) is INVALID_BACKUP; the library is unchanged. */
function refusedBackup(err: unknown): unknown {
  if (!(err instanceof LoupeError)) return err;
  if (err.code === 'INVALID_ARGUMENTS' || err.code === 'DATABASE_TOO_NEW') return new LoupeError('INVALID_BACKUP', err.message, err.detail);
  return err;
}
