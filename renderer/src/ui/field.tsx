/**
 * A labelled control with its note (why something is disabled or what it costs) and its
 * validation error, both wired to the control through aria-describedby so screen readers
 * read them with it.
 */
import type { ReactNode } from 'react';

export interface ControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
}

interface FieldProps {
  id: string;
  label: string;
  note?: ReactNode;
  error?: string | null;
  /** Shown at the label's right, e.g. a slider's current value. */
  aside?: ReactNode;
  className?: string;
  children: (control: ControlProps) => ReactNode;
}

export function Field({ id, label, note, error, aside, className, children }: FieldProps) {
  const noteId = note ? `${id}-note` : null;
  const errorId = error ? `${id}-error` : null;
  const describedBy = [errorId, noteId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${className ?? ''}`}>
      <div className="field-head">
        <label htmlFor={id}>{label}</label>
        {aside ? <span className="field-aside">{aside}</span> : null}
      </div>
      {children({ id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined })}
      {error ? (
        <p id={errorId!} className="field-error">
          {error}
        </p>
      ) : null}
      {note ? (
        <p id={noteId!} className="field-note">
          {note}
        </p>
      ) : null}
    </div>
  );
}
