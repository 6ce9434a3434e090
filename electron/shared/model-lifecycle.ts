/**
 * A model's place in its life (active, deprecated with a date, shut down) is data: the
 * catalogue's dates, merged with the `shutdown_date` that GET /v1/models reports on
 * Test connection, so the next retirement needs no release of Loupe. Nothing that names
 * a shut-down model is ever sent: work that names one moves to its replacement, visibly.
 */
import { ASSUME } from './model-assumptions';
import { findModel, MODELS, type ModelInfo } from './models';

export type ModelState = 'active' | 'deprecated' | 'shutdown';

/** What the API said about shutdown dates: id -> YYYY-MM-DD, or null when none is announced. */
export type ShutdownDates = Readonly<Record<string, string | null>>;

export interface LifecycleContext {
  /** Today as YYYY-MM-DD (the caller's clock, so tests can move it). */
  today: string;
  shutdowns: ShutdownDates;
}

export function todayIso(now: number = Date.now()): string {
  return new Date(now).toISOString().slice(0, 10);
}

export function defaultLifecycle(): LifecycleContext {
  return { today: todayIso(), shutdowns: {} };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The effective shutdown date: the API's when it names one, else the catalogue's. */
export function shutdownDateOf(model: ModelInfo, ctx: LifecycleContext): string | null {
  const api = ctx.shutdowns[model.id];
  const fromApi = typeof api === 'string' && DATE.test(api) ? api : null;
  if (model.shutdownDate && (ASSUME.shutdownFromCatalogueWins || !fromApi)) {
    // A date the catalogue knows is never pushed later by a listing (never un-retire).
    return fromApi && fromApi < model.shutdownDate ? fromApi : model.shutdownDate;
  }
  return fromApi;
}

export function modelState(model: ModelInfo, ctx: LifecycleContext): ModelState {
  const date = shutdownDateOf(model, ctx);
  if (!date) return 'active';
  return date <= ctx.today ? 'shutdown' : 'deprecated';
}

export function isShutDown(id: string, ctx: LifecycleContext): boolean {
  const m = findModel(id);
  return !m || modelState(m, ctx) === 'shutdown';
}

/** Models offered for new work at `endpoint`: catalogued, not shut down, and usable by the key when that is known. */
export function offeredModels(endpoint: 'generate' | 'edit', available: readonly string[] | null, ctx: LifecycleContext): ModelInfo[] {
  return MODELS.filter((m) => m.endpoints[endpoint] && modelState(m, ctx) !== 'shutdown' && (available === null || available.includes(m.id)));
}

/**
 * The newest active model for `endpoint` that the key can use (catalogue order breaks
 * ties: Sunburst before Flare). `available` null means "not checked yet".
 */
export function defaultModel(available: readonly string[] | null, endpoint: 'generate' | 'edit' = 'generate', ctx: LifecycleContext = defaultLifecycle()): string {
  const active = (list: readonly ModelInfo[]) => list.filter((m) => modelState(m, ctx) === 'active');
  const pool = [active(offeredModels(endpoint, available, ctx)), offeredModels(endpoint, available, ctx), active(offeredModels(endpoint, null, ctx))].find((p) => p.length > 0);
  const list = pool ?? MODELS.filter((m) => m.endpoints[endpoint]);
  // Stable sort: equal dates keep catalogue order.
  return [...list].sort((a, b) => b.released.localeCompare(a.released))[0]!.id;
}

/** Why the default is the default, in one line for Settings. */
export function defaultModelReason(id: string, available: readonly string[] | null): string {
  const m = findModel(id);
  if (!m) return '';
  const scope = available === null ? 'the newest active model' : 'the newest active model your key can use';
  return `${m.label} is ${scope} (released ${m.released}). ${m.purpose}`;
}

/**
 * Where work naming `id` goes: `id` itself while it is not shut down, else its
 * replacement (followed while that too is shut down), else the default.
 */
export function replacementFor(id: string, endpoint: 'generate' | 'edit', available: readonly string[] | null, ctx: LifecycleContext): string {
  const seen = new Set<string>();
  let current: string | null = id;
  while (current && !seen.has(current)) {
    seen.add(current);
    const m = findModel(current);
    if (m && m.endpoints[endpoint] && modelState(m, ctx) !== 'shutdown' && (available === null || available.includes(m.id))) return m.id;
    current = m?.replacement ?? null;
  }
  return defaultModel(available, endpoint, ctx);
}

export interface ModelSwap {
  from: string;
  to: string;
  /** Shown to the person, e.g. "GPT Image 1.5 was shut down on 2026-12-01: this uses GPT Image 2.6 Sunburst instead." */
  message: string;
}

/** The swap to make before sending work that names `id`, or null when `id` is fine. */
export function swapForShutdown(id: string, endpoint: 'generate' | 'edit', available: readonly string[] | null, ctx: LifecycleContext): ModelSwap | null {
  const m = findModel(id);
  if (m && modelState(m, ctx) !== 'shutdown') return null;
  const to = replacementFor(id, endpoint, available, ctx);
  const date = m ? shutdownDateOf(m, ctx) : null;
  const toLabel = findModel(to)?.label ?? to;
  const what = m ? `${m.label} was shut down${date ? ` on ${date}` : ''}` : `Loupe does not know the model ${id}`;
  return { from: id, to, message: `${what}: this uses ${toLabel} instead.` };
}

/** One line on a model's state for the picker and notes; null while active with no date. */
export function lifecycleNote(model: ModelInfo, ctx: LifecycleContext): string | null {
  const date = shutdownDateOf(model, ctx);
  const state = modelState(model, ctx);
  if (state === 'active') return null;
  const to = model.replacement ? (findModel(model.replacement)?.label ?? model.replacement) : null;
  if (state === 'deprecated') return `Deprecated: OpenAI shuts it down on ${date}.${to ? ` Move to ${to}.` : ''}`;
  return `Shut down on ${date}.${to ? ` Replaced by ${to}.` : ''}`;
}
