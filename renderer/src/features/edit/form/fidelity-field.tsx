/**
 * Input fidelity: how much of the inputs' detail the model keeps. A choice only where
 * the model takes one; GPT Image 2.x always works at high fidelity and must not be sent
 * the field, and mini does not take it, so those say so instead of offering a control.
 */
import { HIGH_FIDELITY_OTHER, HIGH_FIDELITY_SQUARE, type ModelInfo } from '../../../../../electron/shared';
import { formatInt } from '../../../ui/format';

interface Props {
  model: ModelInfo;
  value: 'low' | 'high';
  onChange: (value: 'low' | 'high') => void;
}

export function FidelityField({ model, value, onChange }: Props) {
  if (model.inputFidelity !== 'choice') {
    return (
      <div className="field">
        <p className="field-label-text">Input fidelity</p>
        <p className="field-note">
          {model.inputFidelity === 'always-high'
            ? `${model.label} always keeps inputs at high fidelity, so Loupe does not send the setting (and the estimate counts it).`
            : `${model.label} does not take input fidelity: inputs are processed at its standard detail.`}
        </p>
      </div>
    );
  }
  const surcharge = `${formatInt(HIGH_FIDELITY_SQUARE)}–${formatInt(HIGH_FIDELITY_OTHER)}`;
  return (
    <div className="field">
      <p id="edit-fidelity-label" className="field-label-text">
        Input fidelity
      </p>
      <div role="radiogroup" aria-labelledby="edit-fidelity-label" aria-describedby="edit-fidelity-note" className="segmented">
        {(['low', 'high'] as const).map((v) => (
          <label key={v} className={value === v ? 'is-on' : ''}>
            <input type="radio" name="edit-fidelity" value={v} checked={value === v} onChange={() => onChange(v)} />
            {v === 'low' ? 'Low' : 'High'}
          </label>
        ))}
      </div>
      <p id="edit-fidelity-note" className="field-note">
        {value === 'high'
          ? `Keeps faces, logos and products closer to the originals; adds about ${surcharge} input tokens per image.`
          : 'Cheaper; fine when inputs are references for style or content. Choose High to keep faces and logos.'}
      </p>
    </div>
  );
}
