/**
 * INTERIM, to be deleted: stands in for images/markup.ts (prepareMarkup) and
 * images/markup-effect.ts (markupEffect), committed on the media branch and not yet in
 * main, with their API (a subset of their results). markup-layer.ts and jobs/markup-check.ts are the only
 * importers; they switch to the real modules when those land in main.
 */
import sharp from 'sharp';
import { LoupeError } from '../../shared';

/** An RGBA PNG of exactly `width`x`height` with some transparent and some drawn pixels (§3.2). */
export async function prepareMarkup(bytes: Buffer, width: number, height: number): Promise<{ png: Buffer; width: number; height: number }> {
  const meta = await sharp(bytes).metadata().catch(() => null);
  if (!meta?.width || !meta.height) throw new LoupeError('INVALID_IMAGE', 'The markup layer could not be read: it is damaged or not an image.');
  if (Math.abs(meta.width / meta.height / (width / height) - 1) > 0.01) {
    throw new LoupeError('INVALID_IMAGE', `The markup layer is ${meta.width}x${meta.height} but the first image is ${width}x${height}: their shapes differ.`);
  }
  let rgba: Buffer;
  try {
    rgba = await sharp(bytes, { failOn: 'error' }).rotate().ensureAlpha().resize({ width, height, fit: 'fill' }).raw().toBuffer();
  } catch {
    throw new LoupeError('INVALID_IMAGE', 'The markup could not be read: it is damaged. Draw it again.');
  }
  let clear = 0;
  let drawn = 0;
  for (let j = 3; j < rgba.length; j += 4) {
    if (rgba[j] === 0) clear++;
    else drawn++;
  }
  if (drawn === 0) throw new LoupeError('INVALID_IMAGE', 'The markup is empty: draw at least one mark.');
  if (clear === 0) throw new LoupeError('INVALID_IMAGE', 'The markup covers the whole picture: it must be transparent except for the marks.');
  return { png: await sharp(rgba, { raw: { width, height, channels: 4 } }).png().toBuffer(), width, height };
}

export interface InterimEffect {
  marked: { meanDeltaE: number; changedShare: number };
  elsewhere: { meanDeltaE: number; changedShare: number };
  ratio: number;
  verdict: 'took-effect' | 'weak' | 'ignored';
}

const THRESHOLD = 5;

function lab(r: number, g: number, b: number): [number, number, number] {
  const lin = (c: number) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const [R, G, B] = [lin(r), lin(g), lin(b)];
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  const x = f((0.4124 * R + 0.3576 * G + 0.1805 * B) / 0.95047);
  const y = f(0.2126 * R + 0.7152 * G + 0.0722 * B);
  const z = f((0.0193 * R + 0.1192 * G + 0.9505 * B) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}

export async function markupEffect(source: Buffer, output: Buffer, markup: Buffer): Promise<InterimEffect> {
  const meta = await sharp(source).metadata();
  const width = meta.width!;
  const height = meta.height!;
  const rgb = (b: Buffer) => sharp(b).removeAlpha().resize({ width, height, fit: 'fill' }).raw().toBuffer();
  const [src, out] = await Promise.all([rgb(source), rgb(output)]);
  const radius = Math.max(1, Math.round(Math.min(width, height) * 0.04));
  const marks = await sharp(markup).ensureAlpha().extractChannel(3).resize({ width, height, fit: 'fill' }).threshold(1).blur(radius / 2).raw().toBuffer();
  const sums = { marked: [0, 0, 0], elsewhere: [0, 0, 0] };
  for (let p = 0; p < width * height; p++) {
    const i = p * 3;
    const a = lab(src[i]!, src[i + 1]!, src[i + 2]!);
    const b = lab(out[i]!, out[i + 1]!, out[i + 2]!);
    const d = Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    const s = marks[p]! > 8 ? sums.marked : sums.elsewhere;
    s[0]! += d;
    s[1]! += d > THRESHOLD ? 1 : 0;
    s[2]! += 1;
  }
  const region = (s: number[]) => ({ meanDeltaE: s[2] ? s[0]! / s[2] : 0, changedShare: s[2] ? s[1]! / s[2] : 0 });
  const marked = region(sums.marked);
  const elsewhere = region(sums.elsewhere);
  // The thresholds images/markup-effect documents.
  const ratio = marked.meanDeltaE / Math.max(elsewhere.meanDeltaE, 0.5);
  const verdict = marked.changedShare < 0.05 || ratio <= 1.5 ? 'ignored' : marked.changedShare >= 0.15 && ratio >= 3 ? 'took-effect' : 'weak';
  return { marked, elsewhere, ratio, verdict };
}
