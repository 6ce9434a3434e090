/**
 * The forms' side of today's models: what a draft sends for GIF, SVG and complexity, and
 * how saved work naming a shut-down model moves to its replacement with a notice.
 */
import { describe, expect, it } from 'vitest';
import { findModel, GenerateParamsSchema, type JobView, type LifecycleContext } from '../../electron/shared';
import { baseRequest, buildParams, DRAFT_DEFAULTS, type Draft } from '../../renderer/src/features/generate/draft';
import { clock, expectation, rangeText } from '../../renderer/src/features/generate/job-timing';
import { adjustForModel, formModel, gifSquare, nearestQuality, swapDraft } from '../../renderer/src/features/generate/model-choice';

const CTX: LifecycleContext = { today: '2026-12-04', shutdowns: {} };
const draft = (over: Partial<Draft>): Draft => ({ ...DRAFT_DEFAULTS, prompt: 'a fox', ...over });

describe('what a draft sends', () => {
  it('sends complexity only to models that take it', () => {
    expect(baseRequest(draft({ complexity: 'high' }), 'gpt-image-2.6-flare').request.complexity).toBe('high');
    expect(baseRequest(draft({ complexity: 'high' }), 'gpt-image-2').request).not.toHaveProperty('complexity');
    expect(baseRequest(draft({ complexity: '' }), 'gpt-image-2.6-flare').request).not.toHaveProperty('complexity');
  });

  it('a GIF carries its frames, never streams and takes no compression', () => {
    const built = buildParams(draft({ outputFormat: 'gif', size: '816x816', gifFrames: '12', gifFrameMs: '120', stream: true, partialImages: '2' }), 'gpt-image-2.6-sunburst');
    expect(built.issues).toEqual({});
    expect(built.params).toMatchObject({ outputFormat: 'gif', gif: { frames: 12, frameMs: 120 }, stream: false, partialImages: 0 });
    expect(built.params).not.toHaveProperty('outputCompression');
    expect(GenerateParamsSchema.safeParse(built.params).success).toBe(true);
  });

  it('a GIF too big for its frame count is refused with the rule', () => {
    const built = buildParams(draft({ outputFormat: 'gif', size: '960x960', gifFrames: '12' }), 'gpt-image-2.6-sunburst');
    expect(built.params).toBeNull();
    expect(built.issues.size).toMatch(/An animated GIF of 12 frames takes frames of at most/);
    expect(buildParams(draft({ outputFormat: 'gif', gifFrames: '17' }), 'gpt-image-2.6-sunburst').issues.gif).toBe('Choose 2 to 16 frames.');
    expect(buildParams(draft({ outputFormat: 'gif', size: 'auto', gifFrameMs: '10' }), 'gpt-image-2.6-sunburst').issues.gif).toMatch(/^A frame lasts 20 to/);
  });

  it('an SVG is one image, never streams, and sends an author only when one is named', () => {
    const plain = buildParams(draft({ outputFormat: 'svg', n: '4', svgEffort: 'high' }), 'gpt-image-2.6-sunburst');
    expect(plain.params).toMatchObject({ n: 1, stream: false, outputFormat: 'svg' });
    expect(plain.params).not.toHaveProperty('svg');
    const authored = buildParams(draft({ outputFormat: 'svg', svgModel: ' gpt-5 ', svgEffort: 'high' }), 'gpt-image-2.6-sunburst');
    expect(authored.params?.svg).toEqual({ model: 'gpt-5', effort: 'high' });
  });

  it('the largest square GIF frame follows the frame count', () => {
    expect([gifSquare(9), gifSquare(12), gifSquare(16)]).toEqual(['960x960', '816x816', '720x720']);
  });
});

describe('models for new work and saved work', () => {
  it('new work starts on GPT Image 2.6 Sunburst; a shut-down model shows its replacement', () => {
    expect(formModel(draft({ model: null }), 'generate', null, CTX).id).toBe('gpt-image-2.6-sunburst');
    expect(formModel(draft({ model: 'gpt-image-1.5' }), 'generate', null, CTX).id).toBe('gpt-image-2.6-sunburst');
    expect(formModel(draft({ model: 'gpt-image-1-mini' }), 'generate', null, CTX).id).toBe('gpt-image-2.6-flare');
  });

  it('a draft on GPT Image 1.5 moves to 2.6 Sunburst, keeps a size that is valid and says so', () => {
    const patch = swapDraft(draft({ model: 'gpt-image-1.5', size: '1536x1024', quality: 'high' }), 'generate', null, CTX);
    expect(patch).toMatchObject({ model: 'gpt-image-2.6-sunburst', quality: 'high' });
    expect(patch).not.toHaveProperty('size');
    expect(patch?.modelNotice).toBe('GPT Image 1.5 was shut down on 2026-12-01: this uses GPT Image 2.6 Sunburst instead.');
  });

  it('what the replacement does not take is changed and listed', () => {
    const patch = swapDraft(draft({ model: 'gpt-image-1.5', background: 'transparent' }), 'generate', null, CTX);
    expect(patch?.background).toBe('auto');
    expect(patch?.modelNotice).toMatch(/instead\. Also: the background is no longer transparent\.$/);
    const edit = swapDraft({ ...draft({ model: 'gpt-image-1.5' }), inputFidelity: 'high' } as Draft, 'edit', null, CTX);
    expect(edit?.modelNotice).toMatch(/input fidelity is no longer sent/);
  });

  it('a model still running is left alone, and before its date so is 1.5', () => {
    expect(swapDraft(draft({ model: 'gpt-image-2' }), 'generate', null, CTX)).toBeNull();
    expect(swapDraft(draft({ model: 'gpt-image-1.5' }), 'generate', null, { today: '2026-11-30', shutdowns: {} })).toBeNull();
  });

  it('choosing another model keeps the draft valid for it', () => {
    const gif = draft({ model: 'gpt-image-2.6-sunburst', outputFormat: 'gif', quality: 'max', complexity: 'high' });
    const { patch, changes } = adjustForModel(gif, findModel('gpt-image-2')!);
    expect(patch).toMatchObject({ outputFormat: 'png', quality: 'high', complexity: '' });
    expect(changes).toContain('format GIF → PNG');
    expect(nearestQuality(findModel('gpt-image-2')!, 'xhigh')).toBe('high');
  });
});

describe('the wait, in words', () => {
  it('reads ranges as people say them', () => {
    expect(rangeText(5, 24)).toBe('5–24 s');
    expect(rangeText(36, 180)).toBe('36 s–3 min');
    expect(rangeText(60, 300)).toBe('1–5 min');
    expect(clock(102)).toBe('1:42');
  });

  it('says what the range is for, from the job itself', () => {
    const job = { model: 'gpt-image-2.6-sunburst', kind: 'generate', params: { ...DRAFT_DEFAULTS, quality: 'max', size: '2048x2048', outputFormat: 'png' } } as unknown as JobView;
    expect(expectation(job)?.text).toMatch(/^\d+–\d+ min for Max at 2048x2048$/);
    const gif = { ...job, params: { ...job.params, quality: 'medium', size: '960x960', outputFormat: 'gif', gif: { frames: 9, frameMs: 200 } } } as JobView;
    expect(expectation(gif)?.text).toMatch(/for Medium at 960x960, 9-frame GIF$/);
  });
});
