/**
 * The mask painter over the first image. The picture underneath is the 'preview' variant;
 * the visible canvas is a scaled view of the painting, which lives at the image's
 * original size. Pointer positions map through the canvas's on-screen box, so strokes
 * land under the pointer at any display size, and coalesced events plus interpolation
 * keep fast strokes continuous.
 */
import { useEffect, useRef, useState, type PointerEvent } from 'react';
import { loupe } from '../../../bridge/client';
import type { TrayItem } from '../tray-store';
import type { MaskEngine, Point } from './mask-engine';
import { MaskImport } from './mask-import';
import { ensureSession, useMaskState } from './mask-store';
import { MaskToolbar } from './mask-toolbar';
import { PainterGuides, setGuides } from './painter-guides';
import { defaultBrush, maxBrush, stepBrush, toolStore, useTools, type Tool } from './tool-store';

/** Magenta: rare in skin, sky and foliage, so the painted area stands out on most photographs. */
const TINT = 'rgb(255, 40, 200)';

function drawView(view: HTMLCanvasElement, engine: MaskEngine): void {
  const ctx = view.getContext('2d');
  if (!ctx) return;
  ctx.globalCompositeOperation = 'source-over';
  ctx.clearRect(0, 0, view.width, view.height);
  // Bilinear sampling reads a few source pixels per screen pixel: cheap even from 24 MP.
  ctx.imageSmoothingQuality = 'low';
  ctx.drawImage(engine.canvas, 0, 0, view.width, view.height);
  ctx.globalCompositeOperation = 'source-in';
  ctx.fillStyle = TINT;
  ctx.fillRect(0, 0, view.width, view.height);
  ctx.globalCompositeOperation = 'source-over';
}

/**
 * Painter keys act only while focus is in the painter or nowhere in particular (after a
 * click on the canvas): a letter typed on a tray tile or in the form must not switch tools.
 */
export function inPainterScope(target: EventTarget | null): boolean {
  if (target === document.body || target === document.documentElement) return true;
  return target instanceof Element && target.closest('.painter') !== null && !isTextEntry(target);
}

export function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'range', 'button', 'color', 'file'].includes(target.type);
}

const TOOL_KEYS: Record<string, Tool> = { b: 'brush', e: 'eraser', r: 'rect', l: 'lasso' };

type Drag = { kind: 'stroke' } | { kind: 'rect'; from: Point; to: Point; erase: boolean } | { kind: 'lasso'; points: Point[]; erase: boolean };

function Painter({ first }: { first: TrayItem }) {
  const { sessions } = useMaskState();
  const session = sessions.get(first.hash) ?? null;
  const engine = session?.engine ?? null;
  const [tools, setTools] = useTools();
  const { width, height } = first;
  const maxSize = maxBrush(width, height);
  const size = Math.min(tools.size ?? defaultBrush(width, height), maxSize);
  const boxRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const drag = useRef<Drag | null>(null);
  const [box, setBox] = useState({ w: 0, h: 0 });

  useEffect(() => {
    ensureSession(first);
  }, [first]);

  useEffect(() => {
    const el = boxRef.current;
    if (!el) return;
    const ro = new ResizeObserver(([entry]) => {
      if (entry) setBox({ w: entry.contentRect.width, h: entry.contentRect.height });
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const scale = box.w > 0 && box.h > 0 ? Math.min(box.w / width, box.h / height) : 0;
  const dw = Math.max(1, Math.floor(width * scale));
  const dh = Math.max(1, Math.floor(height * scale));

  // Redraw straight from the engine, once per frame at most, without going through React.
  useEffect(() => {
    const view = canvasRef.current;
    if (!view || !engine) return;
    const dpr = window.devicePixelRatio || 1;
    view.width = Math.max(1, Math.round(dw * dpr));
    view.height = Math.max(1, Math.round(dh * dpr));
    let frame = 0;
    const request = () => {
      if (!frame) frame = requestAnimationFrame(() => ((frame = 0), drawView(view, engine)));
    };
    drawView(view, engine);
    const unsubscribe = engine.subscribe(request);
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
    };
  }, [engine, dw, dh]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!engine || !inPainterScope(e.target)) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      const current = toolStore.get();
      const cur = Math.min(current.size ?? defaultBrush(width, height), maxSize);
      if (mod && key === 'z') engine[e.shiftKey ? 'redo' : 'undo']();
      else if (mod && key === 'y') engine.redo();
      else if (mod || e.altKey) return;
      else if (e.key === '[' || e.key === ']') toolStore.set({ ...current, size: stepBrush(cur, e.key === ']', maxSize) });
      else if (TOOL_KEYS[key]) toolStore.set({ ...current, tool: TOOL_KEYS[key] });
      else if (key === 'h') toolStore.set({ ...current, overlay: !current.overlay });
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [engine, width, height, maxSize]);

  const toImage = (e: { clientX: number; clientY: number }): Point => {
    const r = canvasRef.current!.getBoundingClientRect();
    return { x: ((e.clientX - r.left) / r.width) * width, y: ((e.clientY - r.top) / r.height) * height };
  };

  const brushTool = tools.tool === 'brush' || tools.tool === 'eraser';

  const onPointerDown = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!engine || e.button !== 0 || drag.current) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    const p = toImage(e);
    if (brushTool) {
      engine.beginStroke(p, { size, hardness: tools.hardness / 100, erase: tools.tool === 'eraser' });
      drag.current = { kind: 'stroke' };
    } else if (tools.tool === 'rect') {
      drag.current = { kind: 'rect', from: p, to: p, erase: e.altKey };
      setGuides({ rect: [p, p] });
    } else {
      drag.current = { kind: 'lasso', points: [p], erase: e.altKey };
      setGuides({ lasso: [p] });
    }
  };

  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const p = toImage(e);
    setGuides({ cursor: p });
    const d = drag.current;
    if (!d || !engine) return;
    if (d.kind === 'stroke') {
      const events = e.nativeEvent.getCoalescedEvents?.() ?? [];
      for (const ev of events.length > 0 ? events : [e.nativeEvent]) engine.strokeTo(toImage(ev));
    } else if (d.kind === 'rect') {
      d.to = p;
      setGuides({ rect: [d.from, p] });
    } else {
      d.points.push(p);
      setGuides({ lasso: [...d.points] });
    }
  };

  const finish = (e: PointerEvent<HTMLCanvasElement>, commit: boolean) => {
    const d = drag.current;
    drag.current = null;
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
    if (!d || !engine) return;
    if (d.kind === 'stroke') engine.endStroke();
    else if (d.kind === 'rect' && commit) engine.fillRect(d.from, toImage(e), d.erase);
    else if (d.kind === 'lasso' && commit) engine.fillLasso(d.points, d.erase);
    setGuides({ rect: null, lasso: null });
  };

  return (
    <>
      <MaskToolbar tools={tools} size={size} maxSize={maxSize} engine={engine} onChange={setTools} />
      <div className="painter-stage" ref={boxRef}>
        <div className={`painter-box tool-${tools.tool}`} style={{ width: dw, height: dh }}>
          <img src={loupe.assetUrl(first.hash, 'preview')} alt="" draggable={false} />
          <canvas
            ref={canvasRef}
            role="img"
            aria-label={`Mask painter for ${first.name}`}
            aria-describedby="painter-help"
            style={{ opacity: tools.overlay ? tools.opacity / 100 : 0 }}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={(e) => finish(e, true)}
            onPointerCancel={(e) => finish(e, false)}
            onPointerLeave={() => setGuides({ cursor: null })}
          />
          <PainterGuides width={width} height={height} brush={brushTool ? size : null} erase={tools.tool === 'eraser'} />
        </div>
      </div>
      <p id="painter-help" className="painter-help">
        Paint the area to change; everything else is kept. Brush B, eraser E, rectangle R, lasso L (hold Alt with a fill to subtract), [ and ] resize the
        brush, H shows or hides the overlay, Ctrl+Z undoes.
      </p>
      <MaskImport first={first} session={session} />
    </>
  );
}

export function MaskPainter({ first }: { first: TrayItem | null }) {
  return (
    <section className="painter" aria-labelledby="painter-title">
      <h2 id="painter-title" className="section-title">
        Mask {first ? <span className="painter-subtitle">on {first.name}, the first image</span> : null}
      </h2>
      {first ? (
        <Painter key={`${first.hash}:${first.width}x${first.height}`} first={first} />
      ) : (
        <div className="painter-empty">
          <p>Add an image to paint a mask. The mask applies to the first image: paint what should change, and Loupe keeps the rest.</p>
        </div>
      )}
    </section>
  );
}
