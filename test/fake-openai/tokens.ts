// Token accounting from the documented formulas (reference §8). Exported so
// tests (and the app's cost display tests) can compare against the fake.
import { imageFamily } from './models';

export type ResolvedQuality = 'low' | 'medium' | 'high';

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

/** Output image tokens per image, by quality and size, for models before gpt-image-2 (reference §8.1). */
const LEGACY_TABLE: Record<ResolvedQuality, Record<string, number>> = {
  low: { '1024x1024': 272, '1024x1536': 408, '1536x1024': 400 },
  medium: { '1024x1024': 1056, '1024x1536': 1584, '1536x1024': 1568 },
  high: { '1024x1024': 4160, '1024x1536': 6240, '1536x1024': 6208 },
};

const V2_Q: Record<ResolvedQuality, number> = { low: 16, medium: 48, high: 96 };

/**
 * gpt-image-2 output tokens: the community formula that reproduces OpenAI's
 * calculator (7024 high 1024², 5488 high 1536x1024, 196 low 1024²) [3p].
 */
export function gptImage2OutputTokens(quality: ResolvedQuality, width: number, height: number): number {
  const q = V2_Q[quality];
  const long = Math.max(width, height);
  const short = Math.min(width, height);
  const s = Math.floor((2 * q * short + long) / (2 * long));
  return Math.ceil((q * s * (2_000_000 + width * height)) / 4_000_000);
}

/** Output image tokens for ONE image (no partials). */
export function outputImageTokens(model: string, quality: ResolvedQuality, width: number, height: number): number {
  if (imageFamily(model) === 'gpt-image-2') return gptImage2OutputTokens(quality, width, height);
  const v = LEGACY_TABLE[quality][`${width}x${height}`];
  // Older models only ever produce the three table sizes; fall back to the
  // square price if a caller asks about anything else.
  return v ?? LEGACY_TABLE[quality]['1024x1024']!;
}

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

export function makeUsage(text: number, inputImage: number, output: number, withDetails: boolean): Usage {
  const u: Usage = {
    input_tokens: text + inputImage,
    input_tokens_details: { text_tokens: text, image_tokens: inputImage },
    output_tokens: output,
    total_tokens: text + inputImage + output,
  };
  if (withDetails) u.output_tokens_details = { image_tokens: output, text_tokens: 0 };
  return u;
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
  /** Edit inputs (pixel sizes); empty for generations. Masks are not billed. */
  inputs: Array<{ width: number; height: number }>;
  highFidelity: boolean;
}

/** Usage of a whole (non-streamed) request. */
export function requestUsage(r: UsageRequest): Usage {
  const text = textTokens(r.prompt);
  const img = r.inputs.reduce((s, i) => s + inputImageTokens(i.width, i.height, r.highFidelity), 0);
  const perImage = outputImageTokens(r.model, r.quality, r.width, r.height) + PARTIAL_IMAGE_TOKENS * r.partialsPerImage;
  return makeUsage(text, img, perImage * r.n, true);
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
  return makeUsage(text, img, full.output_tokens, false);
}
