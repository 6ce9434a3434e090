/**
 * The markup painter over the first image: arrows, shapes and pen strokes in a few
 * colours that say where and what to change. Built like the mask painter (a scaled view
 * of a layer kept at the image's oriented size, pointer positions mapped through the
 * canvas's on-screen box), but the view shows the layer's own colours. Its keys work as
 * soon as the pointer is over the picture: nobody should have to click a drawing first
 * to make Ctrl+Z undo it.
 */
import { useEffect, useRef, useState, type PointerEvent } from 'react';
import { loupe } from '../../../bridge/client';
import { inPainterScope, isTextEntry } from '../mask/mask-painter';
import type { TrayItem } from '../tray-store';
import type { MarkupEngine, Point } from './markup-engine';
import { MarkupGuides, setMarkupGuides } from './markup-guides';
import { MarkupStatus } from './markup-status';
import { ensureMarkupSession, useMarkupState } from './markup-store';
import { MarkupToolbar } from './markup-toolbar';
import { COLOURS, defaultLine, markupToolStore, maxLine, stepLine, useMarkupTools, type MarkupTool } from './markup-tools';

const TOOL_KEYS: Record<string, MarkupTool> = { p: 'pen', a: 'arrow', o: 'ellipse', r: 'rect' };

function drawView(view: HTMLCanvasElement, engine: MarkupEngine): void {
  const ctx = view.getContext('2d');
  if (!ctx) return;
  ctx.clearRect(0, 0, view.width, view.height);
  ctx.imageSmoothingQuality = 'medium';
  ctx.drawImage(engine.canvas, 0, 0, view.width, view.height);
}

function Painter({ first }: { first: TrayItem }) {
  const { sessions } = useMarkupState();
  const session = sessions.get(first.hash) ?? null;
  const engine = session?.engine ?? null;
  const [tools, setTools] = useMarkupTools();
  const { width, height } = first;
  const maxSize = maxLine(width, height);
  const size = Math.min(tools.size ?? defaultLine(width, height), maxSize);
  const boxRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const drag = useRef<{ kind: 'pen' } | { kind: 'shape'; from: Point } | null>(null);
  const hover = useRef(false);
  const [box, setBox] = useState({ w: 0, h: 0 });

  useEffect(() => {
    ensureMarkupSession(first);
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
      // Typing in a field always goes to the field, wherever the pointer rests.
      if (!engine || isTextEntry(e.target) || !(hover.current || inPainterScope(e.target))) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      const current = markupToolStore.get();
      const cur = Math.min(current.size ?? defaultLine(width, height), maxSize);
      if (mod && key === 'z') engine[e.shiftKey ? 'redo' : 'undo']();
      else if (mod && key === 'y') engine.redo();
      else if (mod || e.altKey) return;
      else if (e.key === '[' || e.key === ']') markupToolStore.set({ ...current, size: stepLine(cur, e.key === ']', maxSize) });
      else if (TOOL_KEYS[key]) markupToolStore.set({ ...current, tool: TOOL_KEYS[key] });
      else if (/^[1-5]$/.test(e.key)) markupToolStore.set({ ...current, colour: COLOURS[Number(e.key) - 1]!.value });
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
  const ink = { colour: tools.colour, size };

  const onPointerDown = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!engine || e.button !== 0 || drag.current) return;
    e.preventDefault();
    // Focus moves to the picture, as a click on anything else would move it there.
    e.currentTarget.focus({ preventScroll: true });
    e.currentTarget.setPointerCapture(e.pointerId);
    const p = toImage(e);
    if (tools.tool === 'pen') {
      engine.beginStroke(p, ink);
      drag.current = { kind: 'pen' };
    } else {
      drag.current = { kind: 'shape', from: p };
      setMarkupGuides({ shape: { kind: tools.tool, from: p, to: p } });
    }
  };

  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const p = toImage(e);
    setMarkupGuides({ cursor: p });
    const d = drag.current;
    if (!d || !engine) return;
    if (d.kind === 'pen') {
      const events = e.nativeEvent.getCoalescedEvents?.() ?? [];
      for (const ev of events.length > 0 ? events : [e.nativeEvent]) engine.strokeTo(toImage(ev));
    } else if (tools.tool !== 'pen') {
      setMarkupGuides({ shape: { kind: tools.tool, from: d.from, to: p } });
    }
  };

  const finish = (e: PointerEvent<HTMLCanvasElement>, commit: boolean) => {
    const d = drag.current;
    drag.current = null;
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
    setMarkupGuides({ shape: null });
    if (!d || !engine) return;
    if (d.kind === 'pen') engine.endStroke();
    else if (commit && tools.tool !== 'pen') engine.shape(tools.tool, d.from, toImage(e), ink);
  };

  return (
    <>
      <MarkupToolbar tools={tools} size={size} maxSize={maxSize} engine={engine} onChange={setTools} />
      <div className="painter-stage" ref={boxRef}>
        <div className={`painter-box markup-box tool-${tools.tool}`} style={{ width: dw, height: dh }}>
          <img src={loupe.assetUrl(first.hash, 'preview')} alt="" draggable={false} />
          <canvas
            ref={canvasRef}
            role="img"
            tabIndex={0}
            aria-label={`Markup painter for ${first.name}`}
            aria-describedby="markup-help"
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={(e) => finish(e, true)}
            onPointerCancel={(e) => finish(e, false)}
            onPointerEnter={() => (hover.current = true)}
            onPointerLeave={() => {
              hover.current = false;
              setMarkupGuides({ cursor: null });
            }}
          />
          <MarkupGuides width={width} height={height} colour={tools.colour} size={size} pen={tools.tool === 'pen'} />
        </div>
      </div>
      <p id="markup-help" className="painter-help">
        Draw on the picture to show the model where and what to change, and say what in the prompt (&ldquo;replace what is circled in red with…&rdquo;). Pen P, arrow A,
        ellipse O, rectangle R, colours 1–5, [ and ] change the line, Ctrl+Z undoes and Ctrl+Shift+Z redoes while the pointer is over the picture.
      </p>
      <MarkupStatus first={first} session={session} />
    </>
  );
}

export function MarkupPainter({ first }: { first: TrayItem | null }) {
  return (
    <section className="painter" aria-labelledby="markup-title">
      <h2 id="markup-title" className="section-title">
        Markup {first ? <span className="painter-subtitle">on {first.name}, the first image</span> : null}
      </h2>
      {first ? (
        <Painter key={`${first.hash}:${first.width}x${first.height}`} first={first} />
      ) : (
        <div className="painter-empty">
          <p>Add an image to draw a markup. It is drawn over the first image: arrows and shapes showing the model where and what to change.</p>
        </div>
      )}
    </section>
  );
}
