// Optional simulated generation time per model and quality (off by default),
// so tests and demos can show long jobs. It adds to the global latencyMs and to
// any [fake:latency:N] marker.
import { aliasOf } from './models';
import type { ResolvedQuality } from './tokens';
import type { ModelLatency } from './types';

/** How long a request to `model` at `quality` takes, in ms; 0 when not configured. A snapshot falls back to its alias. */
export function modelLatencyMs(table: ModelLatency, model: string, quality: ResolvedQuality): number {
  const entry = table[model] ?? table[aliasOf(model)];
  if (entry === undefined) return 0;
  if (typeof entry === 'number') return entry;
  return entry[quality] ?? entry['*'] ?? 0;
}

/**
 * Rough wall-clock times per image, for demos: the fake's guesses (nothing is published).
 * Flare is the fast one; higher quality takes longer. Scale it down for tests: scaleLatency(t, 0.01).
 */
export const TYPICAL_MODEL_LATENCY: ModelLatency = {
  'gpt-image-2.6-sunburst': { low: 12_000, medium: 25_000, high: 45_000, xhigh: 80_000, max: 140_000 },
  'gpt-image-2.6-flare': { low: 5_000, medium: 9_000, high: 16_000, xhigh: 30_000, max: 50_000 },
  'gpt-image-2.5-sunburst': { low: 14_000, medium: 28_000, high: 50_000, xhigh: 90_000, max: 150_000 },
  'gpt-image-2.5-flare': { low: 6_000, medium: 11_000, high: 20_000, xhigh: 35_000, max: 60_000 },
  'gpt-image-2': { low: 15_000, medium: 30_000, high: 60_000 },
};

/** The table with every time multiplied by `factor` (rounded to whole ms). */
export function scaleLatency(table: ModelLatency, factor: number): ModelLatency {
  const scale = (v: number) => Math.round(v * factor);
  return Object.fromEntries(
    Object.entries(table).map(([k, v]) => [
      k,
      typeof v === 'number' ? scale(v) : Object.fromEntries(Object.entries(v).map(([q, ms]) => [q, scale(ms)])),
    ]),
  );
}
