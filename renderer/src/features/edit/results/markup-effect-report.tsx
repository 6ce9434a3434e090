/**
 * Whether the model followed the markup, per image of a markup edit: the colour change
 * under and around the marks against the change elsewhere. Markup on some models is only
 * reported by third parties, and some API relays drop the part without an error, so an
 * edit that ignored it is said plainly, as a warning, with what to do next.
 */
import type { JobView, MarkupEffect } from '../../../../../electron/shared';

/** Under this share of visibly changed pixels the marked areas were left as they were. */
const BARELY = 0.05;

function pct(share: number): string {
  const p = share * 100;
  return p > 0 && p < 1 ? `${p.toFixed(1)}%` : `${Math.round(p)}%`;
}

function ratioText(ratio: number): string {
  return ratio >= 100 ? 'over 100×' : `${ratio.toFixed(1)}×`;
}

export function markupFigures(e: MarkupEffect): string {
  return `Under and around the marks: mean ΔE ${e.marked.meanDeltaE.toFixed(1)}, ${pct(e.marked.changedShare)} of pixels changed. Elsewhere: mean ΔE ${e.elsewhere.meanDeltaE.toFixed(1)}, ${pct(e.elsewhere.changedShare)}.`;
}

export function MarkupEffectReport({ effect, label }: { effect: MarkupEffect; label?: string }) {
  const prefix = label ? `${label}: ` : '';
  if (effect.verdict === 'took-effect') {
    return (
      <div className="markup-effect took-effect">
        <p className="markup-effect-verdict">
          {prefix}Markup took effect: the marked areas changed {ratioText(effect.ratio)} more than elsewhere.
        </p>
        <p className="markup-effect-figures">{markupFigures(effect)}</p>
      </div>
    );
  }
  // Said the way the figures show it: marks left alone, or a picture redrawn all alike.
  const lead =
    effect.verdict === 'weak'
      ? `The marked areas changed only ${ratioText(effect.ratio)} more than elsewhere — the model may have partly ignored the markup`
      : effect.marked.changedShare < BARELY
        ? 'The marked areas barely changed — the model may have ignored the markup'
        : `The marked areas changed no more than the rest of the picture (${ratioText(effect.ratio)}) — the model may have ignored the markup`;
  return (
    <div className={`markup-effect ${effect.verdict}`} role="alert">
      <p className="markup-effect-verdict">
        {prefix}
        {lead} (some API relays drop it). Try again or use a mask.
      </p>
      <p className="markup-effect-figures">{markupFigures(effect)}</p>
    </div>
  );
}

/** The check for every image of a job that has one (markup edits); nothing for other jobs. */
export function MarkupEffectNotes({ job }: { job: JobView }) {
  const checked = job.outputs.filter((o) => o.markupEffect !== null).sort((a, b) => a.index - b.index);
  if (checked.length === 0) return null;
  const many = job.params.n > 1;
  return (
    <section className="markup-effects" aria-label={`Markup check of job #${job.id}`}>
      {checked.map((o) => (
        <MarkupEffectReport key={o.id} effect={o.markupEffect!} label={many ? `Image ${o.index + 1}` : undefined} />
      ))}
    </section>
  );
}
