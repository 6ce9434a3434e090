// Parameter validation for the image endpoints, per model (reference §1.2, §2,
// §3). Order of checks mimics a schema-first server: unknown parameters, then
// the model (404 / 403), then each field in schema order.
import { ApiError, errors, typeName } from './errors';
import { imageFamily, REMOVED_MODELS, type ImageFamily } from './models';
import { checkSize, type Size } from './sizes';
import type { ResolvedQuality } from './tokens';

export type Source = 'json' | 'multipart';
export type Quality = ResolvedQuality | 'auto';
export type OutputFormat = 'png' | 'jpeg' | 'webp';
export type Background = 'transparent' | 'opaque' | 'auto';

export interface ImageParams {
  endpoint: 'generations' | 'edits';
  model: string;
  family: ImageFamily;
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
  /** Effective: true for input_fidelity=high and always for gpt-image-2. */
  highFidelity: boolean;
}

const COMMON = ['prompt', 'model', 'n', 'quality', 'output_format', 'output_compression', 'stream', 'partial_images', 'size', 'background', 'user'];
const ALLOWED: Record<string, Set<string>> = {
  // response_format/style are in the generations schema (DALL·E only) and are
  // rejected per model below; input_fidelity is not in it at all.
  generations: new Set([...COMMON, 'moderation', 'response_format', 'style']),
  // `moderation` is not in the multipart schema, only the JSON one [unsure
  // whether the real API accepts it as a form field]; we accept it so apps can
  // send the same parameters both ways.
  'edits-multipart': new Set([...COMMON, 'image', 'image[]', 'mask', 'response_format', 'input_fidelity', 'moderation']),
  'edits-json': new Set([...COMMON, 'images', 'mask', 'input_fidelity', 'moderation']),
};

type Raw = Record<string, unknown>;

/** Reads typed fields from JSON values or multipart strings. */
class Reader {
  constructor(
    private readonly raw: Raw,
    private readonly source: Source,
  ) {}

  has(name: string): boolean {
    const v = this.raw[name];
    return v !== undefined && v !== null;
  }

  string(name: string): string | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw errors.invalidType(name, 'a string', v);
    return v;
  }

  enumOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    if (!allowed.includes(v as T)) throw errors.invalidValue(name, v, allowed);
    return v as T;
  }

  int(name: string, min: number, max: number): number | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null) return undefined;
    let n: number;
    if (this.source === 'multipart' && typeof v === 'string') {
      if (!/^-?\d+$/.test(v.trim())) throw errors.invalidType(name, 'an integer', v);
      n = Number(v.trim());
    } else if (typeof v === 'number' && Number.isInteger(v)) {
      n = v;
    } else {
      throw errors.invalidType(name, 'an integer', v);
    }
    if (n < min) throw errors.belowMin(name, min, n);
    if (n > max) throw errors.aboveMax(name, max, n);
    return n;
  }

  bool(name: string): boolean | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'boolean') return v;
    if (this.source === 'multipart' && typeof v === 'string') {
      // The SDK stringifies booleans as 'true' / 'false'; form parsers commonly accept 1/0 too.
      const s = v.trim().toLowerCase();
      if (s === 'true' || s === '1') return true;
      if (s === 'false' || s === '0') return false;
    }
    throw errors.invalidType(name, 'a boolean', v);
  }
}

export interface ValidateContext {
  endpoint: 'generations' | 'edits';
  source: Source;
  visibleModels: Set<string>;
  requireVerification: boolean;
}

/** Rejects parameters outside the endpoint's schema (first one wins, like the API). */
export function checkUnknown(raw: Raw, ctx: Pick<ValidateContext, 'endpoint' | 'source'>): void {
  const key = ctx.endpoint === 'generations' ? 'generations' : `edits-${ctx.source}`;
  const allowed = ALLOWED[key]!;
  for (const name of Object.keys(raw)) if (!allowed.has(name)) throw errors.unknownParameter(name);
}

/** Resolves and checks the model: 404 for unknown/removed, 400 for non-image models, 403 when unverified. */
export function checkModel(raw: Raw, ctx: ValidateContext): { model: string; family: ImageFamily } {
  let model: string;
  const v = raw.model;
  if (v === undefined || v === null) {
    // Generations default to dall-e-2 (removed → 404); edits default to gpt-image-1.5 (spec).
    model = ctx.endpoint === 'generations' ? 'dall-e-2' : 'gpt-image-1.5';
  } else if (typeof v !== 'string') {
    throw errors.invalidType('model', 'a string', v);
  } else {
    model = v;
  }
  if (REMOVED_MODELS.has(model) || !ctx.visibleModels.has(model)) throw errors.modelNotFound(model);
  const family = imageFamily(model);
  if (!family) {
    // [unsure] exact wording for a real but non-image model on an image endpoint.
    const ids = [...ctx.visibleModels].filter((m) => imageFamily(m));
    throw errors.invalidValue('model', model, ids);
  }
  if (ctx.requireVerification) throw errors.verificationRequired(model);
  return { model, family };
}

/** Full validation of the scalar parameters (edit inputs are checked in inputs.ts). */
export function validateParams(raw: Raw, ctx: ValidateContext): ImageParams {
  checkUnknown(raw, ctx);
  const { model, family } = checkModel(raw, ctx);
  const r = new Reader(raw, ctx.source);

  // DALL·E-only parameters: the real API answers unknown_parameter for GPT image models (reference §2, §7).
  for (const dalleOnly of ['response_format', 'style']) if (r.has(dalleOnly)) throw errors.unknownParameter(dalleOnly);

  if (raw.prompt === undefined) throw errors.missing('prompt');
  if (typeof raw.prompt !== 'string') throw errors.invalidType('prompt', 'a string', raw.prompt);
  const prompt = raw.prompt;
  if (prompt.length === 0) throw errors.emptyString('prompt');
  if (prompt.length > 32000) throw errors.stringTooLong('prompt', 32000, prompt.length);

  const n = r.int('n', 1, 10) ?? 1;
  const quality = r.enumOf('quality', ['low', 'medium', 'high', 'auto'] as const) ?? 'auto';
  const sizeRaw = r.string('size');
  const size = sizeRaw === undefined ? 'auto' : checkSize(sizeRaw, family);
  const outputFormat = r.enumOf('output_format', ['png', 'jpeg', 'webp'] as const) ?? 'png';
  const outputCompression = r.int('output_compression', 0, 100);
  if (outputCompression !== undefined && outputFormat === 'png') {
    throw errors.invalidValueMsg(
      'output_compression',
      "Invalid value for 'output_compression': compression is only supported with the 'jpeg' and 'webp' output formats, but 'output_format' is 'png'.",
    );
  }
  const background = r.enumOf('background', ['transparent', 'opaque', 'auto'] as const) ?? 'auto';
  if (background === 'transparent' && outputFormat === 'jpeg') {
    throw errors.invalidValueMsg(
      'background',
      "Invalid value: 'transparent'. Transparent backgrounds require 'output_format' to be 'png' or 'webp'; 'jpeg' does not support transparency.",
    );
  }
  const moderation = r.enumOf('moderation', ['low', 'auto'] as const) ?? 'auto';
  const partialImages = r.int('partial_images', 0, 3) ?? 0;
  const stream = r.bool('stream') ?? false;
  const user = r.string('user');
  void user;

  let highFidelity = family === 'gpt-image-2';
  if (ctx.endpoint === 'edits') {
    const fidelity = r.enumOf('input_fidelity', ['high', 'low'] as const);
    if (fidelity !== undefined && family === 'gpt-image-1-mini') {
      throw errors.unsupportedParameter('input_fidelity', model, 'This model does not support input fidelity; omit the parameter.');
    }
    if (fidelity !== undefined && family === 'gpt-image-2') {
      // The guide says the API does not allow changing it; community reports say sending it errors.
      throw errors.unsupportedParameter(
        'input_fidelity',
        model,
        'Input images are always processed at high fidelity for this model; omit the parameter.',
      );
    }
    if (fidelity === 'high') highFidelity = true;
  }

  return {
    endpoint: ctx.endpoint,
    model,
    family,
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
    highFidelity,
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
