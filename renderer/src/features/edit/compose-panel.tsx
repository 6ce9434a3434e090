/**
 * Compose: two to four tray photos combined into one picture that becomes the primary
 * input. The model keeps only the first image with the most detail, so when an edit
 * must keep several faces, OpenAI's cookbook advises putting them into one image first.
 */
import { useState } from 'react';
import type { AppError } from '../../../../electron/shared';
import { call, toAppError } from '../../bridge/client';
import { ErrorAlert } from '../../ui/error-alert';
import { clearSelection, insertItems, trayItemFromAsset, type TrayItem } from './tray-store';

interface Props {
  items: readonly TrayItem[];
  selected: ReadonlySet<string>;
  /** Called with the composite just before it goes first in the tray (so the tray can focus it). */
  onComposed: (item: TrayItem) => void;
}

export function ComposePanel({ items, selected, onComposed }: Props) {
  const [layout, setLayout] = useState<'row' | 'grid'>('row');
  const [background, setBackground] = useState('#ffffff');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  // In tray order, so the composite reads in the order the user arranged.
  const chosen = items.filter((i) => selected.has(i.hash));
  const reason = chosen.length < 2 ? 'Tick 2 to 4 photos above (“Compose”).' : chosen.length > 4 ? 'Compose takes at most 4 photos.' : null;

  const compose = async () => {
    setBusy(true);
    setError(null);
    try {
      const asset = await call('compose', { hashes: chosen.map((i) => i.hash), layout, background });
      const item = trayItemFromAsset(asset);
      onComposed(item);
      insertItems([item], 0);
      clearSelection();
    } catch (err) {
      setError(toAppError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <fieldset className="compose-panel">
      <legend>Compose</legend>
      <p className="field-note">
        Keeping several faces? Only the first image gets the most detail, so combine their photos into one primary image, as OpenAI's cookbook advises. The
        composite goes first; the photos stay in the tray (remove them to save tokens).
      </p>
      <div className="compose-row">
        <div role="radiogroup" aria-label="Layout" className="segmented">
          <label className={layout === 'row' ? 'is-on' : ''}>
            <input type="radio" name="compose-layout" value="row" checked={layout === 'row'} onChange={() => setLayout('row')} />
            Side by side
          </label>
          <label className={layout === 'grid' ? 'is-on' : ''}>
            <input type="radio" name="compose-layout" value="grid" checked={layout === 'grid'} onChange={() => setLayout('grid')} />
            Grid
          </label>
        </div>
        <label className="color-field">
          <input type="color" value={background} onChange={(e) => setBackground(e.target.value)} aria-label="Background" />
          <span aria-hidden="true">Background</span>
        </label>
      </div>
      <button type="button" className="btn small" disabled={reason !== null || busy} aria-busy={busy || undefined} aria-describedby="compose-reason" onClick={() => void compose()}>
        Compose
      </button>
      <p id="compose-reason" className="field-note">
        {busy ? 'Composing…' : (reason ?? `${chosen.length} photos selected: ${chosen.map((i) => i.name).join(', ')}.`)}
      </p>
      {error ? <ErrorAlert error={error} /> : null}
    </fieldset>
  );
}
