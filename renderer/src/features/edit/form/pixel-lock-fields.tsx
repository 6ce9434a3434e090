/**
 * Pixel lock: after a masked edit, Loupe puts the original pixels back outside the mask
 * (the model treats a mask as a suggestion and redraws everything). Feather softens the
 * seam; grow widens the edited area before the seam, in the source's pixels.
 */
import { Field } from '../../../ui/field';
import type { EditDraft } from '../edit-draft';

interface Props {
  draft: EditDraft;
  hasMask: boolean;
  enabled: boolean;
  onChange: (patch: Partial<EditDraft>) => void;
}

export function PixelLockFields({ draft, hasMask, enabled, onChange }: Props) {
  const off = !hasMask || !enabled;
  return (
    <>
      <div className="field">
        <label className="checkbox">
          <input type="checkbox" aria-describedby="edit-lock-note" disabled={!hasMask} checked={enabled} onChange={(e) => onChange({ lock: e.target.checked })} />
          Lock pixels outside the mask
        </label>
        <p id="edit-lock-note" className="field-note">
          {hasMask
            ? 'The model redraws the whole picture even with a mask. Locked, Loupe restores your original pixels outside it and reports what the model changed there; the raw output is kept too.'
            : 'Paint or import a mask to lock everything outside it.'}
        </p>
      </div>
      <div className="field-grid">
        <Field id="edit-feather" label="Feather" aside={`${draft.feather} px`} note="Soft seam width.">
          {(control) => (
            <input
              {...control}
              className="slider"
              type="range"
              min={0}
              max={64}
              disabled={off}
              value={draft.feather}
              aria-valuetext={`${draft.feather} pixels`}
              onChange={(e) => onChange({ feather: Number(e.target.value) })}
            />
          )}
        </Field>
        <Field id="edit-grow" label="Grow" aside={`${draft.grow} px`} note="Widens the edited area.">
          {(control) => (
            <input
              {...control}
              className="slider"
              type="range"
              min={0}
              max={64}
              disabled={off}
              value={draft.grow}
              aria-valuetext={`${draft.grow} pixels`}
              onChange={(e) => onChange({ grow: Number(e.target.value) })}
            />
          )}
        </Field>
      </div>
    </>
  );
}
