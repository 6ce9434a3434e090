/**
 * The mask painter over the first image, on the shared zoomable stage (canvas/). The
 * painting lives at the image's original size, so at any zoom a stroke lands on the
 * source pixels under the pointer; coalesced events plus interpolation keep fast strokes
 * continuous.
 */
import { useEffect, useRef, type PointerEvent } from 'react';
import { PainterStage, type PainterInput } from '../canvas/painter-stage';
import type { TrayItem } from '../tray-store';
import type { Point } from './mask-engine';
import { MaskImport } from './mask-import';
import { ensureSession, useMaskState } from './mask-store';
import { MaskToolbar } from './mask-toolbar';
import { PainterGuides, setGuides } from './painter-guides';
import { defaultBrush, maxBrush, toolStore, useTools, type Tool } from './tool-store';

/** Magenta: rare in skin, sky and foliage, so the painted area stands out on most photographs. */
const TINT = 'rgb(255, 40, 200)';

const TOOL_KEYS: Record<string, Tool> = { b: 'brush', e: 'eraser', r: 'rect', l: 'lasso' };

type Drag = { kind: 'stroke' } | { kind: 'rect'; from: Point; erase: boolean } | { kind: 'lasso'; points: Point[]; erase: boolean };

function Painter({ first }: { first: TrayItem }) {
  const { sessions } = useMaskState();
  const session = sessions.get(first.hash) ?? null;
  const engine = session?.engine ?? null;
  const [tools, setTools] = useTools();
  const { width, height } = first;
  const maxSize = maxBrush(width, height);
  const size = Math.min(tools.size ?? defaultBrush(width, height), maxSize);
  const drag = useRef<Drag | null>(null);

  useEffect(() => {
    ensureSession(first);
  }, [first]);

  const brushTool = tools.tool === 'brush' || tools.tool === 'eraser';

  const input: PainterInput = {
    down(p, e: PointerEvent<HTMLCanvasElement>) {
      if (!engine) return false;
      if (brushTool) {
        engine.beginStroke(p, { size, hardness: tools.hardness / 100, erase: tools.tool === 'eraser' });
        drag.current = { kind: 'stroke' };
      } else if (tools.tool === 'rect') {
        drag.current = { kind: 'rect', from: p, erase: e.altKey };
        setGuides({ rect: [p, p] });
      } else {
        drag.current = { kind: 'lasso', points: [p], erase: e.altKey };
        setGuides({ lasso: [p] });
      }
      return true;
    },
    move(points, p) {
      const d = drag.current;
      if (!d || !engine) return;
      if (d.kind === 'stroke') for (const q of points) engine.strokeTo(q);
      else if (d.kind === 'rect') setGuides({ rect: [d.from, p] });
      else {
        d.points.push(p);
        setGuides({ lasso: [...d.points] });
      }
    },
    up(p, commit) {
      const d = drag.current;
      drag.current = null;
      setGuides({ rect: null, lasso: null });
      if (!d || !engine) return;
      if (d.kind === 'stroke') engine.endStroke();
      else if (d.kind === 'rect' && commit) engine.fillRect(d.from, p, d.erase);
      else if (d.kind === 'lasso' && commit) engine.fillLasso(d.points, d.erase);
    },
    hover(p) {
      setGuides({ cursor: p });
    },
  };

  const onKey = (e: KeyboardEvent): boolean => {
    const key = e.key.toLowerCase();
    const current = toolStore.get();
    if (TOOL_KEYS[key]) toolStore.set({ ...current, tool: TOOL_KEYS[key] });
    else if (key === 'h') toolStore.set({ ...current, overlay: !current.overlay });
    else return false;
    return true;
  };

  return (
    <>
      <MaskToolbar tools={tools} size={size} maxSize={maxSize} engine={engine} onChange={setTools} />
      <PainterStage
        first={first}
        layer={engine}
        label={`Mask painter for ${first.name}`}
        describedBy="painter-help"
        className={`tool-${tools.tool}`}
        tint={TINT}
        opacity={tools.overlay ? tools.opacity / 100 : 0}
        input={input}
        size={{ value: size, max: maxSize, set: (n) => setTools({ size: n }) }}
        onKey={onKey}
        guides={<PainterGuides brush={brushTool ? size : null} erase={tools.tool === 'eraser'} />}
      />
      <p id="painter-help" className="painter-help">
        Paint the area to change; everything else is kept. Brush B, eraser E, rectangle R, lasso L (hold Alt with a fill to subtract), [ and ] resize the
        brush, H shows or hides the overlay, Ctrl+Z undoes. Wheel or + and − zoom, Shift+1 fits, Shift+0 shows 100%; hold Space or the middle button and
        drag to move around.
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
