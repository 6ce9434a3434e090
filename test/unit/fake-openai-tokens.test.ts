// The fake's token formulas (reference §8) against the documented numbers.
import { describe, expect, it } from 'vitest';
import {
  gptImage2OutputTokens,
  inputImageTokens,
  isCloserToSquare,
  outputImageTokens,
  requestUsage,
  streamImageUsage,
  textTokens,
  type UsageRequest,
} from '../fake-openai/tokens';
import { autoEditSize, checkSize } from '../fake-openai/sizes';

describe('output image tokens', () => {
  it('gpt-image-2 formula reproduces the official calculator readings', () => {
    expect(gptImage2OutputTokens('high', 1024, 1024)).toBe(7024);
    expect(gptImage2OutputTokens('high', 1536, 1024)).toBe(5488);
    expect(gptImage2OutputTokens('low', 1024, 1024)).toBe(196);
    expect(outputImageTokens('gpt-image-2-2026-04-21', 'high', 1024, 1024)).toBe(7024);
  });

  it('older models use the table', () => {
    expect(outputImageTokens('gpt-image-1', 'low', 1024, 1024)).toBe(272);
    expect(outputImageTokens('gpt-image-1.5', 'medium', 1024, 1536)).toBe(1584);
    expect(outputImageTokens('gpt-image-1-mini', 'high', 1536, 1024)).toBe(6208);
    expect(outputImageTokens('chatgpt-image-latest', 'high', 1024, 1536)).toBe(6240);
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
    model: 'gpt-image-1',
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
      output_tokens: (272 + 200) * 3,
      total_tokens: 3 + 194 + (272 + 200) * 3,
      output_tokens_details: { image_tokens: (272 + 200) * 3, text_tokens: 0 },
    });
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

  it('gpt-image-2 accepts the limits themselves', () => {
    expect(checkSize('3840x2160', 'gpt-image-2')).toEqual({ width: 3840, height: 2160 });
    expect(checkSize('2160x3840', 'gpt-image-2')).toEqual({ width: 2160, height: 3840 });
    expect(checkSize('1024x640', 'gpt-image-2')).toEqual({ width: 1024, height: 640 });
    expect(checkSize('auto', 'gpt-image-2')).toBe('auto');
    expect(() => checkSize('1008x640', 'gpt-image-2')).toThrow(/at least 655,360/);
  });
});
