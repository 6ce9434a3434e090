/**
 * The CLI's core: the same createCore as the app and the web host, on the same data folder,
 * behind the same single-instance lock. While the desktop app (or the web host) holds the
 * folder, `loupe` refuses with exit code 5 naming the process, rather than run a second
 * queue on one library; it can run beside the app on another folder (--data-dir).
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { createCore, invokeHandler, MemorySecretStore, type Core, type CoreDeps } from '../core';
import { acquireDataLock, type DataLock } from '../core/host';
import type { AppError, ChannelName, JobEvent, ParsedRequestOf, RequestOf, ResponseOf } from '../shared';

/** The packaged app's data folder (Electron's userData for the product name "Loupe"). */
export function appDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.LOUPE_DATA_DIR) return resolve(env.LOUPE_DATA_DIR);
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Loupe');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Loupe');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Loupe');
}

/** The app's default output folder. */
export function defaultOutputDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.LOUPE_OUTPUT_DIR ? resolve(env.LOUPE_OUTPUT_DIR) : join(homedir(), 'Pictures', 'Loupe');
}

/** A refusal from the core, carried to the command's exit code. */
export class CoreError extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
}

export interface Session {
  core: Core;
  dataDir: string;
  call<C extends ChannelName>(channel: C, args: RequestOf<C> | ParsedRequestOf<C>): Promise<ResponseOf<C>>;
  onEvent(listener: (e: JobEvent) => void): () => void;
  close(): Promise<void>;
}

export interface SessionOptions {
  dataDir: string;
  outputDir: string;
  env: NodeJS.ProcessEnv;
  /** A key read from stdin (--api-key-stdin): held in memory only. Otherwise OPENAI_API_KEY. */
  apiKey: string | null;
  /** --concurrency: the queue's default for this run (the app's Settings win when set), never written to them. */
  tuning?: CoreDeps['tuning'];
}

const ROOT = resolve(import.meta.dirname, '../..');

export async function openSession(o: SessionOptions): Promise<Session> {
  const listeners = new Set<(e: JobEvent) => void>();
  let lock: DataLock;
  try {
    lock = await acquireDataLock(o.dataDir, 'cli');
  } catch (err) {
    const e = err as { code?: string; message?: string; detail?: AppError['detail'] };
    if (e.code === 'CONFLICT') throw new CoreError({ code: 'CONFLICT', message: String(e.message), detail: e.detail });
    throw err;
  }
  let core: Core;
  try {
    core = await createCore({
      dataDir: o.dataDir,
      defaultOutputDir: o.outputDir,
      // The app's key is sealed by the OS keychain through Electron, which a plain Node
      // process cannot open; the CLI takes OPENAI_API_KEY or a key piped in, never stored.
      secrets: new MemorySecretStore(o.apiKey),
      env: o.env,
      host: 'cli',
      tuning: o.tuning,
      version: (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version,
      emit: (e) => {
        for (const l of listeners) l(e);
      },
    });
  } catch (err) {
    await lock.release();
    throw err;
  }
  let closing: Promise<void> | null = null;
  return {
    core,
    dataDir: o.dataDir,
    async call(channel, args) {
      const r = await invokeHandler(core.handlers, channel, args);
      if (!r.ok) throw new CoreError(r.error);
      return r.value as ResponseOf<typeof channel>;
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closing ??= (async () => {
        try {
          await core.close();
        } finally {
          await lock.release();
        }
      })();
      return closing;
    },
  };
}
