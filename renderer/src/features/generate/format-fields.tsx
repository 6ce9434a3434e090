/**
 * Output format, and the settings only one format takes: frames for an animated GIF,
 * the author model for SVG. Only the formats the model offers are listed.
 */
import { GIF_RULES, sizeProblem, type ImageFormat, type ModelInfo } from '../../../../electron/shared';
import { Field } from '../../ui/field';
import { NumberField } from '../../ui/number-field';
import { effectiveSize, type Draft, type SvgEffort } from './draft';
import { gifSquare } from './model-choice';

const FORMAT_LABELS: Record<ImageFormat, string> = { png: 'PNG', jpeg: 'JPEG', webp: 'WebP', gif: 'GIF (animated)', svg: 'SVG (vector)' };
const EFFORTS: readonly SvgEffort[] = ['', 'none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'];
const EFFORT_LABELS: Record<SvgEffort, string> = { '': 'Default', none: 'None', minimal: 'Minimal', low: 'Low', medium: 'Medium', high: 'High', xhigh: 'Extra high', max: 'Max' };

interface Props {
  prefix: string;
  model: ModelInfo;
  draft: Draft;
  issues: Partial<Record<string, string>>;
  onChange: (patch: Partial<Draft>) => void;
}

/** What changing the format changes with it, so the form never holds an impossible pair. */
export function patchForFormat(draft: Draft, model: ModelInfo, outputFormat: ImageFormat): Partial<Draft> {
  const patch: Partial<Draft> = { outputFormat };
  if (outputFormat !== 'png' && outputFormat !== 'webp' && draft.background === 'transparent') patch.background = 'auto';
  if (outputFormat === 'gif') {
    const frames = Number(draft.gifFrames) || GIF_RULES.defaultFrames;
    const size = effectiveSize(draft);
    // A still image's size is usually too big for a GIF's frames: start at the largest square that fits.
    if (size !== 'auto' && sizeProblem(model, size, { format: 'gif', frames })) patch.size = gifSquare(frames);
  }
  return patch;
}

export function FormatField({ prefix, model, draft, issues, onChange }: Props) {
  const note = draft.outputFormat === 'gif' ? 'Animated; frames are smaller than still images.' : draft.outputFormat === 'svg' ? 'A vector drawing, written from a reference image the model renders first.' : null;
  return (
    <Field id={`${prefix}-format`} label="Format" error={issues.outputFormat} note={note}>
      {(control) => (
        <select {...control} value={draft.outputFormat} onChange={(e) => onChange(patchForFormat(draft, model, e.target.value as ImageFormat))}>
          {model.outputFormats.map((f) => (
            <option key={f} value={f}>
              {FORMAT_LABELS[f]}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

function whole(text: string): number | null {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : null;
}

export function GifFields({ prefix, draft, onChange }: Omit<Props, 'model' | 'issues'>) {
  if (draft.outputFormat !== 'gif') return null;
  const frames = whole(draft.gifFrames);
  const ms = whole(draft.gifFrameMs);
  const framesBad = frames === null || frames < GIF_RULES.minFrames || frames > GIF_RULES.maxFrames;
  const msBad = ms === null || ms < GIF_RULES.minFrameMs || ms > GIF_RULES.maxFrameMs;
  const perSecond = !msBad && ms ? Math.round((1000 / ms) * 10) / 10 : null;
  return (
    <div className="field-grid">
      <NumberField
        id={`${prefix}-gif-frames`}
        label="Frames"
        error={framesBad ? `${GIF_RULES.minFrames} to ${GIF_RULES.maxFrames} frames.` : null}
        note={framesBad ? null : `Up to ${gifSquare(frames)} per frame at ${frames} frames.`}
        min={GIF_RULES.minFrames}
        max={GIF_RULES.maxFrames}
        step={1}
        value={draft.gifFrames}
        onChange={(gifFrames) => onChange({ gifFrames })}
      />
      <NumberField
        id={`${prefix}-gif-ms`}
        label="Frame duration (ms)"
        error={msBad ? `At least ${GIF_RULES.minFrameMs} ms.` : null}
        note={perSecond ? `${perSecond} frames a second; rounded to 10 ms.` : null}
        min={GIF_RULES.minFrameMs}
        max={GIF_RULES.maxFrameMs}
        step={GIF_RULES.frameMsStep}
        value={draft.gifFrameMs}
        onChange={(gifFrameMs) => onChange({ gifFrameMs })}
      />
    </div>
  );
}

export function SvgFields({ prefix, draft, issues, onChange }: Omit<Props, 'model'>) {
  if (draft.outputFormat !== 'svg') return null;
  const noModel = draft.svgModel.trim() === '';
  return (
    <div className="field-grid">
      <Field id={`${prefix}-svg-model`} label="SVG author model" error={issues.svg} note="Only for projects with SVG model selection; leave empty otherwise.">
        {(control) => (
          <input {...control} type="text" spellCheck={false} autoComplete="off" placeholder="Project default" value={draft.svgModel} onChange={(e) => onChange({ svgModel: e.target.value })} />
        )}
      </Field>
      <Field id={`${prefix}-svg-effort`} label="Author reasoning" note={noModel ? 'Set an author model first: without one the project default decides.' : 'How long the author model thinks before writing the SVG.'}>
        {(control) => (
          <select {...control} disabled={noModel} value={noModel ? '' : draft.svgEffort} onChange={(e) => onChange({ svgEffort: e.target.value as SvgEffort })}>
            {EFFORTS.map((effort) => (
              <option key={effort} value={effort}>
                {EFFORT_LABELS[effort]}
              </option>
            ))}
          </select>
        )}
      </Field>
    </div>
  );
}
