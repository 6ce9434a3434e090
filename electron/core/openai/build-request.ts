/**
 * Turns Loupe's parameters into the exact body the SDK sends. Rules (reference §2, §3,
 * §11.4): always name the model (the API's implicit default was a removed DALL·E
 * model); send only what the model takes; never a null or undefined field (the SDK
 * throws on null in multipart bodies); never `response_format` (GPT Image models
 * always return base64 and reject it on edits).
 */
import { toFile } from 'openai';
import type { ImageEditParamsBase, ImageGenerateParamsBase } from 'openai/resources/images';
import { canStream, roundFrameMs, type GenerateParams, type ModelInfo } from '../../shared';

export type OutputFormat = GenerateParams['outputFormat'];
export type ImageMime = 'image/png' | 'image/jpeg' | 'image/webp';
export type OutputMime = ImageMime | 'image/gif' | 'image/svg+xml';

/** What the SDK's generate body looks like with every optional field we may set. */
export type GenerateBody = Omit<ImageGenerateParamsBase, 'stream'> & { stream?: true };
export type EditBody = Omit<ImageEditParamsBase, 'stream'> & { stream?: true };

export interface BuildOptions {
  /** Ask for an SSE stream; false for a plain JSON response. */
  stream: boolean;
  /** Images for this one request (a split stream sends 1 per request). Defaults to params.n. */
  n?: number;
  /** A stable hash for the end user (§3.6), sent instead of the deprecated `user`. */
  safetyIdentifier?: string;
}

/** Drops undefined (and null) so the body holds only fields we mean to send. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T;
}

/** The fields generations and edits share, filtered by what the model supports. */
function commonFields(params: Omit<GenerateParams, 'moderation'>, model: ModelInfo, opts: BuildOptions) {
  const n = opts.n ?? params.n;
  const format = params.outputFormat;
  const compressible = format === 'jpeg' || format === 'webp';
  const streaming = opts.stream && canStream(model, format);
  const gif = format === 'gif' && params.gif ? params.gif : undefined;
  // The svg object is sent only with an author model: without SVG model selection the API wants it omitted (§3.5).
  const svg = format === 'svg' && params.svg?.model ? { model: params.svg.model, ...(params.svg.effort ? { reasoning: { effort: params.svg.effort } } : {}) } : undefined;
  return {
    model: model.id,
    prompt: params.prompt,
    n,
    size: params.size,
    quality: params.quality,
    output_format: params.outputFormat,
    output_compression: compressible ? params.outputCompression : undefined,
    // Only sent when the model can make transparency; 'auto' is the API default anyway.
    background: params.background === 'transparent' && !model.transparentBackground ? undefined : params.background,
    stream: streaming ? (true as const) : undefined,
    partial_images: streaming ? params.partialImages : undefined,
    complexity: model.complexity ? params.complexity : undefined,
    frame_count: gif?.frames,
    frame_duration_ms: gif ? roundFrameMs(gif.frameMs) : undefined,
    svg,
    safety_identifier: opts.safetyIdentifier || undefined,
  };
}

export function buildGenerateBody(params: GenerateParams, model: ModelInfo, opts: BuildOptions): GenerateBody {
  return compact<GenerateBody>({
    ...commonFields(params, model, opts),
    moderation: model.moderation ? params.moderation : undefined,
  });
}

// ---- Edits ---------------------------------------------------------------------------

export interface EditImageInput {
  bytes: Buffer;
  /** A filename with the right extension; some gateways look at it. */
  name: string;
  /** Always explicit: toFile does not guess, and octet-stream is rejected (openai-node#1468). */
  type: ImageMime;
}

export interface EditParams extends Omit<GenerateParams, 'moderation'> {
  /** Sent only where the model lets you choose (ModelInfo.inputFidelity === 'choice'). */
  inputFidelity?: 'low' | 'high';
  /** In order: the first keeps the most detail, and a mask applies to it. */
  images: readonly EditImageInput[];
  /** RGBA PNG the size of the first image; transparent pixels mark the area to change. */
  mask?: { bytes: Buffer; name?: string };
  /** A transparent PNG overlay of the first image's oriented size (§3.2); never with a mask. */
  markup?: { bytes: Buffer; name?: string };
}

/**
 * The multipart edit body. `moderation` is left out: it is not part of the multipart
 * schema the SDK sends (reference §3.1). `input_fidelity` is omitted where the model
 * does not take it: gpt-image-2 always uses high fidelity, mini does not support it.
 */
export async function buildEditBody(params: EditParams, model: ModelInfo, opts: BuildOptions): Promise<EditBody> {
  const files = await Promise.all(params.images.map((img) => toFile(img.bytes, img.name, { type: img.type })));
  const mask = params.mask ? await toFile(params.mask.bytes, params.mask.name ?? 'mask.png', { type: 'image/png' }) : undefined;
  // Exclusive (§3.2): the schema refuses both; should both ever arrive, the mask wins and markup is not sent.
  const markup = params.markup && model.markup && !mask ? await toFile(params.markup.bytes, params.markup.name ?? 'markup.png', { type: 'image/png' }) : undefined;
  return compact<EditBody>({
    ...commonFields(params, model, opts),
    // One file goes as `image`, several as repeated `image[]` parts.
    image: files.length === 1 ? files[0]! : files,
    mask,
    markup,
    input_fidelity: model.inputFidelity === 'choice' ? params.inputFidelity : undefined,
  });
}

const MIME: Record<OutputFormat, OutputMime> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif', svg: 'image/svg+xml' };

export function mimeOf(format: OutputFormat): OutputMime {
  return MIME[format];
}

/**
 * An edit as the JSON body of `/v1/images/edits` (the spec's application/json form:
 * `images` as ImageRefParam with base64 data URLs, a `mask` the same way), for Batch API
 * lines, which are JSON and cannot carry multipart uploads (reference 2026-12 §5: the line
 * format for edits is UNCONFIRMED; this is the documented JSON edit body, model-assumptions.ts).
 * Markup has no JSON form in the spec, so it is never sent this way.
 */
export function buildEditJsonBody(params: EditParams & { moderation?: GenerateParams['moderation'] }, model: ModelInfo, opts: Omit<BuildOptions, 'stream'>): Record<string, unknown> {
  const dataUrl = (mime: string, bytes: Buffer) => `data:${mime};base64,${bytes.toString('base64')}`;
  return compact({
    ...commonFields(params, model, { ...opts, stream: false }),
    images: params.images.map((img) => ({ image_url: dataUrl(img.type, img.bytes) })),
    mask: params.mask ? { image_url: dataUrl('image/png', params.mask.bytes) } : undefined,
    moderation: model.moderation ? params.moderation : undefined,
    input_fidelity: model.inputFidelity === 'choice' ? params.inputFidelity : undefined,
  });
}
