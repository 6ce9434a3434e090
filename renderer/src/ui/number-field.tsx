/**
 * Labelled number controls: a typed box and a slider. Every numeric setting in the forms
 * is one of these, so their wiring (label, note, error, described-by) cannot drift apart.
 */
import type { ReactNode } from 'react';
import { Field } from './field';

interface Common {
  id: string;
  label: string;
  note?: ReactNode;
  error?: string | null;
  aside?: ReactNode;
  min: number;
  max: number;
  step?: number;
  disabled?: boolean;
}

interface NumberFieldProps extends Common {
  /** Kept as the text typed, so a half-typed value is not corrected under the user's fingers. */
  value: string;
  onChange: (value: string) => void;
  /** For a box whose message lives outside its own field (the custom size's shared line). */
  describedBy?: string;
  invalid?: boolean;
}

export function NumberField({ id, label, note, error, aside, min, max, step, disabled, value, onChange, describedBy, invalid }: NumberFieldProps) {
  return (
    <Field id={id} label={label} note={note} error={error} aside={aside}>
      {(control) => (
        <input
          {...control}
          {...(describedBy ? { 'aria-describedby': describedBy, 'aria-invalid': invalid || undefined } : {})}
          type="number"
          inputMode="numeric"
          min={min}
          max={max}
          step={step}
          disabled={disabled}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

interface SliderFieldProps extends Common {
  value: number;
  onChange: (value: number) => void;
  /** What a screen reader says for the value when the bare number is not enough ("8 pixels"). */
  valueText?: string;
}

export function SliderField({ id, label, note, error, aside, min, max, step, disabled, value, onChange, valueText }: SliderFieldProps) {
  return (
    <Field id={id} label={label} note={note} error={error} aside={aside}>
      {(control) => (
        <input
          {...control}
          className="slider"
          type="range"
          min={min}
          max={max}
          step={step}
          disabled={disabled}
          value={value}
          aria-valuetext={valueText}
          onChange={(e) => onChange(Number(e.target.value))}
        />
      )}
    </Field>
  );
}
