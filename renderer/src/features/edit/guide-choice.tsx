/**
 * "Guide the edit with: Mask | Markup | Nothing". A mask says where the model may change
 * pixels; a markup (arrows, shapes, scribbles over the first image) says where and what
 * to change; the API takes one or the other, never both (§3.2). Both layers are kept
 * while switching, and the sentence under the choice says which one will be sent.
 * Models without markup get no choice, and are told which models have it.
 */
import type { ModelInfo } from '../../../../electron/shared';
import type { Guide } from './edit-draft';

const OPTIONS: { value: Guide; label: string; note: string }[] = [
  { value: 'mask', label: 'Mask', note: 'Paint the area the model may change; pixel lock keeps everything else exactly.' },
  { value: 'markup', label: 'Markup', note: 'Draw arrows and shapes over the picture, and say in the prompt what they mean. Sent instead of a mask.' },
  { value: 'none', label: 'Nothing', note: 'Only the prompt and the images are sent: the model decides what to change.' },
];

interface Props {
  model: ModelInfo;
  guide: Guide;
  /** Which layers hold something, so the note can say what is kept but not sent. */
  painted: { mask: boolean; markup: boolean };
  onChange: (guide: Guide) => void;
}

export function GuideChoice({ model, guide, painted, onChange }: Props) {
  if (!model.markup) {
    return (
      <div className="guide-choice">
        <p className="guide-note">Guide the edit with a mask. Markup needs GPT Image 2.5 or 2.6.</p>
      </div>
    );
  }
  const chosen = OPTIONS.find((o) => o.value === guide) ?? OPTIONS[0]!;
  const kept = [guide !== 'mask' && painted.mask ? 'mask' : null, guide !== 'markup' && painted.markup ? 'markup' : null].filter(Boolean);
  return (
    <div className="guide-choice">
      <span id="guide-label" className="guide-label">
        Guide the edit with
      </span>
      <div className="segmented" role="radiogroup" aria-labelledby="guide-label" aria-describedby="guide-note">
        {OPTIONS.map((o) => (
          <label key={o.value} className={`segment ${guide === o.value ? 'is-on' : ''}`}>
            <input type="radio" name="edit-guide" value={o.value} checked={guide === o.value} onChange={() => onChange(o.value)} />
            {o.label}
          </label>
        ))}
      </div>
      <p id="guide-note" className="guide-note">
        {chosen.note}
        {kept.length > 0 ? ` Your ${kept.join(' and ')} ${kept.length > 1 ? 'are' : 'is'} kept here but not sent.` : ''}
      </p>
    </div>
  );
}
