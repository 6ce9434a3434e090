/**
 * Comparison components. `CompareViewer` is the whole thing (2–4 images, modes, heat map,
 * zoom); the parts are exported for a view that needs only one of them, e.g. a single
 * zoomable pane (`ZoomPane` + `useSharedView` + `ZoomToolbar`) or a split (`SplitHandle`).
 */
export { CompareViewer, type CompareViewerProps } from './compare-viewer';
export { MODE_LABELS, type CompareImage, type CompareMode } from './compare-types';
export { useSharedView, isTyping, type SharedView } from './shared-view';
export { SplitHandle } from './split-handle';
export { ZoomPane, type PaneLayer } from './zoom-pane';
export { ZoomToolbar } from './zoom-toolbar';
export * from './view-transform';
