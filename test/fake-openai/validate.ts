// Parameter validation for the image endpoints, per model (reference 2026-12
// §3). Order of checks mimics a schema-first server: unknown parameters, then
// the model (404 / 403), then the parameters this model lacks, then each field.
import { ApiError, errors, typeName } from './errors';
import { imageFamily, isShutDown, modelVariant, REMOVED_MODELS, type ImageFamily, type Variant } from './models';
import { Reader, type Raw, type Source } from './reader';
import { DEFAULT_COMPLEXITY, MAX_SAFETY_IDENTIFIER, RULES, type OutputFormat, type Quality } from './rules';
import { checkSize, type Size } from './sizes';
import type { Complexity, ResolvedQuality } from './tokens';
import type { FakeState } from './types';
import { checkOutputRules, readSvg, type SvgOptions } from './validate-output';

export type { Source } from './reader';
export type { OutputFormat, Quality } from './rules';
export type Background = 'transparent' | 'opaque' | 'auto';

export interface ImageParams {
  endpoint: 'generations' | 'edits';
  model: string;
  family: ImageFamily;
  variant: Variant;
  prompt: string;
  n: number;
  quality: Quality;
  /** `auto` resolved; we pick medium (the middle of the documented range). */
  resolvedQuality: ResolvedQuality;
  size: Size | 'auto';
  outputFormat: OutputFormat;
  outputCompression: number | undefined;
  background: Background;
  moderation: 'low' | 'auto';
  stream: boolean;
  partialImages: number;
  /** Input images billed with the high-fidelity surcharge: every active model (none takes input_fidelity). */
  highFidelity: boolean;
  /** Effective planning effort on models that take it (2.6); undefined elsewhere. */
  complexity: Complexity | undefined;
  /** GIF only: frames and the per-frame delay actually encoded (rounded, capped). */
  frameCount: number | undefined;
  frameDurationMs: number | undefined;
  /** SVG only. */
  svg: SvgOptions | undefined;
  /** The effective identifier the response echoes: a non-empty safety_identifier, else `user`, else null. */
  safetyIdentifier: string | null;
  /** A `markup` file part was sent (checked in inputs.ts). */
  markup: boolean;
}

const COMMON = [
  'prompt',
  'model',
  'n',
  'quality',
  'output_format',
  'output_compression',
  'stream',
  'partial_images',
  'size',
  'background',
  'user',
  'safety_identifier',
  'complexity',
  'frame_count',
  'frame_duration_ms',
  'svg',
];
const ALLOWED: Record<string, Set<string>> = {
  // response_format/style are in the generations schema (DALL·E only) and are
  // rejected per model below; input_fidelity is not in it at all.
  generations: new Set([...COMMON, 'moderation', 'response_format', 'style']),
  // `moderation` is not in the multipart schema (§3.6) [unsure whether the real API
  // accepts it as a form field]; we accept it so apps can send the same parameters both ways.
  // `markup` is a multipart file part only (§3.2).
  'edits-multipart': new Set([...COMMON, 'image', 'image[]', 'mask', 'markup', 'response_format', 'input_fidelity', 'moderation']),
  'edits-json': new Set([...COMMON, 'images', 'mask', 'input_fidelity', 'moderation']),
};

export interface ValidateContext {
  endpoint: 'generations' | 'edits';
  source: Source;
  state: Pick<FakeState, 'models' | 'shutdownDates' | 'today' | 'listShutDownModels'>;
  visibleModels: Set<string>;
  requireVerification: boolean;
}

/** Multipart sends the svg object as `svg[model]`, `svg[reasoning][effort]` (§3.5): fold them into `svg`. */
export function foldBracketFields(raw: Raw): Raw {
  const out: Raw = {};
  for (const [key, value] of Object.entries(raw)) {
    // Only the svg object arrives this way; other bracketed names (image[0]…) stay unknown parameters.
    const m = /^(svg)((?:\[[^\]]*\])+)$/.exec(key);
    if (!m) {
      out[key] = value;
      continue;
    }
    const path = [...m[2]!.matchAll(/\[([^\]]*)\]/g)].map((x) => x[1]!);
    let node = (out[m[1]!] ??= {}) as Raw;
    if (typeof node !== 'object' || node === null) throw errors.invalidType(m[1]!, 'an object', node);
    for (const [i, k] of path.entries()) {
      if (i === path.length - 1) node[k] = value;
      else node = (node[k] ??= {}) as Raw;
    }
  }
  return out;
}

/** Rejects parameters outside the endpoint's schema (first one wins, like the API). */
export function checkUnknown(raw: Raw, ctx: Pick<ValidateContext, 'endpoint' | 'source'>): void {
  const key = ctx.endpoint === 'generations' ? 'generations' : `edits-${ctx.source}`;
  const allowed = ALLOWED[key]!;
  for (const name of Object.keys(raw)) if (!allowed.has(name)) throw errors.unknownParameter(name);
}

/** Resolves and checks the model: 404 for unknown/removed/shut down, 400 for non-image models, 403 when unverified. */
export function checkModel(raw: Raw, ctx: ValidateContext): { model: string; family: ImageFamily } {
  let model: string;
  const v = raw.model;
  if (v === undefined || v === null) {
    // The last documented defaults: dall-e-2 (generations) and gpt-image-1.5 (edits); both are gone now,
    // so a request without a model fails, as "Always send model" (§2) warns.
    model = ctx.endpoint === 'generations' ? 'dall-e-2' : 'gpt-image-1.5';
  } else if (typeof v !== 'string') {
    throw errors.invalidType('model', 'a string', v);
  } else {
    model = v;
  }
  if (REMOVED_MODELS.has(model)) throw errors.modelNotFound(model);
  if (isShutDown(model, ctx.state)) throw errors.modelShutDown(model);
  if (!ctx.visibleModels.has(model)) throw errors.modelNotFound(model);
  const family = imageFamily(model);
  if (!family) {
    // [unsure] exact wording for a real but non-image model on an image endpoint.
    const ids = [...ctx.visibleModels].filter((m) => imageFamily(m) && !isShutDown(m, ctx.state));
    throw errors.invalidValue('model', model, ids);
  }
  if (ctx.requireVerification) throw errors.verificationRequired(model);
  return { model, family };
}

/** Parameters in the schema that this model does not have: unknown_parameter, like response_format. */
function checkModelParameters(r: Reader, family: ImageFamily, endpoint: ValidateContext['endpoint']): void {
  const rules = RULES[family];
  // DALL·E-only parameters (older reference §2, §7); input_fidelity: no active model takes it (§3).
  const lacking = ['response_format', 'style', ...(endpoint === 'edits' ? ['input_fidelity'] : [])];
  if (!rules.complexity) lacking.push('complexity');
  if (!rules.markup) lacking.push('markup');
  if (!rules.outputFormats.includes('gif')) lacking.push('frame_count', 'frame_duration_ms');
  if (!rules.outputFormats.includes('svg')) lacking.push('svg');
  for (const name of lacking) if (r.has(name)) throw errors.unknownParameter(name);
}

/** Full validation of the scalar parameters (edit inputs are checked in inputs.ts). */
export function validateParams(input: Raw, ctx: ValidateContext): ImageParams {
  const raw = ctx.source === 'multipart' ? foldBracketFields(input) : input;
  checkUnknown(raw, ctx);
  const { model, family } = checkModel(raw, ctx);
  const rules = RULES[family];
  const r = new Reader(raw, ctx.source);
  checkModelParameters(r, family, ctx.endpoint);

  if (raw.prompt === undefined) throw errors.missing('prompt');
  if (typeof raw.prompt !== 'string') throw errors.invalidType('prompt', 'a string', raw.prompt);
  const prompt = raw.prompt;
  if (prompt.length === 0) throw errors.emptyString('prompt');
  if (prompt.length > 32000) throw errors.stringTooLong('prompt', 32000, prompt.length);

  const n = r.int('n', 1, 10) ?? 1;
  const quality = r.enumOf('quality', rules.qualities) ?? 'auto';
  const outputFormat = r.enumOf('output_format', rules.outputFormats) ?? 'png';
  const sizeRaw = r.string('size');
  const size = sizeRaw === undefined ? 'auto' : checkSize(sizeRaw, { gif: outputFormat === 'gif' });
  const outputCompression = r.int('output_compression', 0, 100);
  const background = r.enumOf('background', ['transparent', 'opaque', 'auto'] as const) ?? 'auto';
  if (background === 'transparent' && rules.transparent === 'refused') {
    // The wording 3p report for gpt-image-2 (§6); the fake uses it where transparency is refused.
    throw errors.invalidValueMsg('background', 'Transparent background is not supported for this model.');
  }
  const moderation = r.enumOf('moderation', ['low', 'auto'] as const) ?? 'auto';
  const partialImages = r.int('partial_images', 0, 3) ?? 0;
  const stream = r.bool('stream') ?? false;
  const user = r.string('user');
  const safety = r.string('safety_identifier');
  if (safety !== undefined && safety.length > MAX_SAFETY_IDENTIFIER) {
    throw errors.stringTooLong('safety_identifier', MAX_SAFETY_IDENTIFIER, safety.length);
  }
  const complexity = rules.complexity ? (r.enumOf('complexity', ['low', 'medium', 'high'] as const) ?? DEFAULT_COMPLEXITY) : undefined;
  const svg = readSvg(r, ctx.endpoint);

  const out = checkOutputRules(r, { outputFormat, outputCompression, background, stream, partialImages, n, size, svg });

  return {
    endpoint: ctx.endpoint,
    model,
    family,
    variant: modelVariant(model),
    prompt,
    n,
    quality,
    resolvedQuality: quality === 'auto' ? 'medium' : quality,
    size,
    outputFormat,
    outputCompression,
    background,
    moderation,
    stream,
    partialImages,
    highFidelity: true,
    complexity,
    frameCount: out.frameCount,
    frameDurationMs: out.frameDurationMs,
    svg: outputFormat === 'svg' ? (svg ?? {}) : undefined,
    safetyIdentifier: safety ? safety : user ? user : null,
    markup: r.has('markup'),
  };
}

/** The body of a JSON request must be an object. */
export function requireObject(body: unknown): Raw {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiError(400, {
      message: `Invalid type for request body: expected an object, but got ${typeName(body)} instead.`,
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_type',
    });
  }
  return body as Raw;
}
