// Per-model parameter rules, as data (reference 2026-12 §3). "2.6" = the two
// gpt-image-2.6 models, "2.5" = the two 2.5 models and their snapshots, "2" =
// gpt-image-2 and its snapshot. Every rule the reference marks UNCONFIRMED is
// one line here, with the section it comes from, so a correction is a one-line change.
import type { ImageFamily } from './models';

export type Quality = 'low' | 'medium' | 'high' | 'xhigh' | 'max' | 'auto';
export type OutputFormat = 'png' | 'jpeg' | 'webp' | 'gif' | 'svg';
/** How a model treats `background: transparent`. */
export type TransparentSupport = 'supported' | 'preview' | 'refused';

export interface ModelRules {
  qualities: readonly Quality[];
  outputFormats: readonly OutputFormat[];
  /** `complexity` (planning effort) is a parameter of the model. */
  complexity: boolean;
  /** `markup` overlays on edits. */
  markup: boolean;
  transparent: TransparentSupport;
}

const BASE_QUALITIES = ['low', 'medium', 'high', 'auto'] as const;
const ALL_QUALITIES = ['low', 'medium', 'high', 'xhigh', 'max', 'auto'] as const;
const RASTER = ['png', 'jpeg', 'webp'] as const;

export const RULES: Record<ImageFamily, ModelRules> = {
  '2.6': {
    qualities: ALL_QUALITIES, // UNCONFIRMED officially for 2.6 (§3 `quality` row; 3p say low…max)
    outputFormats: [...RASTER, 'gif', 'svg'], // MP-2.6S names GIF and SVG output (§3 gif/svg rows)
    complexity: true, // MP-2.6S (§3 `complexity` row, §3.3)
    markup: true, // UNCONFIRMED for 2.6 (§3 `markup` row; SDK names only 2.5)
    transparent: 'refused', // UNCONFIRMED (§3 `background` row: 2.6 not named)
  },
  '2.5': {
    qualities: ALL_QUALITIES, // SDK (§3 `quality` row)
    outputFormats: RASTER, // UNCONFIRMED (§3 gif/svg rows: "requires a model that supports the format")
    complexity: false, // 3p comfy docs: fixed planning depth; SDK silent (§3 `complexity` row)
    markup: true, // SDK (§3.2)
    transparent: 'supported', // SDK (§3 `background` row)
  },
  '2': {
    qualities: BASE_QUALITIES, // SDK (§3 `quality` row)
    outputFormats: RASTER, // UNCONFIRMED (§3 gif/svg rows)
    complexity: false, // SDK silent (§3 `complexity` row)
    markup: false, // not named by the SDK (§3 `markup` row)
    transparent: 'preview', // UNCONFIRMED: SDK "preview" vs a 3p report of a 400 (§3 `background` row, §6)
  },
};

/** What `complexity` is when omitted: "the model's configured default"; 3p report high. UNCONFIRMED (§3.3). */
export const DEFAULT_COMPLEXITY = 'high' as const;

/** GIF frame rules (§3.4). */
export const GIF = {
  minFrames: 2,
  maxFrames: 16,
  defaultFrames: 9,
  defaultDurationMs: 200,
  minDurationMs: 20, // UNCONFIRMED officially (§3.4: 3p mirror of the API reference)
  maxEncodedDurationMs: 655_350, // SDK: the encoded delay is capped here (§3.4)
  /** Long-edge cap by frame count: [up to N frames, cap]. UNCONFIRMED (§3.4: 3p measurements). */
  edgeCaps: [
    [9, 960],
    [12, 816],
    [16, 720],
  ] as const,
  maxTotalPixels: 8_294_400, // frames × width × height. UNCONFIRMED (§3.4: 3p measurements)
};

/** The long-edge cap for a GIF of `frames` frames. */
export function gifEdgeCap(frames: number): number {
  for (const [upTo, cap] of GIF.edgeCaps) if (frames <= upTo) return cap;
  return GIF.edgeCaps[GIF.edgeCaps.length - 1]![1];
}

/** SVG author reasoning efforts (§3.5). */
export const SVG_EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'] as const;
export type SvgEffort = (typeof SVG_EFFORTS)[number];
/** The SVG author the fake reports when `svg.model` is omitted: the fake's choice (§3.5 names none). */
export const DEFAULT_SVG_MODEL = 'gpt-5';

/** `safety_identifier` length cap: the fake's choice (§3.6 gives none); 64 like other OpenAI ids. */
export const MAX_SAFETY_IDENTIFIER = 64;
