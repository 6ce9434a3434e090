/**
 * The three main views as an ARIA tab list (arrow keys move between tabs), so their names
 * never clash with buttons such as Generate's own "Generate".
 */
import { useRef, type KeyboardEvent } from 'react';
import { VIEW_LABELS, VIEWS, type View } from './navigation';

export const PANEL_ID = 'main-panel';

export function MainNav({ view, onNavigate }: { view: View; onNavigate: (view: View) => void }) {
  const refs = useRef<Partial<Record<View, HTMLButtonElement | null>>>({});

  const onKeyDown = (e: KeyboardEvent) => {
    const i = VIEWS.indexOf(view);
    const next =
      e.key === 'ArrowRight' ? VIEWS[(i + 1) % VIEWS.length] : e.key === 'ArrowLeft' ? VIEWS[(i + VIEWS.length - 1) % VIEWS.length] : e.key === 'Home' ? VIEWS[0] : e.key === 'End' ? VIEWS[VIEWS.length - 1] : null;
    if (!next) return;
    e.preventDefault();
    onNavigate(next);
    refs.current[next]?.focus();
  };

  return (
    <nav aria-label="Main" className="main-nav">
      <div role="tablist" aria-label="Main views" onKeyDown={onKeyDown}>
        {VIEWS.map((v) => (
          <button
            key={v}
            ref={(el) => {
              refs.current[v] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${v}`}
            aria-selected={v === view}
            aria-controls={PANEL_ID}
            tabIndex={v === view ? 0 : -1}
            className="tab"
            onClick={() => onNavigate(v)}
          >
            {VIEW_LABELS[v]}
          </button>
        ))}
      </div>
    </nav>
  );
}
