/**
 * Under the painting: how much of the image the mask lets the model change, whether it
 * is saved, a mask file to import (alpha PNG as is, black and white converted), and
 * recent masks of the same shape to reuse. An imported mask lands in the painting, so
 * the brush can refine it.
 */
import { useEffect, useState, type ChangeEvent } from 'react';
import type { AppError } from '../../../../../electron/shared';
import { loupe, toAppError } from '../../../bridge/client';
import { ErrorAlert } from '../../../ui/error-alert';
import type { TrayItem } from '../tray-store';
import { dirty, importMaskFile, refreshRecentMasks, reuseMask, useMaskState, type MaskSession } from './mask-store';

export function formatShare(share: number): string {
  const pct = share * 100;
  if (pct > 0 && pct < 0.1) return 'under 0.1%';
  return `${pct < 10 ? pct.toFixed(1).replace(/\.0$/, '') : Math.round(pct)}%`;
}

function coverage(session: MaskSession | null): string {
  if (!session) return 'Preparing the painter…';
  const share = dirty(session) || session.share === null ? session.engine.editedShare : session.share;
  if (share === 0) return 'No mask yet: without one the model may change the whole image.';
  return `Mask covers ${formatShare(share)} of the image`;
}

function syncText(session: MaskSession | null): string {
  if (!session || session.engine.editedShare === 0) return '';
  if (session.syncing || dirty(session)) return 'Saving mask…';
  return session.hash ? 'Mask ready' : '';
}

/** Masks made for another shape would be stretched: offer only those within 1% of the first image's. */
function sameShape(a: { width: number; height: number }, b: { width: number; height: number }): boolean {
  return Math.abs(a.width / a.height / (b.width / b.height) - 1) <= 0.01;
}

export function MaskImport({ first, session }: { first: TrayItem; session: MaskSession | null }) {
  const { recent } = useMaskState();
  const [invert, setInvert] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const usable = recent.filter((m) => sameShape(m, first) && m.hash !== session?.hash).slice(0, 8);

  useEffect(() => {
    void refreshRecentMasks();
  }, []);

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      await importMaskFile(file, first, invert);
    } catch (err) {
      setError(toAppError(err));
    } finally {
      setBusy(false);
    }
  };

  const reuse = async (index: number) => {
    const mask = usable[index];
    if (!mask) return;
    setError(null);
    try {
      await reuseMask(mask, first);
    } catch (err) {
      setError(toAppError(err));
    }
  };

  return (
    <div className="mask-import">
      <div className="mask-status">
        <p className="mask-coverage">{coverage(session)}</p>
        <p className="mask-sync" role="status">
          {syncText(session)}
        </p>
      </div>
      {session?.error ? <ErrorAlert error={session.error} /> : null}
      <div className="mask-import-row">
        <input id="mask-file" className="visually-hidden" type="file" accept="image/*,.tif,.tiff" aria-describedby="mask-file-note" onChange={(e) => void onFile(e)} disabled={busy} />
        <label htmlFor="mask-file" className={`btn small file-button ${busy ? 'is-busy' : ''}`}>
          Import mask
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={invert} onChange={(e) => setInvert(e.target.checked)} />
          Invert imported mask
        </label>
        <p id="mask-file-note" className="field-note">
          A PNG with transparency is used as is; a black-and-white image is converted (black = edit). Same proportions as the first image.
        </p>
      </div>
      {error ? <ErrorAlert error={error} /> : null}
      {usable.length > 0 ? (
        <details className="recent-masks">
          <summary>Recent masks of this shape ({usable.length})</summary>
          <ul>
            {usable.map((m, i) => (
              <li key={m.hash}>
                <button type="button" className="recent-mask" aria-label={`Use recent mask ${i + 1}: ${m.name || 'a painted mask'}, covers ${formatShare(m.editedShare)}`} onClick={() => void reuse(i)}>
                  <img src={loupe.assetUrl(m.hash, 'thumb')} alt="" className="checker" />
                  <span>{formatShare(m.editedShare)}</span>
                </button>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
