/**
 * Model choice. Every catalogued model that can do the view's job (generate or edit) is listed; ones the key cannot use
 * (per the last connection test) stay selectable but are marked, because the list may be
 * stale and the user may know better.
 */
import { MODELS, type ModelInfo } from '../../../../electron/shared';
import { Field } from '../../ui/field';

interface ModelFieldProps {
  /** Which endpoint the form sends to: only models that offer it are listed. */
  endpoint?: 'generate' | 'edit';
  id?: string;
  model: ModelInfo;
  available: readonly string[] | null;
  onChange: (model: ModelInfo) => void;
}

export function ModelField({ endpoint = 'generate', id = 'gen-model', model, available, onChange }: ModelFieldProps) {
  const models = MODELS.filter((m) => m.endpoints[endpoint]);
  const unavailable = available !== null && !available.includes(model.id);
  return (
    <Field
      id={id}
      label="Model"
      note={
        <>
          {unavailable ? (
            <span className="warn-text">The last connection test did not list {model.label} for this key; requests may fail. </span>
          ) : null}
          {model.notes.map((note) => (
            <span key={note} className="note-line">
              {note}
            </span>
          ))}
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
              {available !== null && !available.includes(m.id) ? `${m.label} (not available to your key)` : m.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
