/**
 * Choose a region of the source by dragging a rectangle over it (a logo, a label, a face):
 * each variant then reports how well that region survived. With the rectangle focused the
 * arrow keys move it and Shift+arrows resize it, 8 source pixels a step (Shift+Alt: 1).
 */
import { useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { RegionRect } from '../../../../electron/shared';

interface Props {
  src: string;
  width: number;
  height: number;
  value: RegionRect | null;
  onChange: (rect: RegionRect | null) => void;
}

const MIN = 8;

export function RegionPicker({ src, width, height, value, onChange }: Props) {
  const stage = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<{ id: number; x: number; y: number } | null>(null);

  const toSource = (e: PointerEvent) => {
    const r = stage.current!.getBoundingClientRect();
    const x = Math.round(((e.clientX - r.left) / r.width) * width);
    const y = Math.round(((e.clientY - r.top) / r.height) * height);
    return { x: Math.min(width, Math.max(0, x)), y: Math.min(height, Math.max(0, y)) };
  };

  const rectFrom = (a: { x: number; y: number }, b: { x: number; y: number }): RegionRect => ({
    x: Math.min(a.x, b.x),
    y: Math.min(a.y, b.y),
    width: Math.abs(a.x - b.x),
    height: Math.abs(a.y - b.y),
  });

  const onKeyDown = (e: KeyboardEvent) => {
    if (!value) return;
    const step = e.shiftKey && e.altKey ? 1 : 8;
    const d: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const delta = d[e.key];
    if (!delta) return;
    e.preventDefault();
    e.stopPropagation();
    const next = e.shiftKey
      ? { ...value, width: Math.max(MIN, Math.min(width - value.x, value.width + delta[0])), height: Math.max(MIN, Math.min(height - value.y, value.height + delta[1])) }
      : { ...value, x: Math.max(0, Math.min(width - value.width, value.x + delta[0])), y: Math.max(0, Math.min(height - value.height, value.y + delta[1])) };
    onChange(next);
  };

  return (
    <div className="region-picker">
      <div
        ref={stage}
        className="region-stage"
        style={{ aspectRatio: `${width} / ${height}` }}
        onPointerDown={(e) => {
          if (e.button !== 0) return;
          e.preventDefault();
          e.currentTarget.setPointerCapture(e.pointerId);
          const p = toSource(e);
          setDrag({ id: e.pointerId, ...p });
        }}
        onPointerMove={(e) => {
          if (drag?.id !== e.pointerId) return;
          const r = rectFrom(drag, toSource(e));
          if (r.width >= MIN && r.height >= MIN) onChange(r);
        }}
        onPointerUp={() => setDrag(null)}
        onPointerCancel={() => setDrag(null)}
      >
        <img src={src} alt="The source: drag over it to choose a region" draggable={false} />
        {value ? (
          <div
            className="region-box"
            tabIndex={0}
            role="img"
            aria-label={`Region ${value.width}×${value.height} at ${value.x}, ${value.y}; arrow keys move it, Shift+arrows resize it`}
            onKeyDown={onKeyDown}
            style={{ left: `${(value.x / width) * 100}%`, top: `${(value.y / height) * 100}%`, width: `${(value.width / width) * 100}%`, height: `${(value.height / height) * 100}%` }}
          />
        ) : null}
      </div>
      <p className="muted region-readout" aria-live="polite">
        {value ? `Region: ${value.width}×${value.height} px at (${value.x}, ${value.y}) in the source.` : 'Drag over the source to choose a region.'}
      </p>
    </div>
  );
}
