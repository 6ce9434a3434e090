import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { markupEffect, MARKUP_THRESHOLDS, verdictOf } from '../../electron/core/images/markup-effect';
import { encodePng, fakeEdit, sourceRgb } from '../fixtures/edits';
import { markupLayer, type Stroke } from './helpers/markup-layer';
import { rejection } from './helpers/rejection';

const W = 384;
const H = 256;
/** A circle-ish scribble around the right-hand third, as a person would mark "change this". */
const STROKES: Stroke[] = [
  { x: 240, y: 60, w: 80, h: 6 },
  { x: 240, y: 150, w: 80, h: 6 },
  { x: 240, y: 60, w: 6, h: 96 },
  { x: 314, y: 60, w: 6, h: 96 },
];

/** Alpha plane for fakeEdit: 0 (changed) inside the given rectangle. */
function changeInside(r: Stroke): Uint8Array {
  const a = new Uint8Array(W * H).fill(255);
  for (let y = r.y; y < r.y + r.h; y++) for (let x = r.x; x < r.x + r.w; x++) a[y * W + x] = 0;
  return a;
}

const src = sourceRgb(W, H);
const sourcePng = () => encodePng(src);
const markup = () => markupLayer(W, H, STROKES);

describe('markupEffect', () => {
  it('took effect: the output changed under and around the marks only', async () => {
    const out = await fakeEdit(src, changeInside({ x: 236, y: 56, w: 88, h: 104 }), { drift: 0 });
    const r = await markupEffect(await sourcePng(), out, await markup());
    expect(r.verdict).toBe('took-effect');
    expect(r.radius).toBe(Math.round(0.04 * H));
    expect(r.marked.changedShare).toBeGreaterThan(0.5);
    expect(r.elsewhere.changedShare).toBe(0);
    expect(r.elsewhere.meanDeltaE).toBe(0);
    expect(r.marked.pixels + r.elsewhere.pixels).toBe(W * H);
    expect(r.alignment).toMatchObject({ resized: false, reframed: false });
  });

  it('took effect with the drift a real model adds, on a larger canvas, reframed', async () => {
    const alpha = changeInside({ x: 236, y: 56, w: 88, h: 104 });
    const bigger = await fakeEdit(src, alpha, { drift: 1, size: { width: 768, height: 512 } });
    const r = await markupEffect(await sourcePng(), bigger, await markup());
    expect(r.verdict).toBe('took-effect');
    expect(r.alignment.resized).toBe(true);
    const zoomed = await fakeEdit(src, alpha, { drift: 1, zoom: 1.03 });
    const z = await markupEffect(await sourcePng(), zoomed, await markup());
    expect(z.alignment.reframed).toBe(true);
    expect(z.verdict).toBe('took-effect');
    expect(z.elsewhere.meanDeltaE).toBeLessThan(3);
  });

  it('ignored: nothing changed', async () => {
    const r = await markupEffect(await sourcePng(), await sourcePng(), await markup());
    expect(r).toMatchObject({ verdict: 'ignored', ratio: 0 });
    expect(r.marked.changedShare).toBe(0);
  });

  it('ignored: everything changed alike', async () => {
    const everywhere = await sharp(src.data, { raw: { width: W, height: H, channels: 3 } }).negate().png().toBuffer();
    const r = await markupEffect(await sourcePng(), everywhere, await markup(), { detectReframe: false });
    expect(r.marked.changedShare).toBeGreaterThan(0.9);
    expect(r.ratio).toBeLessThan(MARKUP_THRESHOLDS.ignoredRatio);
    expect(r.verdict).toBe('ignored');
  });

  it('weak: only a little of the marked region changed', async () => {
    const out = await fakeEdit(src, changeInside({ x: 260, y: 80, w: 30, h: 40 }), { drift: 0 });
    const r = await markupEffect(await sourcePng(), out, await markup());
    expect(r.marked.changedShare).toBeGreaterThan(MARKUP_THRESHOLDS.ignoredShare);
    expect(r.marked.changedShare).toBeLessThan(MARKUP_THRESHOLDS.tookShare);
    expect(r.verdict).toBe('weak');
  });

  it('the verdict follows the documented thresholds', () => {
    const m = (changedShare: number) => ({ pixels: 1, meanDeltaE: 1, changedShare });
    expect(verdictOf(m(0.04), 100)).toBe('ignored');
    expect(verdictOf(m(0.9), 1.5)).toBe('ignored');
    expect(verdictOf(m(0.15), 3)).toBe('took-effect');
    expect(verdictOf(m(0.1), 10)).toBe('weak');
    expect(verdictOf(m(0.5), 2)).toBe('weak');
  });

  it('refuses a markup of another size, and an empty one, clearly', async () => {
    const e = await rejection(markupEffect(await sourcePng(), await sourcePng(), await markupLayer(200, 100, STROKES)), 'INVALID_IMAGE');
    expect(e.message).toBe('The markup is 200x100 but the source image is 384x256: it must be exactly the same size to be measured.');
    const empty = await rejection(markupEffect(await sourcePng(), await sourcePng(), await markupLayer(W, H, [])), 'INVALID_IMAGE');
    expect(empty.message).toMatch(/markup layer is empty/);
    expect((await rejection(markupEffect(Buffer.from('x'), await sourcePng(), await markup()), 'INVALID_IMAGE')).message).toMatch(/source image could not be read/);
  });
});

describe('markupEffect: what counts as marked', () => {
  it('the inside of a closed shape is marked: a change only inside the circle took effect', async () => {
    const inside = await fakeEdit(src, changeInside({ x: 262, y: 82, w: 36, h: 52 }), { drift: 0 });
    const r = await markupEffect(await sourcePng(), inside, await markup());
    expect(r.elsewhere.changedShare).toBe(0);
    expect(r.verdict).toBe('took-effect');
    // An open stroke encloses nothing: the region is the stroke widened by the radius.
    const line = await markupLayer(W, H, [{ x: 40, y: 200, w: 100, h: 4 }]);
    const l = await markupEffect(await sourcePng(), await sourcePng(), line);
    expect(l.marked.pixels).toBeGreaterThan((100 + 2 * l.radius) * (4 + 2 * l.radius) * 0.9);
    expect(l.marked.pixels).toBeLessThan((100 + 2 * l.radius) * (4 + 2 * l.radius));
  });
});
