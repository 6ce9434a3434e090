/**
 * Quality, format, compression, background, moderation and streaming. A control the model
 * or the other choices rule out is disabled and says why right beside it.
 */
import type { ModelInfo } from '../../../../electron/shared';
import { Field } from '../../ui/field';
import { NumberField, SliderField } from '../../ui/number-field';
import type { Background, Draft, Moderation, OutputFormat, Quality } from './draft';

const QUALITY_LABELS: Record<Quality, string> = { low: 'Low', medium: 'Medium', high: 'High', xhigh: 'Extra high', max: 'Max', auto: 'Auto' };

interface Props {
  model: ModelInfo;
  draft: Draft;
  onChange: (patch: Partial<Draft>) => void;
}

export function QualityField({ model, draft, error, onChange }: Props & { error: string | undefined }) {
  return (
    <Field id="gen-quality" label="Quality" error={error} note={draft.quality === 'auto' ? 'The model picks; estimated as medium.' : null}>
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

export function OutputFields({ model, draft, issues, onChange }: Props & { issues: Partial<Record<string, string>> }) {
  const png = draft.outputFormat === 'png';
  const jpeg = draft.outputFormat === 'jpeg';
  const backgroundNote = jpeg
    ? 'Transparent is off: JPEG cannot be transparent, choose PNG or WebP.'
    : !model.transparentBackground
      ? `${model.label} cannot make transparent backgrounds.`
      : draft.background === 'transparent' && model.transparentBackground === 'preview'
        ? `Transparent backgrounds are a preview on ${model.label}.`
        : null;

  return (
    <>
      <div className="field-grid">
        <Field id="gen-format" label="Format" error={issues.outputFormat}>
          {(control) => (
            <select
              {...control}
              value={draft.outputFormat}
              onChange={(e) => {
                const outputFormat = e.target.value as OutputFormat;
                // Keep the form valid instead of leaving an impossible pair selected.
                onChange(outputFormat === 'jpeg' && draft.background === 'transparent' ? { outputFormat, background: 'auto' } : { outputFormat });
              }}
            >
              <option value="png">PNG</option>
              <option value="jpeg">JPEG</option>
              <option value="webp">WebP</option>
            </select>
          )}
        </Field>
        <SliderField
          id="gen-compression"
          label="Compression"
          aside={png ? 'off' : `${draft.compression}%`}
          error={issues.outputCompression}
          note={png ? 'JPEG and WebP only: PNG is lossless.' : 'Lower makes smaller files.'}
          min={0}
          max={100}
          step={1}
          disabled={png}
          value={draft.compression}
          onChange={(compression) => onChange({ compression })}
        />
      </div>
      <div className="field-grid">
        <Field id="gen-background" label="Background" error={issues.background} note={backgroundNote}>
          {(control) => (
            <select {...control} value={draft.background} onChange={(e) => onChange({ background: e.target.value as Background })}>
              <option value="auto">Auto</option>
              <option value="opaque">Opaque</option>
              <option value="transparent" disabled={jpeg || !model.transparentBackground}>
                Transparent
              </option>
            </select>
          )}
        </Field>
        <Field
          id="gen-moderation"
          label="Moderation"
          error={issues.moderation}
          note={model.moderation ? (draft.moderation === 'low' ? 'Less restrictive filtering.' : null) : `${model.label} does not take a moderation level.`}
        >
          {(control) => (
            <select
              {...control}
              disabled={!model.moderation}
              value={draft.moderation}
              onChange={(e) => onChange({ moderation: e.target.value as Moderation })}
            >
              <option value="auto">Auto</option>
              <option value="low">Low</option>
            </select>
          )}
        </Field>
      </div>
    </>
  );
}

export function StreamFields({ model, draft, issues, onChange }: Props & { issues: Partial<Record<string, string>> }) {
  return (
    <div className="field-grid">
      <div className="field checkbox-field">
        <label className="checkbox">
          <input
            type="checkbox"
            aria-describedby="gen-stream-note"
            disabled={!model.streaming}
            checked={draft.stream && model.streaming}
            onChange={(e) => onChange({ stream: e.target.checked })}
          />
          Stream previews
        </label>
        <p id="gen-stream-note" className="field-note">
          {model.streaming ? 'Watch images form while the model works.' : `${model.label} does not stream.`}
        </p>
      </div>
      <NumberField
        id="gen-partials"
        label="Partial images"
        error={issues.partialImages}
        note={draft.stream ? '0–3; each adds 100 output tokens per image.' : 'Turn on Stream previews to get partial images.'}
        min={0}
        max={3}
        step={1}
        disabled={!draft.stream}
        value={draft.stream ? draft.partialImages : '0'}
        onChange={(partialImages) => onChange({ partialImages })}
      />
    </div>
  );
}
