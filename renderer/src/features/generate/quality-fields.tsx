/**
 * Quality (how finely the image is rendered) and, on the models that take it,
 * complexity (how much the model plans the picture first). The two top qualities have no
 * published token counts, and the field says so where the choice is made.
 */
import type { ModelInfo } from '../../../../electron/shared';
import { Field } from '../../ui/field';
import type { ComplexityChoice, Draft, Quality } from './draft';
import { QUALITY_LABELS } from './quality-labels';

const COMPLEXITY_LABELS: Record<ComplexityChoice, string> = { '': 'Model default', low: 'Low', medium: 'Medium', high: 'High' };

interface Props {
  /** The form's id prefix ("gen", "edit"). */
  prefix: string;
  model: ModelInfo;
  draft: Draft;
  error: string | undefined;
  onChange: (patch: Partial<Draft>) => void;
}

function qualityNote(q: Quality): string | null {
  if (q === 'auto') return 'The model picks; estimated as medium.';
  if (q === 'xhigh' || q === 'max') return "Token counts for this quality aren't published: the estimate is a guess, and the actual cost is read back after the run.";
  return null;
}

export function QualityField({ prefix, model, draft, error, onChange }: Props) {
  return (
    <Field id={`${prefix}-quality`} label="Quality" error={error} note={qualityNote(draft.quality)}>
      {(control) => (
        <select {...control} value={draft.quality} onChange={(e) => onChange({ quality: e.target.value as Quality })}>
          {model.qualities.map((q) => (
            <option key={q} value={q}>
              {QUALITY_LABELS[q]}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** Shown only for models that take complexity; '' sends nothing, so the model's own default applies. */
export function ComplexityField({ prefix, model, draft, error, onChange }: Props) {
  if (!model.complexity) return null;
  return (
    <Field
      id={`${prefix}-complexity`}
      label="Complexity"
      error={error}
      note="How much the model plans the picture before drawing, separate from quality."
    >
      {(control) => (
        <select {...control} value={draft.complexity} onChange={(e) => onChange({ complexity: e.target.value as ComplexityChoice })}>
          {(Object.keys(COMPLEXITY_LABELS) as ComplexityChoice[]).map((c) => (
            <option key={c} value={c}>
              {COMPLEXITY_LABELS[c]}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
