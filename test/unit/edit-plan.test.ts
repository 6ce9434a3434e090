import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EditPlanSchema, estimate, inputImageTokens, type AssetView, type EditParams, type EditPlan, type MaskView } from '../../electron/shared';
import { ensureFixtures } from '../fixtures/generate';
import { makeHarness, type Harness } from './core-harness';
import { editParams, ellipseMask, importBytes, importFixture, importMaskBytes, logoPng, photoJpeg, refusal } from './edit-helpers';

let h: Harness;
let camera: AssetView; // 6000x4000, 24 MP
let logo: AssetView; // 600x300, transparent
let photo: AssetView; // 1600x1200
let mask: MaskView; // for the camera photo
beforeAll(async () => {
  await ensureFixtures();
  h = await makeHarness();
  camera = await importFixture(h, 'camera-24mp.jpg');
  logo = await importBytes(h, 'logo.png', await logoPng());
  photo = await importBytes(h, 'portrait.jpg', await photoJpeg());
  mask = await importMaskBytes(h, 'hat.png', await ellipseMask(1500, 1000), camera.hash);
});
afterAll(() => h.dispose());

const plan = async (p: EditParams): Promise<EditPlan> => EditPlanSchema.parse(await h.ok('edits:plan', p));
const sent = (p: EditPlan) => p.inputs.map((i) => [i.sent.width, i.sent.height]);

describe('edits:plan', () => {
  it.each([
    // model, fidelity, first image sent size, first image tokens
    ['gpt-image-1.5', 'low', [1152, 768], inputImageTokens(1152, 768, 'low')],
    ['gpt-image-1.5', 'high', [1536, 1024], inputImageTokens(1536, 1024, 'high')],
    ['gpt-image-1', 'high', [1536, 1024], inputImageTokens(1536, 1024, 'high')],
    ['gpt-image-2', undefined, [3240, 2160], inputImageTokens(3240, 2160, 'high')], // always high
    ['gpt-image-1-mini', undefined, [1152, 768], inputImageTokens(1152, 768, 'low')], // no fidelity: low
  ] as const)('%s at fidelity %s sends the 24 MP photo at %o', async (model, inputFidelity, size, tokens) => {
    const p = await plan(editParams([camera, logo], { model, ...(inputFidelity ? { inputFidelity } : {}) }));
    expect(p.inputs[0]).toMatchObject({
      hash: camera.hash,
      name: 'camera-24mp.jpg',
      original: { width: 6000, height: 4000, format: 'jpeg' },
      sent: { width: size[0], height: size[1], mime: 'image/jpeg' },
      tokens,
      detailed: true,
    });
    expect(p.inputs[0]!.notes).toContain(`Scaled from 6000x4000 to ${size[0]}x${size[1]}`);
    // The transparent logo stays PNG, and small: nothing to scale.
    expect(p.inputs[1]).toMatchObject({ name: 'logo.png', sent: { width: 600, height: 300, mime: 'image/png' } });
    // Far fewer bytes than the camera file.
    expect(p.inputs[0]!.sent.bytes).toBeLessThan(p.inputs[0]!.original.bytes / 5);
    // The whole estimate is shared's, from the sent sizes.
    const expected = estimate({
      model,
      prompt: 'put a red hat on the person',
      n: 1,
      size: '1536x1024',
      quality: 'low',
      partialImages: 0,
      stream: false,
      inputs: p.inputs.map((i) => i.sent),
      inputFidelity: inputFidelity,
    });
    expect(p.estimate).toEqual(expected);
    expect(p.estimate.usage.inputImageTokens).toBe(p.inputs.reduce((s, i) => s + i.tokens, 0));
    expect(p.mask).toBeNull();
  });

  it('keeps the leading inputs the model details at the larger size, the rest smaller', async () => {
    const seven = [camera, photo, camera, photo, camera, photo, camera];
    const p15 = await plan(editParams(seven, { model: 'gpt-image-1.5', inputFidelity: 'high' }));
    expect(p15.inputs.map((i) => i.detailed)).toEqual([true, true, true, true, true, false, false]);
    expect(sent(p15)).toEqual([
      [1536, 1024],
      [1365, 1024],
      [1536, 1024],
      [1365, 1024],
      [1536, 1024],
      [1024, 768],
      [1152, 768],
    ]);
    expect(p15.inputs[5]!.notes.at(-1)).toBe('Kept with less detail: GPT Image 1.5 keeps the first 5 images sharpest');
    // Every input is billed at the job's fidelity.
    expect(p15.inputs[6]!.tokens).toBe(inputImageTokens(1152, 768, 'high'));

    const p1 = await plan(editParams([camera, photo], { model: 'gpt-image-1', inputFidelity: 'high' }));
    expect(p1.inputs.map((i) => i.detailed)).toEqual([true, false]);
    expect(sent(p1)).toEqual([
      [1536, 1024],
      [1024, 768],
    ]);
    expect(p1.inputs[1]!.notes.at(-1)).toBe('Kept with less detail: GPT Image 1 keeps the first image sharpest');
  });

  it('with a mask, sends the first image as PNG and the mask at exactly its size', async () => {
    const p = await plan(editParams([camera, logo], { mask: mask.hash }));
    const { width, height } = p.inputs[0]!.sent;
    expect(width).toBeLessThan(6000);
    expect(width / height).toBeCloseTo(1.5, 2);
    expect(p.inputs[0]!.sent.mime).toBe('image/png');
    expect(p.inputs[0]!.sentAs).toMatch(/^Sent as PNG, like the mask; it looks like a photo \(continuous tones/);
    expect(p.mask).toEqual({ width, height, editedShare: mask.editedShare });
    expect(p.mask!.editedShare).toBeGreaterThan(0.05);
  });

  it('accepts a draft without a prompt yet', async () => {
    const p = await plan(editParams([photo], { prompt: '' }));
    expect(p.estimate.usage.inputTextTokens).toBe(0);
  });

  it('refuses a mask made for an image of another shape, naming the first image', async () => {
    const message = await refusal(h, 'edits:plan', editParams([logo, camera], { mask: mask.hash }), 'INVALID_IMAGE');
    expect(message).toBe(
      'The mask is 6000x4000 but the first image ("logo.png") is 600x300: their shapes differ, so the mask was made for another image. Paint or import a mask for this one, or put its image first.',
    );
  });

  it('names an input that is no longer in the library', async () => {
    const gone = { ...photo, hash: '0'.repeat(64), name: 'deleted.jpg' };
    expect(await refusal(h, 'edits:plan', editParams([photo, gone]), 'NOT_FOUND')).toBe('"deleted.jpg" is no longer in the library. Add it again.');
  });

  it('answers again from its cache, much faster than the first 24 MP decode', async () => {
    const fresh = await makeHarness();
    try {
      const cam = await importFixture(fresh, 'camera-24mp.jpg');
      const p = editParams([cam], { model: 'gpt-image-1.5', inputFidelity: 'low' });
      let t = performance.now();
      const first = await fresh.ok<EditPlan>('edits:plan', p);
      const cold = performance.now() - t;
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        t = performance.now();
        // Changes that do not change the inputs' target (prompt, n, quality) reuse the normalised photo.
        const again = await fresh.ok<EditPlan>('edits:plan', { ...p, prompt: `${p.prompt} ${i}`, n: 1 + (i % 3) });
        times.push(performance.now() - t);
        expect(again.inputs).toEqual(first.inputs);
      }
      const warm = Math.max(...times);
      expect(cold).toBeGreaterThan(40); // a real decode happened
      expect(warm).toBeLessThan(Math.max(10, cold / 10));
    } finally {
      await fresh.dispose();
    }
  });
});
