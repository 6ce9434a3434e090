/**
 * Format, compression, background, moderation and streaming. A control the model or the
 * other choices rule out is disabled and says why right beside it.
 */
import { canStream, type ModelInfo } from '../../../../electron/shared';
import { Field } from '../../ui/field';
import { NumberField, SliderField } from '../../ui/number-field';
import type { Background, Draft, Moderation } from './draft';
import { FormatField, GifFields, SvgFields } from './format-fields';

interface Props {
  /** The form's id prefix ("gen", "edit"). */
  prefix: string;
  model: ModelInfo;
  draft: Draft;
  onChange: (patch: Partial<Draft>) => void;
}

/** Why compression is off for this format, or null when it applies. */
function compressionOff(format: Draft['outputFormat']): string | null {
  if (format === 'png') return 'JPEG and WebP only: PNG is lossless.';
  if (format === 'gif') return 'JPEG and WebP only: animated GIFs take no custom compression.';
  if (format === 'svg') return 'JPEG and WebP only: an SVG is a drawing, not pixels.';
  return null;
}

/** Why the picture cannot be transparent, or a caution, or null. */
function backgroundNote(model: ModelInfo, draft: Draft): string | null {
  const f = draft.outputFormat;
  if (f === 'jpeg' || f === 'gif' || f === 'svg') return `Transparent is off: ${f === 'jpeg' ? 'JPEG' : f.toUpperCase()} output cannot be transparent here, choose PNG or WebP.`;
  if (!model.transparentBackground) return `${model.label} cannot make transparent backgrounds.`;
  if (draft.background === 'transparent' && model.transparentBackground === 'preview') return `Transparent backgrounds are a preview on ${model.label}.`;
  return null;
}

export function OutputFields({ prefix, model, draft, issues, onChange }: Props & { issues: Partial<Record<string, string>> }) {
  const off = compressionOff(draft.outputFormat);
  const opaqueOnly = draft.outputFormat !== 'png' && draft.outputFormat !== 'webp';
  return (
    <>
      <div className="field-grid">
        <FormatField prefix={prefix} model={model} draft={draft} issues={issues} onChange={onChange} />
        <SliderField
          id={`${prefix}-compression`}
          label="Compression"
          aside={off ? 'off' : `${draft.compression}%`}
          error={issues.outputCompression}
          note={off ?? 'Lower makes smaller files.'}
          min={0}
          max={100}
          step={1}
          disabled={off !== null}
          value={draft.compression}
          onChange={(compression) => onChange({ compression })}
        />
      </div>
      <GifFields prefix={prefix} draft={draft} onChange={onChange} />
      <SvgFields prefix={prefix} draft={draft} issues={issues} onChange={onChange} />
      <div className="field-grid">
        <Field id={`${prefix}-background`} label="Background" error={issues.background} note={backgroundNote(model, draft)}>
          {(control) => (
            <select {...control} value={draft.background} onChange={(e) => onChange({ background: e.target.value as Background })}>
              <option value="auto">Auto</option>
              <option value="opaque">Opaque</option>
              <option value="transparent" disabled={opaqueOnly || !model.transparentBackground}>
                Transparent
              </option>
            </select>
          )}
        </Field>
        <Field
          id={`${prefix}-moderation`}
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

/** Why nothing can stream with these settings, or null when it can. */
function noStream(model: ModelInfo, draft: Draft): string | null {
  if (draft.outputFormat === 'gif') return 'Animated GIFs do not stream.';
  if (draft.outputFormat === 'svg') return 'SVG output does not stream.';
  return model.streaming ? null : `${model.label} does not stream.`;
}

export function StreamFields({ prefix, model, draft, issues, onChange }: Props & { issues: Partial<Record<string, string>> }) {
  const reason = noStream(model, draft);
  const streaming = draft.stream && canStream(model, draft.outputFormat);
  return (
    <div className="field-grid">
      <div className="field checkbox-field">
        <label className="checkbox">
          <input
            type="checkbox"
            aria-describedby={`${prefix}-stream-note`}
            disabled={reason !== null}
            checked={streaming}
            onChange={(e) => onChange({ stream: e.target.checked })}
          />
          Stream previews
        </label>
        <p id={`${prefix}-stream-note`} className="field-note">
          {reason ?? 'Watch images form while the model works.'}
        </p>
      </div>
      <NumberField
        id={`${prefix}-partials`}
        label="Partial images"
        error={streaming ? issues.partialImages : null}
        note={streaming ? '0–3; each adds 100 output tokens per image.' : (reason ?? 'Turn on Stream previews to get partial images.')}
        min={0}
        max={3}
        step={1}
        disabled={!streaming}
        value={streaming ? draft.partialImages : '0'}
        onChange={(partialImages) => onChange({ partialImages })}
      />
    </div>
  );
}
