/**
 * A modal that shows one image large: fitted to the window, or at actual pixels to inspect
 * detail. Native <dialog> gives focus trapping and Escape for free.
 */
import { useEffect, useRef, useState } from 'react';
import { useStore } from '../bridge/store';
import { viewerStore } from './viewer-store';

export function ImageViewer() {
  const image = useStore(viewerStore);
  const ref = useRef<HTMLDialogElement>(null);
  const [actual, setActual] = useState(false);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (image && !dialog.open) {
      setActual(false);
      dialog.showModal();
    } else if (!image && dialog.open) {
      dialog.close();
    }
  }, [image]);

  return (
    <dialog ref={ref} className="viewer" aria-label="Image viewer" onClose={() => viewerStore.set(null)}>
      {image ? (
        <>
          <div className="viewer-bar">
            <p className="viewer-title">{image.caption ?? ''}</p>
            <button type="button" className="btn small" onClick={() => setActual((a) => !a)}>
              {actual ? 'Fit to window' : 'Actual pixels'}
            </button>
            <button type="button" className="btn small" onClick={() => viewerStore.set(null)}>
              Close
            </button>
          </div>
          <div className={`viewer-stage ${actual ? 'actual' : 'fit'}`}>
            <img className="checker" src={image.src} alt={`Enlarged: ${image.title}`} />
          </div>
        </>
      ) : null}
    </dialog>
  );
}
