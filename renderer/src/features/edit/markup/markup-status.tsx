/**
 * Under the markup layer: whether it is drawn and saved, the core's refusal if any, and
 * recent markups of the same shape to reuse (they load into the layer to be drawn on).
 */
import { useEffect, useState } from 'react';
import type { AppError } from '../../../../../electron/shared';
import { loupe, toAppError } from '../../../bridge/client';
import { ErrorAlert } from '../../../ui/error-alert';
import type { TrayItem } from '../tray-store';
import { markupDirty, refreshRecentMarkups, reuseMarkup, useMarkupState, type MarkupSession } from './markup-store';

function statusText(session: MarkupSession | null): string {
  if (!session) return 'Preparing the painter…';
  if (!session.engine.hasMarks) return 'No markup yet: draw arrows or shapes over the picture.';
  return 'Markup drawn over the first image';
}

function syncText(session: MarkupSession | null): string {
  if (!session || !session.engine.hasMarks) return '';
  if (session.syncing || markupDirty(session)) return 'Saving markup…';
  return session.hash ? 'Markup ready' : '';
}

/** Markups drawn over another shape would be stretched: offer only those within 1% of the first image's. */
function sameShape(a: { width: number; height: number }, b: { width: number; height: number }): boolean {
  return Math.abs(a.width / a.height / (b.width / b.height) - 1) <= 0.01;
}

export function MarkupStatus({ first, session }: { first: TrayItem; session: MarkupSession | null }) {
  const { recent } = useMarkupState();
  const [error, setError] = useState<AppError | null>(null);
  const usable = recent.filter((m) => sameShape(m, first) && m.hash !== session?.hash).slice(0, 8);

  useEffect(() => {
    void refreshRecentMarkups();
  }, []);

  const reuse = async (index: number) => {
    const markup = usable[index];
    if (!markup) return;
    setError(null);
    try {
      await reuseMarkup(markup, first);
    } catch (err) {
      setError(toAppError(err));
    }
  };

  return (
    <div className="mask-import">
      <div className="mask-status">
        <p className="mask-coverage">{statusText(session)}</p>
        <p className="mask-sync" role="status">
          {syncText(session)}
        </p>
      </div>
      {session?.error ? <ErrorAlert error={session.error} /> : null}
      {error ? <ErrorAlert error={error} /> : null}
      {usable.length > 0 ? (
        <details className="recent-masks">
          <summary>Recent markups of this shape ({usable.length})</summary>
          <ul>
            {usable.map((m, i) => (
              <li key={m.hash}>
                <button type="button" className="recent-mask" aria-label={`Use recent markup ${i + 1}: ${m.name}`} onClick={() => void reuse(i)}>
                  <img src={loupe.assetUrl(m.hash, 'thumb')} alt="" className="checker" />
                  <span>{m.width}x{m.height}</span>
                </button>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
