/**
 * The markup painter's tool settings, kept across tab switches and images. Line size is
 * in the image's own pixels (what the layer is made of); null means "not chosen yet", so
 * each image starts with a line that is visible at its size.
 */
import { createStore, useStore } from '../../../bridge/store';

export type MarkupTool = 'pen' | 'arrow' | 'ellipse' | 'rect';

/** Colours that stand out on most photographs; the names are what people are told. */
export const COLOURS = [
  { name: 'Red', value: '#ff2a2a' },
  { name: 'Yellow', value: '#ffd400' },
  { name: 'Cyan', value: '#00d5ff' },
  { name: 'White', value: '#ffffff' },
  { name: 'Black', value: '#000000' },
] as const;

export interface MarkupToolState {
  tool: MarkupTool;
  colour: string;
  size: number | null;
}

export const markupToolStore = createStore<MarkupToolState>({ tool: 'arrow', colour: COLOURS[0].value, size: null });

export function useMarkupTools(): [MarkupToolState, (patch: Partial<MarkupToolState>) => void] {
  const tools = useStore(markupToolStore);
  return [tools, (patch) => markupToolStore.set((t) => ({ ...t, ...patch }))];
}

export function defaultLine(width: number, height: number): number {
  return Math.max(3, Math.round(Math.max(width, height) / 160));
}

export function maxLine(width: number, height: number): number {
  return Math.max(16, Math.round(Math.max(width, height) / 20));
}
