/**
 * GPT Image models as data: what each accepts and what it costs. Adding a model is a
 * change here only. Sources for every row: the OpenAPI spec of 2026-08-21, openai-node
 * 7.5.0 and OpenAI's official model and pricing pages, checked 2026-11-21. Prices are USD
 * per 1M tokens.
 */
export type Quality = 'low' | 'medium' | 'high' | 'auto';
export const FIXED_SIZES = ['1024x1024', '1536x1024', '1024x1536'] as const;

export interface FreeSizeRules {
  multipleOf: number;
  maxRatio: number;
  minPixels: number;
  maxPixels: number;
  maxLongEdge: number;
  maxShortEdge: number;
  experimentalAbovePixels: number;
}

export interface TokenPrices {
  textIn: number;
  textInCached: number;
  /** gpt-image-1.5 can emit text output tokens; null where none are billed. */
  textOut: number | null;
  imageIn: number;
  imageInCached: number;
  imageOut: number;
}

export interface ModelInfo {
  id: string;
  label: string;
  /** ISO date the model (or snapshot) was released; orders "newest". */
  released: string;
  endpoints: { generate: boolean; edit: boolean };
  sizes: { kind: 'fixed'; values: readonly string[] } | { kind: 'free'; presets: readonly string[]; rules: FreeSizeRules };
  qualities: readonly Quality[];
  maxN: number;
  promptMax: number;
  /** true, false, or 'preview' (works, but documented as a preview). */
  transparentBackground: boolean | 'preview';
  streaming: boolean;
  moderation: boolean;
  /** 'choice': low/high selectable; 'always-high': must be omitted; 'unsupported': must be omitted. */
  inputFidelity: 'choice' | 'always-high' | 'unsupported';
  /** How many leading inputs keep the most detail. */
  detailedInputs: number;
  maxInputImages: number;
  outputTokens: 'table' | 'gpt-image-2-formula';
  prices: TokenPrices;
  notes: readonly string[];
  source: string;
  checked: string;
}

const REF = 'OpenAI OpenAPI spec (2026-08-21), openai-node 7.5.0, developers.openai.com image-generation guide and model pages';
const CHECKED = '2026-11-21';

const PRICES_15: TokenPrices = { textIn: 5, textInCached: 1.25, textOut: 10, imageIn: 8, imageInCached: 2, imageOut: 32 };
const PRICES_2: TokenPrices = { textIn: 5, textInCached: 1.25, textOut: null, imageIn: 8, imageInCached: 2, imageOut: 30 };

export const GPT_IMAGE_2_SIZE_RULES: FreeSizeRules = {
  multipleOf: 16,
  maxRatio: 3,
  minPixels: 655_360,
  maxPixels: 8_294_400,
  maxLongEdge: 3840,
  maxShortEdge: 2160,
  experimentalAbovePixels: 3_686_400,
};

const GPT_IMAGE_2_PRESETS = ['1024x1024', '1536x1024', '1024x1536', '2048x2048', '2560x1440', '1440x2560', '3840x2160'];

const base = {
  qualities: ['low', 'medium', 'high', 'auto'] as const,
  maxN: 10,
  promptMax: 32000,
  streaming: true,
  moderation: true,
  maxInputImages: 16,
  source: REF,
  checked: CHECKED,
};

const GPT_IMAGE_2: ModelInfo = {
  ...base,
  id: 'gpt-image-2',
  label: 'GPT Image 2',
  released: '2026-04-21',
  endpoints: { generate: true, edit: true },
  sizes: { kind: 'free', presets: GPT_IMAGE_2_PRESETS, rules: GPT_IMAGE_2_SIZE_RULES },
  transparentBackground: 'preview',
  inputFidelity: 'always-high',
  detailedInputs: 16,
  outputTokens: 'gpt-image-2-formula',
  prices: PRICES_2,
  notes: [
    'Any size whose edges are multiples of 16, ratio at most 3:1, 0.66–8.3 megapixels, up to 3840x2160; above 2560x1440 is experimental.',
    'Inputs are always processed at high fidelity, so Loupe never sends input_fidelity.',
    'Transparent backgrounds are a preview on this model.',
  ],
};

const GPT_IMAGE_1_5: ModelInfo = {
  ...base,
  id: 'gpt-image-1.5',
  label: 'GPT Image 1.5',
  released: '2025-12-16',
  endpoints: { generate: true, edit: true },
  sizes: { kind: 'fixed', values: FIXED_SIZES },
  transparentBackground: true,
  inputFidelity: 'choice',
  detailedInputs: 5,
  outputTokens: 'table',
  prices: PRICES_15,
  notes: ['Keeps the first five input images with the most detail.'],
};

export const MODELS: readonly ModelInfo[] = [
  GPT_IMAGE_2,
  {
    ...GPT_IMAGE_2,
    id: 'gpt-image-2-2026-04-21',
    label: 'GPT Image 2 (snapshot 2026-04-21)',
    notes: [...GPT_IMAGE_2.notes, 'The pinned snapshot of GPT Image 2: results do not change when the alias moves.'],
  },
  GPT_IMAGE_1_5,
  {
    // Follows GPT Image 1.5's limits; its token prices are assumed equal.
    ...GPT_IMAGE_1_5,
    id: 'chatgpt-image-latest',
    label: 'ChatGPT Image (latest)',
    released: '2026-02-10',
    endpoints: { generate: false, edit: true },
    notes: ['Edits only: the generations endpoint does not list this model. Token prices assumed equal to GPT Image 1.5.'],
  },
  {
    ...base,
    id: 'gpt-image-1-mini',
    label: 'GPT Image 1 mini',
    released: '2025-10-06',
    endpoints: { generate: true, edit: true },
    sizes: { kind: 'fixed', values: FIXED_SIZES },
    transparentBackground: true,
    inputFidelity: 'unsupported',
    detailedInputs: 1,
    outputTokens: 'table',
    prices: { textIn: 2, textInCached: 0.2, textOut: null, imageIn: 2.5, imageInCached: 0.25, imageOut: 8 },
    notes: ['Does not take input_fidelity.', 'The token table underestimates its per-image price; actual usage is what Loupe records.'],
  },
  {
    ...base,
    id: 'gpt-image-1',
    label: 'GPT Image 1',
    released: '2025-04-23',
    endpoints: { generate: true, edit: true },
    sizes: { kind: 'fixed', values: FIXED_SIZES },
    transparentBackground: true,
    inputFidelity: 'choice',
    detailedInputs: 1,
    outputTokens: 'table',
    prices: { textIn: 5, textInCached: 1.25, textOut: null, imageIn: 10, imageInCached: 2.5, imageOut: 40 },
    notes: ['Reported retired on 2026-10-23 in later pages; kept selectable while your key can still use it.'],
  },
];

export function findModel(id: string): ModelInfo | undefined {
  return MODELS.find((m) => m.id === id);
}

/**
 * The newest catalogued model that can do `endpoint` and that the key can use.
 * `available` null means "not checked yet": then every catalogued model counts.
 */
export function defaultModel(available: readonly string[] | null, endpoint: 'generate' | 'edit' = 'generate'): string {
  const usable = MODELS.filter((m) => m.endpoints[endpoint] && (available === null || available.includes(m.id)));
  const pool = usable.length > 0 ? usable : MODELS.filter((m) => m.endpoints[endpoint]);
  return [...pool].sort((a, b) => b.released.localeCompare(a.released))[0]!.id;
}

export function parseSize(size: string): { width: number; height: number } | null {
  const m = /^(\d{2,5})x(\d{2,5})$/.exec(size);
  return m ? { width: Number(m[1]), height: Number(m[2]) } : null;
}

/** Why `size` is not valid for `model`, or null when it is. Messages are shown to people. */
export function sizeProblem(model: ModelInfo, size: string): string | null {
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
  if (width % r.multipleOf !== 0 || height % r.multipleOf !== 0) return `Both edges must be multiples of ${r.multipleOf}.`;
  if (long / short > r.maxRatio) return `The long edge can be at most ${r.maxRatio} times the short edge.`;
  if (width * height < r.minPixels) return `At least ${r.minPixels.toLocaleString('en-US')} pixels (for example 1024x640).`;
  if (width * height > r.maxPixels) return `At most ${r.maxPixels.toLocaleString('en-US')} pixels (3840x2160).`;
  if (long > r.maxLongEdge || short > r.maxShortEdge) return `At most ${r.maxLongEdge}x${r.maxShortEdge}.`;
  return null;
}

export function isExperimentalSize(model: ModelInfo, size: string): boolean {
  if (model.sizes.kind !== 'free') return false;
  const dims = parseSize(size);
  return !!dims && dims.width * dims.height > model.sizes.rules.experimentalAbovePixels;
}
