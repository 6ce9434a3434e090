/**
 * After a markup edit's image arrives: did the model follow the marks? Some relays drop
 * the `markup` part without an error, and the result then looks like a plain edit. The
 * measurement is images/markup-effect's (colour change under and around the marks vs
 * elsewhere, output aligned to the first image as sent); this turns it into the record
 * kept with the output. A check that fails costs the image nothing: it is logged and the
 * output has no verdict.
 */
import type { MarkupEffect } from '../../shared';
import { markupEffect } from '../images/markup-effect';

export interface MarkupCheckSpec {
  /** The first image exactly as it was sent. */
  source: Buffer;
  /** The markup exactly as it was sent (same size as `source`). */
  markup: Buffer;
}

/** JSON has no Infinity: a ratio over an unchanged background is reported as this. */
const MAX_RATIO = 999;

export async function checkMarkupEffect(output: Buffer, spec: MarkupCheckSpec, log: (message: string) => void): Promise<MarkupEffect | null> {
  try {
    const r = await markupEffect(spec.source, output, spec.markup);
    return {
      marked: { meanDeltaE: r.marked.meanDeltaE, changedShare: r.marked.changedShare },
      elsewhere: { meanDeltaE: r.elsewhere.meanDeltaE, changedShare: r.elsewhere.changedShare },
      ratio: Number.isFinite(r.ratio) ? Math.min(r.ratio, MAX_RATIO) : MAX_RATIO,
      verdict: r.verdict,
    };
  } catch (err) {
    log(`markup-effect check failed: ${err instanceof Error ? err.message : String(err)}`);
    return null;
  }
}
