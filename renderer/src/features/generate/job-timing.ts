/**
 * How long a job has run against how long such a request usually takes (Loupe's own
 * estimate from model-rules, which also sizes the timeouts), in words for the job card.
 */
import { expectedSeconds, findModel, type JobView } from '../../../../electron/shared';
import { QUALITY_LABELS } from './quality-labels';

/** 102 → "1:42". */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** A range of seconds as people say it: "5–24 s", "36 s–3 min", "1–5 min". */
export function rangeText(low: number, high: number): string {
  const min = (s: number) => Math.max(1, Math.round(s / 60));
  if (high < 120) return `${low}–${high} s`;
  if (low < 60) return `${low} s–${min(high)} min`;
  return `${min(low)}–${min(high)} min`;
}

/** How long this kind of request usually takes, and what it is: "1–5 min for Max at 2048x2048". */
export function expectation(job: JobView): { low: number; high: number; text: string } | null {
  const model = findModel(job.model);
  if (!model) return null;
  const p = job.params;
  const { low, high } = expectedSeconds({ model, quality: p.quality, size: p.size, format: p.outputFormat, edit: job.kind === 'edit', frames: p.gif?.frames });
  const gif = p.outputFormat === 'gif' ? `, ${p.gif?.frames ?? 9}-frame GIF` : p.outputFormat === 'svg' ? ', SVG' : '';
  return { low, high, text: `${rangeText(low, high)} for ${QUALITY_LABELS[p.quality]} at ${p.size}${gif}` };
}

