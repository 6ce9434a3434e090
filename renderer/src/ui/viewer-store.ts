/** Which image the full-size viewer shows, if any: one viewer for the whole app. */
import { createStore } from '../bridge/store';

export interface ViewerImage {
  src: string;
  title: string;
  caption?: string;
}

export const viewerStore = createStore<ViewerImage | null>(null);

export function openViewer(image: ViewerImage): void {
  viewerStore.set(image);
}
