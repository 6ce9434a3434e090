/**
 * The one way the UI reaches the main process: `window.loupe` from the preload in the
 * desktop app, the HTTP bridge in the browser host. `call()` turns a Result into a
 * value or a typed BridgeError so components can use try/catch.
 */
import type { AppError, ErrorCode, LoupeApi, MethodName } from '../../../electron/shared';
import { createHttpBridge } from './http-bridge';

export const loupe: LoupeApi = window.loupe ?? createHttpBridge();

export class BridgeError extends Error {
  readonly code: ErrorCode;
  readonly appError: AppError;
  constructor(appError: AppError) {
    super(appError.message);
    this.name = 'BridgeError';
    this.code = appError.code;
    this.appError = appError;
  }
}

type Args<M extends MethodName> = Parameters<LoupeApi[M]>[0];
type Value<M extends MethodName> = Extract<Awaited<ReturnType<LoupeApi[M]>>, { ok: true }>['value'];

export async function call<M extends MethodName>(method: M, args: Args<M>): Promise<Value<M>> {
  let result: Awaited<ReturnType<LoupeApi[M]>>;
  try {
    // The union of method signatures is not callable as one; each entry does take Args<M>.
    result = (await (loupe[method] as (a: Args<M>) => ReturnType<LoupeApi[M]>)(args)) as Awaited<ReturnType<LoupeApi[M]>>;
  } catch (err) {
    // The preload's invoke rejects only when main is gone or the channel is missing.
    throw new BridgeError({ code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) });
  }
  if (result.ok) return result.value as Value<M>;
  throw new BridgeError(result.error);
}

/** Any thrown value as an AppError, for showing. */
export function toAppError(err: unknown): AppError {
  if (err instanceof BridgeError) return err.appError;
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}
