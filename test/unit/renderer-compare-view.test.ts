/**
 * The comparison viewer's shared zoom and pan as numbers: zooming keeps the point under the
 * pointer still, 100% is the reference image's pixels, panning cannot lose the picture, and
 * every pane draws an image of any resolution over the same part of the picture.
 */
import { describe, expect, it } from 'vitest';
import { actualPixels, FIT, fitScale, MAX_SCALE, panBy, placement, resolve, zoomAt, zoomLabel } from '../../renderer/src/ui/compare/view-transform';

const pane = { width: 800, height: 600 };
const photo = { width: 1536, height: 1024 };

/** The image point (normalised) drawn at pane pixel (x, y). */
function pointAt(view: ReturnType<typeof zoomAt>, x: number, y: number) {
  const box = placement(view, pane, photo);
  return { u: (x - box.left) / box.width, v: (y - box.top) / box.height };
}

describe('comparison view transform', () => {
  it('fits the picture in the pane, centred, whatever its aspect', () => {
    expect(fitScale(pane, photo)).toBeCloseTo(800 / 1536, 9);
    const box = placement(FIT, pane, photo);
    expect(box.width).toBeCloseTo(800, 6);
    expect(box.height).toBeCloseTo(1024 * (800 / 1536), 6);
    expect(box.left).toBeCloseTo(0, 6);
    expect(box.top + box.height / 2).toBeCloseTo(300, 6);
    // A tall picture is limited by the pane's height instead.
    expect(fitScale(pane, { width: 1000, height: 3000 })).toBeCloseTo(0.2, 9);
  });

  it('keeps the image point under the pointer still while zooming in and out', () => {
    const at = { x: 620, y: 140 };
    const before = pointAt(resolve(FIT, pane, photo), at.x, at.y);
    const zoomed = zoomAt(FIT, pane, photo, 3, at);
    expect(zoomed.fit).toBe(false);
    expect(zoomed.scale).toBeCloseTo(fitScale(pane, photo) * 3, 9);
    const after = pointAt(zoomed, at.x, at.y);
    expect(after.u).toBeCloseTo(before.u, 9);
    expect(after.v).toBeCloseTo(before.v, 9);
    const back = zoomAt(zoomed, pane, photo, 1 / 3, at);
    expect(pointAt(back, at.x, at.y).u).toBeCloseTo(before.u, 9);
    expect(back.scale).toBeCloseTo(fitScale(pane, photo), 9);
  });

  it('shows actual pixels at 100% and never zooms beyond its limits', () => {
    const one = actualPixels(FIT, pane, photo);
    expect(one.scale).toBe(1);
    expect(placement(one, pane, photo).width).toBe(1536);
    expect(zoomLabel(one.scale)).toBe('100%');
    let v = one;
    for (let i = 0; i < 40; i++) v = zoomAt(v, pane, photo, 2);
    expect(v.scale).toBe(MAX_SCALE);
    expect(zoomLabel(0.052)).toBe('5.2%');
  });

  it('pans by screen pixels and stops with the picture still in the pane', () => {
    const one = actualPixels(FIT, pane, photo);
    const moved = panBy(one, pane, photo, -100, 50);
    const a = placement(one, pane, photo);
    const b = placement(moved, pane, photo);
    expect(b.left - a.left).toBeCloseTo(-100, 6);
    expect(b.top - a.top).toBeCloseTo(50, 6);
    const far = panBy(one, pane, photo, -1e6, 1e6);
    expect(far.cx).toBe(1);
    expect(far.cy).toBe(0);
    const box = placement(far, pane, photo);
    // The picture's right edge sits at the pane's centre: the picture is still half in view.
    expect(box.left + box.width).toBeCloseTo(pane.width / 2, 6);
  });
});
