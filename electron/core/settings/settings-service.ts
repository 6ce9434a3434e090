/**
 * Settings as the renderer sees them, built from the settings table, the secret store
 * and the environment. The API key itself stays here: the view carries only whether a
 * key is set, where it came from and its last four characters.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, access, constants as fsc, writeFile, rm } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import {
  baseUrlProblem,
  ExportOptionsSchema,
  KEY_NEEDED_FOR_CONNECTION,
  LoupeError,
  todayIso,
  type ExportOptions,
  type LifecycleContext,
  type SettingsPatch,
  type SettingsView,
  type ShutdownDates,
} from '../../shared';
import type { SettingsRepo } from '../db/settings-repo';
import { DEFAULT_TEMPLATE } from '../export/naming';
import type { ClientConfig } from '../openai/client';
import type { SecretStore } from './secret-store';

export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** Keys of the settings table; values are strings (JSON for lists). */
const K = {
  baseURL: 'baseURL',
  organization: 'organization',
  project: 'project',
  outputDir: 'outputDir',
  namingTemplate: 'namingTemplate',
  availableModels: 'availableModels',
  lastCheckedAt: 'lastCheckedAt',
  exportOptions: 'exportOptions',
  backupsDir: 'backupsDir',
  modelShutdowns: 'modelShutdowns',
  installId: 'installId',
  queue: 'queue',
  queuePaused: 'queuePaused',
} as const;

const MODEL_ID = /^[\w.:-]{1,100}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Only well-formed ids and dates survive: the table is a file anyone could have edited. */
export function cleanShutdowns(v: unknown): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  if (!v || typeof v !== 'object' || Array.isArray(v)) return out;
  for (const [id, date] of Object.entries(v as Record<string, unknown>)) {
    if (!MODEL_ID.test(id)) continue;
    if (date === null) out[id] = null;
    else if (typeof date === 'string' && ISO_DATE.test(date)) out[id] = date;
  }
  return out;
}

/**
 * Saved as they arrive, with their metadata; edited photos keep their camera's EXIF but
 * not where they were taken: a file shared on is the usual way a home address leaks.
 */
export const DEFAULT_EXPORT_OPTIONS: ExportOptions = { autoSave: true, embedMetadata: true, sidecar: false, keepSourceMetadata: true, keepGps: false, saveRaw: false };

export interface SettingsDefaults {
  outputDir: string;
  backupsDir: string;
  /** The queue's defaults (tuning): what applies until the person changes them. */
  queue?: QueueSettings;
}

export interface QueueSettings {
  concurrency: number;
  imagesPerMinute: number;
}

/** Tier 1 of the API allows 5 images a minute; most accounts that run batches are past it. */
export const DEFAULT_QUEUE_SETTINGS: QueueSettings = { concurrency: 2, imagesPerMinute: 50 };

export type Env = Record<string, string | undefined>;

/** What a job needs at the moment it runs: read fresh so changes apply to the next job. */
export interface OutputSettings {
  outputDir: string;
  namingTemplate: string;
  exportOptions: ExportOptions;
}

function envValue(env: Env, name: string): string | null {
  const v = env[name]?.trim();
  return v ? v : null;
}

export class SettingsService {
  /** Told when the queue settings change, so the running queue follows them at once. */
  onQueueChange: ((q: QueueSettings) => void) | null = null;

  constructor(
    private readonly repo: SettingsRepo,
    private readonly secrets: SecretStore,
    private readonly env: Env,
    private readonly defaults: SettingsDefaults,
  ) {}

  /** The key to send, or null. A stored key wins over the environment's. */
  async apiKey(): Promise<{ key: string; source: 'stored' | 'env' } | null> {
    const stored = await this.secrets.get();
    if (stored) return { key: stored, source: 'stored' };
    const fromEnv = envValue(this.env, 'OPENAI_API_KEY');
    return fromEnv ? { key: fromEnv, source: 'env' } : null;
  }

  effectiveBaseURL(): string {
    return this.repo.get(K.baseURL) ?? envValue(this.env, 'OPENAI_BASE_URL') ?? DEFAULT_BASE_URL;
  }

  output(): OutputSettings {
    return {
      outputDir: this.repo.get(K.outputDir) ?? this.defaults.outputDir,
      namingTemplate: this.repo.get(K.namingTemplate) ?? DEFAULT_TEMPLATE,
      exportOptions: this.exportOptions(),
    };
  }

  /** Stored as JSON over the defaults, so an option added later gets its default. */
  exportOptions(): ExportOptions {
    const raw = this.repo.get(K.exportOptions);
    if (!raw) return { ...DEFAULT_EXPORT_OPTIONS };
    try {
      const parsed = ExportOptionsSchema.partial().safeParse(JSON.parse(raw));
      return parsed.success ? { ...DEFAULT_EXPORT_OPTIONS, ...parsed.data } : { ...DEFAULT_EXPORT_OPTIONS };
    } catch {
      return { ...DEFAULT_EXPORT_OPTIONS };
    }
  }

  backupsDir(): string {
    return this.repo.get(K.backupsDir) ?? this.defaults.backupsDir;
  }

  /** The tuning's queue values, used until the person sets their own. */
  setQueueDefaults(q: QueueSettings): void {
    this.defaults.queue = q;
  }

  /** A paused queue stays paused across restarts: the person paused it for a reason. */
  queuePaused(): boolean {
    return this.repo.get(K.queuePaused) === '1';
  }

  setQueuePaused(paused: boolean): void {
    this.repo.set(K.queuePaused, paused ? '1' : null);
  }

  /** Stored as JSON over the defaults; anything out of range in the table is ignored. */
  queue(): QueueSettings {
    const base = this.defaults.queue ?? DEFAULT_QUEUE_SETTINGS;
    const raw = this.repo.get(K.queue);
    if (!raw) return { ...base };
    try {
      const v = JSON.parse(raw) as Record<string, unknown>;
      const pick = (x: unknown, max: number, fallback: number) => (typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= max ? x : fallback);
      return { concurrency: pick(v.concurrency, 16, base.concurrency), imagesPerMinute: pick(v.imagesPerMinute, 10_000, base.imagesPerMinute) };
    } catch {
      return { ...base };
    }
  }

  availableModels(): string[] | null {
    const raw = this.repo.get(K.availableModels);
    if (!raw) return null;
    try {
      const v: unknown = JSON.parse(raw);
      return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : null;
    } catch {
      return null;
    }
  }

  modelShutdowns(): ShutdownDates {
    const raw = this.repo.get(K.modelShutdowns);
    if (!raw) return {};
    try {
      return cleanShutdowns(JSON.parse(raw));
    } catch {
      return {};
    }
  }

  /** Today's lifecycle: the catalogue's dates merged with what the API last reported. */
  lifecycle(now: number): LifecycleContext {
    return { today: todayIso(now), shutdowns: this.modelShutdowns() };
  }

  /**
   * The `safety_identifier` sent with image requests (§3.6): a hash of a random id made
   * once per library, so OpenAI can tell this person's requests apart without learning
   * anything about them. Never a name or an address.
   */
  safetyIdentifier(): string {
    let id = this.repo.get(K.installId);
    if (!id || !/^[0-9a-f-]{36}$/.test(id)) {
      id = randomUUID();
      this.repo.set(K.installId, id);
    }
    return createHash('sha256').update(`loupe:${id}`).digest('hex').slice(0, 32);
  }

  /** Everything needed to build a client; throws NO_API_KEY before any request is made. */
  async clientConfig(timeoutMs: number): Promise<ClientConfig> {
    const key = await this.apiKey();
    if (!key) throw new LoupeError('NO_API_KEY', 'Add your OpenAI API key in Settings first.');
    // Checked again here, not only when saved: a row written by an older version, a
    // database edited by hand or the environment must not send the key in clear text.
    const baseURL = this.effectiveBaseURL();
    const problem = baseUrlProblem(baseURL);
    if (problem) throw new LoupeError('INVALID_ARGUMENTS', `Loupe will not send your key to ${baseURL}. ${problem}`, { param: 'baseURL' });
    return {
      apiKey: key.key,
      baseURL,
      organization: this.repo.get(K.organization) ?? envValue(this.env, 'OPENAI_ORG_ID'),
      project: this.repo.get(K.project) ?? envValue(this.env, 'OPENAI_PROJECT_ID'),
      timeoutMs,
    };
  }

  async view(): Promise<SettingsView> {
    const key = await this.apiKey();
    const lastChecked = this.repo.get(K.lastCheckedAt);
    return {
      key: {
        set: key !== null,
        last4: key ? key.key.slice(-4) : null,
        source: key?.source ?? null,
        storage: this.secrets.storage,
      },
      baseURL: this.repo.get(K.baseURL),
      effectiveBaseURL: this.effectiveBaseURL(),
      organization: this.repo.get(K.organization) ?? envValue(this.env, 'OPENAI_ORG_ID'),
      project: this.repo.get(K.project) ?? envValue(this.env, 'OPENAI_PROJECT_ID'),
      ...this.output(),
      availableModels: this.availableModels(),
      modelShutdowns: { ...this.modelShutdowns() },
      lastCheckedAt: lastChecked === null ? null : Number(lastChecked),
      backupsDir: this.backupsDir(),
      queue: this.queue(),
    };
  }

  /**
   * Applies a patch. `null` resets a field to its default (env or built-in). The output
   * folder is created and probed before it is saved, so a job never discovers too late
   * that it cannot write there.
   */
  async update(patch: SettingsPatch): Promise<SettingsView> {
    const connection = this.connectionChange(patch);
    if (patch.outputDir !== undefined) await ensureWritableDir(patch.outputDir, 'output folder');
    if (patch.backupsDir !== undefined) await ensureWritableDir(patch.backupsDir, 'backups folder');
    // The key first: if the keychain refuses it, the connection stays where it was.
    if (patch.apiKey !== undefined) await this.secrets.set(patch.apiKey);
    for (const [k, v] of Object.entries(connection.next)) this.repo.set(K[k as keyof typeof connection.next], v);
    if (patch.outputDir !== undefined) this.repo.set(K.outputDir, patch.outputDir);
    if (patch.namingTemplate !== undefined) this.repo.set(K.namingTemplate, patch.namingTemplate);
    if (patch.backupsDir !== undefined) this.repo.set(K.backupsDir, patch.backupsDir);
    if (patch.exportOptions !== undefined) this.repo.set(K.exportOptions, JSON.stringify({ ...this.exportOptions(), ...patch.exportOptions }));
    if (patch.queue !== undefined) {
      this.repo.set(K.queue, JSON.stringify({ ...this.queue(), ...patch.queue }));
      this.onQueueChange?.(this.queue());
    }
    // Another endpoint, account or key may see other models: the old check no longer holds.
    if (connection.changed || patch.apiKey !== undefined) this.forgetModels();
    return this.view();
  }

  /**
   * The connection fields the patch really changes, refused unless the key comes with
   * them. The renderer never holds the key, so a renderer that was tricked or taken
   * over cannot point the key at a host of its choosing: only a person who knows the key can.
   */
  private connectionChange(patch: SettingsPatch): { changed: boolean; next: Partial<Record<'baseURL' | 'organization' | 'project', string | null>> } {
    const next: Partial<Record<'baseURL' | 'organization' | 'project', string | null>> = {};
    if (patch.baseURL !== undefined) next.baseURL = patch.baseURL ? patch.baseURL.replace(/\/+$/, '') : null;
    if (patch.organization !== undefined) next.organization = patch.organization || null;
    if (patch.project !== undefined) next.project = patch.project || null;
    if (next.baseURL) {
      const problem = baseUrlProblem(next.baseURL);
      if (problem) throw new LoupeError('INVALID_ARGUMENTS', problem, { param: 'baseURL' });
    }
    const changed = Object.entries(next).some(([k, v]) => this.repo.get(K[k as keyof typeof next]) !== v);
    if (changed && patch.apiKey === undefined) throw new LoupeError('INVALID_ARGUMENTS', KEY_NEEDED_FOR_CONNECTION, { param: 'apiKey' });
    return { changed, next };
  }

  async setKey(apiKey: string): Promise<SettingsView> {
    await this.secrets.set(apiKey);
    this.forgetModels();
    return this.view();
  }

  async clearKey(): Promise<SettingsView> {
    await this.secrets.clear();
    this.forgetModels();
    return this.view();
  }

  recordModels(ids: string[], at: number, shutdowns: ShutdownDates = {}): void {
    this.repo.set(K.availableModels, JSON.stringify(ids));
    this.repo.set(K.modelShutdowns, JSON.stringify(cleanShutdowns(shutdowns)));
    this.repo.set(K.lastCheckedAt, String(at));
  }

  private forgetModels(): void {
    this.repo.set(K.availableModels, null);
    this.repo.set(K.lastCheckedAt, null);
  }
}

/** Creates `dir` and proves a file can be written in it (access() alone misses read-only mounts). */
export async function ensureWritableDir(dir: string, what = 'output folder'): Promise<void> {
  if (!isAbsolute(dir)) {
    throw new LoupeError('INVALID_ARGUMENTS', `The ${what} must be a full path, not "${dir}".`, { path: dir });
  }
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, fsc.W_OK);
    const probe = join(dir, `.loupe-write-test-${process.pid}-${Date.now()}`);
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new LoupeError('STORAGE_ERROR', `Loupe cannot write to the folder ${dir} (${reason}). Choose another folder or check its permissions.`, {
      path: dir,
    });
  }
}
