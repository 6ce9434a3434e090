// Token accounting (older reference §8 formulas; 2026-12 §4 for what is not
// published). Exported so tests (and the app's cost tests) can compare against the fake.

export type ResolvedQuality = 'low' | 'medium' | 'high' | 'xhigh' | 'max';
export type Complexity = 'low' | 'medium' | 'high';

/** Each streamed partial image bills 100 extra output image tokens (reference §5.1, §8.1). */
export const PARTIAL_IMAGE_TOKENS = 100;

/**
 * Input text tokens. The real tokenizer is not available offline, so we use the
 * common ~4 characters per token approximation: ceil(length / 4). Good enough
 * for cost display tests; it is not what the real API would count exactly.
 */
export function textTokens(prompt: string): number {
  return Math.ceil(prompt.length / 4);
}

/**
 * q of the gpt-image-2 formula. low/medium/high reproduce OpenAI's calculator; xhigh and max
 * are not published (2026-12 §4): 192 and 288 are the fake's extrapolation (2× and 3× high).
 */
export const V2_Q: Record<ResolvedQuality, number> = { low: 16, medium: 48, high: 96, xhigh: 192, max: 288 };

/**
 * gpt-image-2 output tokens: the community formula that reproduces OpenAI's
 * calculator (7024 high 1024², 5488 high 1536x1024, 196 low 1024²) [3p].
 * The fake bills 2.5 and 2.6 with it too (their counts are not published).
 */
export function gptImage2OutputTokens(quality: ResolvedQuality, width: number, height: number): number {
  const q = V2_Q[quality];
  const long = Math.max(width, height);
  const short = Math.min(width, height);
  const s = Math.floor((2 * q * short + long) / (2 * long));
  return Math.ceil((q * s * (2_000_000 + width * height)) / 4_000_000);
}

/** Output image tokens for ONE still image (no partials), any active model. */
export function outputImageTokens(_model: string, quality: ResolvedQuality, width: number, height: number): number {
  return gptImage2OutputTokens(quality, width, height);
}

/**
 * GIF frames are billed in steps 2–8, 9, 10–12, 13–16 (3p, UNCONFIRMED, 2026-12 §4): the fake
 * bills each step as its top frame count (3 frames bill as 8).
 */
export const GIF_BILLING_STEPS = [8, 9, 12, 16] as const;

export function billedGifFrames(frames: number): number {
  return GIF_BILLING_STEPS.find((top) => frames <= top) ?? frames;
}

/**
 * Planning (complexity) is billed as text output tokens per image: the fake's choice, since
 * the counts are not published (2026-12 §4). Only 2.6 takes complexity; its default is high.
 */
export const PLANNING_TOKENS: Record<Complexity, number> = { low: 128, medium: 384, high: 1024 };

/**
 * Input image tokens for one edit input (reference §8.2, the GPT Image 1 method,
 * used for every model because no other formula is documented):
 * scale so the shortest side is 512 px (up or down, as the doc says), count
 * 512-px tiles (scaled edges truncated to whole pixels, as Python int() would),
 * 65 + 129 × tiles. High fidelity adds 4160 for square images and 6240 for
 * images closer to the 3:2 / 2:3 shapes (the current docs' numbers).
 */
export function inputImageTokens(width: number, height: number, highFidelity: boolean): number {
  const scale = 512 / Math.min(width, height);
  const w = Math.floor(width * scale);
  const h = Math.floor(height * scale);
  const tiles = Math.ceil(w / 512) * Math.ceil(h / 512);
  let tokens = 65 + 129 * tiles;
  if (highFidelity) tokens += isCloserToSquare(width, height) ? 4160 : 6240;
  return tokens;
}

/** Square vs landscape/portrait: whichever of 1:1 and 3:2 (or 2:3) the aspect is nearer, in log space. */
export function isCloserToSquare(width: number, height: number): boolean {
  const r = Math.abs(Math.log(width / height));
  return r <= Math.abs(r - Math.log(1.5));
}

export interface Usage {
  input_tokens: number;
  input_tokens_details: { text_tokens: number; image_tokens: number };
  output_tokens: number;
  total_tokens: number;
  output_tokens_details?: { image_tokens: number; text_tokens: number };
}

export interface UsageRequest {
  model: string;
  prompt: string;
  quality: ResolvedQuality;
  width: number;
  height: number;
  n: number;
  /** Partial images streamed per image (0 when not streaming). */
  partialsPerImage: number;
  /** Edit inputs (pixel sizes); empty for generations. Masks and markup are not billed. */
  inputs: Array<{ width: number; height: number }>;
  highFidelity: boolean;
  /** Effective complexity on models that plan (2.6); undefined elsewhere. */
  complexity?: Complexity;
  /** GIF frame count; undefined for still images. */
  frames?: number;
}

/** Output tokens of one image: image tokens (frames, partials) and planning text tokens. */
function perImage(r: UsageRequest): { image: number; text: number } {
  const still = outputImageTokens(r.model, r.quality, r.width, r.height);
  const image = (r.frames ? still * billedGifFrames(r.frames) : still) + PARTIAL_IMAGE_TOKENS * r.partialsPerImage;
  return { image, text: r.complexity ? PLANNING_TOKENS[r.complexity] : 0 };
}

export function makeUsage(text: number, inputImage: number, out: { image: number; text: number }, withDetails: boolean): Usage {
  const output = out.image + out.text;
  const u: Usage = {
    input_tokens: text + inputImage,
    input_tokens_details: { text_tokens: text, image_tokens: inputImage },
    output_tokens: output,
    total_tokens: text + inputImage + output,
  };
  if (withDetails) u.output_tokens_details = { image_tokens: out.image, text_tokens: out.text };
  return u;
}

/** Usage of a whole (non-streamed) request. */
export function requestUsage(r: UsageRequest): Usage {
  const text = textTokens(r.prompt);
  const img = r.inputs.reduce((s, i) => s + inputImageTokens(i.width, i.height, r.highFidelity), 0);
  const one = perImage(r);
  return makeUsage(text, img, { image: one.image * r.n, text: one.text * r.n }, true);
}

/**
 * Usage on the completed event of image `index` in a stream. Our choice for
 * n > 1 (undocumented): each completed event carries that image's output
 * tokens (incl. its partials); all input tokens (text and image) are put on the
 * first image only, so summing the events gives the request's total.
 */
export function streamImageUsage(r: UsageRequest, index: number): Usage {
  const full = requestUsage({ ...r, n: 1 });
  const text = index === 0 ? full.input_tokens_details.text_tokens : 0;
  const img = index === 0 ? full.input_tokens_details.image_tokens : 0;
  return makeUsage(text, img, perImage(r), false);
}
