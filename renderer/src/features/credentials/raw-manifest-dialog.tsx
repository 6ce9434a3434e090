/** The manifest store as the validator reports it (JSON), in a modal dialog: Escape or Close returns. */
import { useEffect, useRef, useState } from 'react';
import type { AppError } from '../../../../electron/shared';
import { call, toAppError } from '../../bridge/client';
import { ErrorAlert } from '../../ui/error-alert';

export function RawManifestDialog({ hash, title, onClose }: { hash: string; title: string; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [json, setJson] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  useEffect(() => {
    ref.current?.showModal();
    let live = true;
    call('rawCredentials', { hash })
      .then((r) => live && setJson(JSON.stringify(JSON.parse(r.json), null, 2)))
      .catch((err: unknown) => live && setError(toAppError(err)));
    return () => {
      live = false;
    };
  }, [hash]);

  return (
    <dialog ref={ref} className="confirm raw-manifest" aria-labelledby="raw-manifest-title" onClose={onClose}>
      <form method="dialog" onSubmit={(e) => (e.preventDefault(), ref.current?.close())}>
        <h2 id="raw-manifest-title">Raw manifest: {title}</h2>
        {error ? <ErrorAlert error={error} offerSettings={false} /> : null}
        {json === null && !error ? <p className="muted">Reading the manifest…</p> : null}
        {json !== null ? (
          <pre className="raw-manifest-json" tabIndex={0} aria-label="Manifest store as JSON">
            {json}
          </pre>
        ) : null}
        <div className="confirm-actions">
          <button type="submit" className="btn primary">
            Close
          </button>
        </div>
      </form>
    </dialog>
  );
}
