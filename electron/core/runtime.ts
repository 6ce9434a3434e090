/**
 * Everything that lives on an open library: the database and its repositories, the store,
 * settings, the job queue, and the handlers over them. createCore keeps one of these open
 * and replaces it whole when a backup is restored, so the Core object the host holds keeps
 * working with the restored library.
 */
import { join } from 'node:path';
import { LoupeError, type Handlers, type JobEvent } from '../shared';
import { openDatabase } from './db/connection';
import { DeleteRepo } from './db/delete-repo';
import { HistorySearch } from './db/history-search';
import { JobsRepo } from './db/jobs-repo';
import { LibraryRepo } from './db/library-repo';
import { LineageRepo } from './db/lineage-repo';
import { OrganiseRepo } from './db/organise-repo';
import { SettingsRepo } from './db/settings-repo';
import { editHandlers } from './edit/edit-handlers';
import { EditPlanner } from './edit/edit-plan';
import { Library } from './edit/library';
import { exportHandlers } from './export/export-handlers';
import { OutputExporter } from './export/output-export';
import { pathSealer } from './export/path-seal';
import { editDriver } from './jobs/edit-job';
import { generateDriver } from './jobs/generate-job';
import { createJobRunner } from './jobs/image-job';
import { jobHandlers } from './jobs/job-handlers';
import { JobQueue } from './jobs/job-queue';
import type { Tuning } from './jobs/tuning';
import { Ledger } from './ledger/ledger';
import { ledgerHandlers } from './ledger/ledger-handlers';
import { backupHandlers } from './library/backup-handlers';
import { libraryHandlers } from './library/library-handlers';
import { makeClient } from './openai/client';
import { redact } from './openai/redact';
import { testConnection } from './openai/test-connection';
import type { SecretStore } from './settings/secret-store';
import { SettingsService } from './settings/settings-service';
import { ContentStore } from './store/content-store';
import { kitHandlers } from './kits/kit-handlers';
import { KitRepo } from './kits/kit-repo';
import { KitService } from './kits/kit-service';
import { compareHandlers } from './compare/compare-handlers';
import { CompareRepo } from './compare/compare-repo';
import { CompareService } from './compare/compare-service';

export interface RuntimeContext {
  dataDir: string;
  defaultOutputDir: string;
  secrets: SecretStore;
  env: Record<string, string | undefined>;
  host: 'electron' | 'web';
  version: string;
  emit: (event: JobEvent) => void;
  now: () => number;
  tuning: Tuning;
  log: (message: string) => void;
  chooseFolder?: () => Promise<string | null>;
  chooseSaveFile?: (suggestedName: string) => Promise<string | null>;
  reveal?: (path: string) => void;
  nativeBinding?: string;
}

export interface Runtime {
  /** Every channel but library:restore, which replaces the runtime itself. */
  handlers: Omit<Handlers, 'library:restore'>;
  store: ContentStore;
  queue: JobQueue;
  close(): Promise<void>;
}

/** GET /v1/models is small: a dead endpoint should fail fast, not after ten minutes. */
const CONNECTION_TEST_TIMEOUT_MS = 30_000;

export function openRuntime(ctx: RuntimeContext): Runtime {
  const { now, log } = ctx;
  // Once closed, this runtime's runners say nothing more: events about the library it
  // had open would be stale next to the one that replaced it.
  let live = true;
  // The comparison lab measures a variant when its job has finished.
  let lab: CompareService | null = null;
  const emit = (event: JobEvent) => {
    if (live) ctx.emit(event);
    lab?.onJobEvent(event);
  };

  const db = openDatabase(join(ctx.dataDir, 'loupe.sqlite'), { nativeBinding: ctx.nativeBinding });
  const sealer = pathSealer(ctx.dataDir);
  const jobs = new JobsRepo(db, { now, seal: sealer.seal });
  const store = new ContentStore(join(ctx.dataDir, 'store'));
  const settings = new SettingsService(new SettingsRepo(db), ctx.secrets, ctx.env, {
    outputDir: ctx.defaultOutputDir,
    backupsDir: join(ctx.dataDir, 'backups'),
  });
  const libraryRepo = new LibraryRepo(db, now);
  const library = new Library(store, libraryRepo, log);
  const planner = new EditPlanner(library);
  const organise = new OrganiseRepo(db);
  const deletes = new DeleteRepo(db);
  const kitRepo = new KitRepo(db, now);
  const kits = new KitService(kitRepo, store, deletes, log);
  const exporter = new OutputExporter({ store, settings, organise, appName: `Loupe ${ctx.version}`, kitLabel: (jobId) => kitRepo.kitLabel(jobId) });

  // Jobs that were running (or waiting) when the app last stopped cannot resume on
  // their own: mark them so the user sees them and can retry.
  jobs.interruptRunning(now());

  const jobDeps = { jobs, store, settings, emit, now, tuning: ctx.tuning, log, exporter };
  const queue = new JobQueue({
    concurrency: ctx.tuning.concurrency,
    run: createJobRunner(jobDeps, { generate: generateDriver(jobDeps), edit: editDriver({ ...jobDeps, planner }) }),
    onCrash: (jobId, err) => {
      log(`job ${jobId} crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      try {
        const job = jobs.get(jobId);
        if (job && !['succeeded', 'failed', 'canceled'].includes(job.status)) {
          const message = `Something went wrong inside Loupe: ${redact(err instanceof Error ? err.message : String(err))}`;
          jobs.finish(jobId, { status: 'failed', usage: job.usage, costUsd: job.costUsd, error: { code: 'INTERNAL', message }, finishedAt: now() });
          const after = jobs.get(jobId);
          if (after) emit({ type: 'job', job: after });
        }
      } catch (inner) {
        log(`could not record the crash of job ${jobId}: ${String(inner)}`);
      }
    },
  });

  const jobChannels = jobHandlers({ jobs, queue, settings, emit, now, planner, library: libraryRepo, organise, kits });
  lab = new CompareService({
    repo: new CompareRepo(db, now),
    jobs,
    planner,
    library,
    store,
    settings,
    organise,
    kits,
    startEdit: (params) => jobChannels['jobs:edit'](params as never),
    emit,
    now,
    log,
    concurrency: ctx.tuning.concurrency,
  });

  const handlers: Omit<Handlers, 'library:restore'> = {
    'app:info': async () => ({ version: ctx.version, host: ctx.host, dataDir: ctx.dataDir, canChooseFolders: ctx.chooseFolder !== undefined }),
    'settings:get': () => settings.view(),
    'settings:update': (patch) => settings.update(patch),
    'settings:set-key': ({ apiKey }) => settings.setKey(apiKey),
    'settings:clear-key': () => settings.clearKey(),
    'settings:choose-output-dir': async () => {
      if (!ctx.chooseFolder) {
        throw new LoupeError('UNSUPPORTED', 'Choosing a folder needs the desktop app here; type the folder path in Settings instead.');
      }
      const dir = await ctx.chooseFolder();
      return dir === null ? settings.view() : settings.update({ outputDir: dir });
    },
    'connection:test': async () => {
      const cfg = await settings.clientConfig(ctx.tuning.requestTimeoutMs > 0 ? Math.min(ctx.tuning.requestTimeoutMs, CONNECTION_TEST_TIMEOUT_MS) : CONNECTION_TEST_TIMEOUT_MS);
      const check = await testConnection(makeClient(cfg), { apiKey: cfg.apiKey, baseURL: cfg.baseURL }, now());
      settings.recordModels(check.imageModelIds, now(), check.shutdowns);
      return check.result;
    },
    ...jobChannels,
    ...editHandlers({ library, planner }),
    ...libraryHandlers({ jobs, search: new HistorySearch(db), organise, lineage: new LineageRepo(db), deletes, store, queue, emit, now, log }),
    ...exportHandlers({ jobs, store, exporter, sealer, dataDir: ctx.dataDir, chooseFolder: ctx.chooseFolder, reveal: ctx.reveal }),
    ...ledgerHandlers({ ledger: new Ledger(db), organise, now }),
    ...kitHandlers({ kits, dataDir: ctx.dataDir, now, chooseSaveFile: ctx.chooseSaveFile }),
    ...backupHandlers({ db, dataDir: ctx.dataDir, settings, version: ctx.version, now }),
    ...compareHandlers(lab),
  };

  let closing: Promise<void> | null = null;
  return {
    handlers,
    store,
    queue,
    close: () => {
      closing ??= (async () => {
        // Runners stop their requests but finish storing what already arrived.
        await queue.close();
        // Measurements of finished variants are stored before the database closes.
        await lab?.idle();
        live = false;
        jobs.interruptRunning(now());
        db.close();
      })();
      return closing;
    },
  };
}
