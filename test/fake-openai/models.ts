// Model catalogue: what GET /v1/models lists and which ids the image
// endpoints accept. Families decide the per-model rules (reference §1.2).
import type { FakeModel } from './types';

/** The rule set a model id follows. */
export type ImageFamily = 'gpt-image-1' | 'gpt-image-1-mini' | 'gpt-image-1.5' | 'gpt-image-2';

/** Image models the fake knows how to serve, with their family. */
const IMAGE_MODELS: Record<string, ImageFamily> = {
  'gpt-image-2': 'gpt-image-2',
  'gpt-image-2-2026-04-21': 'gpt-image-2',
  'gpt-image-1.5': 'gpt-image-1.5',
  'gpt-image-1.5-2025-12-16': 'gpt-image-1.5',
  // chatgpt-image-latest follows 1.5's limits and prices (reference §1.2, §8.3).
  'chatgpt-image-latest': 'gpt-image-1.5',
  'gpt-image-1-mini': 'gpt-image-1-mini',
  'gpt-image-1': 'gpt-image-1',
};

/** Creation times are fixed so the listing is deterministic (launch dates, reference §1.3). */
const CATALOGUE: Record<string, Omit<FakeModel, 'id'>> = {
  'gpt-image-2': { created: 1776729600, owned_by: 'system' },
  'gpt-image-2-2026-04-21': { created: 1776729600, owned_by: 'system' },
  'gpt-image-1.5': { created: 1765843200, owned_by: 'system' },
  'gpt-image-1-mini': { created: 1759708800, owned_by: 'system' },
  'gpt-image-1': { created: 1745366400, owned_by: 'system' },
  'chatgpt-image-latest': { created: 1770681600, owned_by: 'system' },
  'gpt-5': { created: 1754524800, owned_by: 'system' },
  'text-embedding-3-small': { created: 1705948997, owned_by: 'system' },
};

export const DEFAULT_MODELS: string[] = Object.keys(CATALOGUE);

/** Removed models: the real API 404s them since 2026-05-12 (reference §1.3). */
export const REMOVED_MODELS = new Set(['dall-e-2', 'dall-e-3']);

export function imageFamily(id: string): ImageFamily | undefined {
  return IMAGE_MODELS[id];
}

export function isImageModel(id: string): boolean {
  return id in IMAGE_MODELS;
}

export function normaliseModel(m: string | FakeModel): FakeModel {
  const base = typeof m === 'string' ? { id: m } : m;
  const known = CATALOGUE[base.id] ?? { created: 1700000000, owned_by: 'system' };
  return { ...known, ...base };
}

export function visibleIds(models: Array<string | FakeModel>): Set<string> {
  return new Set(models.map((m) => (typeof m === 'string' ? m : m.id)));
}

/** The listing object of GET /v1/models. */
export function listModels(models: Array<string | FakeModel>): unknown {
  return { object: 'list', data: models.map(modelObject) };
}

export function modelObject(m: string | FakeModel): Record<string, unknown> {
  const n = normaliseModel(m);
  const o: Record<string, unknown> = { id: n.id, object: 'model', created: n.created, owned_by: n.owned_by };
  if (n.shutdown_date !== undefined) o.shutdown_date = n.shutdown_date;
  return o;
}
