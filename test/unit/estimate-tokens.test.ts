import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  costFromUsage,
  estimate,
  findModel,
  gptImage2OutputTokens,
  inputImageTokens,
  outputTokensPerImage,
  type GenerateParams,
} from '../../electron/shared';
import { buildGenerateBody } from '../../electron/core/openai/build-request';
import { makeClient } from '../../electron/core/openai/client';
import { parseUsage } from '../../electron/core/openai/usage';
import { estimateFor } from '../../electron/core/jobs/job-handlers';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';

const m = (id: string) => findModel(id)!;

describe('output tokens per image (reference §8.1)', () => {
  it.each([
    ['low', '1024x1024', 272],
    ['medium', '1024x1024', 1056],
    ['high', '1024x1024', 4160],
    ['low', '1536x1024', 400],
    ['medium', '1536x1024', 1568],
    ['high', '1536x1024', 6208],
    ['low', '1024x1536', 408],
    ['medium', '1024x1536', 1584],
    ['high', '1024x1536', 6240],
  ] as const)('table models: %s %s → %d', (quality, size, tokens) => {
    for (const id of ['gpt-image-1', 'gpt-image-1.5', 'gpt-image-1-mini']) expect(outputTokensPerImage(m(id), size, quality)).toBe(tokens);
  });

  it('gpt-image-2 follows the calculator: 7024 high 1024², 5488 high 1536x1024, 196 low 1024²', () => {
    expect(gptImage2OutputTokens(1024, 1024, 'high')).toBe(7024);
    expect(gptImage2OutputTokens(1536, 1024, 'high')).toBe(5488);
    expect(gptImage2OutputTokens(1024, 1024, 'low')).toBe(196);
    expect(outputTokensPerImage(m('gpt-image-2'), '1024x1024', 'high')).toBe(7024);
  });

  it('adds 100 output tokens per streamed partial, only when streaming', () => {
    const req = { model: 'gpt-image-1', prompt: 'abcd', n: 2, size: '1024x1024', quality: 'low' as const, partialImages: 3 };
    expect(estimate({ ...req, stream: true }).usage.outputImageTokens).toBe(2 * (272 + 300));
    expect(estimate({ ...req, stream: false }).usage.outputImageTokens).toBe(2 * 272);
  });

  it('says what it assumed for auto quality and size', () => {
    const e = estimate({ model: 'gpt-image-1.5', prompt: 'x', n: 1, size: 'auto', quality: 'auto', partialImages: 0, stream: false });
    expect(e.usage.outputImageTokens).toBe(1056);
    expect(e.assumptions).toHaveLength(2);
  });
});

describe('input image tokens (reference §8.2)', () => {
  it('1024² at low fidelity → 194; high adds 4160 square, 6240 otherwise', () => {
    expect(inputImageTokens(1024, 1024, 'low')).toBe(194);
    expect(inputImageTokens(1024, 1024, 'high')).toBe(194 + 4160);
    const wide = inputImageTokens(1536, 1024, 'low');
    expect(inputImageTokens(1536, 1024, 'high')).toBe(wide + 6240);
  });

  it('gpt-image-2 always counts high fidelity; mini never does', () => {
    const inputs = [{ width: 1024, height: 1024 }];
    const req = { prompt: 'x', n: 1, size: '1024x1024', quality: 'low' as const, partialImages: 0, stream: false, inputs, inputFidelity: 'low' as const };
    expect(estimate({ ...req, model: 'gpt-image-2' }).usage.inputImageTokens).toBe(194 + 4160);
    expect(estimate({ ...req, model: 'gpt-image-1-mini', inputFidelity: 'high' }).usage.inputImageTokens).toBe(194);
  });
});

describe('cost from usage (reference §8.3)', () => {
  const u = { inputTextTokens: 1_000_000, inputImageTokens: 1_000_000, outputImageTokens: 1_000_000, outputTextTokens: 1_000_000 };
  it.each([
    ['gpt-image-1', 5 + 10 + 40],
    ['gpt-image-1-mini', 2 + 2.5 + 8],
    ['gpt-image-1.5', 5 + 8 + 32 + 10],
    ['gpt-image-2', 5 + 8 + 30],
  ])('%s: $%d per million of each', (id, usd) => {
    expect(costFromUsage(id, u)).toBeCloseTo(usd, 6);
  });

  it('matches the per-image price table for gpt-image-1 and 1.5', () => {
    const out = (tokens: number) => ({ inputTextTokens: 0, inputImageTokens: 0, outputImageTokens: tokens, outputTextTokens: 0 });
    expect(costFromUsage('gpt-image-1', out(4160))).toBeCloseTo(0.1664, 4);
    expect(costFromUsage('gpt-image-1.5', out(272))).toBeCloseTo(0.0087, 4);
    expect(costFromUsage('unknown-model', out(1))).toBeNull();
  });
});

describe('estimates equal what the fake server bills', () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(() => fake.close());

  const cases: Array<Partial<GenerateParams>> = [
    { model: 'gpt-image-2.6-flare', quality: 'low', size: '1024x1024', n: 2 },
    { model: 'gpt-image-2.6-sunburst', quality: 'high', size: '1536x1024', complexity: 'low' },
    { model: 'gpt-image-2.5-sunburst', quality: 'xhigh', size: '1024x1536' },
    { model: 'gpt-image-2.5-flare', quality: 'max', size: '2048x1152' },
    { model: 'gpt-image-2', quality: 'high', size: '1024x1024' },
    { model: 'gpt-image-2', quality: 'low', size: '1536x1024' },
    { model: 'gpt-image-2', quality: 'medium', size: '2048x1152' },
    { model: 'gpt-image-2.5-flare', quality: 'low', size: '1024x1024', stream: true, partialImages: 2 },
  ];

  it.each(cases)('%o', async (over) => {
    const p: GenerateParams = {
      model: 'gpt-image-2.6-flare',
      prompt: 'a paper boat on a pond, morning light',
      n: 1,
      size: '1024x1024',
      quality: 'low',
      outputFormat: 'jpeg',
      background: 'auto',
      moderation: 'auto',
      stream: false,
      partialImages: 0,
      ...over,
    };
    const client = makeClient({ apiKey: 'sk-test-estimate-000000000', baseURL: fake.url });
    let billed;
    if (p.stream) {
      const stream = await client.images.generate({ ...buildGenerateBody(p, m(p.model), { stream: true, n: 1 }), stream: true });
      for await (const ev of stream) if (ev.type === 'image_generation.completed') billed = parseUsage(ev.usage);
    } else {
      const res = await client.images.generate({ ...buildGenerateBody(p, m(p.model), { stream: false }), stream: false });
      billed = parseUsage(res.usage);
    }
    const est = estimateFor(p).usage;
    expect(billed?.outputImageTokens).toBe(est.outputImageTokens);
    expect(billed?.inputImageTokens).toBe(est.inputImageTokens);
    // The fake counts text as ceil(chars / 4), as the estimator does; the real API's tokenizer may differ.
    expect(billed?.inputTextTokens).toBe(est.inputTextTokens);
  });
});
