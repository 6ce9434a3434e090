/**
 * Model choice. Only models OpenAI still runs are offered (and, once a connection test
 * has listed them, only those the key can use); beside the picker: what the model is
 * for, when it shuts down if that is announced, and its notes, which say plainly where
 * Loupe acts on a reading OpenAI has not confirmed. When saved work named a model that
 * has been shut down, the notice says which model is used instead.
 */
import { lifecycleNote, offeredModels, type LifecycleContext, type ModelInfo } from '../../../../electron/shared';
import { Field } from '../../ui/field';

interface ModelFieldProps {
  /** Which endpoint the form sends to: only models that offer it are listed. */
  endpoint?: 'generate' | 'edit';
  id?: string;
  model: ModelInfo;
  available: readonly string[] | null;
  ctx: LifecycleContext;
  /** Why the model was changed for the person (a shut-down model replaced), or null. */
  notice: string | null;
  onDismissNotice: () => void;
  onChange: (model: ModelInfo) => void;
}

/** The notice stays until dismissed or another model is chosen: it explains a change the person did not make. */
export function ModelNotice({ id, notice, onDismiss }: { id: string; notice: string | null; onDismiss: () => void }) {
  return (
    <div id={`${id}-notice`} role="status" className={notice ? 'model-notice' : 'visually-hidden'}>
      {notice ? (
        <>
          <p>{notice}</p>
          <button type="button" className="btn small ghost" onClick={onDismiss} aria-label="Dismiss this notice">
            OK
          </button>
        </>
      ) : null}
    </div>
  );
}

export function ModelField({ endpoint = 'generate', id = 'gen-model', model, available, ctx, notice, onDismissNotice, onChange }: ModelFieldProps) {
  const offered = offeredModels(endpoint, available, ctx);
  // The current model stays listed even when the last test did not name it for this key.
  const models = offered.some((m) => m.id === model.id) ? offered : [model, ...offered];
  const unavailable = available !== null && !available.includes(model.id);
  const lifecycle = lifecycleNote(model, ctx);
  return (
    <>
      <ModelNotice id={id} notice={notice} onDismiss={onDismissNotice} />
      <Field
        id={id}
        label="Model"
        className="model-field"
        note={
          <>
            <span className="model-purpose">{model.purpose}</span>
            {lifecycle ? <span className="warn-text note-line">{lifecycle}</span> : null}
            {unavailable ? <span className="warn-text note-line">The last connection test did not list {model.label} for this key; requests may fail.</span> : null}
          </>
        }
      >
        {(control) => (
          <select
            {...control}
            value={model.id}
            onChange={(e) => {
              const next = models.find((m) => m.id === e.target.value);
              if (next) onChange(next);
            }}
          >
            {models.map((m) => (
              <option key={m.id} value={m.id}>
                {optionLabel(m, available, ctx)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <details className="model-notes">
        <summary>About {model.label}</summary>
        <ul aria-label={`Notes on ${model.label}`}>
          {model.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
          <li className="muted">
            Capabilities and prices as checked on {model.checked}.
          </li>
        </ul>
      </details>
    </>
  );
}

function optionLabel(m: ModelInfo, available: readonly string[] | null, ctx: LifecycleContext): string {
  if (available !== null && !available.includes(m.id)) return `${m.label} (not available to your key)`;
  return lifecycleNote(m, ctx) ? `${m.label} (deprecated)` : m.label;
}
