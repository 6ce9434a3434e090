/** One variant of the setup dialog: model, quality, complexity, guide and pixel lock, each limited to what the model and the source allow. */
import { findModel, type ModelInfo } from '../../../../electron/shared';
import type { SetupRequest } from './lab-store';
import { fitVariant, type VariantDraft } from './variants';

const COMPLEXITIES = ['low', 'medium', 'high'] as const;
const QUALITY_NAMES: Record<string, string> = { low: 'Low', medium: 'Medium', high: 'High', xhigh: 'Extra high', max: 'Max', auto: 'Auto' };

interface Props {
  index: number;
  name: string;
  variant: VariantDraft;
  offered: readonly ModelInfo[];
  guides: SetupRequest['guides'];
  /** The estimate of this variant, once known. */
  cost: string | null;
  onChange: (v: VariantDraft) => void;
  onRemove: (() => void) | null;
}

export function VariantRow({ index, name, variant, offered, guides, cost, onChange, onRemove }: Props) {
  const model = findModel(variant.model);
  const id = `variant-${index}`;
  const set = (patch: Partial<VariantDraft>) => onChange(fitVariant({ ...variant, ...patch }, guides));
  return (
    <fieldset className="variant-row">
      <legend>
        Variant {name}
        {cost ? <span className="variant-cost"> · {cost}</span> : null}
      </legend>
      <label className="variant-field" htmlFor={`${id}-model`}>
        <span>Model</span>
        <select id={`${id}-model`} aria-label={`Variant ${name} model`} value={variant.model} onChange={(e) => set({ model: e.target.value })}>
          {offered.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label}
            </option>
          ))}
        </select>
      </label>
      <label className="variant-field" htmlFor={`${id}-quality`}>
        <span>Quality</span>
        <select id={`${id}-quality`} aria-label={`Variant ${name} quality`} value={variant.quality} onChange={(e) => set({ quality: e.target.value as VariantDraft['quality'] })}>
          {(model?.qualities ?? []).map((q) => (
            <option key={q} value={q}>
              {QUALITY_NAMES[q] ?? q}
            </option>
          ))}
        </select>
      </label>
      <label className="variant-field" htmlFor={`${id}-complexity`}>
        <span>Complexity</span>
        <select
          id={`${id}-complexity`}
          aria-label={`Variant ${name} complexity`}
          value={variant.complexity ?? ''}
          disabled={!model?.complexity}
          title={model?.complexity ? undefined : `${model?.label ?? 'This model'} does not take complexity.`}
          onChange={(e) => set({ complexity: (e.target.value || undefined) as VariantDraft['complexity'] })}
        >
          <option value="">Model default</option>
          {COMPLEXITIES.map((c) => (
            <option key={c} value={c}>
              {QUALITY_NAMES[c]}
            </option>
          ))}
        </select>
      </label>
      <label className="variant-field" htmlFor={`${id}-guide`}>
        <span>Guide</span>
        <select id={`${id}-guide`} aria-label={`Variant ${name} guide`} value={variant.guide} onChange={(e) => set({ guide: e.target.value as VariantDraft['guide'] })}>
          <option value="mask" disabled={!guides.mask}>
            Mask{guides.mask ? '' : ' (none painted)'}
          </option>
          <option value="markup" disabled={!guides.markup || !model?.markup}>
            Markup{!guides.markup ? ' (none drawn)' : !model?.markup ? ' (not on this model)' : ''}
          </option>
          <option value="none">Nothing</option>
        </select>
      </label>
      <label className="checkbox variant-lock" title={variant.guide === 'mask' ? 'Paste your original pixels back outside the mask' : 'Pixel lock needs a mask'}>
        <input type="checkbox" checked={variant.pixelLock} disabled={variant.guide !== 'mask'} onChange={(e) => set({ pixelLock: e.target.checked })} aria-label={`Variant ${name} pixel lock`} />
        Pixel lock
      </label>
      {onRemove ? (
        <button type="button" className="btn small ghost variant-remove" aria-label={`Remove variant ${name}`} onClick={onRemove}>
          Remove
        </button>
      ) : null}
    </fieldset>
  );
}
