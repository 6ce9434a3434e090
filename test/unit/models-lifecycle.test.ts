import { describe, expect, it } from 'vitest';
import {
  adaptToModel,
  defaultModel,
  defaultModelReason,
  EditParamsSchema,
  expectedSeconds,
  findModel,
  GenerateParamsSchema,
  gifMaxFramePixels,
  isExperimentalSize,
  lifecycleNote,
  MODELS,
  modelState,
  offeredModels,
  replacementFor,
  roundFrameMs,
  sizeProblem,
  swapForShutdown,
  timeoutsFor,
  type LifecycleContext,
} from '../../electron/shared';
import { generateParams } from './helpers/params';

const TODAY: LifecycleContext = { today: '2026-12-04', shutdowns: {} };
const m = (id: string) => findModel(id)!;

describe('the catalogue on 2026-12-04', () => {
  it('offers the 2.6, 2.5 and 2 families and nothing that is shut down', () => {
    const ids = offeredModels('generate', null, TODAY).map((x) => x.id);
    expect(ids).toEqual([
      'gpt-image-2.6-sunburst',
      'gpt-image-2.6-flare',
      'gpt-image-2.5-sunburst',
      'gpt-image-2.5-flare',
      'gpt-image-2.5-sunburst-2026-09-08',
      'gpt-image-2.5-flare-2026-09-08',
      'gpt-image-2',
      'gpt-image-2-2026-04-21',
    ]);
    for (const dead of ['gpt-image-1', 'gpt-image-1.5', 'gpt-image-1.5-2025-12-16', 'gpt-image-1-mini', 'chatgpt-image-latest']) {
      expect(modelState(m(dead), TODAY)).toBe('shutdown');
    }
  });

  it('was still offering gpt-image-1.5 the day before its shutdown, as deprecated', () => {
    const eve = { ...TODAY, today: '2026-11-30' };
    expect(modelState(m('gpt-image-1.5'), eve)).toBe('deprecated');
    expect(lifecycleNote(m('gpt-image-1.5'), eve)).toBe('Deprecated: OpenAI shuts it down on 2026-12-01. Move to GPT Image 2.6 Sunburst.');
  });

  it('defaults to the newest active model, Sunburst before Flare, and says why', () => {
    expect(defaultModel(null, 'generate', TODAY)).toBe('gpt-image-2.6-sunburst');
    expect(defaultModel(['gpt-image-2', 'gpt-image-2.5-flare', 'gpt-image-1.5'], 'edit', TODAY)).toBe('gpt-image-2.5-flare');
    expect(defaultModelReason('gpt-image-2.6-sunburst', ['gpt-image-2.6-sunburst'])).toMatch(/newest active model your key can use \(released 2026-11-04\)/);
  });

  it('merges a shutdown date from GET /v1/models: the next retirement needs no release', () => {
    const announced = { today: '2026-12-04', shutdowns: { 'gpt-image-2': '2027-03-01' } };
    expect(modelState(m('gpt-image-2'), announced)).toBe('deprecated');
    expect(offeredModels('generate', null, announced).map((x) => x.id)).toContain('gpt-image-2');
    const after = { today: '2027-03-01', shutdowns: announced.shutdowns };
    expect(modelState(m('gpt-image-2'), after)).toBe('shutdown');
    expect(offeredModels('generate', null, after).map((x) => x.id)).not.toContain('gpt-image-2');
    // A listing can never un-retire what the catalogue knows is shut down.
    expect(modelState(m('gpt-image-1.5'), { today: '2026-12-04', shutdowns: { 'gpt-image-1.5': null } })).toBe('shutdown');
  });

  it('moves dead models to their replacement, following chains, and says so', () => {
    expect(replacementFor('gpt-image-1.5', 'generate', null, TODAY)).toBe('gpt-image-2.6-sunburst');
    expect(replacementFor('gpt-image-1-mini', 'edit', null, TODAY)).toBe('gpt-image-2.6-flare');
    expect(replacementFor('gpt-image-1', 'generate', null, TODAY)).toBe('gpt-image-2.5-sunburst');
    // When the replacement is itself gone, the newest active model takes over.
    const later = { today: '2027-06-01', shutdowns: { 'gpt-image-2.5-sunburst': '2027-05-01' } };
    expect(replacementFor('gpt-image-1', 'generate', null, later)).toBe('gpt-image-2.6-sunburst');
    expect(swapForShutdown('gpt-image-1.5', 'generate', null, TODAY)?.message).toBe(
      'GPT Image 1.5 was shut down on 2026-12-01: this uses GPT Image 2.6 Sunburst instead.',
    );
    expect(swapForShutdown('gpt-image-2.6-flare', 'generate', null, TODAY)).toBeNull();
  });

  it('adapts saved parameters to the replacement and lists each change', () => {
    const { params, changes } = adaptToModel({ ...generateParams({ model: 'gpt-image-1.5' }), inputFidelity: 'high' as const, size: '1536x1024' }, 'gpt-image-2.6-sunburst');
    expect(params.model).toBe('gpt-image-2.6-sunburst');
    expect(params).not.toHaveProperty('inputFidelity');
    expect(params.size).toBe('1536x1024');
    expect(changes).toEqual(['input fidelity is no longer sent']);
    const gif = adaptToModel({ ...generateParams({ model: 'gpt-image-2.6-flare', outputFormat: 'gif', gif: { frames: 9, frameMs: 200 } }), complexity: 'high' as const }, 'gpt-image-2');
    expect(gif.params.outputFormat).toBe('png');
    expect(gif.params).not.toHaveProperty('gif');
    expect(gif.params).not.toHaveProperty('complexity');
  });
});

describe('controls per model', () => {
  const gen = (over: Parameters<typeof generateParams>[0]) => GenerateParamsSchema.safeParse(generateParams(over));
  const messages = (r: ReturnType<typeof gen>) => (r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));

  it('takes xhigh and max on 2.5 and 2.6 only', () => {
    expect(gen({ model: 'gpt-image-2.6-flare', quality: 'xhigh' }).success).toBe(true);
    expect(gen({ model: 'gpt-image-2.5-sunburst', quality: 'max' }).success).toBe(true);
    expect(messages(gen({ model: 'gpt-image-2', quality: 'xhigh' }))).toEqual(['quality: GPT Image 2 takes quality low, medium, high, auto.']);
  });

  it('takes complexity on 2.6 only', () => {
    expect(gen({ model: 'gpt-image-2.6-sunburst', complexity: 'high' }).success).toBe(true);
    expect(messages(gen({ model: 'gpt-image-2.5-flare', complexity: 'low' }))).toEqual(['complexity: GPT Image 2.5 Flare does not take complexity.']);
  });

  it('GIF: 2.6 only, 2–16 frames, frame caps by count, no compression', () => {
    expect(gen({ model: 'gpt-image-2.6-flare', outputFormat: 'gif', size: '960x960', gif: { frames: 9, frameMs: 200 } }).success).toBe(true);
    expect(messages(gen({ model: 'gpt-image-2.6-flare', outputFormat: 'gif', size: '960x960', gif: { frames: 16, frameMs: 200 } }))[0]).toMatch(/^size: An animated GIF of 16 frames takes frames of at most 518,400 pixels/);
    expect(messages(gen({ model: 'gpt-image-2.6-flare', outputFormat: 'gif', size: 'auto', gif: { frames: 17, frameMs: 200 } }))).toEqual(['gif.frames: At most 16 frames.']);
    expect(messages(gen({ model: 'gpt-image-2.6-flare', outputFormat: 'gif', size: 'auto', gif: { frames: 4, frameMs: 10 } }))).toEqual(['gif.frameMs: Frames last at least 20 ms.']);
    expect(messages(gen({ model: 'gpt-image-2.5-flare', outputFormat: 'gif', size: 'auto' }))).toEqual(['outputFormat: GPT Image 2.5 Flare cannot make GIF images.']);
    expect(messages(gen({ model: 'gpt-image-2.6-flare', outputFormat: 'gif', size: 'auto', outputCompression: 80 }))).toEqual(['outputCompression: Compression applies to JPEG and WebP only.']);
    expect(gifMaxFramePixels(2)).toBe(921_600);
    expect(gifMaxFramePixels(12)).toBe(665_856);
    expect(roundFrameMs(234)).toBe(230);
  });

  it('SVG: 2.6 only, one image a request', () => {
    expect(gen({ model: 'gpt-image-2.6-sunburst', outputFormat: 'svg', svg: { model: 'gpt-5', effort: 'low' } }).success).toBe(true);
    expect(messages(gen({ model: 'gpt-image-2.6-sunburst', outputFormat: 'svg', n: 2 }))).toEqual(['n: SVG output makes one image per request.']);
    expect(messages(gen({ model: 'gpt-image-2.6-sunburst', svg: { model: 'gpt-5' } }))).toEqual(['svg: SVG settings apply to SVG output only.']);
  });

  it('never accepts a shut-down model for new work', () => {
    expect(messages(gen({ model: 'gpt-image-1.5' }))).toEqual(['model: GPT Image 1.5 was shut down on 2026-12-01: use GPT Image 2.6 Sunburst.']);
  });

  it('markup on 2.5 and 2.6, never with a mask', () => {
    const H = 'a'.repeat(64);
    const edit = (model: string, extra: Record<string, unknown>) =>
      EditParamsSchema.safeParse({ ...generateParams({ model }), inputs: [{ hash: H, name: 'photo.jpg' }], pixelLock: { enabled: false, feather: 6, grow: 3 }, ...extra });
    expect(edit('gpt-image-2.6-sunburst', { markup: 'b'.repeat(64) }).success).toBe(true);
    expect(edit('gpt-image-2.5-flare', { markup: 'b'.repeat(64) }).success).toBe(true);
    const both = edit('gpt-image-2.6-sunburst', { markup: 'b'.repeat(64), mask: 'c'.repeat(64) });
    expect(both.success ? [] : both.error.issues.map((i) => i.message)).toEqual(['Use a mask or markup, not both: the API takes one of them.']);
    expect(edit('gpt-image-2', { markup: 'b'.repeat(64) }).success).toBe(false);
  });
});

describe('size rules of the 2.x models', () => {
  const rules: Array<[string, string | null]> = [
    ['1024x1024', null],
    ['3840x2160', null],
    ['2880x2880', null],
    ['1000x1000', 'Both edges must be multiples of 16.'],
    ['3840x1264', 'The long edge can be at most 3 times the short edge.'],
    ['4096x1536', 'The long edge can be at most 3840 pixels.'],
    ['3840x2176', 'At most 8,294,400 pixels (3840x2160).'],
    ['768x768', 'At least 655,360 pixels (for example 1024x640).'],
    ['1536', 'Write the size as WIDTHxHEIGHT, for example 1536x1024.'],
  ];
  it.each(rules)('%s', (size, problem) => {
    for (const id of ['gpt-image-2.6-sunburst', 'gpt-image-2.5-flare', 'gpt-image-2']) expect(sizeProblem(m(id), size)).toBe(problem);
  });
  it('marks sizes above 2560x1440 experimental', () => {
    expect(isExperimentalSize(m('gpt-image-2.6-flare'), '2560x1440')).toBe(false);
    expect(isExperimentalSize(m('gpt-image-2.6-flare'), '2576x1440')).toBe(true);
  });
});

describe('timing', () => {
  it('expects longer for max, large sizes and Sunburst; timeouts never cut below 10 minutes', () => {
    const t = (id: string, quality: 'low' | 'max', size: string) => expectedSeconds({ model: m(id), quality, size, format: 'png' });
    expect(t('gpt-image-2.6-sunburst', 'max', '1024x1024').high).toBeGreaterThan(t('gpt-image-2.6-sunburst', 'low', '1024x1024').high * 5);
    expect(t('gpt-image-2.6-sunburst', 'max', '3840x2160').high).toBeGreaterThan(t('gpt-image-2.6-sunburst', 'max', '1024x1024').high * 3);
    expect(t('gpt-image-2.6-flare', 'max', '1024x1024').high).toBeLessThan(t('gpt-image-2.6-sunburst', 'max', '1024x1024').high);
    const low = timeoutsFor({ model: m('gpt-image-2.6-flare'), quality: 'low', size: '1024x1024', format: 'png' }, 2);
    expect(low.requestMs).toBe(600_000);
    const big = timeoutsFor({ model: m('gpt-image-2.6-sunburst'), quality: 'max', size: '3840x2160', format: 'png' }, 0);
    expect(big.requestMs).toBeGreaterThan(3_600_000);
    expect(big.streamIdleMs).toBe(big.requestMs);
  });
  it('every catalogued model has prices, a purpose and a source', () => {
    for (const model of MODELS) {
      expect(model.prices.imageOut).toBeGreaterThan(0);
      expect(model.purpose.length).toBeGreaterThan(10);
      expect(model.source).toMatch(/2026-12/);
    }
  });
});
