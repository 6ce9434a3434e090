/**
 * GPT Image models as data: what each accepts, what it costs and where it is in its
 * life. Adding or retiring a model is a change here only (and a retirement announced by
 * the API needs no change at all: see model-lifecycle.ts). Source for every row:
 * shared/reference/openai-images-api-2026-12.md (openai-node 7.60.0, the deprecations
 * page and the model pages, compiled 2026-12-03). Prices are USD per 1M tokens.
 */
import { ASSUME } from './model-assumptions';

export type Quality = 'low' | 'medium' | 'high' | 'xhigh' | 'max' | 'auto';
export type Complexity = 'low' | 'medium' | 'high';
export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'gif' | 'svg';
export const FIXED_SIZES = ['1024x1024', '1536x1024', '1024x1536'] as const;

export interface FreeSizeRules {
  multipleOf: number;
  maxRatio: number;
  minPixels: number;
  maxPixels: number;
  maxLongEdge: number;
  experimentalAbovePixels: number;
}

export interface TokenPrices {
  textIn: number;
  textInCached: number;
  /** gpt-image-1.5 could emit text output tokens; null where none are billed. */
  textOut: number | null;
  imageIn: number;
  imageInCached: number;
  imageOut: number;
}

export interface ModelInfo {
  id: string;
  label: string;
  /** One line on what the model is for, shown beside the picker. */
  purpose: string;
  /** ISO date the model (or snapshot) was released; orders "newest". */
  released: string;
  /** The date OpenAI shuts it down (past: shut down), or null when none is announced. */
  shutdownDate: string | null;
  /** What work that names this model moves to once it is shut down. */
  replacement: string | null;
  endpoints: { generate: boolean; edit: boolean };
  sizes: { kind: 'fixed'; values: readonly string[] } | { kind: 'free'; presets: readonly string[]; rules: FreeSizeRules };
  qualities: readonly Quality[];
  /** Takes `complexity` (planning effort, separate from rendering quality). */
  complexity: boolean;
  /** Takes a `markup` overlay on edits (exclusive with a mask). */
  markup: boolean;
  outputFormats: readonly ImageFormat[];
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
  /** The largest input Loupe sends (long and short edge) for the detailed inputs. */
  inputTarget: { maxLongEdge: number; maxShortEdge: number };
  maxInputImages: number;
  outputTokens: 'table' | 'gpt-image-2-formula';
  prices: TokenPrices;
  notes: readonly string[];
  source: string;
  checked: string;
}

const REF = 'shared/reference/openai-images-api-2026-12.md (openai-node 7.60.0, deprecations page, model pages)';
const CHECKED = '2026-12-03';

const PRICES_15: TokenPrices = { textIn: 5, textInCached: 1.25, textOut: 10, imageIn: 8, imageInCached: 2, imageOut: 32 };
/** gpt-image-2 and 2.6 Sunburst officially; 2.6 Flare and 2.5 from third parties only (§4, UNCONFIRMED). */
const PRICES_2: TokenPrices = { textIn: 5, textInCached: 1.25, textOut: null, imageIn: 8, imageInCached: 2, imageOut: 30 };

/** §3.1: multiples of 16, ratio 1:3–3:1, the pixel limits, long edge 3840; above 2560x1440 experimental. */
export const GPT_IMAGE_2_SIZE_RULES: FreeSizeRules = {
  multipleOf: 16,
  maxRatio: 3,
  minPixels: 655_360,
  maxPixels: 8_294_400,
  maxLongEdge: 3840,
  experimentalAbovePixels: 3_686_400,
};

const PRESETS_2X = ['1024x1024', '1536x1024', '1024x1536', '2048x2048', '2560x1440', '1440x2560', '3840x2160'];
const ALL_QUALITIES = ['low', 'medium', 'high', 'xhigh', 'max', 'auto'] as const;
const STILL_FORMATS = ['png', 'jpeg', 'webp'] as const;

/** What every GPT Image 2.x model shares. */
const BASE_2X = {
  endpoints: { generate: true, edit: true },
  sizes: { kind: 'free', presets: PRESETS_2X, rules: GPT_IMAGE_2_SIZE_RULES },
  maxN: 10,
  promptMax: 32000,
  streaming: true,
  moderation: true,
  // No 2.x model takes input_fidelity; gpt-image-2 documents inputs at high fidelity.
  inputFidelity: 'always-high',
  detailedInputs: 16,
  inputTarget: { maxLongEdge: 3840, maxShortEdge: 2160 },
  maxInputImages: 16,
  outputTokens: 'gpt-image-2-formula',
  prices: PRICES_2,
  shutdownDate: null,
  replacement: null,
  source: REF,
  checked: CHECKED,
} as const;

const SIZE_NOTE = 'Any size with edges in multiples of 16, ratio up to 3:1, 0.66–8.3 megapixels, long edge up to 3840; above 2560x1440 is experimental.';
const XHIGH_NOTE = 'Token counts for xhigh and max are not published: the estimate extends the GPT Image 2 formula, and the cost shown after the run is from actual usage.';

function gen26(tier: 'sunburst' | 'flare'): ModelInfo {
  const sunburst = tier === 'sunburst';
  return {
    ...BASE_2X,
    id: `gpt-image-2.6-${tier}`,
    label: `GPT Image 2.6 ${sunburst ? 'Sunburst' : 'Flare'}`,
    purpose: sunburst ? 'Detail and edit consistency: small type, logos, faces.' : 'Speed: quick drafts and many variations.',
    released: '2026-11-04',
    qualities: ASSUME.gen26XhighMax ? ALL_QUALITIES : ['low', 'medium', 'high', 'auto'],
    complexity: true,
    markup: ASSUME.gen26Markup,
    outputFormats: ['png', 'jpeg', 'webp', 'gif', 'svg'],
    transparentBackground: ASSUME.gen26Transparent,
    notes: [
      SIZE_NOTE,
      XHIGH_NOTE,
      'Complexity sets how much the model plans the picture, separately from rendering quality.',
      'Animated GIF (2–16 frames) and SVG output; neither streams.',
      ...(ASSUME.gen26Markup ? ['Markup on 2.6 is reported by third parties, not yet by OpenAI: Loupe checks after each markup edit that the marks took effect.'] : []),
      ...(!ASSUME.gen26Transparent ? ['Transparent backgrounds are not confirmed for 2.6, so Loupe does not offer them: use 2.5 for transparency.'] : []),
    ],
  };
}

function gen25(tier: 'sunburst' | 'flare', snapshot: boolean): ModelInfo {
  const sunburst = tier === 'sunburst';
  const id = `gpt-image-2.5-${tier}${snapshot ? '-2026-09-08' : ''}`;
  return {
    ...BASE_2X,
    id,
    label: `GPT Image 2.5 ${sunburst ? 'Sunburst' : 'Flare'}${snapshot ? ' (snapshot 2026-09-08)' : ''}`,
    purpose: sunburst ? 'Detail and edit consistency; takes transparent backgrounds.' : 'Speed; takes transparent backgrounds.',
    released: '2026-09-08',
    qualities: ALL_QUALITIES,
    complexity: false,
    markup: true,
    outputFormats: ASSUME.gen25GifSvg ? ['png', 'jpeg', 'webp', 'gif', 'svg'] : STILL_FORMATS,
    transparentBackground: true,
    notes: [
      SIZE_NOTE,
      XHIGH_NOTE,
      'Takes markup on edits (arrows and shapes drawn over the first image) as an alternative to a mask.',
      ...(snapshot ? ['The pinned snapshot: results do not change when the alias moves.'] : []),
    ],
  };
}

const GPT_IMAGE_2: ModelInfo = {
  ...BASE_2X,
  id: 'gpt-image-2',
  label: 'GPT Image 2',
  purpose: 'The previous generation: high quality up to "high".',
  released: '2026-04-21',
  qualities: ['low', 'medium', 'high', 'auto'],
  complexity: false,
  markup: false,
  outputFormats: STILL_FORMATS,
  transparentBackground: 'preview',
  notes: [SIZE_NOTE, 'Inputs are always processed at high fidelity, so Loupe never sends input_fidelity.', 'Transparent backgrounds are a preview on this model.'],
};

/** Shut-down models stay in the catalogue so History can show and price their jobs. */
const LEGACY_BASE = {
  purpose: 'Shut down: kept to show old work.',
  endpoints: { generate: true, edit: true },
  sizes: { kind: 'fixed', values: FIXED_SIZES },
  qualities: ['low', 'medium', 'high', 'auto'],
  complexity: false,
  markup: false,
  outputFormats: STILL_FORMATS,
  maxN: 10,
  promptMax: 32000,
  streaming: true,
  moderation: true,
  transparentBackground: true,
  inputTarget: { maxLongEdge: 1536, maxShortEdge: 1024 },
  maxInputImages: 16,
  outputTokens: 'table',
  source: REF,
  checked: CHECKED,
} as const;

const GPT_IMAGE_1_5: ModelInfo = {
  ...LEGACY_BASE,
  id: 'gpt-image-1.5',
  label: 'GPT Image 1.5',
  released: '2025-12-16',
  shutdownDate: '2026-12-01',
  replacement: 'gpt-image-2.6-sunburst',
  inputFidelity: 'choice',
  detailedInputs: 5,
  prices: PRICES_15,
  notes: ['Shut down on 2026-12-01; OpenAI names GPT Image 2.6 Sunburst or Flare as the replacement.'],
};

export const MODELS: readonly ModelInfo[] = [
  // Within a release date, the first listed is the default (Sunburst: OpenAI's own default for the image tool, §2).
  gen26('sunburst'),
  gen26('flare'),
  gen25('sunburst', false),
  gen25('flare', false),
  gen25('sunburst', true),
  gen25('flare', true),
  GPT_IMAGE_2,
  { ...GPT_IMAGE_2, id: 'gpt-image-2-2026-04-21', label: 'GPT Image 2 (snapshot 2026-04-21)', notes: [...GPT_IMAGE_2.notes, 'The pinned snapshot of GPT Image 2.'] },
  GPT_IMAGE_1_5,
  { ...GPT_IMAGE_1_5, id: 'gpt-image-1.5-2025-12-16', label: 'GPT Image 1.5 (snapshot 2025-12-16)' },
  {
    ...GPT_IMAGE_1_5,
    id: 'chatgpt-image-latest',
    label: 'ChatGPT Image (latest)',
    released: '2026-02-10',
    endpoints: { generate: false, edit: true },
  },
  {
    ...LEGACY_BASE,
    id: 'gpt-image-1-mini',
    label: 'GPT Image 1 mini',
    released: '2025-10-06',
    shutdownDate: '2026-12-01',
    replacement: 'gpt-image-2.6-flare',
    inputFidelity: 'unsupported',
    detailedInputs: 1,
    prices: { textIn: 2, textInCached: 0.2, textOut: null, imageIn: 2.5, imageInCached: 0.25, imageOut: 8 },
    notes: ['Shut down on 2026-12-01; OpenAI names GPT Image 2.6 Flare or Sunburst as the replacement.'],
  },
  {
    ...LEGACY_BASE,
    id: 'gpt-image-1',
    label: 'GPT Image 1',
    released: '2025-04-23',
    shutdownDate: '2026-10-23',
    replacement: 'gpt-image-2.5-sunburst',
    inputFidelity: 'choice',
    detailedInputs: 1,
    prices: { textIn: 5, textInCached: 1.25, textOut: null, imageIn: 10, imageInCached: 2.5, imageOut: 40 },
    notes: ['Shut down on 2026-10-23; the SDK names GPT Image 2.5 Sunburst or Flare as the replacement.'],
  },
];

export function findModel(id: string): ModelInfo | undefined {
  return MODELS.find((m) => m.id === id);
}

export function parseSize(size: string): { width: number; height: number } | null {
  const m = /^(\d{2,5})x(\d{2,5})$/.exec(size);
  return m ? { width: Number(m[1]), height: Number(m[2]) } : null;
}
