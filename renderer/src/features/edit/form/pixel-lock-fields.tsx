/**
 * Pixel lock: after a masked edit, Loupe puts the original pixels back outside the mask
 * (the model treats a mask as a suggestion and redraws everything). Feather softens the
 * seam; grow widens the edited area before the seam, in the pixels sent to the model
 * (scaled with the picture when the lock is made at the photo's full resolution).
 */
import { SliderField } from '../../../ui/number-field';
import type { EditDraft } from '../edit-draft';

// Both are widths in the source's pixels with the same range, so one control shape serves.
const SLIDERS = [
  { key: 'feather', label: 'Feather', note: 'Soft seam width.' },
  { key: 'grow', label: 'Grow', note: 'Widens the edited area.' },
] as const;

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
        {SLIDERS.map(({ key, label, note }) => (
          <SliderField
            key={key}
            id={`edit-${key}`}
            label={label}
            aside={`${draft[key]} px`}
            note={note}
            min={0}
            max={64}
            disabled={off}
            value={draft[key]}
            valueText={`${draft[key]} pixels`}
            onChange={(px) => onChange({ [key]: px })}
          />
        ))}
      </div>
      <div className="field">
        <label className="checkbox">
          <input
            type="checkbox"
            aria-describedby="edit-lock-resolution-note"
            disabled={off}
            checked={draft.lockResolution === 'original'}
            onChange={(e) => onChange({ lockResolution: e.target.checked ? 'original' : 'sent' })}
          />
          Lock at the photo&apos;s full resolution
        </label>
        <p id="edit-lock-resolution-note" className="field-note">
          Your photo at its own size, with the model&apos;s edit scaled up only inside the mask; off, the locked image is the size sent to the model.
        </p>
      </div>
    </>
  );
}
