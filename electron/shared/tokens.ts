/**
 * Token arithmetic from the documented formulas (openai-images-api.md §8), used for the
 * estimate shown before sending and for cost from actual usage after.
 */
import { findModel, parseSize, type ModelInfo, type Quality } from './models';

/** Output image tokens per image for models before gpt-image-2 (§8.1). */
const OUTPUT_TABLE: Record<'low' | 'medium' | 'high', Record<string, number>> = {
  low: { '1024x1024': 272, '1024x1536': 408, '1536x1024': 400 },
  medium: { '1024x1024': 1056, '1024x1536': 1584, '1536x1024': 1568 },
  high: { '1024x1024': 4160, '1024x1536': 6240, '1536x1024': 6208 },
};
/**
 * Quality factors of the GPT Image 2 formula. xhigh and max are not published (§4): Loupe
 * extends the series (x2, x3 of high) and says so in the estimate; actual usage replaces it.
 */
const GPT_IMAGE_2_Q: Record<Exclude<Quality, 'auto'>, number> = { low: 16, medium: 48, high: 96, xhigh: 192, max: 288 };

/** Each streamed partial image is billed as 100 extra output image tokens (§5.1). */
export const PARTIAL_IMAGE_TOKENS = 100;
/** Fidelity surcharge per input image (§8.2, current docs wording). */
export const HIGH_FIDELITY_SQUARE = 4160;
export const HIGH_FIDELITY_OTHER = 6240;

/** `auto` is resolved by the API; Loupe estimates it as medium at 1024x1024 and says so. */
export function resolveQuality(q: Quality): Exclude<Quality, 'auto'> {
  return q === 'auto' ? 'medium' : q;
}
export function resolveSize(size: string): { width: number; height: number } {
  return parseSize(size) ?? { width: 1024, height: 1024 };
}

/** The community formula that reproduces OpenAI's calculator for gpt-image-2 (7024 for high 1024²). */
export function gptImage2OutputTokens(width: number, height: number, quality: Exclude<Quality, 'auto'>): number {
  const q = GPT_IMAGE_2_Q[quality];
  const long = Math.max(width, height);
  const short = Math.min(width, height);
  const s = Math.floor((2 * q * short + long) / (2 * long));
  return Math.ceil((q * s * (2_000_000 + width * height)) / 4_000_000);
}

export function outputTokensPerImage(model: ModelInfo, size: string, quality: Quality): number {
  const q = resolveQuality(quality);
  const { width, height } = resolveSize(size);
  if (model.outputTokens === 'gpt-image-2-formula') return gptImage2OutputTokens(width, height, q);
  const key = `${width}x${height}`;
  const row = OUTPUT_TABLE[q === 'xhigh' || q === 'max' ? 'high' : q];
  return row[key] ?? row['1024x1024']!;
}

/** Text tokens are estimated at four characters a token; actual usage replaces this. */
export function estimateTextTokens(prompt: string): number {
  return Math.ceil(prompt.length / 4);
}

/** "Square" for the fidelity surcharge: the aspect is nearer 1:1 than 3:2 (or 2:3), in log space. */
export function isCloserToSquare(width: number, height: number): boolean {
  const r = Math.abs(Math.log(width / height));
  return r <= Math.abs(r - Math.log(1.5));
}

/**
 * GPT Image 1 input-image tokens: shortest side scaled to 512 (edges truncated to whole
 * pixels), 65 + 129 per 512px tile, plus the fidelity surcharge.
 */
export function inputImageTokens(width: number, height: number, fidelity: 'low' | 'high'): number {
  const scale = 512 / Math.min(width, height);
  const w = Math.floor(width * scale);
  const h = Math.floor(height * scale);
  const tiles = Math.ceil(w / 512) * Math.ceil(h / 512);
  const base = 65 + 129 * tiles;
  if (fidelity === 'low') return base;
  return base + (isCloserToSquare(width, height) ? HIGH_FIDELITY_SQUARE : HIGH_FIDELITY_OTHER);
}

export interface Usage {
  inputTextTokens: number;
  inputImageTokens: number;
  outputImageTokens: number;
  outputTextTokens: number;
}

export interface Estimate {
  usage: Usage;
  costUsd: number;
  /** What the estimate had to assume (auto quality, unknown formulas...). */
  assumptions: string[];
}

export function costFromUsage(modelId: string, u: Usage): number | null {
  const m = findModel(modelId);
  if (!m) return null;
  const p = m.prices;
  const usd =
    (u.inputTextTokens * p.textIn +
      u.inputImageTokens * p.imageIn +
      u.outputImageTokens * p.imageOut +
      u.outputTextTokens * (p.textOut ?? 0)) /
    1_000_000;
  return Math.round(usd * 1e6) / 1e6;
}

export interface EstimateInput {
  model: string;
  prompt: string;
  n: number;
  size: string;
  quality: Quality;
  partialImages: number;
  stream: boolean;
  /** Edits only: the sent dimensions of each input image, in order. */
  inputs?: readonly { width: number; height: number }[];
  inputFidelity?: 'low' | 'high';
  /** GIF output: every frame is estimated as one image (GIF pricing is not published). */
  format?: 'png' | 'jpeg' | 'webp' | 'gif' | 'svg';
  frames?: number;
  complexity?: 'low' | 'medium' | 'high';
}

export function estimate(req: EstimateInput): Estimate {
  const model = findModel(req.model);
  const assumptions: string[] = [];
  if (!model) {
    return { usage: { inputTextTokens: 0, inputImageTokens: 0, outputImageTokens: 0, outputTextTokens: 0 }, costUsd: 0, assumptions: [`No prices are known for ${req.model}.`] };
  }
  if (req.quality === 'auto') assumptions.push('Quality auto is estimated as medium.');
  const auto = req.size === 'auto' ? likelyAutoSize(req.inputs?.[0]) : null;
  if (auto) assumptions.push(auto.why);
  if (req.quality === 'xhigh' || req.quality === 'max') {
    assumptions.push(`Token counts for ${req.quality} are not published: estimated by extending the formula; the cost after the run is from actual usage.`);
  }
  if (req.complexity) assumptions.push('The planning cost of complexity is not published; actual usage shows it.');
  const gif = req.format === 'gif';
  const svg = req.format === 'svg';
  if (gif) assumptions.push('GIF pricing is not published: each frame is estimated as one image.');
  if (svg) assumptions.push('SVG authoring is billed separately (svg_usage) at a rate not published: not in this estimate.');
  const streams = req.stream && !gif && !svg;
  const partials = streams ? req.partialImages : 0;
  const frames = gif ? Math.max(1, req.frames ?? 9) : 1;
  const perImage = outputTokensPerImage(model, auto ? auto.size : req.size, req.quality) * frames + partials * PARTIAL_IMAGE_TOKENS;
  const fidelity: 'low' | 'high' = model.inputFidelity === 'always-high' ? 'high' : (req.inputFidelity ?? 'low');
  const inputs = req.inputs ?? [];
  if (inputs.length > 0 && req.model !== 'gpt-image-1') {
    assumptions.push('Input-image tokens use the GPT Image 1 formula; OpenAI documents no other.');
  }
  // Streaming with n > 1 is undocumented, so Loupe sends n single-image streamed
  // requests; each bills the prompt (and inputs) again.
  const requests = streams && req.n > 1 && model.streaming ? req.n : 1;
  if (requests > 1) assumptions.push(`Streamed as ${req.n} separate requests, so the prompt is billed ${req.n} times.`);
  const usage: Usage = {
    inputTextTokens: estimateTextTokens(req.prompt) * requests,
    inputImageTokens:
      requests * inputs.reduce((sum, i) => sum + inputImageTokens(i.width, i.height, model.inputFidelity === 'unsupported' ? 'low' : fidelity), 0),
    outputImageTokens: perImage * req.n,
    outputTextTokens: 0,
  };
  return { usage, costUsd: costFromUsage(model.id, usage) ?? 0, assumptions };
}

/**
 * The size `auto` will most likely give, and the sentence that says so: for an edit, the
 * standard size nearest the first input's aspect (what the API does, and test/fake-openai
 * with it); for a generation, the square.
 */
export function likelyAutoSize(first: { width: number; height: number } | undefined): { size: string; why: string } {
  if (!first || first.width <= 0 || first.height <= 0) return { size: '1024x1024', why: 'Size auto is estimated as 1024x1024.' };
  const r = Math.log(first.width / first.height);
  const options = [
    { size: '1024x1024', r: 0, shape: 'square' },
    { size: '1536x1024', r: Math.log(1.5), shape: 'landscape' },
    { size: '1024x1536', r: -Math.log(1.5), shape: 'portrait' },
  ];
  const best = options.reduce((a, b) => (Math.abs(b.r - r) < Math.abs(a.r - r) ? b : a));
  return { size: best.size, why: `Auto: likely ${best.size} from the ${best.shape} input.` };
}

/** One line on where an input's token figure comes from: the tiles of its size, and any fidelity surcharge. */
export function inputTokensWhy(width: number, height: number, fidelity: 'low' | 'high'): string {
  const scale = 512 / Math.min(width, height);
  const w = Math.floor(width * scale);
  const h = Math.floor(height * scale);
  const cols = Math.ceil(w / 512);
  const rows = Math.ceil(h / 512);
  const tiles = cols * rows;
  let why = `${width}x${height} is read as ${w}x${h} (short side 512): ${cols}x${rows} tile${tiles === 1 ? '' : 's'} of 512 px, 65 + 129 × ${tiles} = ${65 + 129 * tiles}`;
  if (fidelity === 'high') why += `, plus ${isCloserToSquare(width, height) ? `${HIGH_FIDELITY_SQUARE} for high fidelity (squarish)` : `${HIGH_FIDELITY_OTHER} for high fidelity (not square)`}`;
  return why;
}
