/**
 * The painters' zoom and pan maths (renderer/src/features/edit/canvas/view-transform.ts):
 * fitting, zooming about the pointer, the + and − ladder, panning limits, and the mapping
 * from a stage point to a source pixel of a full-size 24-megapixel photo.
 */
import { describe, expect, it } from 'vitest';
import {
  clampPan,
  fitView,
  panBy,
  pictureVariant,
  shownBox,
  sourcePixel,
  stepZoom,
  toImage,
  toStage,
  visibleRect,
  wheelFactor,
  zoomAt,
  zoomLabel,
  MAX_ZOOM,
} from '../../renderer/src/features/edit/canvas/view-transform';
import { painterKeysActive, stepSize } from '../../renderer/src/features/edit/canvas/painter-keys';

const CAMERA = { width: 6000, height: 4000 };
const STAGE = { width: 900, height: 600 };

describe('fit', () => {
  it('centres the image as large as fits', () => {
    const v = fitView({ width: 1000, height: 600 }, CAMERA);
    expect(v.zoom).toBeCloseTo(0.15, 10);
    expect(v.panX).toBeCloseTo((1000 - 900) / 2, 10);
    expect(v.panY).toBeCloseTo(0, 10);
    expect(v.fit).toBe(true);
    expect(shownBox(v, { width: 1000, height: 600 }, CAMERA)).toEqual({ left: 50, top: 0, width: 900, height: 600 });
  });
});

describe('zoom about a point', () => {
  it('keeps the image point under the pointer where it is', () => {
    const v0 = fitView(STAGE, CAMERA);
    const anchor = { x: 321, y: 207 };
    const before = toImage(v0, anchor);
    const v1 = zoomAt(v0, 1, anchor, STAGE, CAMERA);
    expect(v1.zoom).toBe(1);
    expect(v1.fit).toBe(false);
    const after = toImage(v1, anchor);
    expect(after.x).toBeCloseTo(before.x, 9);
    expect(after.y).toBeCloseTo(before.y, 9);
  });

  it('is clamped between a small minimum and 1600%', () => {
    const v0 = fitView(STAGE, CAMERA);
    expect(zoomAt(v0, 1000, { x: 0, y: 0 }, STAGE, CAMERA).zoom).toBe(MAX_ZOOM);
    const tiny = zoomAt(v0, 1e-9, { x: 0, y: 0 }, STAGE, CAMERA);
    expect(tiny.zoom).toBeGreaterThan(0);
    expect(tiny.zoom).toBeLessThanOrEqual(v0.zoom);
  });

  it('steps through the ladder from an in-between fitted zoom', () => {
    expect(stepZoom(0.15, true)).toBe(1 / 6);
    expect(stepZoom(0.15, false)).toBe(1 / 8);
    expect(stepZoom(1, true)).toBe(1.5);
    expect(stepZoom(1, false)).toBeCloseTo(2 / 3, 12);
    expect(stepZoom(16, true)).toBe(16);
  });

  it('turns a wheel notch into a zoom factor, in for up and out for down', () => {
    expect(wheelFactor(-100, 0)).toBeGreaterThan(1.3);
    expect(wheelFactor(100, 0)).toBeLessThan(0.77);
    expect(wheelFactor(-3, 1)).toBeCloseTo(wheelFactor(-99, 0), 10);
  });
});

describe('full-resolution mapping', () => {
  it('at 100% one screen pixel is one source pixel of the 24 MP photo', () => {
    // 100% about the stage's centre, then panned to show the photo's bottom-right corner region.
    let v = zoomAt(fitView(STAGE, CAMERA), 1, { x: 450, y: 300 }, STAGE, CAMERA);
    v = clampPan({ ...v, panX: -(6000 - 900), panY: -(4000 - 600) }, STAGE, CAMERA);
    expect(sourcePixel(v, { x: 0.5, y: 0.5 }, CAMERA)).toEqual({ x: 5100, y: 3400 });
    expect(sourcePixel(v, { x: 899.5, y: 599.5 }, CAMERA)).toEqual({ x: 5999, y: 3999 });
    // Neighbouring screen pixels are neighbouring source pixels: no skipped or doubled pixel.
    const xs = Array.from({ length: 900 }, (_, i) => sourcePixel(v, { x: i + 0.5, y: 10.5 }, CAMERA)!.x);
    expect(xs.every((x, i) => i === 0 || x === xs[i - 1]! + 1)).toBe(true);
    expect(visibleRect(v, STAGE, CAMERA)).toEqual({ x: 5100, y: 3400, w: 900, h: 600 });
  });

  it('round-trips between stage and image at any zoom', () => {
    for (const zoom of [0.1, 0.37, 1, 2.5, 16]) {
      const v = zoomAt(fitView(STAGE, CAMERA), zoom, { x: 100, y: 50 }, STAGE, CAMERA);
      const p = { x: 1234.25, y: 987.75 };
      const q = toImage(v, toStage(v, p));
      expect(q.x).toBeCloseTo(p.x, 8);
      expect(q.y).toBeCloseTo(p.y, 8);
    }
  });

  it('shows the full file under the brush once the preview has too few pixels', () => {
    const fit = fitView(STAGE, CAMERA);
    expect(pictureVariant(fit, CAMERA, 1)).toBe('preview');
    expect(pictureVariant({ ...fit, zoom: 1 }, CAMERA, 1)).toBe('full');
    // A small image has no larger file to show.
    expect(pictureVariant({ ...fit, zoom: 8 }, { width: 1200, height: 900 }, 2)).toBe('preview');
  });

  it('says nothing is on screen once the image is out of view', () => {
    expect(sourcePixel(fitView(STAGE, CAMERA), { x: -5, y: 10 }, CAMERA)).toBeNull();
  });
});

describe('pan', () => {
  it('never lets the whole image leave the stage', () => {
    const v = zoomAt(fitView(STAGE, CAMERA), 1, { x: 450, y: 300 }, STAGE, CAMERA);
    const far = panBy(v, 1e6, 1e6, STAGE, CAMERA);
    expect(far.panX).toBeLessThan(STAGE.width);
    expect(far.panY).toBeLessThan(STAGE.height);
    expect(visibleRect(far, STAGE, CAMERA)).not.toBeNull();
    const back = panBy(v, -1e6, -1e6, STAGE, CAMERA);
    expect(back.panX + CAMERA.width).toBeGreaterThan(0);
    expect(visibleRect(back, STAGE, CAMERA)).not.toBeNull();
  });
});

describe('labels and keys', () => {
  it('writes the zoom as a percentage', () => {
    expect(zoomLabel(1)).toBe('100%');
    expect(zoomLabel(0.15)).toBe('15%');
    expect(zoomLabel(0.0625)).toBe('6.3%');
    expect(zoomLabel(16)).toBe('1600%');
  });

  it('steps the brush a fifth at a time, at least a pixel, within its bounds', () => {
    expect(stepSize(100, true, 500)).toBe(120);
    expect(stepSize(100, false, 500)).toBe(83);
    expect(stepSize(2, true, 500)).toBe(3);
    expect(stepSize(1, false, 500)).toBe(1);
    expect(stepSize(490, true, 500)).toBe(500);
  });

  it('keys act while hovering, and no key acts outside a browser without a target', () => {
    expect(painterKeysActive(null, true)).toBe(true);
    expect(painterKeysActive(null, false)).toBe(false);
  });
});
