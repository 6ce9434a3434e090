/** The fidelity policy and presets as pure functions: what Apply preset and Run edit do with them. */
import { describe, expect, it } from 'vitest';
import { applyPolicy, askedPlaceholders, DEFAULT_POLICY, DEFAULT_PRESETS, fillTemplate, orderWithLogos, qualityAtLeast, withPreservation, type KitPolicy } from '../../electron/shared';

const today = { today: '2026-12-04', shutdowns: {} };
const kit = { name: 'Acme', colours: [{ name: 'Roast', hex: '#5b3a29' }], typography: 'Condensed grotesque' };

describe('presets', () => {
  it('fills the kit placeholders and asks for the rest', () => {
    const hero = DEFAULT_PRESETS.find((p) => p.id === 'hero-banner')!;
    expect(askedPlaceholders(hero.template)).toEqual(['scene']);
    const text = fillTemplate(hero.template, kit, { scene: 'a barista pouring latte art' });
    expect(text).toContain('A wide hero banner for Acme: a barista pouring latte art.');
    expect(text).toContain('Roast #5B3A29');
    expect(text).not.toMatch(/\{\w+\}/);
    // Unfilled person placeholders stay visible so nothing is silently dropped.
    expect(fillTemplate('{product} by {brand}', kit, {})).toBe('{product} by Acme');
  });

  it('every cookbook case is there, each with a size', () => {
    expect(DEFAULT_PRESETS.map((p) => [p.id, p.size])).toEqual([
      ['hero-banner', '1536x1024'],
      ['product-photography', '1024x1024'],
      ['app-mockup', '1024x1536'],
      ['merchandise', '1024x1024'],
    ]);
  });
});

describe('policy', () => {
  it('adds the preservation sentence once', () => {
    expect(withPreservation('A banner', 'Keep the logo.')).toBe('A banner. Keep the logo.');
    expect(withPreservation('A banner. Keep the logo.', 'Keep the logo.')).toBe('A banner. Keep the logo.');
    expect(withPreservation('', 'Keep the logo.')).toBe('Keep the logo.');
  });

  it('raises quality to the floor within what the model takes', () => {
    expect(qualityAtLeast('low', 'high', ['low', 'medium', 'high', 'auto'])).toEqual({ quality: 'high', note: 'Quality raised to high: the kit asks for at least high.' });
    expect(qualityAtLeast('auto', 'medium', ['low', 'medium', 'high', 'auto']).quality).toBe('medium');
    expect(qualityAtLeast('max', 'high', ['low', 'medium', 'high', 'xhigh', 'max', 'auto'])).toEqual({ quality: 'max', note: null });
    expect(qualityAtLeast('low', 'xhigh', ['low', 'medium', 'high', 'auto']).quality).toBe('high');
  });

  it('keeps an active model and moves a shut-down one to its replacement, visibly', () => {
    const ok = applyPolicy(DEFAULT_POLICY, { model: 'gpt-image-2', quality: 'low', prompt: 'A mug' }, { lifecycle: today });
    expect(ok.model).toBe('gpt-image-2.6-sunburst');
    expect(ok.quality).toBe('high');
    expect(ok.prompt).toBe(`A mug. ${DEFAULT_POLICY.preservation}`);
    const old: KitPolicy = { ...DEFAULT_POLICY, model: 'gpt-image-1.5' };
    const moved = applyPolicy(old, { model: 'gpt-image-2', quality: 'high', prompt: 'A mug' }, { lifecycle: today });
    expect(moved.model).not.toBe('gpt-image-1.5');
    expect(moved.notes[0]).toMatch(/^GPT Image 1\.5 was shut down on 2026-12-01, so this edit uses GPT Image 2\.6 \w+ instead\. Change the kit's policy/);
  });

  it('puts logos first or after the photos', () => {
    expect(orderWithLogos(['photo'], ['logo'], 'first')).toEqual(['logo', 'photo']);
    expect(orderWithLogos(['photo'], ['logo'], 'after-photos')).toEqual(['photo', 'logo']);
  });
});
