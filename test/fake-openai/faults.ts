// Fault injection: a FIFO queue filled by tests (queueFault / POST /__fake/faults)
// and prompt markers like "[fake:429]" so a person can demo failures from the UI.
import { z } from 'zod';
import { ApiError } from './errors';
import type { Endpoint, FaultSpec } from './types';

interface Queued {
  spec: FaultSpec;
  remaining: number;
}

export class FaultQueue {
  private items: Queued[] = [];

  push(spec: FaultSpec): void {
    this.items.push({ spec, remaining: Math.max(1, spec.times ?? 1) });
  }

  clear(): void {
    this.items = [];
  }

  list(): Array<FaultSpec & { remaining: number }> {
    return this.items.map((q) => ({ ...q.spec, remaining: q.remaining }));
  }

  /** Consumes one use of the first fault that matches this endpoint. */
  take(endpoint: Endpoint): FaultSpec | undefined {
    const i = this.items.findIndex((q) => q.spec.match === undefined || q.spec.match === endpoint);
    if (i < 0) return undefined;
    const q = this.items[i]!;
    q.remaining -= 1;
    if (q.remaining <= 0) this.items.splice(i, 1);
    return q.spec;
  }
}

const base = { match: z.enum(['generations', 'edits', 'models']).optional(), times: z.number().int().min(1).optional() };
const nonNeg = z.number().int().min(0).optional();

/** Schema for FaultSpecs arriving over HTTP (POST /__fake/faults). */
export const faultSpecSchema = z.discriminatedUnion('kind', [
  z.object({ ...base, kind: z.literal('latency'), ms: z.number().min(0) }),
  z.object({ ...base, kind: z.literal('rate_limit'), retryAfterSeconds: z.number().min(0).optional() }),
  z.object({ ...base, kind: z.literal('insufficient_quota') }),
  z.object({ ...base, kind: z.literal('server_error'), status: z.union([z.literal(500), z.literal(502), z.literal(503)]).optional() }),
  z.object({
    ...base,
    kind: z.literal('moderation'),
    categories: z.array(z.string()).optional(),
    stage: z.enum(['input', 'output']).optional(),
  }),
  z.object({ ...base, kind: z.literal('stall'), afterPartials: nonNeg }),
  z.object({ ...base, kind: z.literal('drop'), afterPartials: nonNeg }),
  z.object({ ...base, kind: z.literal('stream_error'), afterPartials: nonNeg }),
]);

/**
 * Prompt markers, case-insensitive, anywhere in the prompt:
 *   [fake:moderation] [fake:moderation:output] [fake:moderation:input:violence,sexual]
 *   [fake:429] [fake:429:30] (= rate_limit, Retry-After 30 s)   [fake:quota]
 *   [fake:500] [fake:502] [fake:503]   [fake:latency:3000]
 *   [fake:stall] [fake:stall:2]   [fake:drop] [fake:drop:1]   [fake:stream_error] [fake:stream_error:0]
 * The first fault marker wins over queued faults and does not consume them. Behaviour
 * markers that are not faults ([fake:markup:ignore], [fake:svg:hostile]) are skipped here;
 * see hasMarker.
 */
export function faultFromPrompt(prompt: string): FaultSpec | undefined {
  for (const m of prompt.matchAll(/\[fake:([a-z0-9_]+)((?::[^\]:]*)*)\]/gi)) {
    const f = faultFromMarker(m[1]!.toLowerCase(), (m[2] ?? '').split(':').slice(1));
    if (f) return f;
  }
  return undefined;
}

/** A behaviour marker such as 'markup:ignore' or 'svg:hostile' is in the prompt (case-insensitive). */
export function hasMarker(prompt: string, marker: string): boolean {
  return prompt.toLowerCase().includes(`[fake:${marker.toLowerCase()}]`);
}

function faultFromMarker(kind: string, args: string[]): FaultSpec | undefined {
  const num = (i: number) => {
    const v = Number(args[i]);
    return args[i] !== undefined && args[i] !== '' && Number.isFinite(v) ? v : undefined;
  };
  switch (kind) {
    case 'moderation': {
      const stage = args[0]?.toLowerCase() === 'output' ? 'output' : 'input';
      const categories = args[1] ? args[1].split(',').map((c) => c.trim()).filter(Boolean) : undefined;
      return { kind: 'moderation', stage, categories };
    }
    case '429':
    case 'rate_limit':
      return { kind: 'rate_limit', retryAfterSeconds: num(0) };
    case 'quota':
    case 'insufficient_quota':
      return { kind: 'insufficient_quota' };
    case '500':
    case '502':
    case '503':
      return { kind: 'server_error', status: Number(kind) as 500 | 502 | 503 };
    case 'server_error':
      return { kind: 'server_error' };
    case 'latency':
      return { kind: 'latency', ms: num(0) ?? 3000 };
    case 'stall':
    case 'drop':
    case 'stream_error':
      return { kind, afterPartials: num(0) };
    default:
      return undefined;
  }
}

const DEFAULT_CATEGORIES = ['violence'];

/** The HTTP error a fault answers with, or undefined for behavioural faults (latency/stall/drop). */
export function faultError(spec: FaultSpec, o: { model?: string; requestId: string; streaming: boolean }): ApiError | undefined {
  switch (spec.kind) {
    case 'rate_limit': {
      const s = spec.retryAfterSeconds ?? 1;
      return new ApiError(
        429,
        {
          message: `Rate limit reached for images per min (IPM) in organization org-fake on ${o.model ?? 'requests'}: Limit 5, Used 5, Requested 1. Please try again in ${s}s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
          type: 'requests',
          param: null,
          code: 'rate_limit_exceeded',
        },
        { 'retry-after': String(Math.ceil(s)) },
      );
    }
    case 'insufficient_quota':
      // [unsure] whether the real API also sends x-should-retry: false here (reference §7); we do not.
      return new ApiError(429, {
        message:
          'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
        type: 'insufficient_quota',
        param: null,
        code: 'insufficient_quota',
      });
    case 'server_error':
      return serverError(spec.status ?? 500);
    case 'moderation':
      return new ApiError(400, {
        message: `Your request was rejected as a result of our safety system. Your request may contain content that is not allowed by our safety system. If you believe this is an error, contact us at help.openai.com and include the request ID ${o.requestId}.`,
        type: 'image_generation_user_error',
        param: null,
        code: 'moderation_blocked',
        moderation_details: { moderation_stage: spec.stage ?? 'input', categories: spec.categories ?? DEFAULT_CATEGORIES },
      });
    case 'stream_error':
      // Only streams can fail mid-way; a non-streaming request gets the same failure as a plain 500.
      return o.streaming ? undefined : serverError(500);
    default:
      return undefined;
  }
}

export function serverError(status: 500 | 502 | 503): ApiError {
  if (status === 502) return new ApiError(502, { message: 'Bad gateway.', type: 'cf_bad_gateway', param: null, code: 502 });
  if (status === 503) {
    return new ApiError(503, { message: 'The server is overloaded or not ready yet.', type: 'server_error', param: null, code: null });
  }
  return new ApiError(500, {
    message: 'The server had an error while processing your request. Sorry about that!',
    type: 'server_error',
    param: null,
    code: null,
  });
}

/** Payload of the mid-stream `event: error`; the SDK throws APIError(status undefined) with err.error = .error. */
export function streamErrorPayload(): unknown {
  return {
    type: 'error',
    error: {
      message: 'The server had an error while processing your request. Sorry about that!',
      type: 'server_error',
      param: null,
      code: 'server_error',
    },
  };
}
