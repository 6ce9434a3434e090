/** Zoom out / in, Fit and 100% buttons with the current zoom, for a SharedView. */
import type { SharedView } from './shared-view';
import { resolve, zoomLabel } from './view-transform';

export function ZoomToolbar({ shared }: { shared: SharedView }) {
  const shown = resolve(shared.view, shared.pane, shared.reference);
  return (
    <div className="toggle-group zoom-toolbar" role="group" aria-label="Zoom">
      <button type="button" aria-label="Zoom out" title="Zoom out (−)" onClick={shared.zoomOut}>
        −
      </button>
      <output className="zoom-readout" aria-label="Zoom level">
        {zoomLabel(shown.scale)}
      </output>
      <button type="button" aria-label="Zoom in" title="Zoom in (+)" onClick={shared.zoomIn}>
        +
      </button>
      <button type="button" aria-pressed={shared.view.fit} title="Fit to the pane (0)" onClick={shared.fit}>
        Fit
      </button>
      <button type="button" aria-pressed={!shared.view.fit && shared.view.scale === 1} title="Actual pixels (1)" onClick={shared.actual}>
        100%
      </button>
    </div>
  );
}
