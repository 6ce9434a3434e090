/**
 * Size: a fixed list for older models; presets plus free width × height for GPT Image 2.x,
 * checked live with the same rules the core applies (sizeProblem).
 */
import { GIF_RULES, isExperimentalSize, parseSize, sizeProblem, type ModelInfo } from '../../../../electron/shared';
import { Field } from '../../ui/field';
import { NumberField } from '../../ui/number-field';
import type { Draft } from './draft';
import { gifSquare } from './model-choice';

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

interface EdgeFieldProps {
  edge: 'width' | 'height';
  value: string;
  problem: string | undefined;
  onChange: (patch: Partial<Draft>) => void;
}

/** One edge of a custom size; both share the one message line below them, which covers the pair. */
function EdgeField({ edge, value, problem, onChange }: EdgeFieldProps) {
  return (
    <NumberField
      id={`gen-${edge}`}
      label={edge === 'width' ? 'Width' : 'Height'}
      describedBy="gen-custom-size-msg"
      invalid={!!problem}
      min={16}
      max={3840}
      step={16}
      value={value}
      onChange={(v) => onChange({ [edge]: v })}
    />
  );
}

/** The sizes to list: the model's, or for an animated GIF those its frames allow, led by the largest square. */
function sizeOptions(model: ModelInfo, draft: Draft): readonly string[] {
  const all = model.sizes.kind === 'fixed' ? model.sizes.values : model.sizes.presets;
  if (draft.outputFormat !== 'gif') return all;
  const frames = Number(draft.gifFrames) || GIF_RULES.defaultFrames;
  const fitting = all.filter((s) => !sizeProblem(model, s, { format: 'gif', frames }));
  const square = gifSquare(frames);
  const list = fitting.includes(square) ? fitting : [square, ...fitting];
  // A size chosen for more frames stays listed, so the select can show it with its problem.
  return draft.size !== 'auto' && draft.size !== 'custom' && !list.includes(draft.size) ? [...list, draft.size] : list;
}

export function SizeField({ model, draft, size, problem, onChange }: SizeFieldProps) {
  const options = sizeOptions(model, draft);
  const custom = draft.size === 'custom';
  const experimental = !problem && isExperimentalSize(model, size);
  const note =
    model.sizes.kind === 'fixed'
      ? null
      : experimental
        ? `Above 2560x1440 is experimental on ${model.label}: results may vary and cost more.`
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
            <EdgeField edge="width" value={draft.width} problem={problem} onChange={onChange} />
            <span className="times" aria-hidden="true">
              ×
            </span>
            <EdgeField edge="height" value={draft.height} problem={problem} onChange={onChange} />
          </div>
          <p id="gen-custom-size-msg" className={problem ? 'field-error' : 'field-note'}>
            {problem ?? note}
          </p>
        </div>
      ) : null}
    </div>
  );
}
