/**
 * The API's usage objects in Loupe's shape. Responses and stream events differ: only
 * non-streamed responses (since gpt-image-1.5) carry output_tokens_details, so without
 * it every output token counts as an image token (reference §4, §5.1).
 */
import type { Usage } from '../../shared';

interface ApiUsage {
  input_tokens?: number;
  output_tokens?: number;
  input_tokens_details?: { text_tokens?: number; image_tokens?: number } | null;
  output_tokens_details?: { text_tokens?: number; image_tokens?: number } | null;
}

export const ZERO_USAGE: Usage = { inputTextTokens: 0, inputImageTokens: 0, outputImageTokens: 0, outputTextTokens: 0 };

const int = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.round(v) : 0);

export function parseUsage(raw: unknown): Usage | null {
  if (!raw || typeof raw !== 'object') return null;
  const u = raw as ApiUsage;
  const inDetails = u.input_tokens_details;
  const outDetails = u.output_tokens_details;
  return {
    // Without details, input tokens of a generation are all text.
    inputTextTokens: inDetails ? int(inDetails.text_tokens) : int(u.input_tokens),
    inputImageTokens: inDetails ? int(inDetails.image_tokens) : 0,
    outputImageTokens: outDetails ? int(outDetails.image_tokens) : int(u.output_tokens),
    outputTextTokens: outDetails ? int(outDetails.text_tokens) : 0,
  };
}

export function addUsage(a: Usage | null, b: Usage | null): Usage | null {
  if (!a) return b;
  if (!b) return a;
  return {
    inputTextTokens: a.inputTextTokens + b.inputTextTokens,
    inputImageTokens: a.inputImageTokens + b.inputImageTokens,
    outputImageTokens: a.outputImageTokens + b.outputImageTokens,
    outputTextTokens: a.outputTextTokens + b.outputTextTokens,
  };
}
