/**
 * The pieces Generate and Edit frame their settings with: the missing-key banner, the
 * prompt, the image size and count, and the submit button with why it is disabled. Both
 * forms send output parameters of the same shape, so they ask for them the same way.
 */
import type { ModelInfo } from '../../../../electron/shared';
import { useSettings } from '../../bridge/settings-store';
import { useNavigate } from '../../app/navigation';
import { Field } from '../../ui/field';
import { NumberField } from '../../ui/number-field';
import type { Draft } from './draft';
import { ComplexityField, QualityField } from './quality-fields';
import { SizeField } from './size-field';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** Shown until a key is saved: without one nothing can be sent. */
export function KeyBanner({ verb }: { verb: string }) {
  const { settings } = useSettings();
  const navigate = useNavigate();
  if (!settings || settings.key.set) return null;
  return (
    <div className="banner">
      <p>Loupe needs your OpenAI API key before it can {verb}.</p>
      <button type="button" className="btn small" onClick={() => navigate('settings')}>
        Add key in Settings
      </button>
    </div>
  );
}

interface PromptFieldProps {
  id: string;
  /** What Ctrl/⌘+Enter does, for the hint beside the label ("generate", "run"). */
  action: string;
  rows: number;
  placeholder: string;
  value: string;
  error: string | undefined;
  onChange: (prompt: string) => void;
}

/** An empty prompt is said once, by the submit button's reason, not as a field error too. */
export function PromptField({ id, action, rows, placeholder, value, error, onChange }: PromptFieldProps) {
  return (
    <Field
      id={id}
      label="Prompt"
      className="prompt-field"
      error={value.trim() === '' ? null : error}
      aside={
        <span className="kbd-hint">
          {isMac ? '⌘' : 'Ctrl'}+Enter to {action}
        </span>
      }
    >
      {(control) => <textarea {...control} rows={rows} placeholder={placeholder} value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}

interface SizeCountFieldsProps {
  /** The form's id prefix ("gen", "edit"). */
  prefix: string;
  model: ModelInfo;
  draft: Draft;
  size: string;
  issues: Partial<Record<string, string>>;
  onChange: (patch: Partial<Draft>) => void;
}

/** Size, quality, complexity and how many images: what decides most of the cost and the wait. */
export function SizeCountFields({ prefix, model, draft, size, issues, onChange }: SizeCountFieldsProps) {
  const svg = draft.outputFormat === 'svg';
  return (
    <>
      <SizeField model={model} draft={draft} size={size} problem={issues.size} onChange={onChange} />
      <div className="field-grid">
        <QualityField prefix={prefix} model={model} draft={draft} error={issues.quality} onChange={onChange} />
        <ComplexityField prefix={prefix} model={model} draft={draft} error={issues.complexity} onChange={onChange} />
        <NumberField
          id={`${prefix}-n`}
          label="Images"
          error={svg ? null : issues.n}
          note={svg ? 'SVG output makes one image per request.' : `1 to ${model.maxN} per request.`}
          min={1}
          max={svg ? 1 : model.maxN}
          disabled={svg}
          value={svg ? '1' : draft.n}
          onChange={(n) => onChange({ n })}
        />
      </div>
    </>
  );
}

interface SubmitRowProps {
  /** The id of the reason line, which the button points at while it is disabled. */
  reasonId: string;
  label: string;
  reason: string | null;
  disabled: boolean;
  submitting: boolean;
}

export function SubmitRow({ reasonId, label, reason, disabled, submitting }: SubmitRowProps) {
  return (
    <div className="submit-row">
      <button type="submit" className="btn primary wide" disabled={disabled || submitting} aria-describedby={reason ? reasonId : undefined} aria-busy={submitting || undefined}>
        {label}
      </button>
      {reason ? (
        <p id={reasonId} className="submit-reason">
          {reason}
        </p>
      ) : null}
    </div>
  );
}
