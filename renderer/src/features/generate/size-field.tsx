/**
 * Size: a fixed list for older models; presets plus free width × height for GPT Image 2,
 * checked live with the same rules the core applies (sizeProblem).
 */
import { isExperimentalSize, parseSize, type ModelInfo } from '../../../../electron/shared';
import { Field } from '../../ui/field';
import type { Draft } from './draft';

function sizeLabel(size: string): string {
  const dims = parseSize(size);
  if (!dims) return size;
  const shape = dims.width === dims.height ? 'square' : dims.width > dims.height ? 'landscape' : 'portrait';
  return `${size} (${shape})`;
}

interface SizeFieldProps {
  model: ModelInfo;
  draft: Draft;
  size: string;
  problem: string | undefined;
  onChange: (patch: Partial<Draft>) => void;
}

export function SizeField({ model, draft, size, problem, onChange }: SizeFieldProps) {
  const options = model.sizes.kind === 'fixed' ? model.sizes.values : model.sizes.presets;
  const custom = draft.size === 'custom';
  const experimental = !problem && isExperimentalSize(model, size);
  const note =
    model.sizes.kind === 'fixed'
      ? null
      : experimental
        ? 'Above 2560x1440 is experimental on GPT Image 2: results may vary and cost more.'
        : custom
          ? 'Edges in multiples of 16, ratio at most 3:1, 0.66–8.3 megapixels, up to 3840x2160.'
          : null;
  return (
    <div className="size-group">
      <Field id="gen-size" label="Size" error={custom ? null : problem} note={custom ? null : note}>
        {(control) => (
          <select {...control} value={draft.size} onChange={(e) => onChange({ size: e.target.value })}>
            {options.map((s) => (
              <option key={s} value={s}>
                {sizeLabel(s)}
              </option>
            ))}
            <option value="auto">Auto (model decides)</option>
            {model.sizes.kind === 'free' ? <option value="custom">Custom…</option> : null}
          </select>
        )}
      </Field>
      {custom ? (
        <div className="custom-size">
          <div className="field-row">
            <Field id="gen-width" label="Width">
              {(control) => (
                <input
                  {...control}
                  aria-describedby="gen-custom-size-msg"
                  aria-invalid={problem ? true : undefined}
                  type="number"
                  inputMode="numeric"
                  min={16}
                  max={3840}
                  step={16}
                  value={draft.width}
                  onChange={(e) => onChange({ width: e.target.value })}
                />
              )}
            </Field>
            <span className="times" aria-hidden="true">
              ×
            </span>
            <Field id="gen-height" label="Height">
              {(control) => (
                <input
                  {...control}
                  aria-describedby="gen-custom-size-msg"
                  aria-invalid={problem ? true : undefined}
                  type="number"
                  inputMode="numeric"
                  min={16}
                  max={3840}
                  step={16}
                  value={draft.height}
                  onChange={(e) => onChange({ height: e.target.value })}
                />
              )}
            </Field>
          </div>
          <p id="gen-custom-size-msg" className={problem ? 'field-error' : 'field-note'}>
            {problem ?? note}
          </p>
        </div>
      ) : null}
    </div>
  );
}
