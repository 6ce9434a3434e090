/**
 * One OpenAI client per call, built from the settings of that moment, so a changed key
 * or base URL applies to the next request without any cache to invalidate.
 */
import OpenAI from 'openai';
import { LoupeError } from '../../shared';

export interface ClientConfig {
  apiKey: string | null;
  baseURL: string;
  organization?: string | null;
  project?: string | null;
  /** Per-request timeout; image calls can take minutes (reference §1.2, §10). */
  timeoutMs?: number;
}

/** The SDK's own default, and long enough for gpt-image-2 at high quality. */
export const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;

export function makeClient(cfg: ClientConfig): OpenAI {
  if (!cfg.apiKey) throw new LoupeError('NO_API_KEY', 'Add your OpenAI API key in Settings first.');
  return new OpenAI({
    apiKey: cfg.apiKey,
    baseURL: cfg.baseURL,
    // `null` stops the SDK from falling back to OPENAI_ORG_ID/OPENAI_PROJECT_ID of the
    // process: the settings service has already decided whether the env applies.
    organization: cfg.organization ?? null,
    project: cfg.project ?? null,
    timeout: cfg.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    // Image calls are not idempotent and a retry bills again: retries are the job
    // queue's, where they are visible, counted and limited to what is safe (§6.5).
    maxRetries: 0,
    // The SDK logs request details at debug level; keep it quiet so nothing of the
    // request (headers included) ends up in a log by accident.
    logLevel: 'off',
  });
}
