/**
 * One pane of a comparison: a stack of image layers drawn under the shared zoom and pan.
 * Wheel zooms around the pointer, a drag (left or middle button) pans; every layer shares
 * one box so an overlay (heat map, onion skin, the other half of a split) lines up exactly.
 */
import { useEffect, useLayoutEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import type { SharedView } from './shared-view';
import { panBy, placement, zoomAt, ZOOM_STEP, type Size } from './view-transform';

export interface PaneLayer {
  src: string;
  alt: string;
  /** Style of the full-pane wrapper: opacity, clip-path, blend mode. */
  style?: CSSProperties;
  /** Hidden layers stay loaded (a flip is then instant) but are not shown or announced. */
  hidden?: boolean;
  className?: string;
}

interface ZoomPaneProps {
  shared: SharedView;
  layers: PaneLayer[];
  /** Names the pane for assistive technology, e.g. "GPT Image 2.6 Flare". */
  label: string;
  /** Shown at the pane's top-left corner. */
  caption?: ReactNode;
  /** Drawn over the layers in pane coordinates (e.g. a split handle). */
  children?: ReactNode;
  className?: string;
}

export function ZoomPane({ shared, layers, label, caption, children, className }: ZoomPaneProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<Size>({ width: 0, height: 0 });
  const drag = useRef<{ id: number; x: number; y: number } | null>(null);
  const sharedRef = useRef(shared);
  const sizeRef = useRef(size);
  useLayoutEffect(() => {
    sharedRef.current = shared;
    sizeRef.current = size;
  });

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const next = { width: el.clientWidth, height: el.clientHeight };
      sharedRef.current.reportPaneSize(next);
      setSize((s) => (s.width === next.width && s.height === next.height ? s : next));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // React's onWheel is passive, so it cannot keep the page from scrolling: listen directly.
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const rect = el.getBoundingClientRect();
      const { setView, reference } = sharedRef.current;
      // A trackpad sends many small deltas, a mouse notch about 100: zoom in proportion.
      const factor = Math.pow(ZOOM_STEP, Math.max(-3, Math.min(3, -e.deltaY / 100)));
      setView((v) => zoomAt(v, sizeRef.current, reference, factor, { x: e.clientX - rect.left, y: e.clientY - rect.top }));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);

  const box = placement(shared.view, size, shared.reference);
  const imageStyle: CSSProperties = { left: box.left, top: box.top, width: box.width, height: box.height };

  return (
    <div
      ref={ref}
      className={`compare-pane ${className ?? ''}`}
      role="group"
      aria-label={label}
      onPointerDown={(e) => {
        if (e.button !== 0 && e.button !== 1) return;
        e.preventDefault();
        // preventDefault keeps the browser from dragging the image, and from focusing too:
        // focus the viewer by hand so its keys work right after a click or a drag.
        (e.currentTarget.closest('[tabindex]') as HTMLElement | null)?.focus({ preventScroll: true });
        e.currentTarget.setPointerCapture(e.pointerId);
        drag.current = { id: e.pointerId, x: e.clientX, y: e.clientY };
      }}
      onPointerMove={(e) => {
        const d = drag.current;
        if (!d || d.id !== e.pointerId) return;
        const dx = e.clientX - d.x;
        const dy = e.clientY - d.y;
        drag.current = { id: d.id, x: e.clientX, y: e.clientY };
        shared.setView((v) => panBy(v, size, shared.reference, dx, dy));
      }}
      onPointerUp={() => (drag.current = null)}
      onPointerCancel={() => (drag.current = null)}
    >
      {layers.map((layer, i) => (
        <div key={i} className={`compare-layer ${layer.className ?? ''}`} style={{ ...layer.style, visibility: layer.hidden ? 'hidden' : undefined }} aria-hidden={layer.hidden || undefined}>
          <img className={i === 0 ? 'checker' : undefined} src={layer.src} alt={layer.alt} style={imageStyle} draggable={false} decoding="async" />
        </div>
      ))}
      {caption ? <div className="compare-caption">{caption}</div> : null}
      {children}
    </div>
  );
}
