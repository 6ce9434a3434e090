/**
 * Everything that lives on an open library: the database and its repositories, the store,
 * settings, the job queue, and the handlers over them. createCore keeps one of these open
 * and replaces it whole when a backup is restored, so the Core object the host holds keeps
 * working with the restored library.
 */
import { join } from 'node:path';
import { LoupeError, type Handlers, type JobEvent, type JobView, type QueueState } from '../shared';
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
import { organiseHandlers } from './library/organise-handlers';
import { MarksRepo } from './db/marks-repo';
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
import { batchHandlers } from './batch/batch-handlers';
import { BatchRepo } from './batch/batch-repo';
import { BatchService } from './batch/batch-service';
import { EconomyBatches } from './batch/batch-economy';
import { queueHandlers } from './jobs/queue-handlers';
import { RateLimiter } from './jobs/rate-limiter';
import { Connectivity } from './jobs/connectivity';
import { credentialHandlers } from './credentials/credentials-handlers';
import { CredentialsService } from './credentials/credentials-service';
import { MemorySecretStore } from './settings/secret-store';

export interface RuntimeContext {
  dataDir: string;
  defaultOutputDir: string;
  secrets: SecretStore;
  env: Record<string, string | undefined>;
  host: 'electron' | 'web' | 'cli';
  version: string;
  emit: (event: JobEvent) => void;
  now: () => number;
  tuning: Tuning;
  log: (message: string) => void;
  chooseFolder?: () => Promise<string | null>;
  chooseSaveFile?: (suggestedName: string) => Promise<string | null>;
  reveal?: (path: string) => void;
  nativeBinding?: string;
  /** Folders a batch may read photos from; null: any (the desktop app). batch-folders.ts. */
  batchRoots: string[] | null;
  /** The content credentials signer's key and certificates (kept like the API key); in memory when absent. */
  signerSecrets?: SecretStore;
}

export interface Runtime {
  /** Every channel but library:restore, which replaces the runtime itself. */
  handlers: Omit<Handlers, 'library:restore'>;
  store: ContentStore;
  queue: JobQueue;
  close(): Promise<void>;
}

/**
 * Whether the endpoint answers at all: any HTTP status will do (no key is sent, so a 401
 * is the usual answer). Only a failure to connect means offline.
 */
async function endpointAnswers(baseURL: string): Promise<boolean> {
  try {
    const res = await fetch(`${baseURL.replace(/\/+$/, '')}/models`, { signal: AbortSignal.timeout(5_000) });
    await res.body?.cancel();
    return true;
  } catch {
    return false;
  }
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
  // Set once the batch service exists: every job event also moves a batch item along.
  let onJob: ((job: JobView) => void) | null = null;
  const emit = (event: JobEvent) => {
    if (!live) return;
    ctx.emit(event);
    lab?.onJobEvent(event);
    if (event.type === 'job' && onJob) {
      try {
        onJob(event.job);
      } catch (err) {
        log(`batch update for job ${event.job.id} failed: ${String(err)}`);
      }
    }
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
  const history = new HistorySearch(db);
  const deletes = new DeleteRepo(db);
  const kitRepo = new KitRepo(db, now);
  const kits = new KitService(kitRepo, store, deletes, log);
  const batchRepo = new BatchRepo(db);
  ctx.signerSecrets ??= new MemorySecretStore();
  const credentials = new CredentialsService({ db, store, settings: new SettingsRepo(db), secrets: ctx.signerSecrets, appName: `Loupe ${ctx.version}`, now, log });
  const exporter = new OutputExporter({
    store,
    settings,
    organise,
    appName: `Loupe ${ctx.version}`,
    kitLabel: (jobId) => kitRepo.kitLabel(jobId),
    extraFolders: () => [...new Set(batchRepo.list().map((b) => b.outputDir))],
    credentials,
  });

  // Jobs whose request was on its way when the app last stopped are marked interrupted
  // (the person retries them); jobs that were only waiting to be sent go back to the queue.
  const recovered = jobs.recoverAtStart(now());

  const queueDefaults = { concurrency: ctx.tuning.concurrency, imagesPerMinute: ctx.tuning.imagesPerMinute };
  settings.setQueueDefaults(queueDefaults);
  const limiter = new RateLimiter(settings.queue().imagesPerMinute, now);
  // eslint-disable-next-line prefer-const -- the queue and the connectivity watch refer to each other
  let queue: JobQueue;
  const queueState = (): QueueState => ({
    paused: queue.paused,
    offline: connectivity.offline,
    offlineSince: connectivity.offlineSince,
    waiting: queue.waitingCount,
    running: queue.runningCount,
    concurrency: queue.concurrency,
    imagesPerMinute: limiter.perMinute,
    limits: limiter.usage(),
  });
  const emitQueue = () => {
    try {
      emit({ type: 'queue', state: queueState() });
    } catch (err) {
      log(`queue event failed: ${String(err)}`);
    }
  };
  const connectivity = new Connectivity({
    probe: () => endpointAnswers(settings.effectiveBaseURL()),
    probeEveryMs: ctx.tuning.offlineProbeMs,
    now,
    log,
    onChange: () => {
      queue.wake();
      emitQueue();
    },
  });

  let batches: BatchService | null = null;
  const routeOutput = (jobId: number) => batches?.route(jobId) ?? null;
  const jobDeps = { jobs, store, settings, emit, now, tuning: ctx.tuning, log, exporter, limiter, connectivity, routeOutput, credentials };
  queue = new JobQueue({
    concurrency: settings.queue().concurrency,
    admit: (jobId) => {
      const p = jobs.pendingImages(jobId);
      return p ? limiter.tryTake(p.model, p.images) : 0;
    },
    blocked: () => connectivity.offline,
    onChange: emitQueue,
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

  if (settings.queuePaused()) queue.pause();
  settings.onQueueChange = (q) => {
    limiter.setPerMinute(q.imagesPerMinute);
    queue.setConcurrency(q.concurrency);
    emitQueue();
  };
  void recovered;

  const { starters, ...jobChannels } = jobHandlers({ jobs, queue, settings, emit, now, planner, library: libraryRepo, organise, kits });
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
  batches = new BatchService({
    repo: batchRepo,
    jobs,
    queue,
    library,
    planner,
    kits: kitRepo,
    starters,
    folders: { roots: ctx.batchRoots, dataDir: ctx.dataDir },
    emit,
    now,
    log,
    cancelJob: async (jobId) => {
      await jobChannels['jobs:cancel']({ jobId });
    },
    economy: new EconomyBatches({
      repo: batchRepo,
      jobs,
      library: libraryRepo,
      planner,
      settings,
      store,
      writer: { jobs, store, now, log, exporter, routeOutput },
      emitJob: (jobId) => {
        const job = jobs.get(jobId);
        if (job) emit({ type: 'job', job });
      },
      announce: (batchId) => emit({ type: 'batch', batchId }),
      now,
      log,
      pollMs: ctx.tuning.batchPollMs,
    }),
  });
  onJob = (job) => batches?.onJob(job);
  // Jobs left waiting, and batches that were running, go on once there is a key to send
  // them with (the browser host keeps no key across a restart: they wait for it).
  const resumeWaiting = () => {
    if (!live) return;
    for (const id of jobs.queuedIds()) queue.enqueue(id);
    batches?.resumeAtStart();
  };
  void settings.apiKey().then((key) => {
    if (key) resumeWaiting();
  });

  const handlers: Omit<Handlers, 'library:restore'> = {
    'app:info': async () => ({ version: ctx.version, host: ctx.host, dataDir: ctx.dataDir, canChooseFolders: ctx.chooseFolder !== undefined }),
    'settings:get': () => settings.view(),
    'settings:update': async (patch) => {
      const view = await settings.update(patch);
      if (patch.apiKey !== undefined) resumeWaiting();
      return view;
    },
    'settings:set-key': async ({ apiKey }) => {
      const view = await settings.setKey(apiKey);
      resumeWaiting();
      return view;
    },
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
    ...editHandlers({ library, planner, credentials }),
    ...libraryHandlers({ jobs, search: history, organise, lineage: new LineageRepo(db), deletes, store, queue, emit, now, log }),
    ...exportHandlers({ jobs, store, exporter, sealer, dataDir: ctx.dataDir, chooseFolder: ctx.chooseFolder, reveal: ctx.reveal, host: ctx.host }),
    ...ledgerHandlers({ ledger: new Ledger(db), organise, now }),
    ...kitHandlers({ kits, dataDir: ctx.dataDir, now, chooseSaveFile: ctx.chooseSaveFile }),
    ...backupHandlers({ db, dataDir: ctx.dataDir, settings, version: ctx.version, now }),
    ...compareHandlers(lab),
    ...batchHandlers(batches),
    ...queueHandlers({
      state: queueState,
      pause: () => {
        settings.setQueuePaused(true);
        queue.pause();
      },
      resume: () => {
        settings.setQueuePaused(false);
        queue.resume();
      },
    }),
    ...organiseHandlers({ jobs, marks: new MarksRepo(db), search: history, emit, now }),
    ...credentialHandlers(credentials),
  };

  let closing: Promise<void> | null = null;
  return {
    handlers,
    store,
    queue,
    close: () => {
      closing ??= (async () => {
        // Runners stop their requests but finish storing what already arrived.
        connectivity.close();
        // No photo is fed after this; one being prepared is queued, then drained with the rest.
        batches?.close();
        await batches?.settled();
        await queue.close(ctx.tuning.shutdownDrainMs);
        // Measurements of finished variants are stored before the database closes.
        await lab?.idle();
        live = false;
        // What was waiting stays queued for the next start; what was on its way is interrupted.
        jobs.recoverAtStart(now());
        db.close();
      })();
      return closing;
    },
  };
}
