/**
 * Moves saved parameters onto another model (a shut-down model's replacement): what the
 * new model does not take is dropped or set to its nearest allowed value, and each
 * change is said, so nothing is changed silently.
 */
import { sizeProblem } from './model-rules';
import { findModel, type ImageFormat, type Quality } from './models';

export interface AdaptableParams {
  model: string;
  size: string;
  quality: Quality;
  outputFormat: ImageFormat;
  background: 'auto' | 'opaque' | 'transparent';
  complexity?: 'low' | 'medium' | 'high';
  inputFidelity?: 'low' | 'high';
  markup?: string;
  mask?: string;
  gif?: { frames: number; frameMs: number };
  svg?: { model?: string; effort?: string };
  outputCompression?: number;
  n: number;
}

export function adaptToModel<T extends AdaptableParams>(params: T, modelId: string): { params: T; changes: string[] } {
  const model = findModel(modelId);
  if (!model) return { params, changes: [] };
  const p: T = { ...params, model: modelId };
  const changes: string[] = [];
  if (p.inputFidelity !== undefined && model.inputFidelity !== 'choice') {
    delete p.inputFidelity;
    changes.push('input fidelity is no longer sent');
  }
  if (!model.qualities.includes(p.quality)) {
    changes.push(`quality ${p.quality} became auto`);
    p.quality = 'auto';
  }
  if (p.complexity !== undefined && !model.complexity) {
    delete p.complexity;
    changes.push('complexity is not sent');
  }
  if (!model.outputFormats.includes(p.outputFormat)) {
    changes.push(`${p.outputFormat.toUpperCase()} output became PNG`);
    p.outputFormat = 'png';
    delete p.gif;
    delete p.svg;
    delete p.outputCompression;
  }
  if (p.background === 'transparent' && !model.transparentBackground) {
    p.background = 'auto';
    changes.push('the background is no longer transparent');
  }
  if (p.markup !== undefined && !model.markup) {
    delete p.markup;
    changes.push('the markup is not sent');
  }
  if (sizeProblem(model, p.size, { format: p.outputFormat, frames: p.gif?.frames })) {
    changes.push(`size ${p.size} became auto`);
    p.size = 'auto';
  }
  if (p.n > model.maxN) {
    p.n = model.maxN;
    changes.push(`at most ${model.maxN} images`);
  }
  return { params: p, changes };
}
