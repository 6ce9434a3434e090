/**
 * What the pointer is about to do, drawn over the painting: the brush outline, the
 * rectangle being dragged, the lasso being traced, in the image's own pixel
 * coordinates (inside the stage's SVG, scaled with the picture), so the outline sits under the pointer
 * and is the brush's true size at any zoom. Its own store keeps pointer moves from
 * re-rendering the whole painter.
 */
import { createStore, useStore } from '../../../bridge/store';
import type { Point } from './mask-engine';

interface Guides {
  cursor: Point | null;
  rect: [Point, Point] | null;
  lasso: readonly Point[] | null;
}

export const guideStore = createStore<Guides>({ cursor: null, rect: null, lasso: null });

export function setGuides(patch: Partial<Guides>): void {
  guideStore.set((g) => ({ ...g, ...patch }));
}

interface Props {
  /** Brush diameter in image pixels, or null when the tool has no brush. */
  brush: number | null;
  erase: boolean;
}

export function PainterGuides({ brush, erase }: Props) {
  const { cursor, rect, lasso } = useStore(guideStore);
  return (
    <>
      {cursor && brush !== null ? (
        <>
          <circle cx={cursor.x} cy={cursor.y} r={brush / 2} className="guide-outer" vectorEffect="non-scaling-stroke" />
          <circle cx={cursor.x} cy={cursor.y} r={brush / 2} className={erase ? 'guide-inner erase' : 'guide-inner'} vectorEffect="non-scaling-stroke" />
        </>
      ) : null}
      {rect ? (
        <rect
          x={Math.min(rect[0].x, rect[1].x)}
          y={Math.min(rect[0].y, rect[1].y)}
          width={Math.abs(rect[1].x - rect[0].x)}
          height={Math.abs(rect[1].y - rect[0].y)}
          className="guide-shape"
          vectorEffect="non-scaling-stroke"
        />
      ) : null}
      {lasso && lasso.length > 1 ? <polygon points={lasso.map((p) => `${p.x},${p.y}`).join(' ')} className="guide-shape" vectorEffect="non-scaling-stroke" /> : null}
    </>
  );
}
