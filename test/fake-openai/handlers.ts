// The work of a validated image request: pick the output size, synthesise the
// images (still, GIF or SVG), and answer as JSON or as an SSE stream, applying
// a fault if one was drawn. Everything here runs after auth and validation succeeded.
import type { ServerResponse } from 'node:http';
import { editRaw } from './edit-render';
import { faultError, hasMarker, streamErrorPayload } from './faults';
import { encodeGif } from './gif';
import { encode, generateRaw, hasTransparency, partialFrames, SHAPES, type EncodeOptions } from './images';
import type { EditInputs } from './inputs';
import { autoEditSize, autoGifSize, GENERATION_AUTO, sizeString, type Size } from './sizes';
import { writeEvent } from './sse';
import { svgDocument, svgUsage } from './svg-output';
import { requestUsage, streamImageUsage, type UsageRequest } from './tokens';
import type { FaultSpec } from './types';
import type { ImageParams } from './validate';
import { withApiCredentials } from './credentials';

/** What the server gives a handler: the response plus fault/latency helpers. */
export interface Ctx {
  res: ServerResponse;
  requestId: string;
  /** Delay before answering (spread over a stream's events): global plus per-model latency. */
  latencyMs: number;
  sendJson(status: number, body: unknown, headers?: Record<string, string>): void;
  startSse(): void;
  /** Destroy the socket abruptly (no response, or a cut stream). */
  drop(): void;
  /** Send headers if not yet sent, then go silent until the client or close() ends it. */
  stall(): void;
  /** Resolves after ms; rejects when the server is closing so handlers unwind. */
  sleep(ms: number): Promise<void>;
  /**
   * How many identical generation requests this server has answered before. The real
   * model draws a new image each time; the fake stays deterministic per server run by
   * seeding with this count (a fresh server repeats its first answer byte for byte).
   */
  variation(key: string): number;
  /** Sign still outputs with a C2PA manifest (FakeState.contentCredentials). */
  contentCredentials?: boolean;
}

export function outputSize(p: ImageParams, inputs?: EditInputs): Size {
  if (p.size !== 'auto') return p.size;
  const first = inputs?.images[0];
  const auto = p.endpoint === 'edits' && first ? autoEditSize(first.orientedWidth, first.orientedHeight) : GENERATION_AUTO;
  return p.frameCount ? autoGifSize(p.frameCount, auto) : auto;
}

export async function serveImages(ctx: Ctx, p: ImageParams, inputs: EditInputs | undefined, fault: FaultSpec | undefined): Promise<void> {
  if (fault?.kind === 'latency') {
    await ctx.sleep(fault.ms);
    fault = undefined;
  }
  if (fault) {
    const err = faultError(fault, { model: p.model, requestId: ctx.requestId, streaming: p.stream });
    if (err) throw err;
    // Without a stream there is nothing to cut "mid-way": drop before the response, stall after the headers.
    if (fault.kind === 'drop' && (!p.stream || fault.afterPartials === undefined)) return ctx.drop();
    if (fault.kind === 'stall' && !p.stream) return ctx.stall();
  }

  const size = outputSize(p, inputs);
  const usageReq: UsageRequest = {
    model: p.model,
    prompt: p.prompt,
    quality: p.resolvedQuality,
    width: size.width,
    height: size.height,
    n: p.n,
    partialsPerImage: p.stream ? p.partialImages : 0,
    inputs: inputs?.images.map(({ width, height }) => ({ width, height })) ?? [],
    highFidelity: p.highFidelity,
    complexity: p.complexity,
    frames: p.frameCount,
  };
  // Edits stay a pure function of the request, so drift comparisons are like for like.
  const variation = inputs ? 0 : ctx.variation(JSON.stringify([p.model, p.prompt, sizeString(size), p.resolvedQuality, p.outputFormat]));
  // [fake:markup:ignore] simulates a relay that drops the markup part: the edit goes on without it.
  const markup = hasMarker(p.prompt, 'markup:ignore') ? undefined : inputs?.markup;
  const render = (index: number, transparent: boolean): Promise<Buffer> =>
    inputs
      ? editRaw({ ...size, prompt: p.prompt, model: p.model, quality: p.resolvedQuality, index, images: inputs.images, mask: inputs.mask, markup })
      : generateRaw({ ...size, prompt: p.prompt, model: p.model, quality: p.resolvedQuality, index: index + variation * p.n, transparent });

  // Background actually used: transparent when asked; with `auto`, edits keep
  // the input's transparency (like the real model does for cut-outs) unless the
  // format cannot carry it; generations default to opaque.
  const requestedTransparent = p.background === 'transparent';
  let transparent = requestedTransparent;
  const decide = (raw: Buffer) => {
    if (p.background === 'auto' && inputs && (p.outputFormat === 'png' || p.outputFormat === 'webp')) transparent = hasTransparency(raw);
  };
  const still = p.outputFormat === 'gif' || p.outputFormat === 'svg' ? 'png' : p.outputFormat;
  const enc = (): EncodeOptions => ({ ...size, format: still, compression: p.outputCompression, transparent });
  // The final image as the API returns it: with its Content Credentials when they are on.
  const finalImage = async (raw: Buffer): Promise<Buffer> => {
    const body = await encode(raw, enc());
    return ctx.contentCredentials && p.outputFormat === still ? withApiCredentials(body, still) : body;
  };
  const meta = () => ({
    size: sizeString(size),
    quality: p.resolvedQuality,
    background: transparent ? 'transparent' : 'opaque',
    output_format: p.outputFormat,
  });

  if (!p.stream) {
    await ctx.sleep(ctx.latencyMs);
    const data: Array<{ b64_json: string }> = [];
    let svgText = '';
    for (let i = 0; i < p.n; i++) {
      if (p.svg) {
        const hostile = hasMarker(p.prompt, 'svg:hostile');
        svgText = svgDocument({ ...size, prompt: p.prompt, model: p.model, shapes: SHAPES[p.resolvedQuality], hostile });
        data.push({ b64_json: Buffer.from(svgText, 'utf8').toString('base64') });
        continue;
      }
      const raw = await render(i, requestedTransparent);
      if (i === 0) decide(raw);
      const body = p.frameCount
        ? await encodeGif(raw, { ...size, frames: p.frameCount, delayMs: p.frameDurationMs! })
        : await finalImage(raw);
      data.push({ b64_json: body.toString('base64') });
    }
    const extra = p.svg ? { svg_usage: svgUsage(p.prompt, svgText, size.width, size.height, p.svg) } : {};
    ctx.sendJson(200, {
      created: nowSeconds(),
      data,
      ...meta(),
      safety_identifier: p.safetyIdentifier,
      usage: requestUsage(usageReq),
      ...extra,
    });
    return;
  }

  const prefix = p.endpoint === 'generations' ? 'image_generation' : 'image_edit';
  const k = p.partialImages;
  const streamFault = fault && (fault.kind === 'stall' || fault.kind === 'drop' || fault.kind === 'stream_error') ? fault : undefined;
  // Where the fault strikes, counted in partial images sent over the whole stream.
  const at =
    streamFault?.kind === 'drop' ? (streamFault.afterPartials ?? 0) : Math.min(streamFault?.afterPartials ?? 1, k * p.n);
  const perEvent = ctx.latencyMs / (p.n * (k + 1));
  let emitted = 0;
  let struck = false;

  /** Before every event: apply the fault at its position, pace the stream; false = stop. */
  const checkpoint = async (): Promise<boolean> => {
    if (ctx.res.destroyed) return false;
    if (streamFault && !struck && emitted >= at) {
      struck = true;
      if (streamFault.kind === 'drop') return (ctx.drop(), false);
      if (streamFault.kind === 'stall') return (ctx.stall(), false);
      await writeEvent(ctx.res, 'error', streamErrorPayload());
      ctx.res.end();
      return false;
    }
    await ctx.sleep(perEvent);
    return !ctx.res.destroyed;
  };

  ctx.startSse();
  for (let i = 0; i < p.n; i++) {
    const raw = await render(i, requestedTransparent);
    if (i === 0) decide(raw);
    const frames = await partialFrames(raw, k, enc());
    for (const [j, frame] of frames.entries()) {
      if (!(await checkpoint())) return;
      const ev = { type: `${prefix}.partial_image`, b64_json: frame.toString('base64'), created_at: nowSeconds(), ...meta(), partial_image_index: j };
      if (!(await writeEvent(ctx.res, ev.type, ev))) return;
      emitted++;
    }
    const final = await finalImage(raw);
    if (!(await checkpoint())) return;
    const done = {
      type: `${prefix}.completed`,
      b64_json: final.toString('base64'),
      created_at: nowSeconds(),
      ...meta(),
      safety_identifier: p.safetyIdentifier,
      // n > 1 while streaming is undocumented: each image gets its own completed
      // event with its own share of the usage (see streamImageUsage).
      usage: streamImageUsage(usageReq, i),
    };
    if (!(await writeEvent(ctx.res, done.type, done))) return;
  }
  ctx.res.end();
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
