import { describe, expect, it } from 'vitest';
import { estimate, inputImageTokens, inputTokensWhy, likelyAutoSize } from '../../electron/shared';
import { autoEditSize } from '../fake-openai/sizes';

describe('size auto, estimated from the first input', () => {
  it.each([
    [3000, 2000, '1536x1024', 'Auto: likely 1536x1024 from the landscape input.'],
    [1080, 1920, '1024x1536', 'Auto: likely 1024x1536 from the portrait input.'],
    [1000, 1100, '1024x1024', 'Auto: likely 1024x1024 from the square input.'],
  ])('%ix%i: %s', (w, h, size, why) => {
    expect(likelyAutoSize({ width: w, height: h })).toEqual({ size, why });
    // The same choice the stand-in for the API makes.
    const fake = autoEditSize(w, h);
    expect(`${fake.width}x${fake.height}`).toBe(size);
  });

  it('prices the likely size, and says so', () => {
    const base = { model: 'gpt-image-2', prompt: 'x', n: 1, quality: 'high' as const, partialImages: 0, stream: false, inputs: [{ width: 1536, height: 1024 }] };
    const auto = estimate({ ...base, size: 'auto' });
    expect(auto.assumptions).toContain('Auto: likely 1536x1024 from the landscape input.');
    expect(auto.usage.outputImageTokens).toBe(estimate({ ...base, size: '1536x1024' }).usage.outputImageTokens);
    expect(auto.usage.outputImageTokens).not.toBe(estimate({ ...base, size: '1024x1024' }).usage.outputImageTokens);
    expect(estimate({ ...base, inputs: [], size: 'auto' }).assumptions).toContain('Size auto is estimated as 1024x1024.');
  });
});

describe('why an input costs its tokens', () => {
  it('explains 600x400 against 512x512 by tiles', () => {
    expect(inputTokensWhy(600, 400, 'low')).toBe('600x400 is read as 768x512 (short side 512): 2x1 tiles of 512 px, 65 + 129 × 2 = 323');
    expect(inputTokensWhy(512, 512, 'low')).toBe('512x512 is read as 512x512 (short side 512): 1x1 tile of 512 px, 65 + 129 × 1 = 194');
    expect(inputImageTokens(600, 400, 'low')).toBe(323);
    expect(inputTokensWhy(1536, 1024, 'high')).toMatch(/= 323, plus 6240 for high fidelity \(not square\)$/);
    expect(inputImageTokens(1536, 1024, 'high')).toBe(323 + 6240);
  });
});
