/**
 * Compare 2–4 images of one picture: side by side, a before/after split, onion skin or a
 * flip on one key, with a difference heat map over the second image, all under one zoom and
 * pan. Used by the comparison lab and by the edit result (source against result).
 *
 * Keys (with the viewer focused): + and − zoom, 0 fits, 1 shows actual pixels, arrows pan,
 * F flips between the pair (switching to Flip), H shows or hides the heat map.
 */
import { useState, type KeyboardEvent } from 'react';
import { MODE_LABELS, type CompareImage, type CompareMode } from './compare-types';
import { useSharedView } from './shared-view';
import { SplitHandle } from './split-handle';
import { ZoomPane, type PaneLayer } from './zoom-pane';
import { ZoomToolbar } from './zoom-toolbar';

export interface CompareViewerProps {
  images: CompareImage[];
  /** Names the whole viewer, e.g. "Comparison of 3 variants". */
  label: string;
  /** The two images (ids) that split, onion skin, flip and the heat map compare. Defaults to the first two. */
  pair?: readonly [string, string];
  onPairChange?: (pair: [string, string]) => void;
  /** Difference heat map of the pair, from the caller (null while it is being made). */
  heatMap?: string | null;
  /** One line under the heat map: what its colours mean, or why there is none. */
  heatMapNote?: string;
  /** Told when the heat map is switched on or off, so the caller can make it only when wanted. */
  onHeatMapChange?: (on: boolean) => void;
  defaultMode?: CompareMode;
  /** The modes offered (all by default). */
  modes?: readonly CompareMode[];
  className?: string;
}

const ALL_MODES: readonly CompareMode[] = ['side', 'split', 'onion', 'flip'];
const MAX_PANES = 4;

export function CompareViewer({ images, label, pair, onPairChange, heatMap, heatMapNote, onHeatMapChange, defaultMode = 'side', modes = ALL_MODES, className }: CompareViewerProps) {
  const reference = images[0] ?? { width: 1, height: 1 };
  const shared = useSharedView({ width: reference.width, height: reference.height });
  const [mode, setMode] = useState<CompareMode>(defaultMode);
  const [ownPair, setOwnPair] = useState<[string, string] | null>(null);
  const [split, setSplit] = useState(50);
  const [opacity, setOpacity] = useState(50);
  const [flipped, setFlipped] = useState(false);
  const [heatOn, setHeatOn] = useState(false);

  const byId = (id: string | undefined) => images.find((im) => im.id === id);
  const wanted = pair ?? ownPair;
  const a = byId(wanted?.[0]) ?? images[0];
  const b = byId(wanted?.[1]) ?? images.find((im) => im !== a) ?? images[0];
  if (!a || !b) return null;

  const choosePair = (next: [string, string]) => {
    setOwnPair(next);
    onPairChange?.(next);
  };
  const toggleHeat = (on: boolean) => {
    setHeatOn(on);
    onHeatMapChange?.(on);
  };
  const flip = () => {
    if (mode !== 'flip') setMode('flip');
    setFlipped((f) => !f);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (shared.handleKey(e)) return;
    if (e.ctrlKey || e.metaKey || e.altKey || (e.target as HTMLElement).tagName === 'INPUT' || (e.target as HTMLElement).tagName === 'SELECT') return;
    if (e.key === 'f' || e.key === 'F') {
      e.preventDefault();
      if (modes.includes('flip')) flip();
    } else if (e.key === 'h' || e.key === 'H') {
      e.preventDefault();
      toggleHeat(!heatOn);
    }
  };

  const heatLayer: PaneLayer[] = heatOn && heatMap ? [{ src: heatMap, alt: `Difference heat map: ${a.label} against ${b.label}`, className: 'heat-layer' }] : [];
  const shownInFlip = flipped ? b : a;

  let stage;
  if (mode === 'side') {
    stage = (
      <div className={`compare-grid panes-${Math.min(images.length, MAX_PANES)}`}>
        {images.slice(0, MAX_PANES).map((im) => (
          <ZoomPane key={im.id} shared={shared} label={im.label} caption={im.label} layers={[{ src: im.src, alt: im.label }, ...(im.id === b.id ? heatLayer : [])]} />
        ))}
      </div>
    );
  } else if (mode === 'split') {
    const clip = { clipPath: `inset(0 0 0 ${split}%)` };
    stage = (
      <ZoomPane
        shared={shared}
        className="single"
        label={`${a.label} on the left, ${b.label} on the right`}
        caption={
          <>
            <span>{a.label}</span>
            <span className="compare-caption-right">{b.label}</span>
          </>
        }
        layers={[{ src: a.src, alt: a.label }, { src: b.src, alt: b.label, style: clip }, ...heatLayer.map((l) => ({ ...l, style: clip }))]}
      >
        <SplitHandle position={split} onChange={setSplit} beforeLabel={a.label} afterLabel={b.label} />
      </ZoomPane>
    );
  } else if (mode === 'onion') {
    stage = (
      <ZoomPane
        shared={shared}
        className="single"
        label={`${b.label} over ${a.label} at ${opacity}% opacity`}
        caption={`${b.label} over ${a.label}`}
        layers={[{ src: a.src, alt: a.label }, { src: b.src, alt: b.label, style: { opacity: opacity / 100 } }, ...heatLayer]}
      />
    );
  } else {
    stage = (
      <ZoomPane
        shared={shared}
        className="single"
        label={`Showing ${shownInFlip.label}`}
        caption={shownInFlip.label}
        layers={[{ src: a.src, alt: a.label, hidden: flipped }, { src: b.src, alt: b.label, hidden: !flipped }, ...(flipped ? heatLayer : [])]}
      />
    );
  }

  return (
    <div className={`compare-viewer ${className ?? ''}`} role="group" aria-label={label} tabIndex={0} onKeyDown={onKeyDown}>
      <div className="compare-bar">
        <div className="toggle-group compare-modes" role="group" aria-label="Comparison mode">
          {modes.map((m) => (
            <button key={m} type="button" aria-pressed={mode === m} onClick={() => setMode(m)}>
              {MODE_LABELS[m]}
            </button>
          ))}
        </div>
        {images.length > 2 ? (
          <div className="compare-pair">
            <label>
              <span>Compare</span>
              <select aria-label="Compare" value={a.id} onChange={(e) => choosePair([e.target.value, b.id === e.target.value ? a.id : b.id])}>
                {images.map((im) => (
                  <option key={im.id} value={im.id}>
                    {im.label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>with</span>
              <select aria-label="with" value={b.id} onChange={(e) => choosePair([a.id === e.target.value ? b.id : a.id, e.target.value])}>
                {images.map((im) => (
                  <option key={im.id} value={im.id}>
                    {im.label}
                  </option>
                ))}
              </select>
            </label>
          </div>
        ) : null}
        {mode === 'onion' ? (
          <label className="compare-opacity">
            <span>Opacity</span>
            <input type="range" min={0} max={100} value={opacity} aria-label={`Opacity of ${b.label}`} onChange={(e) => setOpacity(Number(e.target.value))} />
            <span className="muted">{opacity}%</span>
          </label>
        ) : null}
        {modes.includes('flip') ? (
          <button type="button" className="btn small" title="Flip between the two images (F)" aria-keyshortcuts="F" onClick={flip}>
            Flip
          </button>
        ) : null}
        <button type="button" className="btn small heat-toggle" aria-pressed={heatOn} aria-keyshortcuts="H" title="Where the two differ (H)" onClick={() => toggleHeat(!heatOn)}>
          Heat map
        </button>
        <ZoomToolbar shared={shared} />
      </div>
      {stage}
      <div className="compare-foot">
        <p className="muted compare-hint">Wheel or + − to zoom, drag to pan, 0 to fit, 1 for actual pixels, F to flip, H for the heat map.</p>
        {mode === 'flip' ? (
          <p className="compare-flip-status" aria-live="polite">
            Showing {shownInFlip.label}
          </p>
        ) : null}
        {heatOn ? (
          <p className="compare-heat-note" aria-live="polite">
            {heatMap ? (heatMapNote ?? `Heat map: where ${b.label} differs from ${a.label}.`) : (heatMapNote ?? 'Making the heat map…')}
          </p>
        ) : null}
      </div>
    </div>
  );
}
