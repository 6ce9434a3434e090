/**
 * Model choice. Every catalogued model that can generate is listed; ones the key cannot use
 * (per the last connection test) stay selectable but are marked, because the list may be
 * stale and the user may know better.
 */
import { MODELS, type ModelInfo } from '../../../../electron/shared';
import { Field } from '../../ui/field';

const GENERATORS = MODELS.filter((m) => m.endpoints.generate);

interface ModelFieldProps {
  model: ModelInfo;
  available: readonly string[] | null;
  onChange: (model: ModelInfo) => void;
}

export function ModelField({ model, available, onChange }: ModelFieldProps) {
  const unavailable = available !== null && !available.includes(model.id);
  return (
    <Field
      id="gen-model"
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
            const next = GENERATORS.find((m) => m.id === e.target.value);
            if (next) onChange(next);
          }}
        >
          {GENERATORS.map((m) => (
            <option key={m.id} value={m.id}>
              {available !== null && !available.includes(m.id) ? `${m.label} (not available to your key)` : m.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
