/**
 * Builds the whole application core from its dependencies: database, store, settings,
 * job queue, and the handler map that Electron's IPC and the web host both serve. No
 * `electron` import here or below: the host passes in what only it can provide (the
 * secret store, a folder dialog, the event sink).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { LoupeError, type AssetVariant, type Handlers, type JobEvent } from '../shared';
import { openDatabase } from './db/connection';
import { JobsRepo } from './db/jobs-repo';
import { LibraryRepo } from './db/library-repo';
import { editHandlers } from './edit/edit-handlers';
import { EditPlanner } from './edit/edit-plan';
import { Library } from './edit/library';
import { SettingsRepo } from './db/settings-repo';
import { ContentStore } from './store/content-store';
import { makeClient } from './openai/client';
import { redact } from './openai/redact';
import { testConnection } from './openai/test-connection';
import { editDriver } from './jobs/edit-job';
import { generateDriver } from './jobs/generate-job';
import { createJobRunner } from './jobs/image-job';
import { jobHandlers } from './jobs/job-handlers';
import { JobQueue } from './jobs/job-queue';
import { resolveTuning, type Tuning } from './jobs/tuning';
import type { SecretStore } from './settings/secret-store';
import { SettingsService } from './settings/settings-service';

export interface CoreDeps {
  /** db at <dataDir>/loupe.sqlite, store at <dataDir>/store */
  dataDir: string;
  defaultOutputDir: string;
  secrets: SecretStore;
  /** OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_ORG_ID, OPENAI_PROJECT_ID, LOUPE_* tuning */
  env?: Record<string, string | undefined>;
  host: 'electron' | 'web';
  version: string;
  emit: (event: JobEvent) => void;
  now?: () => number;
  /** Native dialog in Electron; absent in the web host (settings:choose-output-dir → UNSUPPORTED). */
  chooseFolder?: () => Promise<string | null>;
  nativeBinding?: string;
  tuning?: Partial<Tuning>;
}

export interface Core {
  handlers: Handlers;
  /** 'full' is the stored file as is (TIFF included); 'thumb' (384px) and 'preview' (2048px) are WebP, made on first use. */
  resolveAsset(hash: string, variant: AssetVariant): Promise<{ path: string; mime: string } | null>;
  whenIdle(): Promise<void>;
  close(): Promise<void>;
}

/** GET /v1/models is small: a dead endpoint should fail fast, not after ten minutes. */
const CONNECTION_TEST_TIMEOUT_MS = 30_000;

export async function createCore(deps: CoreDeps): Promise<Core> {
  const now = deps.now ?? Date.now;
  const env = deps.env ?? {};
  const tuning = resolveTuning(deps.tuning, env);
  const log = (message: string) => console.error(`[loupe] ${redact(message)}`);

  await mkdir(deps.dataDir, { recursive: true });
  const db = openDatabase(join(deps.dataDir, 'loupe.sqlite'), { nativeBinding: deps.nativeBinding });
  const jobs = new JobsRepo(db, { now });
  const store = new ContentStore(join(deps.dataDir, 'store'));
  const settings = new SettingsService(new SettingsRepo(db), deps.secrets, env, deps.defaultOutputDir);
  const libraryRepo = new LibraryRepo(db, now);
  const library = new Library(store, libraryRepo, log);
  const planner = new EditPlanner(library);

  // Jobs that were running (or waiting) when the app last stopped cannot resume on
  // their own: mark them so the user sees them and can retry.
  jobs.interruptRunning(now());

  const queue = new JobQueue({
    concurrency: tuning.concurrency,
    run: (() => {
      const jobDeps = { jobs, store, settings, emit: deps.emit, now, tuning, log };
      return createJobRunner(jobDeps, { generate: generateDriver(jobDeps), edit: editDriver({ ...jobDeps, planner }) });
    })(),
    onCrash: (jobId, err) => {
      log(`job ${jobId} crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      try {
        const job = jobs.get(jobId);
        if (job && !['succeeded', 'failed', 'canceled'].includes(job.status)) {
          const message = `Something went wrong inside Loupe: ${redact(err instanceof Error ? err.message : String(err))}`;
          jobs.finish(jobId, { status: 'failed', usage: job.usage, costUsd: job.costUsd, error: { code: 'INTERNAL', message }, finishedAt: now() });
          const after = jobs.get(jobId);
          if (after) deps.emit({ type: 'job', job: after });
        }
      } catch (inner) {
        log(`could not record the crash of job ${jobId}: ${String(inner)}`);
      }
    },
  });

  const handlers: Handlers = {
    'app:info': async () => ({ version: deps.version, host: deps.host, dataDir: deps.dataDir, canChooseFolders: deps.chooseFolder !== undefined }),
    'settings:get': () => settings.view(),
    'settings:update': (patch) => settings.update(patch),
    'settings:set-key': ({ apiKey }) => settings.setKey(apiKey),
    'settings:clear-key': () => settings.clearKey(),
    'settings:choose-output-dir': async () => {
      if (!deps.chooseFolder) {
        throw new LoupeError('UNSUPPORTED', 'Choosing a folder needs the desktop app here; type the folder path in Settings instead.');
      }
      const dir = await deps.chooseFolder();
      return dir === null ? settings.view() : settings.update({ outputDir: dir });
    },
    'connection:test': async () => {
      const cfg = await settings.clientConfig(Math.min(tuning.requestTimeoutMs, CONNECTION_TEST_TIMEOUT_MS));
      const check = await testConnection(makeClient(cfg), { apiKey: cfg.apiKey, baseURL: cfg.baseURL });
      settings.recordModels(check.imageModelIds, now());
      return check.result;
    },
    ...jobHandlers({ jobs, queue, settings, emit: deps.emit, now, planner, library: libraryRepo }),
    ...editHandlers({ library, planner }),
  };

  let closing: Promise<void> | null = null;
  return {
    handlers,
    resolveAsset: (hash, variant) => store.resolve(hash, variant),
    whenIdle: () => queue.whenIdle(),
    close: () => {
      closing ??= (async () => {
        // Runners stop their requests but finish storing what already arrived.
        await queue.close();
        jobs.interruptRunning(now());
        db.close();
      })();
      return closing;
    },
  };
}
