/**
 * The variants of an experiment as the setup dialog edits them: each kept to what its
 * model takes and what the source carries, labelled as a person says it, and the one-click
 * default pair (the fast model against the careful one, same settings otherwise).
 */
import { findModel, type ModelInfo, type VariantSpec } from '../../../../electron/shared';
import { nearestQuality } from '../generate/model-choice';
import type { SetupRequest } from './lab-store';

export type VariantDraft = VariantSpec;

export const MAX_VARIANTS = 4;

/** Variants are named A, B, C, D in the order they were added. */
export const variantName = (i: number): string => String.fromCharCode(65 + i);
export const DEFAULT_PAIR = ['gpt-image-2.6-flare', 'gpt-image-2.6-sunburst'] as const;

/** Keep a variant to what its model takes and what the source has (no markup without one, no lock without a mask). */
export function fitVariant(v: VariantDraft, guides: SetupRequest['guides']): VariantDraft {
  const model = findModel(v.model);
  if (!model) return v;
  const quality = nearestQuality(model, v.quality);
  let guide = v.guide;
  if (guide === 'markup' && (!model.markup || !guides.markup)) guide = guides.mask ? 'mask' : 'none';
  if (guide === 'mask' && !guides.mask) guide = 'none';
  const out: VariantDraft = { model: v.model, quality, guide, pixelLock: guide === 'mask' && v.pixelLock };
  if (model.complexity && v.complexity) out.complexity = v.complexity;
  return out;
}

export function variantLabel(v: VariantDraft): string {
  const model = findModel(v.model)?.label ?? v.model;
  const parts = [model, v.quality];
  if (v.complexity) parts.push(`${v.complexity} complexity`);
  if (v.guide === 'markup') parts.push('markup');
  else if (v.guide === 'none') parts.push('no guide');
  if (v.guide === 'mask') parts.push(v.pixelLock ? 'locked' : 'unlocked');
  return parts.join(' · ');
}

/** The edit's own settings on the fast and the careful model of today (or the first two offered). */
export function defaultPair(setup: SetupRequest, offered: readonly ModelInfo[]): VariantDraft[] {
  const ids = offered.map((m) => m.id);
  const pair: string[] = DEFAULT_PAIR.every((id) => ids.includes(id)) ? [...DEFAULT_PAIR] : ids.slice(0, 2);
  const b = setup.base;
  // "auto" lets each model pick its own quality, which would compare two different things.
  const quality = b.quality === 'auto' ? 'medium' : b.quality;
  return pair.map((model) =>
    fitVariant(
      { model, quality: quality as VariantDraft['quality'], complexity: b.complexity as VariantDraft['complexity'], guide: b.guide, pixelLock: b.pixelLock },
      setup.guides,
    ),
  );
}

/** A new row: the last row's settings on a model no row uses yet (else the same model), so it starts different. */
export function nextVariant(current: readonly VariantDraft[], offered: readonly ModelInfo[], guides: SetupRequest['guides']): VariantDraft {
  const last = current[current.length - 1];
  const model = offered.find((m) => !current.some((v) => v.model === m.id)) ?? offered[0];
  if (!last) return fitVariant({ model: model?.id ?? DEFAULT_PAIR[1], quality: 'medium', guide: 'none', pixelLock: false }, guides);
  return fitVariant({ ...last, model: model?.id ?? last.model }, guides);
}

export function sameVariant(a: VariantDraft, b: VariantDraft): boolean {
  return a.model === b.model && a.quality === b.quality && a.complexity === b.complexity && a.guide === b.guide && a.pixelLock === b.pixelLock;
}
