/** "Test connection": which image models this key can use, and how fast the endpoint answers. */
import { useState } from 'react';
import { findModel, isShutDown, lifecycleNote, type AppError, type ConnectionResult } from '../../../../electron/shared';
import { call, toAppError } from '../../bridge/client';
import { reloadSettings, useSettings } from '../../bridge/settings-store';
import { ErrorAlert } from '../../ui/error-alert';
import { formatInt, plural } from '../../ui/format';
import { lifecycleOf } from '../generate/model-choice';

export function ConnectionTest({ keySet, endpoint }: { keySet: boolean; endpoint: string }) {
  const [result, setResult] = useState<ConnectionResult | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const { settings } = useSettings();
  // The key may still list a model OpenAI has retired: say so, so nobody wonders why it is not offered.
  const stateOf = (id: string) => {
    const m = findModel(id);
    return m ? lifecycleNote(m, lifecycleOf(settings)) : null;
  };
  const retired = (result?.imageModels ?? []).filter((m) => isShutDown(m.id, lifecycleOf(settings)) && m.known).length;
  const usable = (result?.imageModels.length ?? 0) - retired;

  const test = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await call('testConnection', {}));
      // The core records the models it saw; pick them up for Generate's default and marks.
      await reloadSettings();
    } catch (err) {
      setError(toAppError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="connection-test">
      <div className="button-row">
        <button type="button" className="btn" onClick={() => void test()} disabled={busy || !keySet} aria-describedby={keySet ? undefined : 'test-needs-key'}>
          Test connection
        </button>
        {busy ? <span className="muted">Asking {endpoint}…</span> : null}
        {!keySet ? (
          <span id="test-needs-key" className="field-note">
            Save a key first.
          </span>
        ) : null}
      </div>
      {error ? <ErrorAlert error={error} offerSettings={false} /> : null}
      {result ? (
        <div className="test-result">
          <p className="status-ok">
            Connected in {formatInt(result.latencyMs)} ms.{' '}
            {result.imageModels.length === 0
              ? 'This key cannot use any image model.'
              : `This key can use ${plural(usable, 'image model')}${retired > 0 ? `; the API still lists ${plural(retired, 'model')} OpenAI has shut down` : ''}:`}
          </p>
          {result.imageModels.length > 0 ? (
            <ul className="model-list" aria-label="Image models for this key">
              {result.imageModels.map((m) => (
                <li key={m.id}>
                  {m.known ? (
                    <>
                      <span>{m.label}</span> <code>{m.id}</code>
                      {m.id === result.defaultModel ? <span className="badge">default</span> : null}
                      {stateOf(m.id) ? <span className="muted"> — {stateOf(m.id)}</span> : null}
                    </>
                  ) : (
                    <>
                      <code>{m.id}</code> <span className="muted">— not yet supported by this version</span>
                    </>
                  )}
                </li>
              ))}
            </ul>
          ) : null}
          <p className="field-note">
            {result.otherModelCount > 0 ? `${plural(result.otherModelCount, 'other model')} (not image models) also listed. ` : ''}
            {result.requestId ? (
              <>
                Request ID <code>{result.requestId}</code>
              </>
            ) : null}
          </p>
        </div>
      ) : null}
    </div>
  );
}
