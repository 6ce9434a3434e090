/**
 * The Generate form's state lives outside the component so switching to History or
 * Settings and back never loses what the user typed. Numbers are kept as the text typed
 * so a half-typed value is not corrected under the user's fingers.
 */
import { canStream, findModel, GenerateParamsSchema, GIF_RULES, parseSize, type GenerateParams, type JobView, type SvgOptions } from '../../../../electron/shared';
import { createStore, usePatchedStore } from '../../bridge/store';

export type Quality = GenerateParams['quality'];
export type OutputFormat = GenerateParams['outputFormat'];
export type Background = GenerateParams['background'];
export type Moderation = GenerateParams['moderation'];
/** '' = the model's own default (not sent). */
export type ComplexityChoice = '' | NonNullable<GenerateParams['complexity']>;
export type SvgEffort = '' | NonNullable<SvgOptions['effort']>;

export interface Draft {
  /** null: follow the default for the key's models (until the user picks one). */
  model: string | null;
  prompt: string;
  n: string;
  /** A size string, 'auto', or 'custom' (then width × height apply). */
  size: string;
  width: string;
  height: string;
  quality: Quality;
  complexity: ComplexityChoice;
  outputFormat: OutputFormat;
  /** Animated GIF: frame count and duration, as typed. */
  gifFrames: string;
  gifFrameMs: string;
  /** SVG: the author model (only for projects with SVG model selection) and its reasoning. */
  svgModel: string;
  svgEffort: SvgEffort;
  compression: number;
  background: Background;
  moderation: Moderation;
  stream: boolean;
  partialImages: string;
  /** The project's id as text, '' for none: its folder, naming and budget apply to the job. */
  projectId: string;
  /** Why the model changed under the person (a shut-down model replaced), until they pick one. */
  modelNotice: string | null;
}

/** Where a new Generate form starts; Edit starts from the same values but its own size. */
export const DRAFT_DEFAULTS: Draft = {
  model: null,
  prompt: '',
  n: '1',
  size: '1024x1024',
  width: '2048',
  height: '1152',
  quality: 'medium',
  complexity: '',
  outputFormat: 'png',
  gifFrames: String(GIF_RULES.defaultFrames),
  gifFrameMs: String(GIF_RULES.defaultFrameMs),
  svgModel: '',
  svgEffort: '',
  compression: 100,
  background: 'auto',
  moderation: 'auto',
  stream: true,
  partialImages: '2',
  projectId: '',
  modelNotice: null,
};

export const draftStore = createStore<Draft>(DRAFT_DEFAULTS);

export function useDraft(): [Draft, (patch: Partial<Draft>) => void] {
  return usePatchedStore(draftStore);
}

export function effectiveSize(draft: Draft): string {
  return draft.size === 'custom' ? `${draft.width.trim()}x${draft.height.trim()}` : draft.size;
}

function wholeNumber(text: string): number | null {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : null;
}

export interface Built {
  /** The request as it stands, valid or not (the estimate uses it before a prompt exists). */
  request: GenerateParams;
  /** The same request when it would pass the core's checks, else null. */
  params: GenerateParams | null;
  /** Field → message, for inline display. */
  issues: Partial<Record<keyof GenerateParams, string>>;
}

/**
 * The output parameters the form describes and the problems found in its own fields,
 * before any schema runs: shared by Generate and Edit, which check with their own schema.
 */
export function baseRequest(draft: Draft, modelId: string): Built {
  const issues: Built['issues'] = {};
  const model = findModel(modelId);
  const format = draft.outputFormat;
  const svg = format === 'svg';
  const gif = format === 'gif';
  const n = svg ? 1 : wholeNumber(draft.n);
  const maxN = model?.maxN ?? 10;
  if (n === null || n < 1 || n > maxN) issues.n = `Choose 1 to ${maxN} images.`;
  const stream = draft.stream && (!model || canStream(model, format));
  const partials = wholeNumber(draft.partialImages);
  if (stream && (partials === null || partials > 3)) issues.partialImages = 'Choose 0 to 3 partial images.';
  const params: GenerateParams = {
    model: modelId,
    prompt: draft.prompt,
    n: n ?? 1,
    size: effectiveSize(draft),
    quality: draft.quality,
    outputFormat: format,
    background: draft.background,
    moderation: draft.moderation,
    stream,
    partialImages: stream ? (partials ?? 0) : 0,
  };
  if (format === 'jpeg' || format === 'webp') params.outputCompression = draft.compression;
  if (draft.complexity !== '' && model?.complexity) params.complexity = draft.complexity;
  if (gif) {
    const frames = wholeNumber(draft.gifFrames);
    const frameMs = wholeNumber(draft.gifFrameMs);
    if (frames === null || frames < GIF_RULES.minFrames || frames > GIF_RULES.maxFrames) issues.gif = `Choose ${GIF_RULES.minFrames} to ${GIF_RULES.maxFrames} frames.`;
    else if (frameMs === null || frameMs < GIF_RULES.minFrameMs || frameMs > GIF_RULES.maxFrameMs) issues.gif = `A frame lasts ${GIF_RULES.minFrameMs} to ${GIF_RULES.maxFrameMs.toLocaleString('en-US')} ms.`;
    params.gif = { frames: frames ?? GIF_RULES.defaultFrames, frameMs: frameMs ?? GIF_RULES.defaultFrameMs };
  }
  if (svg) {
    const options: SvgOptions = {};
    if (draft.svgModel.trim() !== '') options.model = draft.svgModel.trim();
    // Reasoning belongs to an author model: without one, the project's default decides both.
    if (options.model !== undefined && draft.svgEffort !== '') options.effort = draft.svgEffort;
    if (options.model !== undefined || options.effort !== undefined) params.svg = options;
  }
  return { request: params, params: null, issues };
}

interface SchemaResult {
  error?: { issues: readonly { path: readonly PropertyKey[]; message: string }[] };
}

/** Adds what the core's schema refuses to the form's own issues, keeping the form's message where both speak. */
export function addSchemaIssues<K extends string>(issues: Partial<Record<K, string>>, result: SchemaResult): void {
  for (const issue of result.error?.issues ?? []) {
    const key = issue.path[0] as K | undefined;
    if (key && !issues[key]) issues[key] = issue.message;
  }
}

/** The request the form describes, checked with the same schema the core uses. */
export function buildParams(draft: Draft, modelId: string): Built {
  const { request: params, issues } = baseRequest(draft, modelId);
  addSchemaIssues(issues, GenerateParamsSchema.safeParse(params));
  return { request: params, params: Object.keys(issues).length === 0 ? params : null, issues };
}

/** A past job's prompt and output parameters as a patch of a form draft. */
export function draftPatchFromJob(job: JobView, d: Draft): Draft {
  const p = job.params;
  const model = findModel(p.model);
  const listed = model ? (model.sizes.kind === 'fixed' ? model.sizes.values : model.sizes.presets) : [];
  const dims = parseSize(p.size);
  const custom = p.size !== 'auto' && !listed.includes(p.size) && dims !== null && model?.sizes.kind === 'free';
  return {
    ...d,
    model: p.model,
    prompt: p.prompt,
    n: String(p.n),
    size: custom ? 'custom' : p.size,
    width: custom ? String(dims.width) : d.width,
    height: custom ? String(dims.height) : d.height,
    quality: p.quality,
    complexity: p.complexity ?? '',
    outputFormat: p.outputFormat,
    gifFrames: p.gif ? String(p.gif.frames) : d.gifFrames,
    gifFrameMs: p.gif ? String(p.gif.frameMs) : d.gifFrameMs,
    svgModel: p.svg?.model ?? '',
    svgEffort: p.svg?.effort ?? '',
    compression: p.outputCompression ?? d.compression,
    background: p.background,
    moderation: p.moderation,
    stream: p.stream,
    partialImages: String(p.partialImages),
    projectId: job.projectId === null ? d.projectId : String(job.projectId),
    // The form says so if this model has been shut down since (see model-choice).
    modelNotice: null,
  };
}

/** Puts a past job's prompt and parameters back into the form ("do that again, but…"). */
export function reuseJob(job: JobView): void {
  draftStore.set((d) => draftPatchFromJob(job, d));
}
