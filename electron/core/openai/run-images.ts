/**
 * One attempt at an image job (a generation or an edit): the images for `indices`,
 * either in one plain request or streamed. Images are handed to `onImage` the moment
 * each arrives, so the caller can store it before anything else can go wrong; failures
 * are reported per image so a retry asks only for what is still missing.
 *
 * Streaming with n > 1 is not documented (reference §5.1, §12), so a streamed request
 * for several images is sent as that many parallel single-image streams. Each has its
 * own partials, usage and request id, and one failing does not cost the others.
 *
 * What differs between the endpoints (the body, the SDK method, the stream's event
 * names) is an `ImageRequest` (see image-requests.ts); everything else is shared.
 */
import { APIUserAbortError } from 'openai';
import type { ImagesResponse } from 'openai/resources/images';
import { LoupeError, type Usage } from '../../shared';
import { mapOpenAIError, type ErrorContext } from './errors';
import { addUsage, parseUsage } from './usage';

/** A stream event of either endpoint, reduced to what the attempt reads. */
export interface ImageStreamEvent {
  type: string;
  b64_json: string;
  partial_image_index?: number;
  usage?: unknown;
}

export interface ImageRequest {
  /** Prefix of the stream's event types: image_generation.* or image_edit.* (reference §5.1). */
  events: 'image_generation' | 'image_edit';
  /** One plain request for `n` images. */
  once(n: number, signal: AbortSignal): Promise<{ data: ImagesResponse; request_id: string | null }>;
  /** One single-image stream. */
  stream(signal: AbortSignal): Promise<{ data: AsyncIterable<ImageStreamEvent>; request_id: string | null }>;
}

export interface RunImagesOptions {
  request: ImageRequest;
  /** Stream (with partial images) rather than one plain request. */
  stream: boolean;
  /** Output indices this attempt must fill, in order (all of 0..n-1 on a first attempt). */
  indices: readonly number[];
  /** Aborted on cancel or shutdown. */
  signal: AbortSignal;
  /** A stream that sends nothing for this long is aborted as stalled. */
  idleMs: number;
  /** For error messages: the model, the key to redact, the host to name. */
  errorContext: Omit<ErrorContext, 'stalled' | 'canceled'>;
  onRequestId?: (requestId: string) => void;
  onPartial?: (imageIndex: number, partialIndex: number, bytes: Buffer) => void;
  /** Called once per image as it arrives; awaited before the attempt returns. A rejection fails that image. */
  onImage: (imageIndex: number, bytes: Buffer) => Promise<void>;
}

export interface ImageFailure {
  index: number;
  error: LoupeError;
}

export interface AttemptResult {
  images: Array<{ index: number; bytes: Buffer }>;
  failures: ImageFailure[];
  /** Summed over every response and completed event of this attempt; null when none arrived. */
  usage: Usage | null;
  requestIds: string[];
}

export async function runImages(opts: RunImagesOptions): Promise<AttemptResult> {
  const result: AttemptResult = { images: [], failures: [], usage: null, requestIds: [] };
  const pending: Array<Promise<void>> = [];
  const noteRequestId = (id: string | null | undefined) => {
    if (!id || result.requestIds.includes(id)) return;
    result.requestIds.push(id);
    opts.onRequestId?.(id);
  };
  // Store each image while the other streams keep flowing; a storage failure is that image's failure.
  const deliver = (index: number, bytes: Buffer) => {
    result.images.push({ index, bytes });
    pending.push(
      Promise.resolve()
        .then(() => opts.onImage(index, bytes))
        .catch((err: unknown) => {
          result.images = result.images.filter((i) => i.index !== index);
          result.failures.push({ index, error: asLoupeError(err) });
        }),
    );
  };
  const ctx = { result, noteRequestId, deliver };

  if (opts.stream) {
    await Promise.all(opts.indices.map((index) => streamOne(opts, index, ctx)));
  } else {
    await requestOnce(opts, ctx);
  }
  await Promise.all(pending);
  return result;
}

interface AttemptContext {
  result: AttemptResult;
  noteRequestId: (id: string | null | undefined) => void;
  deliver: (index: number, bytes: Buffer) => void;
}

async function requestOnce(opts: RunImagesOptions, ctx: AttemptContext): Promise<void> {
  try {
    const { data, request_id } = await opts.request.once(opts.indices.length, opts.signal);
    ctx.noteRequestId(request_id);
    ctx.result.usage = addUsage(ctx.result.usage, parseUsage(data.usage));
    const images = data.data ?? [];
    opts.indices.forEach((index, i) => {
      const b64 = images[i]?.b64_json;
      if (b64) ctx.deliver(index, Buffer.from(b64, 'base64'));
      else {
        const error = new LoupeError('SERVER_ERROR', `OpenAI returned ${images.length} of ${opts.indices.length} images.`, {
          retryable: true,
          requestId: request_id ?? undefined,
        });
        ctx.result.failures.push({ index, error });
      }
    });
  } catch (err) {
    const error = mapOpenAIError(err, { ...opts.errorContext, canceled: opts.signal.aborted });
    ctx.noteRequestId(error.detail?.requestId);
    for (const index of opts.indices) ctx.result.failures.push({ index, error });
  }
}

/** One single-image stream with an idle watchdog (the SDK has no timeout once the body flows, §5.2). */
async function streamOne(opts: RunImagesOptions, index: number, ctx: AttemptContext): Promise<void> {
  const ac = new AbortController();
  let stalled = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      ac.abort();
    }, opts.idleMs);
  };
  const onCancel = () => ac.abort();
  opts.signal.addEventListener('abort', onCancel, { once: true });
  if (opts.signal.aborted) ac.abort();

  const partialType = `${opts.request.events}.partial_image`;
  const completedType = `${opts.request.events}.completed`;
  let requestId: string | null = null;
  let gotImage = false;
  try {
    arm();
    const { data: stream, request_id } = await opts.request.stream(ac.signal);
    requestId = request_id;
    ctx.noteRequestId(request_id);
    for await (const ev of stream) {
      arm();
      if (ev.type === partialType) {
        opts.onPartial?.(index, ev.partial_image_index ?? 0, Buffer.from(ev.b64_json, 'base64'));
      } else if (ev.type === completedType) {
        gotImage = true;
        ctx.result.usage = addUsage(ctx.result.usage, parseUsage(ev.usage));
        ctx.deliver(index, Buffer.from(ev.b64_json, 'base64'));
      }
    }
    // The SDK ends the loop quietly when the request is aborted, so an abort shows up
    // here as a stream that ended without its image.
    if (!gotImage) {
      if (stalled || opts.signal.aborted) throw new APIUserAbortError();
      throw new LoupeError('STREAM_ERROR', 'The image stream ended before the image arrived.', { retryable: true });
    }
  } catch (err) {
    if (gotImage) return; // the image is safe; a hiccup after it does not matter
    const error = withRequestId(mapOpenAIError(err, { ...opts.errorContext, stalled, canceled: opts.signal.aborted }), requestId);
    ctx.noteRequestId(error.detail?.requestId);
    ctx.result.failures.push({ index, error });
  } finally {
    clearTimeout(timer);
    opts.signal.removeEventListener('abort', onCancel);
  }
}

function withRequestId(err: LoupeError, requestId: string | null): LoupeError {
  if (!requestId || err.detail?.requestId) return err;
  return new LoupeError(err.code, err.message, { ...err.detail, requestId });
}

function asLoupeError(err: unknown): LoupeError {
  if (err instanceof LoupeError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new LoupeError('STORAGE_ERROR', `Loupe could not store the image: ${message}`, { retryable: false });
}
