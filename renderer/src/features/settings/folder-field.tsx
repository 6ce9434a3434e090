/**
 * A folder as a typed path, with "Choose…" for the native dialog where the host has one
 * (the browser host has none, so the path is typed there). What choosing does is the
 * caller's: the Saving panel saves at once, a project form only fills its draft.
 */
import type { ReactNode } from 'react';
import { Field } from '../../ui/field';

interface FolderFieldProps {
  id: string;
  label: string;
  error: string | undefined;
  note: ReactNode;
  value: string;
  onChange: (value: string) => void;
  canChoose: boolean;
  onChoose: () => Promise<void>;
}

export function FolderField({ id, label, error, note, value, onChange, canChoose, onChoose }: FolderFieldProps) {
  return (
    <Field id={id} label={label} error={error} note={note}>
      {(control) => (
        <div className="input-with-button">
          <input {...control} spellCheck={false} autoComplete="off" value={value} onChange={(e) => onChange(e.target.value)} />
          {canChoose ? (
            <button type="button" className="btn" onClick={() => void onChoose()}>
              Choose…
            </button>
          ) : null}
        </div>
      )}
    </Field>
  );
}
