/** The main views and a context to move between them from anywhere (e.g. an error's "Open Settings"). */
import { createContext, useContext } from 'react';

export const VIEWS = ['generate', 'edit', 'batch', 'history', 'kits', 'costs', 'settings'] as const;
export type View = (typeof VIEWS)[number];

export const VIEW_LABELS: Record<View, string> = { generate: 'Generate', edit: 'Edit', batch: 'Batch', history: 'History', kits: 'Kits', costs: 'Costs', settings: 'Settings' };

export const NavigationContext = createContext<(view: View) => void>(() => {});

export function useNavigate(): (view: View) => void {
  return useContext(NavigationContext);
}

export function viewFromHash(hash: string): View | null {
  const name = hash.replace(/^#\/?/, '');
  return (VIEWS as readonly string[]).includes(name) ? (name as View) : null;
}
