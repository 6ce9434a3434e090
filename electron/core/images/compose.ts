import sharp, { type OverlayOptions } from 'sharp';
import { LoupeError } from '../../shared';
import { decodeFailure, inspectInput } from './inspect';

/*
 * Several photos combined into one primary image: the cookbook's advice when an edit
 * must keep more than one face (only the first input gets the most detail, §3.4).
 * Every photo is scaled to one common height so none dominates, and laid out side by
 * side or in a 2x2 grid on a background colour.
 */

export interface ComposeOptions {
  layout: 'row' | 'grid';
  /** #rrggbb */
  background: string;
  /** Common height of every photo; default the smallest input height, at most 2048. */
  height?: number;
  /** Space between photos, in pixels; default 16. */
  gap?: number;
}

export interface Placement {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Composition {
  png: Buffer;
  width: number;
  height: number;
  /** Where each input landed, in input order. */
  placements: Placement[];
}

/** Past this the model could not use the detail (see normalise.ts); the result is normalised again anyway. */
export const MAX_COMPOSE_HEIGHT = 2048;
/** Keeps the canvas far from sharp's and the API's limits whatever the aspect ratios. */
export const MAX_COMPOSE_SIDE = 8192;
const DEFAULT_GAP = 16;

const badArgs = (message: string): LoupeError => new LoupeError('INVALID_ARGUMENTS', message);

function parseColour(hex: string): { r: number; g: number; b: number } {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw badArgs(`The background must be a colour like #ffffff, not "${hex}".`);
  return { r: parseInt(m[1]!, 16), g: parseInt(m[2]!, 16), b: parseInt(m[3]!, 16) };
}

/** Canvas size and placements for images of the given aspect ratios at cell height `h`. */
export function layoutImages(aspects: number[], layout: 'row' | 'grid', h: number, gap: number): { width: number; height: number; placements: Placement[] } {
  const widths = aspects.map((a) => Math.max(1, Math.round(a * h)));
  if (layout === 'row') {
    let x = 0;
    const placements = widths.map((w) => {
      const p = { x, y: 0, width: w, height: h };
      x += w + gap;
      return p;
    });
    return { width: x - gap, height: h, placements };
  }
  const cols = 2;
  const rows = Math.ceil(widths.length / cols);
  const cellW = Math.max(...widths);
  const placements = widths.map((w, i) => ({
    x: (i % cols) * (cellW + gap) + Math.floor((cellW - w) / 2),
    y: Math.floor(i / cols) * (h + gap),
    width: w,
    height: h,
  }));
  return { width: cols * cellW + (cols - 1) * gap, height: rows * h + (rows - 1) * gap, placements };
}

export async function composeImages(images: Buffer[], opts: ComposeOptions): Promise<Composition> {
  if (images.length < 2 || images.length > 4) throw badArgs(`Compose takes 2 to 4 photos, not ${images.length}.`);
  const background = parseColour(opts.background);
  const gap = opts.gap ?? DEFAULT_GAP;
  if (!Number.isInteger(gap) || gap < 0 || gap > 512) throw badArgs('The gap must be a whole number of pixels from 0 to 512.');
  if (opts.height !== undefined && (!Number.isInteger(opts.height) || opts.height < 16 || opts.height > MAX_COMPOSE_HEIGHT)) {
    throw badArgs(`The height must be a whole number of pixels from 16 to ${MAX_COMPOSE_HEIGHT}.`);
  }
  const infos = await Promise.all(images.map((b, i) => inspectInput(b, `Photo ${i + 1}`)));
  const aspects = infos.map((i) => i.width / i.height);
  let h = opts.height ?? Math.min(MAX_COMPOSE_HEIGHT, ...infos.map((i) => i.height));
  let plan = layoutImages(aspects, opts.layout, h, gap);
  const over = Math.max(plan.width, plan.height) / MAX_COMPOSE_SIDE;
  if (over > 1) {
    h = Math.max(16, Math.floor(h / over));
    plan = layoutImages(aspects, opts.layout, h, gap);
  }

  const layers: OverlayOptions[] = await Promise.all(
    infos.map(async (info, i) => {
      const p = plan.placements[i]!;
      const density = info.format === 'svg' ? { density: Math.min(100_000, Math.max(1, (72 * p.height) / info.height)) } : {};
      try {
        const data = await sharp(images[i]!, { ...info.options, ...density })
          .autoOrient()
          .resize({ width: p.width, height: p.height, fit: 'fill' })
          .toColourspace('srgb')
          .ensureAlpha()
          .raw()
          .toBuffer();
        return { input: data, raw: { width: p.width, height: p.height, channels: 4 as const }, left: p.x, top: p.y };
      } catch (err) {
        throw decodeFailure(`Photo ${i + 1}`, err);
      }
    }),
  );
  const png = await sharp({ create: { width: plan.width, height: plan.height, channels: 3, background } })
    .composite(layers)
    // Compositing adds an alpha channel; the canvas is opaque, so the PNG need not carry one.
    .removeAlpha()
    .png({ compressionLevel: 6 })
    .toBuffer();
  return { png, width: plan.width, height: plan.height, placements: plan.placements };
}
