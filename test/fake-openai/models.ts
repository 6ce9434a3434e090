// Model catalogue: what GET /v1/models lists, which ids the image endpoints
// serve, and which are shut down (reference 2026-12 §1). The per-model
// parameter rules are in rules.ts.
import type { FakeModel, FakeState } from './types';

/** The rule set a model id follows (rules.ts). */
export type ImageFamily = '2.6' | '2.5' | '2';
/** Flare = speed, Sunburst = detail and edit consistency (§1 notes); gpt-image-2 is neither. */
export type Variant = 'sunburst' | 'flare' | 'base';

interface Entry {
  created: number;
  owned_by: string;
  /** Image models the fake serves. */
  family?: ImageFamily;
  variant?: Variant;
  /** Catalogue shutdown date; null = none announced. */
  shutdown_date: string | null;
  /** Shut down for good: the fake keeps no rules for it, whatever `today` says. */
  retired?: boolean;
}

const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / 1000;
const active = (released: string, family: ImageFamily, variant: Variant): Entry => ({
  created: day(released),
  owned_by: 'system',
  family,
  variant,
  shutdown_date: null,
});
const gone = (released: string, shutdown: string): Entry => ({ created: day(released), owned_by: 'system', shutdown_date: shutdown, retired: true });

/** Creation times are release dates, so the listing is deterministic. */
const CATALOGUE: Record<string, Entry> = {
  // 2.6: released 2026-11-04, alias only, no snapshots (§1).
  'gpt-image-2.6-sunburst': active('2026-11-04', '2.6', 'sunburst'),
  'gpt-image-2.6-flare': active('2026-11-04', '2.6', 'flare'),
  'gpt-image-2.5-sunburst': active('2026-09-08', '2.5', 'sunburst'),
  'gpt-image-2.5-sunburst-2026-09-08': active('2026-09-08', '2.5', 'sunburst'),
  'gpt-image-2.5-flare': active('2026-09-08', '2.5', 'flare'),
  'gpt-image-2.5-flare-2026-09-08': active('2026-09-08', '2.5', 'flare'),
  'gpt-image-2': active('2026-04-21', '2', 'base'),
  'gpt-image-2-2026-04-21': active('2026-04-21', '2', 'base'),
  // Shut down (§1): gpt-image-1 on 2026-10-23, the rest on 2026-12-01.
  'gpt-image-1.5': gone('2025-12-16', '2026-12-01'),
  'gpt-image-1.5-2025-12-16': gone('2025-12-16', '2026-12-01'),
  'gpt-image-1-mini': gone('2025-10-06', '2026-12-01'),
  'chatgpt-image-latest': gone('2026-02-10', '2026-12-01'),
  'gpt-image-1': gone('2025-04-23', '2026-10-23'),
  'gpt-5': { created: 1754524800, owned_by: 'system', shutdown_date: null },
  'text-embedding-3-small': { created: 1705948997, owned_by: 'system', shutdown_date: null },
};

export const DEFAULT_MODELS: string[] = Object.keys(CATALOGUE);

/**
 * Whether GET /v1/models lists shut-down models (with their past shutdown_date) or drops them.
 * UNCONFIRMED (§1.1): listing them is the informative choice. The one-line switch.
 */
export const LIST_SHUT_DOWN_MODELS = true;

/** The fake's "today": the reference snapshot is 2026-12-03; fixed so tests do not age. */
export const FAKE_TODAY = '2026-12-04';

/** Retired long ago: the API answers "does not exist" for them (reference §1.3 of the older file). */
export const REMOVED_MODELS = new Set(['dall-e-2', 'dall-e-3']);

export function imageFamily(id: string): ImageFamily | undefined {
  return CATALOGUE[id]?.family;
}

export function modelVariant(id: string): Variant {
  return CATALOGUE[id]?.variant ?? 'base';
}

/** The alias of a dated snapshot (gpt-image-2.5-flare-2026-09-08 → gpt-image-2.5-flare). */
export function aliasOf(id: string): string {
  return id.replace(/-\d{4}-\d{2}-\d{2}$/, '');
}

type ModelState = Pick<FakeState, 'models' | 'shutdownDates' | 'today' | 'listShutDownModels'>;

const idOf = (m: string | FakeModel) => (typeof m === 'string' ? m : m.id);

/** Effective shutdown date: explicit FakeModel field, then state.shutdownDates, then the catalogue. */
export function shutdownDate(id: string, s: ModelState): string | null {
  const listed = s.models.find((m) => idOf(m) === id);
  if (listed && typeof listed !== 'string' && listed.shutdown_date !== undefined) return listed.shutdown_date;
  if (id in s.shutdownDates) return s.shutdownDates[id] ?? null;
  return CATALOGUE[id]?.shutdown_date ?? null;
}

/** Shut down: retired in the catalogue, or its announced date has come. */
export function isShutDown(id: string, s: ModelState): boolean {
  if (CATALOGUE[id]?.retired) return true;
  const date = shutdownDate(id, s);
  return date !== null && date <= s.today;
}

export function visibleIds(models: Array<string | FakeModel>): Set<string> {
  return new Set(models.map(idOf));
}

export function modelObject(m: string | FakeModel, s: ModelState): Record<string, unknown> {
  const base = typeof m === 'string' ? { id: m } : m;
  const known = CATALOGUE[base.id];
  return {
    id: base.id,
    object: 'model',
    created: base.created ?? known?.created ?? 1700000000,
    owned_by: base.owned_by ?? known?.owned_by ?? 'system',
    shutdown_date: shutdownDate(base.id, s),
  };
}

/** The models GET /v1/models shows: the visible ones, minus shut-down ones unless listed by choice. */
export function listedModels(s: ModelState): Array<string | FakeModel> {
  return s.models.filter((m) => s.listShutDownModels || !isShutDown(idOf(m), s));
}

/** The listing object of GET /v1/models. */
export function listModels(s: ModelState): unknown {
  return { object: 'list', data: listedModels(s).map((m) => modelObject(m, s)) };
}
