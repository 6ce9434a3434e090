/**
 * The canvas both painters share: the first image with a layer over it (the mask or the
 * markup), zoomed and panned like an image editor's. Wheel, + and − zoom about the
 * pointer, Shift+1 fits, Shift+0 shows 100% (one image pixel per screen pixel);
 * space-drag and middle-drag pan. The layer always lives at the image's full pixel size:
 * pointer positions map through the view (view-transform.ts) straight to source pixels,
 * and only the part on screen is drawn. The picture underneath switches from the
 * 2048-pixel preview to the full file once the zoom shows more than the preview holds.
 *
 * Each painter brings its tools as pointer callbacks in image pixels, its own keys and
 * its guides (an SVG in image pixels, scaled with the picture, so a brush ring is the
 * brush's true size at any zoom). Undo, redo, `[` `]`, zoom and pan are handled here.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type PointerEvent as ReactPointerEvent, type ReactNode } from 'react';
import { loupe } from '../../../bridge/client';
import type { TrayItem } from '../tray-store';
import { painterKeysActive, stepSize } from './painter-keys';
import { clampPan, fitView, shownBox, panBy, pictureVariant, stepZoom, toImage, visibleRect, wheelFactor, zoomAt, zoomLabel, type Point, type Size, type View } from './view-transform';

/** What the stage needs of a layer: its full-size canvas, change events and its history. */
export interface PaintLayer {
  readonly canvas: HTMLCanvasElement;
  readonly width: number;
  readonly height: number;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  subscribe(listener: () => void): () => void;
  undo(): void;
  redo(): void;
}

/** A painter's tool, fed image-pixel positions. `down` returns whether a drag began. */
export interface PainterInput {
  down(p: Point, e: { altKey: boolean }): boolean;
  move(points: readonly Point[], last: Point): void;
  up(p: Point, commit: boolean): void;
  hover(p: Point | null): void;
}

/** Each first image keeps its zoom and position while switching guides or tabs. */
const views = new Map<string, View>();

interface Props {
  first: TrayItem;
  layer: PaintLayer | null;
  label: string;
  describedBy: string;
  /** Cursor and tool classes for the box. */
  className: string;
  /** A tint for the whole layer (the mask), or null to show its own colours (the markup). */
  tint: string | null;
  opacity: number;
  input: PainterInput;
  /** The brush or line size, for `[` and `]`. */
  size: { value: number; max: number; set: (n: number) => void };
  /** The painter's own keys (tools, colours…); true when the key was used. */
  onKey: (e: KeyboardEvent) => boolean;
  /** SVG content in image pixels: brush ring, shape being dragged. */
  guides: ReactNode;
}

function drawLayer(view: HTMLCanvasElement, layer: PaintLayer, v: View, stage: Size, dpr: number, tint: string | null): void {
  const ctx = view.getContext('2d');
  if (!ctx) return;
  const box = shownBox(v, stage, layer);
  const w = Math.max(1, Math.round(box.width * dpr));
  const h = Math.max(1, Math.round(box.height * dpr));
  if (view.width !== w || view.height !== h) {
    view.width = w;
    view.height = h;
  }
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.globalCompositeOperation = 'source-over';
  ctx.clearRect(0, 0, view.width, view.height);
  const r = visibleRect(v, stage, layer);
  if (!r) return;
  // Close up, each image pixel shows as a sharp square: a mask's edge is seen exactly.
  ctx.imageSmoothingEnabled = v.zoom < 2;
  ctx.imageSmoothingQuality = tint ? 'low' : 'medium';
  const x = (r.x * v.zoom + v.panX - box.left) * dpr;
  const y = (r.y * v.zoom + v.panY - box.top) * dpr;
  ctx.drawImage(layer.canvas, r.x, r.y, r.w, r.h, x, y, r.w * v.zoom * dpr, r.h * v.zoom * dpr);
  if (tint) {
    ctx.globalCompositeOperation = 'source-in';
    ctx.fillStyle = tint;
    ctx.fillRect(0, 0, view.width, view.height);
    ctx.globalCompositeOperation = 'source-over';
  }
}

export function PainterStage({ first, layer, label, describedBy, className, tint, opacity, input, size, onKey, guides }: Props) {
  const image: Size = { width: first.width, height: first.height };
  const stageRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [stage, setStage] = useState<Size>({ width: 0, height: 0 });
  const [view, setViewState] = useState<View>(() => views.get(first.hash) ?? { zoom: 1, panX: 0, panY: 0, fit: true });
  const viewRef = useRef(view);
  const stageSize = useRef(stage);
  const drag = useRef(false);
  const pan = useRef<{ x: number; y: number } | null>(null);
  const hover = useRef(false);
  const space = useRef(false);
  const [panning, setPanning] = useState(false);

  const setView = useCallback(
    (next: View | ((v: View) => View)) => {
      const v = typeof next === 'function' ? next(viewRef.current) : next;
      viewRef.current = v;
      views.set(first.hash, v);
      setViewState(v);
    },
    [first.hash],
  );

  useLayoutEffect(() => {
    const el = stageRef.current;
    if (!el) return;
    const measure = (w: number, h: number) => {
      const s = { width: w, height: h };
      stageSize.current = s;
      setStage(s);
      if (w <= 0 || h <= 0) return;
      setView((v) => (v.fit ? fitView(s, image) : clampPan(v, s, image)));
    };
    measure(el.clientWidth, el.clientHeight);
    const ro = new ResizeObserver(([entry]) => {
      if (entry) measure(entry.contentRect.width, entry.contentRect.height);
    });
    ro.observe(el);
    return () => ro.disconnect();
    // The image's size is part of the key the painter is mounted with.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [setView]);

  const dpr = typeof window !== 'undefined' ? window.devicePixelRatio || 1 : 1;

  // Redraw straight from the layer, once per frame at most, without going through React.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !layer || stage.width <= 0) return;
    let frame = 0;
    const draw = () => drawLayer(canvas, layer, viewRef.current, stageSize.current, dpr, tint);
    const request = () => {
      if (!frame) frame = requestAnimationFrame(() => ((frame = 0), draw()));
    };
    draw();
    const unsubscribe = layer.subscribe(request);
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
    };
  }, [layer, stage, dpr, tint, view]);

  const zoomTo = useCallback(
    (zoom: number, anchor?: Point) => {
      const s = stageSize.current;
      setView((v) => zoomAt(v, zoom, anchor ?? { x: s.width / 2, y: s.height / 2 }, s, image));
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [setView, image.width, image.height],
  );
  const fit = useCallback(() => setView(fitView(stageSize.current, image)), [setView, image.width, image.height]); // eslint-disable-line react-hooks/exhaustive-deps

  // The wheel zooms about the pointer; a non-passive listener, so the page does not scroll too.
  useEffect(() => {
    const el = stageRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const r = el.getBoundingClientRect();
      zoomTo(viewRef.current.zoom * wheelFactor(e.deltaY, e.deltaMode), { x: e.clientX - r.left - el.clientLeft, y: e.clientY - r.top - el.clientTop });
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [zoomTo]);

  const latest = useRef({ size, onKey, layer });
  useEffect(() => {
    latest.current = { size, onKey, layer };
  });

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const { size: sz, onKey: own, layer: l } = latest.current;
      if (!l || !painterKeysActive(e.target, hover.current)) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (e.key === ' ') {
        if (!space.current) {
          space.current = true;
          setPanning(true);
        }
      } else if (mod && key === 'z') l[e.shiftKey ? 'redo' : 'undo']();
      else if (mod && key === 'y') l.redo();
      else if (mod || e.altKey) return;
      else if (e.key === '[' || e.key === ']') sz.set(stepSize(sz.value, e.key === ']', sz.max));
      else if (e.key === '+' || e.key === '=') zoomTo(stepZoom(viewRef.current.zoom, true));
      else if (e.key === '-' || e.key === '_') zoomTo(stepZoom(viewRef.current.zoom, false));
      else if (e.shiftKey && e.code === 'Digit1') fit();
      else if (e.shiftKey && e.code === 'Digit0') zoomTo(1);
      else if (!own(e)) return;
      e.preventDefault();
    };
    const onKeyUp = (e: KeyboardEvent) => {
      if (e.key !== ' ' || !space.current) return;
      space.current = false;
      setPanning(false);
      // A focused button would take the space as a click.
      e.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keyup', onKeyUp);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('keyup', onKeyUp);
    };
  }, [zoomTo, fit]);

  const stagePoint = (e: { clientX: number; clientY: number }): Point => {
    const el = stageRef.current!;
    const r = el.getBoundingClientRect();
    // Positions inside the stage are measured from inside its border, as its children are placed.
    return { x: e.clientX - r.left - el.clientLeft, y: e.clientY - r.top - el.clientTop };
  };
  const imagePoint = (e: { clientX: number; clientY: number }): Point => toImage(viewRef.current, stagePoint(e));

  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (!layer || drag.current || pan.current) return;
    if ((e.target as Element).closest('.zoom-bar')) return;
    e.preventDefault();
    // Focus goes to the picture, so the painter's keys work right after a stroke.
    canvasRef.current?.focus({ preventScroll: true });
    if (e.button === 1 || (e.button === 0 && space.current)) {
      e.currentTarget.setPointerCapture(e.pointerId);
      pan.current = { x: e.clientX, y: e.clientY };
      setPanning(true);
      return;
    }
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = input.down(imagePoint(e), e);
  };

  const onPointerMove = (e: ReactPointerEvent<HTMLDivElement>) => {
    const p = pan.current;
    if (p) {
      const dx = e.clientX - p.x;
      const dy = e.clientY - p.y;
      pan.current = { x: e.clientX, y: e.clientY };
      setView((v) => panBy(v, dx, dy, stageSize.current, image));
      return;
    }
    const at = imagePoint(e);
    input.hover(at);
    if (!drag.current) return;
    const events = e.nativeEvent.getCoalescedEvents?.() ?? [];
    input.move((events.length > 0 ? events : [e.nativeEvent]).map(imagePoint), at);
  };

  const finish = (e: ReactPointerEvent<HTMLDivElement>, commit: boolean) => {
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
    if (pan.current) {
      pan.current = null;
      setPanning(space.current);
      return;
    }
    if (!drag.current) return;
    drag.current = false;
    input.up(imagePoint(e), commit);
  };

  const variant = pictureVariant(view, image, dpr);
  const shown = stage.width > 0;
  const box = shownBox(view, stage, image);
  const world = { left: view.panX, top: view.panY, width: image.width * view.zoom, height: image.height * view.zoom };
  return (
    <div
      className={`painter-stage painter-canvas ${className}${panning ? ' is-panning' : ''}`}
      ref={stageRef}
      onPointerDown={onPointerDown}
      onMouseDown={(e) => {
        // No autoscroll on a middle-button drag: it pans.
        if (e.button === 1) e.preventDefault();
      }}
      onPointerMove={onPointerMove}
      onPointerUp={(e) => finish(e, true)}
      onPointerCancel={(e) => finish(e, false)}
      onPointerEnter={() => (hover.current = true)}
      onPointerLeave={() => {
        hover.current = false;
        input.hover(null);
      }}
    >
      {shown ? (
        <div className="painter-world" style={world}>
          {/* The small thumbnail shows at once while a large photo's preview is still being made. */}
          <img src={loupe.assetUrl(first.hash, 'thumb')} alt="" draggable={false} />
          <img src={loupe.assetUrl(first.hash, variant)} alt="" draggable={false} />
          <svg className="painter-guides" viewBox={`0 0 ${image.width} ${image.height}`} preserveAspectRatio="none" aria-hidden="true">
            {guides}
          </svg>
        </div>
      ) : null}
      <canvas
        ref={canvasRef}
        role="img"
        tabIndex={0}
        aria-label={label}
        aria-describedby={describedBy}
        data-zoom={view.zoom}
        data-pan={`${view.panX},${view.panY}`}
        style={{ ...box, opacity }}
      />
      <div className="zoom-bar" role="group" aria-label="Zoom">
        <button type="button" className="zoom-button" aria-label="Zoom out" title="Zoom out (−)" onClick={() => zoomTo(stepZoom(view.zoom, false))}>
          −
        </button>
        <output className="zoom-value" aria-live="polite" aria-label="Zoom level">
          {zoomLabel(view.zoom)}
        </output>
        <button type="button" className="zoom-button" aria-label="Zoom in" title="Zoom in (+)" onClick={() => zoomTo(stepZoom(view.zoom, true))}>
          +
        </button>
        <button type="button" className="zoom-button text" aria-pressed={view.fit} title="Fit the picture (Shift+1)" onClick={fit}>
          Fit
        </button>
        <button type="button" className="zoom-button text" aria-pressed={Math.abs(view.zoom - 1) < 1e-9} title="One image pixel per screen pixel (Shift+0)" onClick={() => zoomTo(1)}>
          100%
        </button>
      </div>
    </div>
  );
}
