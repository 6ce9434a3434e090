/**
 * One zoom and pan shared by every pane of a comparison: whatever moves one pane moves all
 * of them (synchronised zoom, and a flip or split that keeps the view locked).
 */
import { useCallback, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { actualPixels, FIT, panBy, zoomAt, ZOOM_STEP, type Size, type ViewTransform } from './view-transform';

export interface SharedView {
  view: ViewTransform;
  /** The reference image (the first of the comparison): 100% means its pixels. */
  reference: Size;
  setView: (update: (v: ViewTransform) => ViewTransform) => void;
  /** Size of the panes, as last measured (keyboard and buttons zoom around their centre). */
  paneSize: { current: Size };
  /** The same size as state, for what shows it (the zoom readout of a fitted view). */
  pane: Size;
  /** Panes report their size here when it changes. */
  reportPaneSize(size: Size): void;
  zoomIn(): void;
  zoomOut(): void;
  fit(): void;
  actual(): void;
  /** Handles + = - 0 1 and the arrow keys; returns whether the key was used. */
  handleKey(e: KeyboardEvent): boolean;
}

/** Keys typed into a field belong to the field, never to the viewer. */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

const PAN_STEP = 60;

export function useSharedView(reference: Size): SharedView {
  const [view, setViewState] = useState<ViewTransform>(FIT);
  const paneSize = useRef<Size>({ width: 0, height: 0 });
  const [pane, setPane] = useState<Size>({ width: 0, height: 0 });
  const reportPaneSize = useCallback((size: Size) => {
    paneSize.current = size;
    setPane((p) => (p.width === size.width && p.height === size.height ? p : size));
  }, []);
  const setView = useCallback((update: (v: ViewTransform) => ViewTransform) => setViewState(update), []);
  const { width, height } = reference;

  return useMemo(() => {
    const ref = { width, height };
    const zoomIn = () => setViewState((v) => zoomAt(v, paneSize.current, ref, ZOOM_STEP));
    const zoomOut = () => setViewState((v) => zoomAt(v, paneSize.current, ref, 1 / ZOOM_STEP));
    const fit = () => setViewState(FIT);
    const actual = () => setViewState((v) => actualPixels(v, paneSize.current, ref));
    const pan = (dx: number, dy: number) => setViewState((v) => panBy(v, paneSize.current, ref, dx, dy));
    const handleKey = (e: KeyboardEvent): boolean => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return false;
      const action: Record<string, () => void> = {
        '+': zoomIn,
        '=': zoomIn,
        '-': zoomOut,
        _: zoomOut,
        '0': fit,
        '1': actual,
        ArrowLeft: () => pan(PAN_STEP, 0),
        ArrowRight: () => pan(-PAN_STEP, 0),
        ArrowUp: () => pan(0, PAN_STEP),
        ArrowDown: () => pan(0, -PAN_STEP),
      };
      const run = action[e.key];
      if (!run) return false;
      e.preventDefault();
      run();
      return true;
    };
    return { view, reference: ref, setView, paneSize, pane, reportPaneSize, zoomIn, zoomOut, fit, actual, handleKey };
  }, [view, width, height, setView, pane, reportPaneSize]);
}
