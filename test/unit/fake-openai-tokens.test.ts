// The fake's token formulas (reference §8) against the documented numbers.
import { describe, expect, it } from 'vitest';
import {
  billedGifFrames,
  gptImage2OutputTokens,
  inputImageTokens,
  isCloserToSquare,
  outputImageTokens,
  PLANNING_TOKENS,
  requestUsage,
  streamImageUsage,
  textTokens,
  type UsageRequest,
} from '../fake-openai/tokens';
import { autoEditSize, autoGifSize, checkGifSize, checkSize } from '../fake-openai/sizes';

describe('output image tokens', () => {
  it('gpt-image-2 formula reproduces the official calculator readings', () => {
    expect(gptImage2OutputTokens('high', 1024, 1024)).toBe(7024);
    expect(gptImage2OutputTokens('high', 1536, 1024)).toBe(5488);
    expect(gptImage2OutputTokens('low', 1024, 1024)).toBe(196);
    expect(outputImageTokens('gpt-image-2-2026-04-21', 'high', 1024, 1024)).toBe(7024);
  });

  it('xhigh and max extrapolate the formula with q = 192 and 288 (the fake\'s choice), for 2.5 and 2.6 too', () => {
    // q=192: s=192, ceil(192·192·3,048,576 / 4,000,000); q=288 likewise.
    expect(gptImage2OutputTokens('xhigh', 1024, 1024)).toBe(28096);
    expect(gptImage2OutputTokens('max', 1024, 1024)).toBe(63216);
    expect(outputImageTokens('gpt-image-2.6-sunburst', 'xhigh', 1024, 1024)).toBe(28096);
    expect(outputImageTokens('gpt-image-2.5-flare', 'high', 1536, 1024)).toBe(5488);
    const ladder = (['low', 'medium', 'high', 'xhigh', 'max'] as const).map((q) => gptImage2OutputTokens(q, 1536, 1024));
    expect([...ladder].sort((a, b) => a - b)).toEqual(ladder);
  });

  it('GIF frames bill in steps 2–8, 9, 10–12, 13–16 (each step as its top count)', () => {
    expect([2, 8, 9, 10, 12, 13, 16].map(billedGifFrames)).toEqual([8, 8, 9, 12, 12, 16, 16]);
  });
});

describe('input tokens', () => {
  it('text is ceil(length / 4)', () => {
    expect(textTokens('')).toBe(0);
    expect(textTokens('abcd')).toBe(1);
    expect(textTokens('abcde')).toBe(2);
  });

  it('images: shortest side to 512, 65 + 129 per tile, + fidelity surcharge', () => {
    expect(inputImageTokens(1024, 1024, false)).toBe(194);
    expect(inputImageTokens(1536, 1024, false)).toBe(65 + 129 * 2);
    expect(inputImageTokens(256, 256, false)).toBe(194);
    expect(inputImageTokens(3000, 1000, false)).toBe(65 + 129 * 3);
    expect(inputImageTokens(1024, 1024, true)).toBe(194 + 4160);
    expect(inputImageTokens(1536, 1024, true)).toBe(323 + 6240);
    expect(isCloserToSquare(1100, 1000)).toBe(true);
    expect(isCloserToSquare(1400, 1000)).toBe(false);
  });
});

describe('usage objects', () => {
  const req: UsageRequest = {
    model: 'gpt-image-2',
    prompt: 'twelve chars',
    quality: 'low',
    width: 1024,
    height: 1024,
    n: 3,
    partialsPerImage: 2,
    inputs: [{ width: 1024, height: 1024 }],
    highFidelity: false,
  };

  it('a whole request adds partials and inputs', () => {
    expect(requestUsage(req)).toEqual({
      input_tokens: 3 + 194,
      input_tokens_details: { text_tokens: 3, image_tokens: 194 },
      output_tokens: (196 + 200) * 3,
      total_tokens: 3 + 194 + (196 + 200) * 3,
      output_tokens_details: { image_tokens: (196 + 200) * 3, text_tokens: 0 },
    });
  });

  it('complexity bills planning as text output tokens per image; GIF multiplies the frame tokens', () => {
    const planned = requestUsage({ ...req, partialsPerImage: 0, complexity: 'medium' });
    expect(planned.output_tokens_details).toEqual({ image_tokens: 196 * 3, text_tokens: PLANNING_TOKENS.medium * 3 });
    expect(planned.output_tokens).toBe((196 + PLANNING_TOKENS.medium) * 3);
    expect(PLANNING_TOKENS.low).toBeLessThan(PLANNING_TOKENS.medium);
    expect(PLANNING_TOKENS.medium).toBeLessThan(PLANNING_TOKENS.high);
    const gif = requestUsage({ ...req, n: 1, partialsPerImage: 0, frames: 10, width: 768, height: 768 });
    expect(gif.output_tokens).toBe(gptImage2OutputTokens('low', 768, 768) * 12);
  });

  it('stream events split it per image, inputs on the first, and sum to the whole', () => {
    const parts = [0, 1, 2].map((i) => streamImageUsage(req, i));
    expect(parts[0]!.input_tokens).toBe(197);
    expect(parts[1]!.input_tokens).toBe(0);
    expect(parts.every((u) => u.output_tokens_details === undefined)).toBe(true);
    expect(parts.reduce((s, u) => s + u.total_tokens, 0)).toBe(requestUsage(req).total_tokens);
  });
});

describe('sizes', () => {
  it('edit auto size picks the closest standard aspect', () => {
    expect(autoEditSize(1000, 1000)).toEqual({ width: 1024, height: 1024 });
    expect(autoEditSize(1920, 1080)).toEqual({ width: 1536, height: 1024 });
    expect(autoEditSize(600, 900)).toEqual({ width: 1024, height: 1536 });
  });

  it('accepts the limits themselves', () => {
    expect(checkSize('3840x2160')).toEqual({ width: 3840, height: 2160 });
    expect(checkSize('2160x3840')).toEqual({ width: 2160, height: 3840 });
    expect(checkSize('1024x640')).toEqual({ width: 1024, height: 640 });
    expect(checkSize('3072x1024')).toEqual({ width: 3072, height: 1024 });
    expect(checkSize('auto')).toBe('auto');
    expect(() => checkSize('1008x640')).toThrow(/at least 655,360/);
    expect(checkSize('3120x1040')).toEqual({ width: 3120, height: 1040 });
    expect(() => checkSize('3840x1264')).toThrow(/aspect ratio/);
  });

  it('GIF frames skip the pixel minimum but keep the edge caps and the frame budget', () => {
    expect(checkSize('720x720', { gif: true })).toEqual({ width: 720, height: 720 });
    expect(() => checkSize('720x720')).toThrow(/at least 655,360/);
    expect(() => checkGifSize({ width: 960, height: 960 }, 9)).not.toThrow();
    expect(() => checkGifSize({ width: 976, height: 640 }, 9)).toThrow(/at most 960 pixels/);
    expect(() => checkGifSize({ width: 960, height: 960 }, 10)).toThrow(/at most 816 pixels/);
    expect(() => checkGifSize({ width: 816, height: 816 }, 12)).not.toThrow();
    expect(() => checkGifSize({ width: 736, height: 720 }, 13)).toThrow(/at most 720 pixels/);
    expect(() => checkGifSize({ width: 720, height: 720 }, 16)).not.toThrow();
    expect(autoGifSize(9, { width: 1024, height: 1024 })).toEqual({ width: 960, height: 960 });
    expect(autoGifSize(12, { width: 1536, height: 1024 })).toEqual({ width: 816, height: 544 });
    expect(autoGifSize(16, { width: 1024, height: 1536 })).toEqual({ width: 480, height: 720 });
  });
});
