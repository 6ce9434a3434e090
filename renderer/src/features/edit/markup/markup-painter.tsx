/**
 * The markup painter over the first image: arrows, shapes and pen strokes in a few
 * colours that say where and what to change. It shares the mask painter's zoomable stage
 * (canvas/), so the layer is kept at the image's oriented size and pointer positions map
 * to its pixels at any zoom; the view shows the layer's own colours.
 */
import { useEffect, useRef } from 'react';
import { PainterStage, type PainterInput } from '../canvas/painter-stage';
import type { TrayItem } from '../tray-store';
import type { Point } from './markup-engine';
import { MarkupGuides, setMarkupGuides } from './markup-guides';
import { MarkupStatus } from './markup-status';
import { ensureMarkupSession, useMarkupState } from './markup-store';
import { MarkupToolbar } from './markup-toolbar';
import { COLOURS, defaultLine, markupToolStore, maxLine, useMarkupTools, type MarkupTool } from './markup-tools';

const TOOL_KEYS: Record<string, MarkupTool> = { p: 'pen', a: 'arrow', o: 'ellipse', r: 'rect' };

function Painter({ first }: { first: TrayItem }) {
  const { sessions } = useMarkupState();
  const session = sessions.get(first.hash) ?? null;
  const engine = session?.engine ?? null;
  const [tools, setTools] = useMarkupTools();
  const { width, height } = first;
  const maxSize = maxLine(width, height);
  const size = Math.min(tools.size ?? defaultLine(width, height), maxSize);
  const drag = useRef<{ kind: 'pen' } | { kind: 'shape'; from: Point } | null>(null);

  useEffect(() => {
    ensureMarkupSession(first);
  }, [first]);

  const ink = { colour: tools.colour, size };

  const input: PainterInput = {
    down(p) {
      if (!engine) return false;
      if (tools.tool === 'pen') {
        engine.beginStroke(p, ink);
        drag.current = { kind: 'pen' };
      } else {
        drag.current = { kind: 'shape', from: p };
        setMarkupGuides({ shape: { kind: tools.tool, from: p, to: p } });
      }
      return true;
    },
    move(points, p) {
      const d = drag.current;
      if (!d || !engine) return;
      if (d.kind === 'pen') for (const q of points) engine.strokeTo(q);
      else if (tools.tool !== 'pen') setMarkupGuides({ shape: { kind: tools.tool, from: d.from, to: p } });
    },
    up(p, commit) {
      const d = drag.current;
      drag.current = null;
      setMarkupGuides({ shape: null });
      if (!d || !engine) return;
      if (d.kind === 'pen') engine.endStroke();
      else if (commit && tools.tool !== 'pen') engine.shape(tools.tool, d.from, p, ink);
    },
    hover(p) {
      setMarkupGuides({ cursor: p });
    },
  };

  const onKey = (e: KeyboardEvent): boolean => {
    const key = e.key.toLowerCase();
    const current = markupToolStore.get();
    if (TOOL_KEYS[key]) markupToolStore.set({ ...current, tool: TOOL_KEYS[key] });
    else if (/^[1-5]$/.test(e.key)) markupToolStore.set({ ...current, colour: COLOURS[Number(e.key) - 1]!.value });
    else return false;
    return true;
  };

  return (
    <>
      <MarkupToolbar tools={tools} size={size} maxSize={maxSize} engine={engine} onChange={setTools} />
      <PainterStage
        first={first}
        layer={engine}
        label={`Markup painter for ${first.name}`}
        describedBy="markup-help"
        className={`markup-box tool-${tools.tool}`}
        tint={null}
        opacity={1}
        input={input}
        size={{ value: size, max: maxSize, set: (n) => setTools({ size: n }) }}
        onKey={onKey}
        guides={<MarkupGuides colour={tools.colour} size={size} pen={tools.tool === 'pen'} />}
      />
      <p id="markup-help" className="painter-help">
        Draw on the picture to show the model where and what to change, and say what in the prompt (&ldquo;replace what is circled in red with…&rdquo;). Pen P, arrow A,
        ellipse O, rectangle R, colours 1–5, [ and ] change the line, Ctrl+Z undoes and Ctrl+Shift+Z redoes. Wheel or + and − zoom, Shift+1 fits, Shift+0
        shows 100%; hold Space or the middle button and drag to move around.
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
