// Test/demo control routes under /__fake/. They need no auth and are not
// recorded, so a test can inspect traffic without disturbing it.
import { z } from 'zod';
import { ApiError } from './errors';
import { faultSpecSchema, type FaultQueue } from './faults';
import type { FakeState, FaultSpec, RecordedRequest } from './types';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const ms = z.number().min(0);
const modelSchema = z.union([
  z.string(),
  z.object({ id: z.string(), created: z.number().optional(), owned_by: z.string().optional(), shutdown_date: date.nullable().optional() }),
]);

export const optionsSchema = z
  .object({
    models: z.array(modelSchema),
    requireVerification: z.boolean(),
    revokedKeys: z.array(z.string()),
    latencyMs: z.number().min(0),
    logRequests: z.boolean(),
    files: z.record(z.string(), z.string()),
    shutdownDates: z.record(z.string(), date.nullable()),
    today: date,
    listShutDownModels: z.boolean(),
    batchTimings: z.object({ validatingMs: ms, inProgressMs: ms, finalizingMs: ms, expiresAfterMs: ms }).strict(),
    modelLatency: z.record(z.string(), z.union([ms, z.object({ low: ms, medium: ms, high: ms, xhigh: ms, max: ms, '*': ms }).partial().strict()])),
    rateLimit: z.object({ images: z.number().int().min(1), windowMs: z.number().int().min(100) }).strict().nullable(),
    contentCredentials: z.boolean(),
  })
  .partial()
  .strict();

export interface ControlApi {
  state: FakeState;
  faults: FaultQueue;
  requests: RecordedRequest[];
  setOptions(o: Partial<FakeState>): void;
}

type Reply = { status: number; body: unknown };

function parse<T>(schema: z.ZodType<T>, body: Buffer): T {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8') || 'null');
  } catch {
    throw new ApiError(400, { message: 'Body must be JSON.', type: 'invalid_request_error', param: null, code: null });
  }
  const r = schema.safeParse(json);
  if (!r.success) {
    throw new ApiError(400, { message: `Invalid control request: ${z.prettifyError(r.error)}`, type: 'invalid_request_error', param: null, code: null });
  }
  return r.data;
}

/** Handles one control request; undefined when the route does not exist. */
export function control(api: ControlApi, method: string, path: string, body: Buffer): Reply | undefined {
  const route = `${method} ${path}`;
  switch (route) {
    case 'POST /__fake/faults': {
      const specs = parse(z.union([faultSpecSchema, z.array(faultSpecSchema)]), body) as FaultSpec | FaultSpec[];
      const list = Array.isArray(specs) ? specs : [specs];
      for (const f of list) api.faults.push(f);
      return { status: 200, body: { queued: list.length, faults: api.faults.list() } };
    }
    case 'GET /__fake/faults':
      return { status: 200, body: { faults: api.faults.list() } };
    case 'DELETE /__fake/faults':
      api.faults.clear();
      return { status: 200, body: { cleared: true } };
    case 'GET /__fake/requests':
      // File bytes stay in-process; over HTTP only their description is useful.
      return {
        status: 200,
        body: { object: 'list', data: api.requests.map((r) => (r.files ? { ...r, files: r.files.map(({ data: _data, ...f }) => f) } : r)) },
      };
    case 'DELETE /__fake/requests':
      api.requests.length = 0; // in place: tests may hold the array
      return { status: 200, body: { cleared: true } };
    case 'POST /__fake/options':
      api.setOptions(parse(optionsSchema, body) as Partial<FakeState>);
      return { status: 200, body: publicState(api.state) };
    case 'GET /__fake/options':
      return { status: 200, body: publicState(api.state) };
    default:
      return undefined;
  }
}

function publicState(s: FakeState): unknown {
  return { ...s, files: Object.keys(s.files) };
}
