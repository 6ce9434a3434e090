import type { BatchTimings, FakeBatches } from './batches';
// Public types of the fake OpenAI Images API. Kept in one file so the app's
// test harness can import them without pulling in sharp or the HTTP server.

/** Which endpoint a fault (or a request) belongs to. */
export type Endpoint = 'generations' | 'edits' | 'models';

interface FaultBase {
  /** Only requests to this endpoint consume the fault; default: any endpoint. */
  match?: Endpoint;
  /** How many matching requests it affects before it is used up; default 1. */
  times?: number;
}

/**
 * A fault the next matching request suffers. Faults are consumed after
 * authentication and parameter validation succeed, so a fault never hides a
 * 400/401 that the real API would have answered first.
 */
export type FaultSpec = FaultBase &
  (
    | { kind: 'latency'; ms: number }
    | { kind: 'rate_limit'; retryAfterSeconds?: number }
    | { kind: 'insufficient_quota' }
    | { kind: 'server_error'; status?: 500 | 502 | 503 }
    | { kind: 'moderation'; categories?: string[]; stage?: 'input' | 'output' }
    | { kind: 'stall'; afterPartials?: number }
    | { kind: 'drop'; afterPartials?: number }
    | { kind: 'stream_error'; afterPartials?: number }
  );

export type FaultKind = FaultSpec['kind'];

/** One uploaded file of a multipart request, as the fake saw it. */
export interface RecordedFile {
  /** Form field name: 'image[]' | 'image' | 'mask' | 'markup' (or whatever was sent). */
  field: string;
  filename: string;
  /** The part's declared MIME type. */
  type: string;
  bytes: number;
  /** The bytes received, so tests can check exactly what the app sent. */
  data: Buffer;
  /** From sharp metadata; undefined when the bytes do not decode. */
  width?: number;
  height?: number;
  channels?: number;
  hasAlpha?: boolean;
  format?: string;
}

/** One part of a multipart body, text or file, as it came over the wire. */
export interface RecordedPart {
  /** The part's form name, e.g. 'image[]', 'markup', 'svg[model]', 'prompt'. */
  name: string;
  /** The part's Content-Type header; null when it had none (usual for text fields). */
  contentType: string | null;
  /** The filename from Content-Disposition; undefined for text fields. */
  filename?: string;
  /** Size of the part's body in bytes. */
  bytes: number;
}

export interface RecordedRequest {
  /** The x-request-id the fake answered with. */
  id: string;
  method: string;
  /** Path without the query string, e.g. /v1/images/edits. */
  path: string;
  contentType: string | null;
  /** Lowercased names; the Authorization value is redacted to its last 4 chars. */
  headers: Record<string, string>;
  /** Status sent; null while pending or when the socket was dropped before a response. */
  status: number | null;
  /** JSON body (big base64 strings truncated). */
  json?: unknown;
  /** Multipart: each non-file field → value (array when repeated). */
  fields?: Record<string, string | string[]>;
  /** Multipart: uploaded files in order. */
  files?: RecordedFile[];
  /** Multipart: every part (text and file) in wire order, with its name and Content-Type. */
  parts?: RecordedPart[];
  /** Date.now() when the request arrived. */
  receivedAt: number;
  /** Set on requests the fake made to itself to run a line of this Batch API batch. */
  viaBatch?: string;
}

/** A model the fake lists in GET /v1/models; a bare id uses catalogue defaults. */
export interface FakeModel {
  id: string;
  created?: number;
  owned_by?: string;
  /** YYYY-MM-DD, or null when none is announced; overrides the catalogue and `shutdownDates`. */
  shutdown_date?: string | null;
}

/** Simulated generation time per model: one number for every quality, or per quality ('*' = the rest). */
export type ModelLatency = Record<string, number | Partial<Record<'low' | 'medium' | 'high' | 'xhigh' | 'max' | '*', number>>>;

/** Mutable behaviour, changeable at runtime through setOptions / POST /__fake/options. */
export interface FakeState {
  /** Models visible in /v1/models; image endpoints answer 404 for image models not listed. */
  models: Array<string | FakeModel>;
  /** Answer 403 "organization must be verified" on image endpoints. */
  requireVerification: boolean;
  /** Keys answered with 401 although they look valid. */
  revokedKeys: string[];
  /** Extra delay before every API response (streams spread it across events). */
  latencyMs: number;
  /** Print one line per request to stderr. */
  logRequests: boolean;
  /** Files API stand-in for JSON edits' {file_id}: id → image bytes (Buffer, base64 or data URL). */
  files: Record<string, Buffer | string>;
  /**
   * Announced shutdown dates (YYYY-MM-DD, or null to withdraw one), by model id, over the
   * catalogue's. A model whose date is on or before `today` is shut down (404 model_not_found).
   */
  shutdownDates: Record<string, string | null>;
  /** The fake's calendar date (YYYY-MM-DD); fixed so tests stay deterministic. */
  today: string;
  /** GET /v1/models also lists shut-down models with their past shutdown_date. */
  listShutDownModels: boolean;
  /** Per-model simulated generation time (keys: model ids; a snapshot falls back to its alias). Empty = off. */
  modelLatency: ModelLatency;
  /** How long a Batch API batch spends in each phase, and when it expires (batches.ts). */
  batchTimings: BatchTimings;
  /** Images per window per model, over which image requests answer 429 with Retry-After; null = no limit. */
  rateLimit: { images: number; windowMs: number } | null;
  /** Sign every PNG, JPEG and WebP output with a C2PA manifest, as OpenAI does (credentials.ts). */
  contentCredentials: boolean;
}

export interface FakeOpenAIOptions {
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  latencyMs?: number;
  logRequests?: boolean;
  /** Per-model simulated latency from the start (see FakeState.modelLatency). */
  modelLatency?: ModelLatency;
}

export interface FakeOpenAI {
  /** Base URL including /v1, e.g. http://127.0.0.1:PORT/v1 */
  url: string;
  port: number;
  close(): Promise<void>;
  /** Every API request received, in order (control routes are not recorded). */
  requests: RecordedRequest[];
  queueFault(f: FaultSpec): void;
  clearFaults(): void;
  setOptions(o: Partial<FakeState>): void;
  /** The Files and Batches endpoints' state (uploaded files, batches), for tests to inspect. */
  batches: FakeBatches;
}
