/**
 * A plain generate request for tests and benches: the cheapest settings every model
 * takes, so each caller only spells out what its test is about.
 */
import type { GenerateParams } from '../../../electron/shared';

export function generateParams(over: Partial<GenerateParams> = {}): GenerateParams {
  return {
    model: 'gpt-image-2.6-sunburst',
    prompt: 'p',
    n: 1,
    size: '1024x1024',
    quality: 'low',
    outputFormat: 'png',
    background: 'auto',
    moderation: 'auto',
    stream: false,
    partialImages: 0,
    ...over,
  };
}
