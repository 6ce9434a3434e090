/**
 * The browser host has no preload, so this implements the same LoupeApi over the web
 * host's loopback HTTP API. Authentication rides on an HttpOnly cookie the server set
 * when it served the page, so nothing secret is handled here.
 */
import { JobEventSchema, METHODS, type AppError, type JobEvent, type LoupeApi, type MethodName, type Result } from '../../../electron/shared';

const NOT_ANSWERING: AppError = {
  code: 'NETWORK_ERROR',
  message: "Loupe's local service is not answering. Is it still running?",
};

function looksLikeResult(body: unknown): body is Result<unknown> {
  if (typeof body !== 'object' || body === null || !('ok' in body)) return false;
  const ok = (body as { ok: unknown }).ok;
  return ok === true ? 'value' in body : ok === false && 'error' in body;
}

async function post(channel: string, args: unknown): Promise<Result<unknown>> {
  let response: Response;
  try {
    response = await fetch(`/api/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(args ?? {}),
    });
  } catch {
    return { ok: false, error: NOT_ANSWERING };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    // A proxy or a crashed server can answer with HTML; say what happened instead of a parse error.
    return { ok: false, error: { code: 'INTERNAL', message: `Loupe's local service answered ${response.status} without data.`, detail: { status: response.status } } };
  }
  if (looksLikeResult(body)) return body;
  return { ok: false, error: { code: 'INTERNAL', message: `Loupe's local service answered ${response.status} with something unexpected.`, detail: { status: response.status } } };
}

/** One EventSource shared by every listener: browsers cap connections per host. */
function createEventHub(): LoupeApi['onJobEvent'] {
  const listeners = new Set<(event: JobEvent) => void>();
  let source: EventSource | null = null;

  const open = () => {
    source = new EventSource('/api/events');
    source.onmessage = (message: MessageEvent<string>) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(message.data);
      } catch {
        return;
      }
      const result = JobEventSchema.safeParse(parsed);
      if (!result.success) return;
      for (const listener of [...listeners]) listener(result.data);
    };
    // EventSource reconnects by itself after network errors; nothing to do here.
  };

  return (listener) => {
    listeners.add(listener);
    if (!source) open();
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && source) {
        source.close();
        source = null;
      }
    };
  };
}

export function createHttpBridge(): LoupeApi {
  const methods = {} as Record<MethodName, (args: unknown) => Promise<Result<unknown>>>;
  for (const name of Object.keys(METHODS) as MethodName[]) {
    methods[name] = (args) => post(METHODS[name], args);
  }
  return {
    ...methods,
    onJobEvent: createEventHub(),
    assetUrl: (hash, variant) => `/${variant === 'full' ? 'store' : variant}/${encodeURIComponent(hash)}`,
  } as LoupeApi;
}
