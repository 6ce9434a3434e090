/**
 * One attempt at a generation, in the shape callers used before edits shared the
 * machinery: a thin front for run-images.ts with the generations request.
 */
import type OpenAI from 'openai';
import type { GenerateParams, ModelInfo } from '../../shared';
import { generateRequest } from './image-requests';
import { runImages, type AttemptResult, type RunImagesOptions } from './run-images';

export type { AttemptResult, ImageFailure } from './run-images';

export interface RunGenerateOptions extends Omit<RunImagesOptions, 'request' | 'stream'> {
  client: OpenAI;
  model: ModelInfo;
  params: GenerateParams;
}

export function runGenerate(opts: RunGenerateOptions): Promise<AttemptResult> {
  const { client, model, params, ...rest } = opts;
  return runImages({ ...rest, request: generateRequest(client, model, params), stream: params.stream && model.streaming });
}
