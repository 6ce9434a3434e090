/**
 * Per-model rules that depend on more than one parameter: sizes (and the GIF frame
 * limits), and how long a request is expected to take, which sizes its timeouts.
 */
import { ASSUME } from './model-assumptions';
import { parseSize, type ImageFormat, type ModelInfo, type Quality } from './models';

/** §3.4: GIF frames, their duration and its rounding. */
export const GIF_RULES = {
  minFrames: 2,
  maxFrames: 16,
  defaultFrames: 9,
  minFrameMs: ASSUME.gifMinFrameMs,
  defaultFrameMs: 200,
  maxFrameMs: 655_350,
  frameMsStep: 10,
} as const;

/** The largest frame (in pixels) for `frames` frames. */
export function gifMaxFramePixels(framesAsked: number): number {
  const frames = Math.min(GIF_RULES.maxFrames, Math.max(GIF_RULES.minFrames, Math.round(framesAsked)));
  const cap = ASSUME.gifFrameCaps.find((c) => frames <= c.upToFrames) ?? ASSUME.gifFrameCaps[ASSUME.gifFrameCaps.length - 1]!;
  return Math.min(cap.maxFramePixels, Math.floor(ASSUME.gifTotalPixels / frames));
}

/** What the API does to a frame duration: rounded to 10 ms (§3.4). */
export function roundFrameMs(ms: number): number {
  return Math.round(ms / GIF_RULES.frameMsStep) * GIF_RULES.frameMsStep;
}

export interface SizeContext {
  format?: ImageFormat;
  /** GIF frame count (default 9). */
  frames?: number;
}

/** Why `size` is not valid for `model` (and format), or null when it is. Messages are shown to people. */
export function sizeProblem(model: ModelInfo, size: string, sc: SizeContext = {}): string | null {
  if (size === 'auto') return null;
  if (model.sizes.kind === 'fixed') {
    return model.sizes.values.includes(size) ? null : `${model.label} takes only ${model.sizes.values.join(', ')} or auto.`;
  }
  const dims = parseSize(size);
  if (!dims) return 'Write the size as WIDTHxHEIGHT, for example 1536x1024.';
  const r = model.sizes.rules;
  const { width, height } = dims;
  const long = Math.max(width, height);
  const short = Math.min(width, height);
  const px = width * height;
  if (width % r.multipleOf !== 0 || height % r.multipleOf !== 0) return `Both edges must be multiples of ${r.multipleOf}.`;
  if (long / short > r.maxRatio) return `The long edge can be at most ${r.maxRatio} times the short edge.`;
  if (long > r.maxLongEdge) return `The long edge can be at most ${r.maxLongEdge} pixels.`;
  if (px > r.maxPixels) return `At most ${r.maxPixels.toLocaleString('en-US')} pixels (3840x2160).`;
  if (sc.format === 'gif') {
    const frames = sc.frames ?? GIF_RULES.defaultFrames;
    const max = gifMaxFramePixels(frames);
    if (px > max) return `An animated GIF of ${frames} frames takes frames of at most ${max.toLocaleString('en-US')} pixels (for example ${Math.floor(Math.sqrt(max) / 16) * 16}x${Math.floor(Math.sqrt(max) / 16) * 16}), or size auto.`;
    return null;
  }
  if (px < r.minPixels) return `At least ${r.minPixels.toLocaleString('en-US')} pixels (for example 1024x640).`;
  return null;
}

export function isExperimentalSize(model: ModelInfo, size: string): boolean {
  if (model.sizes.kind !== 'free') return false;
  const dims = parseSize(size);
  return !!dims && dims.width * dims.height > model.sizes.rules.experimentalAbovePixels;
}

/**
 * Expected wall time of one request, in seconds: Loupe's own estimate from what users
 * of GPT Image clients report (xhigh, max and large sizes take minutes), not an OpenAI
 * figure. It sizes the timeouts and the job card's "expected" range.
 */
export interface TimingInput {
  model: ModelInfo;
  quality: Quality;
  size: string;
  format: ImageFormat;
  /** Edits read their inputs first. */
  edit?: boolean;
  frames?: number;
}

const QUALITY_SECONDS: Record<Quality, [number, number]> = {
  low: [8, 40],
  medium: [15, 75],
  auto: [15, 90],
  high: [30, 150],
  xhigh: [60, 300],
  max: [90, 480],
};

export function expectedSeconds(t: TimingInput): { low: number; high: number } {
  let [low, high] = QUALITY_SECONDS[t.quality];
  // Flare is the fast tier; Sunburst and earlier models take the full range.
  if (t.model.id.includes('flare')) {
    low *= 0.6;
    high *= 0.6;
  }
  const dims = parseSize(t.size);
  const megapixels = dims ? (dims.width * dims.height) / 1_048_576 : 1;
  const sizeFactor = Math.max(1, megapixels ** 0.75);
  low *= sizeFactor;
  high *= sizeFactor;
  if (t.format === 'gif') {
    const f = (t.frames ?? GIF_RULES.defaultFrames) / 4;
    low *= Math.max(1, f);
    high *= Math.max(1, f);
  }
  if (t.format === 'svg') {
    // An SVG author model writes the SVG after the reference image is rendered (§3.5).
    low += 20;
    high += 180;
  }
  if (t.edit) high += 30;
  return { low: Math.round(low), high: Math.round(high) };
}

/** The client timeout and the stream's idle watchdog for one request, from its expected time. */
export function timeoutsFor(t: TimingInput, partialImages: number): { requestMs: number; streamIdleMs: number } {
  const { high } = expectedSeconds(t);
  // Generous: a cut-off bills a request whose image is then lost, so wait well past the
  // slow end of the range; never less than the SDK's own 10 minutes.
  const requestMs = Math.max(600_000, Math.round(high * 3 * 1000));
  // Partials arrive a few times per image; with none, nothing comes until the end.
  const streamIdleMs = partialImages > 0 ? Math.max(300_000, Math.round(high * 1.5 * 1000)) : requestMs;
  return { requestMs, streamIdleMs };
}
