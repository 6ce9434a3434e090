/**
 * The reframe search on its own: known zooms and shifts, made with sharp on a drifted
 * output, must be found (the coarse scan reads a quarter of its blocks, so these check
 * that it still lands in the right basin), and drift alone must not look like one.
 */
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { greyBlocks, type Grey, type Reframe } from '../../electron/core/images/align';
import { editWeights } from '../../electron/core/images/edit-weights';
import { findReframe } from '../../electron/core/images/reframe-search';
import { ellipseAlpha, fakeEdit, sourceRgb } from '../fixtures/edits';

const W = 1536;
const H = 1024;
const K = 4;

let weights: ReturnType<typeof editWeights>;
let srcGrey: Grey;
let drifted: Buffer;

beforeAll(async () => {
  const src = sourceRgb(W, H);
  const alpha = ellipseAlpha(W, H);
  weights = editWeights(alpha, W, H, 4, 8);
  srcGrey = greyBlocks(src.data, W, H, 3, K, weights.w, weights.box);
  drifted = await sharp(await fakeEdit(src, alpha, { drift: 6 })).raw().toBuffer();
});

/**
 * The drifted output zoomed by `s` about the centre and shifted by whole pixels: output
 * pixel q shows zoomed pixel q + (s − 1)·centre − shift, so the true shift is
 * (s − 1)·centre − (the crop's offset).
 */
async function reframed(s: number, left: number, top: number): Promise<{ grey: Grey; dx: number; dy: number }> {
  const zw = Math.round(W * s);
  const zh = Math.round(H * s);
  const zoomed = sharp(drifted, { raw: { width: W, height: H, channels: 3 } }).resize(zw, zh, { fit: 'fill' });
  const data = await sharp(await zoomed.raw().toBuffer(), { raw: { width: zw, height: zh, channels: 3 } })
    .extract({ left, top, width: W, height: H })
    .raw()
    .toBuffer();
  const sx = zw / W;
  const sy = zh / H;
  return { grey: greyBlocks(data, W, H, 3, K, weights.w, weights.box), dx: (sx - 1) * (W / 2) - left, dy: (sy - 1) * (H / 2) - top };
}

/**
 * How far off the found reframe puts the picture's edges, in pixels: the worst of both
 * axes at both ends. The search's own precision with a shift is about 0.004 in zoom
 * (the same before and after its coarse scan was thinned), ~3 px at the edges.
 */
function edgeError(found: Reframe, s: number, dx: number, dy: number): number {
  const axis = (n: number, fs: number, fd: number, d: number) => Math.max(Math.abs((fs - s) * (-n / 2) + fd - d), Math.abs((fs - s) * (n / 2) + fd - d));
  return Math.max(axis(W, found.scale, found.dx, dx), axis(H, found.scale, found.dy, dy));
}

describe('findReframe', () => {
  it('finds a 3% zoom with a shift of several pixels', async () => {
    // (s − 1)·centre is (23, 15) pixels: crop 6 further right and 4 less down.
    const r = await reframed(1.03, 29, 11);
    const found = findReframe(srcGrey, r.grey);
    expect(Math.abs(found.scale - 1.03)).toBeLessThan(0.005);
    expect(edgeError(found, 1.03, r.dx, r.dy)).toBeLessThan(4);
    // Centred, it is exact to the pixel.
    const centred = await reframed(1.03, 23, 15);
    const c = findReframe(srcGrey, centred.grey);
    expect(Math.abs(c.scale - 1.03)).toBeLessThan(0.001);
    expect(edgeError(c, 1.03, centred.dx, centred.dy)).toBeLessThan(1.5);
  });

  it('finds a zoom out with the opposite shift', async () => {
    // Zoomed out, the picture no longer covers the canvas: pad it back with its edge.
    const s = 0.97;
    const zw = Math.round(W * s);
    const zh = Math.round(H * s);
    const [left, top] = [30, 20];
    const data = await sharp(drifted, { raw: { width: W, height: H, channels: 3 } })
      .resize(zw, zh, { fit: 'fill' })
      .extend({ left, top, right: W - zw - left, bottom: H - zh - top, extendWith: 'copy' })
      .raw()
      .toBuffer();
    const found = findReframe(srcGrey, greyBlocks(data, W, H, 3, K, weights.w, weights.box));
    expect(Math.abs(found.scale - zw / W)).toBeLessThan(0.005);
    // Output pixel q shows the picture at q − pad, i.e. a shift of (s − 1)·centre + pad.
    expect(edgeError(found, zw / W, (zw / W - 1) * (W / 2) + left, (zh / H - 1) * (H / 2) + top)).toBeLessThan(4);
  });

  it('reports no reframe for drift alone, and for the source itself', () => {
    expect(findReframe(srcGrey, greyBlocks(drifted, W, H, 3, K, weights.w, weights.box))).toEqual({ scale: 1, dx: 0, dy: 0 });
    expect(findReframe(srcGrey, srcGrey)).toEqual({ scale: 1, dx: 0, dy: 0 });
  });
});
