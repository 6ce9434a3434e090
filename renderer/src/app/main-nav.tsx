/**
 * The main views as an ARIA tab list (arrow keys move between tabs), so their names
 * never clash with buttons such as Generate's own "Generate".
 */
import { useRef, type DragEvent, type KeyboardEvent } from 'react';
import { carriesOutput, dropOutput } from '../features/edit/from-output';
import { carriesKitAsset, dropKitAsset } from '../features/kits/kit-edit';
import { VIEW_LABELS, VIEWS, type View } from './navigation';

export const PANEL_ID = 'main-panel';

/** Hovering a dragged output over the Edit tab opens it, like a spring-loaded folder. */
const SPRING_MS = 600;

export function MainNav({ view, onNavigate }: { view: View; onNavigate: (view: View) => void }) {
  const refs = useRef<Partial<Record<View, HTMLButtonElement | null>>>({});
  const spring = useRef<ReturnType<typeof setTimeout> | null>(null);

  const cancelSpring = () => {
    if (spring.current) clearTimeout(spring.current);
    spring.current = null;
  };
  // Outputs dragged from Generate or History, and kit assets from Kits, can be dropped on the Edit tab itself, or held there to open Edit.
  const editDrop = {
    onDragOver: (e: DragEvent) => {
      if (!carriesOutput(e.dataTransfer) && !carriesKitAsset(e.dataTransfer)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
      if (!spring.current && view !== 'edit') spring.current = setTimeout(() => ((spring.current = null), onNavigate('edit')), SPRING_MS);
    },
    onDragLeave: cancelSpring,
    onDrop: (e: DragEvent) => {
      cancelSpring();
      if (carriesKitAsset(e.dataTransfer)) {
        e.preventDefault();
        dropKitAsset(e.dataTransfer, null);
        onNavigate('edit');
        return;
      }
      if (!carriesOutput(e.dataTransfer)) return;
      e.preventDefault();
      void dropOutput(e.dataTransfer, null);
      onNavigate('edit');
    },
  };

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
            {...(v === 'edit' ? editDrop : {})}
          >
            {VIEW_LABELS[v]}
          </button>
        ))}
      </div>
    </nav>
  );
}
