/**
 * What the pointer is about to draw, over the markup layer: the shape being dragged, in
 * its colour and line width, and a ring at the pointer the pen's size, in the image's
 * own pixel coordinates (inside the stage's SVG, scaled with the picture), so the preview is
 * what the release will draw. Its own store keeps pointer moves from re-rendering the
 * whole painter.
 */
import { createStore, useStore } from '../../../bridge/store';
import { arrowHead, type Point, type ShapeKind } from './markup-engine';

interface Guides {
  cursor: Point | null;
  shape: { kind: ShapeKind; from: Point; to: Point } | null;
}

const guideStore = createStore<Guides>({ cursor: null, shape: null });

export function setMarkupGuides(patch: Partial<Guides>): void {
  guideStore.set((g) => ({ ...g, ...patch }));
}

interface Props {
  colour: string;
  size: number;
  /** The pen shows its size at the pointer; shapes use the crosshair cursor. */
  pen: boolean;
}

export function MarkupGuides({ colour, size, pen }: Props) {
  const { cursor, shape } = useStore(guideStore);
  const line = { fill: 'none', stroke: colour, strokeWidth: size, strokeLinecap: 'round' as const, strokeLinejoin: 'round' as const };
  let preview = null;
  if (shape) {
    const { from: a, to: b } = shape;
    if (shape.kind === 'arrow') {
      const [l, r] = arrowHead(a, b, size);
      preview = <path d={`M${a.x},${a.y}L${b.x},${b.y}M${l.x},${l.y}L${b.x},${b.y}L${r.x},${r.y}`} {...line} />;
    } else {
      const x = Math.min(a.x, b.x);
      const y = Math.min(a.y, b.y);
      const w = Math.abs(b.x - a.x);
      const h = Math.abs(b.y - a.y);
      preview = shape.kind === 'rect' ? <rect x={x} y={y} width={w} height={h} {...line} /> : <ellipse cx={x + w / 2} cy={y + h / 2} rx={w / 2} ry={h / 2} {...line} />;
    }
  }
  return (
    <>
      {preview}
      {cursor && pen ? (
        <>
          <circle cx={cursor.x} cy={cursor.y} r={size / 2} className="guide-outer" vectorEffect="non-scaling-stroke" />
          <circle cx={cursor.x} cy={cursor.y} r={size / 2} className="guide-inner" vectorEffect="non-scaling-stroke" />
        </>
      ) : null}
    </>
  );
}
