/**
 * Which model a form uses, and what happens when saved work names one that OpenAI has
 * shut down: it moves to the replacement, the parameters the new model does not take are
 * adjusted, and the person is told in one visible line. A shut-down id is never sent.
 */
import {
  adaptToModel,
  defaultModel,
  findModel,
  gifMaxFramePixels,
  GIF_RULES,
  MODELS,
  sizeProblem,
  swapForShutdown,
  todayIso,
  type LifecycleContext,
  type ModelInfo,
  type Quality,
  type SettingsView,
} from '../../../../electron/shared';
import { baseRequest, type Draft } from './draft';

export type Endpoint = 'generate' | 'edit';

/** Today's date with the shutdown dates the last connection test reported. */
export function lifecycleOf(settings: SettingsView | null): LifecycleContext {
  return { today: todayIso(), shutdowns: settings?.modelShutdowns ?? {} };
}

const QUALITY_ORDER: readonly Quality[] = ['low', 'medium', 'high', 'xhigh', 'max'];

/** The closest quality the model takes: the same, else the highest below it, else auto. */
export function nearestQuality(model: ModelInfo, quality: Quality): Quality {
  if (model.qualities.includes(quality)) return quality;
  const below = QUALITY_ORDER.slice(0, Math.max(0, QUALITY_ORDER.indexOf(quality))).reverse();
  return below.find((q) => model.qualities.includes(q)) ?? (model.qualities.includes('auto') ? 'auto' : (model.qualities[0] ?? 'auto'));
}

/** The largest square GIF frame for `frames` frames, in multiples of 16 (e.g. 960x960 for 9). */
export function gifSquare(frames: number): string {
  const edge = Math.floor(Math.sqrt(gifMaxFramePixels(frames)) / 16) * 16;
  return `${edge}x${edge}`;
}

export interface Adjusted {
  patch: Partial<Draft>;
  /** What changed ("quality max → high"), for tests; a pick the person made needs no notice. */
  changes: string[];
}

/**
 * Keeps a draft consistent with a model the person picked: sizes, quality (the nearest
 * below, not auto), format, background, complexity, streaming and count.
 */
export function adjustForModel(draft: Draft, model: ModelInfo): Adjusted {
  const patch: Partial<Draft> = { model: model.id };
  const changes: string[] = [];
  const format = model.outputFormats.includes(draft.outputFormat) ? draft.outputFormat : 'png';
  if (format !== draft.outputFormat) {
    patch.outputFormat = format;
    changes.push(`format ${draft.outputFormat.toUpperCase()} → PNG`);
  }
  const size = draft.size === 'custom' ? `${draft.width}x${draft.height}` : draft.size;
  const frames = Number(draft.gifFrames) || GIF_RULES.defaultFrames;
  if (size !== 'auto' && (sizeProblem(model, size, { format, frames }) || (draft.size === 'custom' && model.sizes.kind === 'fixed'))) {
    patch.size = 'auto';
    changes.push(`size ${size} → auto`);
  }
  const quality = nearestQuality(model, draft.quality);
  if (quality !== draft.quality) {
    patch.quality = quality;
    changes.push(`quality ${draft.quality} → ${quality}`);
  }
  if (draft.background === 'transparent' && (!model.transparentBackground || format === 'jpeg')) {
    patch.background = 'auto';
    changes.push('transparent background → auto');
  }
  if (draft.complexity !== '' && !model.complexity) {
    patch.complexity = '';
    changes.push('complexity dropped');
  }
  if (!model.streaming) patch.stream = false;
  const n = Number(draft.n);
  if (Number.isInteger(n) && n > model.maxN) {
    patch.n = String(model.maxN);
    changes.push(`${n} images → ${model.maxN}`);
  }
  return { patch, changes };
}

/** Keeps the draft consistent with a model the person chose (sizes and options differ). */
export function patchForModel(draft: Draft, model: ModelInfo): Partial<Draft> {
  return { ...adjustForModel(draft, model).patch, modelNotice: null };
}

/**
 * The patch that moves a draft off a shut-down model, with the notice to show; null
 * when the draft's model is fine (or follows the default). The parameters move the way
 * the core moves a re-run (adaptToModel), so both say the same thing.
 */
export function swapDraft(draft: Draft, endpoint: Endpoint, available: readonly string[] | null, ctx: LifecycleContext): Partial<Draft> | null {
  if (draft.model === null) return null;
  const swap = swapForShutdown(draft.model, endpoint, available, ctx);
  if (!swap) return null;
  const { request } = baseRequest(draft, draft.model);
  // An edit on a model that took input fidelity was sending it: say that it no longer is.
  const sentFidelity = endpoint === 'edit' && findModel(draft.model)?.inputFidelity === 'choice' && 'inputFidelity' in draft;
  const { params, changes } = adaptToModel(sentFidelity ? { ...request, inputFidelity: (draft as Draft & { inputFidelity: 'low' | 'high' }).inputFidelity } : request, swap.to);
  const patch: Partial<Draft> = {
    model: swap.to,
    quality: params.quality,
    complexity: params.complexity ?? '',
    outputFormat: params.outputFormat,
    background: params.background,
    n: String(params.n),
  };
  if (params.size !== request.size) patch.size = params.size;
  return { ...patch, modelNotice: changes.length > 0 ? `${swap.message} Also: ${changes.join('; ')}.` : swap.message };
}

/** The model a form shows: the draft's, or the default for new work. */
export function formModel(draft: Draft, endpoint: Endpoint, available: readonly string[] | null, ctx: LifecycleContext): ModelInfo {
  const id = draft.model ?? defaultModel(available, endpoint, ctx);
  const swap = swapForShutdown(id, endpoint, available, ctx);
  return findModel(swap ? swap.to : id) ?? MODELS[0]!;
}
