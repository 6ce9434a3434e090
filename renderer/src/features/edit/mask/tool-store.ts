/**
 * The painter's tool settings, kept across tab switches and images. Brush size is in the
 * image's own pixels (what the mask is made of); null means "not chosen yet", so each
 * image starts with a brush that suits its size.
 */
import { createStore, useStore } from '../../../bridge/store';

export type Tool = 'brush' | 'eraser' | 'rect' | 'lasso';

export interface ToolState {
  tool: Tool;
  size: number | null;
  /** 0..100 */
  hardness: number;
  /** 0..100 */
  opacity: number;
  overlay: boolean;
}

export const toolStore = createStore<ToolState>({ tool: 'brush', size: null, hardness: 70, opacity: 55, overlay: true });

export function useTools(): [ToolState, (patch: Partial<ToolState>) => void] {
  const tools = useStore(toolStore);
  return [tools, (patch) => toolStore.set((t) => ({ ...t, ...patch }))];
}

export function defaultBrush(width: number, height: number): number {
  return Math.max(4, Math.round(Math.max(width, height) / 24));
}

export function maxBrush(width: number, height: number): number {
  return Math.max(32, Math.round(Math.max(width, height) / 3));
}
