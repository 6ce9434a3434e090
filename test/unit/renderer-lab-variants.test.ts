/**
 * The setup dialog's variants: the one-click default pair (2.6 Flare against Sunburst on the
 * edit's own settings), each variant kept to what its model takes and what the source
 * carries, and labels a person can read.
 */
import { describe, expect, it } from 'vitest';
import { findModel, offeredModels, type ModelInfo } from '../../electron/shared';
import type { SetupRequest } from '../../renderer/src/features/lab/lab-store';
import { defaultPair, fitVariant, nextVariant, variantLabel, variantName } from '../../renderer/src/features/lab/variants';

const CTX = { today: '2026-12-04', shutdowns: {} };
const offered = offeredModels('edit', null, CTX);
const setup = (base: Partial<SetupRequest['base']>, guides = { mask: true, markup: false }): SetupRequest => ({
  source: { jobId: 1 },
  base: { model: 'gpt-image-2.6-sunburst', quality: 'high', guide: 'mask', pixelLock: true, ...base },
  guides,
});

describe('comparison variants', () => {
  it('offers Flare against Sunburst on the edit’s own settings, with a fixed quality for auto', () => {
    const pair = defaultPair(setup({ complexity: 'low' }), offered);
    expect(pair.map((v) => v.model)).toEqual(['gpt-image-2.6-flare', 'gpt-image-2.6-sunburst']);
    expect(pair.every((v) => v.quality === 'high' && v.guide === 'mask' && v.pixelLock && v.complexity === 'low')).toBe(true);
    expect(defaultPair(setup({ quality: 'auto' }), offered).map((v) => v.quality)).toEqual(['medium', 'medium']);
  });

  it('falls back to the first two models offered when the 2.6 pair is not available', () => {
    const only = offered.filter((m) => !m.id.startsWith('gpt-image-2.6'));
    const pair = defaultPair(setup({}), only);
    expect(pair.map((v) => v.model)).toEqual(only.slice(0, 2).map((m) => m.id));
  });

  it('keeps each variant to what its model takes and what the source carries', () => {
    const gpt2 = findModel('gpt-image-2') as ModelInfo;
    // GPT Image 2: no complexity, no markup, no xhigh.
    const v = fitVariant({ model: gpt2.id, quality: 'max', complexity: 'high', guide: 'markup', pixelLock: true }, { mask: true, markup: true });
    expect(v).toEqual({ model: 'gpt-image-2', quality: 'high', guide: 'mask', pixelLock: true });
    // No mask in the source: no mask guide and no lock.
    expect(fitVariant({ model: 'gpt-image-2.6-flare', quality: 'low', guide: 'mask', pixelLock: true }, { mask: false, markup: false })).toEqual({
      model: 'gpt-image-2.6-flare',
      quality: 'low',
      guide: 'none',
      pixelLock: false,
    });
    // Markup on 2.6 when the source has one.
    expect(fitVariant({ model: 'gpt-image-2.6-flare', quality: 'low', guide: 'markup', pixelLock: true }, { mask: true, markup: true }).guide).toBe('markup');
  });

  it('starts a new row on a model no row uses yet', () => {
    const pair = defaultPair(setup({}), offered);
    const third = nextVariant(pair, offered, { mask: true, markup: false });
    expect(pair.map((v) => v.model)).not.toContain(third.model);
    expect(third.guide).toBe('mask');
    expect(findModel(third.model)!.endpoints.edit).toBe(true);
  });

  it('labels variants as a person says them', () => {
    expect(variantLabel({ model: 'gpt-image-2.6-flare', quality: 'low', guide: 'mask', pixelLock: false })).toBe('GPT Image 2.6 Flare · low · unlocked');
    expect(variantLabel({ model: 'gpt-image-2.6-sunburst', quality: 'high', complexity: 'low', guide: 'none', pixelLock: false })).toBe('GPT Image 2.6 Sunburst · high · low complexity · no guide');
    expect([0, 1, 2, 3].map(variantName).join('')).toBe('ABCD');
  });
});
