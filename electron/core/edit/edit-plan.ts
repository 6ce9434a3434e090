/**
 * What an edit will send, worked out from the stored originals: each input normalised
 * for the model and fidelity (first image as PNG when there is a mask, so image and mask
 * share a format), the mask or the markup at exactly the first image's sent size, and
 * the estimate.
 * The edit studio shows it while the edit is put together (edits:plan) and the job sends
 * exactly it (jobs:edit and every retry), through one cache, so neither redoes a
 * camera-size decode the other already did.
 */
import sharp from 'sharp';
import { estimate, findModel, inputImageTokens, inputTokensWhy, LoupeError, type EditInput, type EditPlan, type ImageFormat, type ModelInfo, type PlannedInput, type Quality } from '../../shared';
import { maskFromPaintedAlpha, validateMask, type MaskResult } from '../images/mask';
import { normaliseInput, targetForModel, type InputTarget, type NormalisedInput } from '../images/intake';
import { ByteLru } from './byte-lru';
import type { Library } from './library';
import { markupAtSize, sameShape } from './markup-layer';

/** The fields of a draft or of an edit job's parameters the plan reads. */
export interface EditSpec {
  model: string;
  prompt: string;
  n: number;
  size: string;
  quality: Quality;
  outputFormat?: ImageFormat;
  gif?: { frames: number };
  complexity?: 'low' | 'medium' | 'high';
  stream: boolean;
  partialImages: number;
  inputs: readonly EditInput[];
  mask?: string;
  markup?: string;
  inputFidelity?: 'low' | 'high';
}

export interface PreparedInput {
  input: EditInput;
  /** The name people know it by: the given name, else "Image N". */
  label: string;
  sent: NormalisedInput;
}

export interface PreparedMask {
  hash: string;
  name: string;
  /** RGBA PNG at exactly the first image's sent size (alpha 0 = edit). */
  png: Buffer;
  width: number;
  height: number;
  editedShare: number;
}

export interface PreparedMarkup {
  hash: string;
  name: string;
  /** Transparent RGBA PNG at exactly the first image's sent size (§3.2). */
  png: Buffer;
  width: number;
  height: number;
}

export interface PreparedEdit {
  model: ModelInfo;
  images: PreparedInput[];
  mask: PreparedMask | null;
  markup: PreparedMarkup | null;
  plan: EditPlan;
}

/** A few hundred MB: dozens of camera photos at every target, far below what decoding them again would cost. */
export const DEFAULT_CACHE_BYTES = 320 * 1024 * 1024;
/** Decodes at once: each camera photo briefly holds ~100 MB of pixels. */
const PARALLEL_DECODES = 3;
/** Proportions within 1% are the same shape give or take the rounding of a resize (as importMask). */
const ASPECT_TOLERANCE = 0.01;

const labelOf = (input: EditInput, i: number): string => input.name.trim() || `Image ${i + 1}`;

/** The format an input is asked to go as: the first image as PNG beside a mask (one format for both), else the person's choice, else unset (chosen from its pixels). */
function formatFor(input: EditInput, besideMask: boolean): Pick<InputTarget, 'preferFormat' | 'preferReason'> {
  if (besideMask) return { preferFormat: 'png', preferReason: 'like the mask' };
  if (input.sendAs === 'lossless') return { preferFormat: 'png', preferReason: 'as you chose' };
  if (input.sendAs === 'jpeg') return { preferFormat: 'jpeg', preferReason: 'as you chose' };
  return {};
}

export class EditPlanner {
  readonly #library: Library;
  readonly #inputs: ByteLru<NormalisedInput>;
  readonly #masks: ByteLru<MaskResult>;
  readonly #markups: ByteLru<Buffer>;

  constructor(library: Library, maxBytes = DEFAULT_CACHE_BYTES) {
    this.#library = library;
    // Masks and markups are small next to photos; a tenth of the budget keeps plenty of them.
    this.#inputs = new ByteLru(Math.round(maxBytes * 0.9), (n) => n.bytes.length + 1024);
    this.#masks = new ByteLru(Math.round(maxBytes * 0.05), (m) => m.png.length + 1024);
    this.#markups = new ByteLru(Math.round(maxBytes * 0.05), (png) => png.length + 1024);
  }

  get cacheStats(): { hits: number; misses: number; bytes: number } {
    return { hits: this.#inputs.hits, misses: this.#inputs.misses, bytes: this.#inputs.bytes };
  }

  /** The plan shown in the studio. The mask and markup are checked for shape but not rendered at the sent size. */
  async plan(spec: EditSpec): Promise<EditPlan> {
    return (await this.#work(spec, false)).plan;
  }

  /** The stored original of a prepared input (for a pixel lock at its full resolution); NOT_FOUND when it is gone. */
  original(input: PreparedInput): Promise<Buffer> {
    return this.#library.original(input.input.hash, `"${input.label}"`);
  }

  /** Everything an edit request sends; throws (INVALID_IMAGE, NOT_FOUND) with a message naming the file. */
  prepare(spec: EditSpec): Promise<PreparedEdit> {
    return this.#work(spec, true);
  }

  async #work(spec: EditSpec, renderMask: boolean): Promise<PreparedEdit> {
    const model = findModel(spec.model);
    if (!model) throw new LoupeError('INVALID_ARGUMENTS', `Loupe does not know the model ${spec.model}.`);
    const fidelity: 'low' | 'high' = model.inputFidelity === 'always-high' ? 'high' : model.inputFidelity === 'unsupported' ? 'low' : (spec.inputFidelity ?? 'low');
    const hasMask = spec.mask !== undefined;
    const images = await mapLimit(spec.inputs, PARALLEL_DECODES, async (input, i): Promise<PreparedInput> => {
      const label = labelOf(input, i);
      const target: InputTarget = { ...targetForModel(model, fidelity, i), ...formatFor(input, i === 0 && hasMask) };
      const key = `${input.hash}:${target.maxLongEdge}x${target.maxShortEdge}:${target.preferFormat ?? 'auto'}:${target.preferReason ?? ''}`;
      const sent = await this.#inputs.get(key, async () => normaliseInput(await this.#library.original(input.hash, `"${label}"`), label, target));
      return { input, label, sent };
    });
    const first = images[0]!;
    const mask = spec.mask === undefined ? null : await this.#mask(spec.mask, first, renderMask);
    if (spec.markup !== undefined && !model.markup) {
      throw new LoupeError('INVALID_ARGUMENTS', `${model.label} does not take markup: use a mask, or GPT Image 2.5 or 2.6.`);
    }
    const markup = spec.markup === undefined ? null : await this.#markup(spec.markup, first, renderMask);

    const planned = images.map((p, i): PlannedInput => {
      const notes = [...p.sent.notes];
      if (i === 0 && markup) notes.push('The markup is drawn over this image');
      const detailed = i < model.detailedInputs;
      if (!detailed) notes.push(`Kept with less detail: ${model.label} keeps the first ${model.detailedInputs === 1 ? 'image' : `${model.detailedInputs} images`} sharpest`);
      return {
        hash: p.input.hash,
        name: p.label,
        original: { width: p.sent.original.width, height: p.sent.original.height, bytes: p.sent.original.bytes, format: p.sent.original.format },
        sent: { width: p.sent.width, height: p.sent.height, bytes: p.sent.bytes.length, mime: p.sent.mime },
        tokens: inputImageTokens(p.sent.width, p.sent.height, fidelity),
        detailed,
        notes,
        content: p.sent.content,
        sentAs: p.sent.sentAs,
        tokensWhy: inputTokensWhy(p.sent.width, p.sent.height, fidelity),
      };
    });
    const est = estimate({
      model: spec.model,
      prompt: spec.prompt,
      n: spec.n,
      size: spec.size,
      quality: spec.quality,
      partialImages: spec.partialImages,
      stream: spec.stream,
      inputs: images.map((p) => ({ width: p.sent.width, height: p.sent.height })),
      inputFidelity: spec.inputFidelity,
      format: spec.outputFormat,
      frames: spec.gif?.frames,
      complexity: spec.complexity,
    });
    // OpenAI documents no token cost for the markup part (§3.2, §4): say so rather than guess.
    if (markup) est.assumptions.push('The markup image is not counted: OpenAI publishes no token cost for it.');
    const plan: EditPlan = {
      inputs: planned,
      mask: mask ? { width: mask.width, height: mask.height, editedShare: mask.editedShare } : null,
      markup: markup ? { width: markup.width, height: markup.height } : null,
      estimate: est,
    };
    return { model, images, mask, markup, plan };
  }

  /**
   * The mask for the first image as sent. It was made for the first image at import
   * (at its displayed size); reordering can put another image first, so the shape is
   * checked again, and a mask that cannot be sent stops the edit: it is never dropped.
   */
  async #mask(hash: string, first: PreparedInput, render: boolean): Promise<PreparedMask> {
    const lib = this.#library;
    const view = lib.repo.mask(hash);
    const name = view?.name || 'mask.png';
    const size = view ? { width: view.width, height: view.height } : await lib.displayedSize(hash, 'The mask');
    const o = first.sent.original;
    if (Math.abs(size.width / size.height / (o.width / o.height) - 1) > ASPECT_TOLERANCE) {
      throw new LoupeError(
        'INVALID_IMAGE',
        `The mask is ${size.width}x${size.height} but the first image ("${first.label}") is ${o.width}x${o.height}: their shapes differ, so the mask was made for another image. Paint or import a mask for this one, or put its image first.`,
      );
    }
    const { width, height } = first.sent;
    if (!render) {
      lib.requireStored(hash, 'The mask');
      return { hash, name, png: Buffer.alloc(0), width, height, editedShare: view?.editedShare ?? 0 };
    }
    const result = await this.#masks.get(`${hash}:${width}x${height}`, async () => {
      const stored = await lib.original(hash, 'The mask');
      let alpha: Buffer;
      try {
        // The alpha plane alone, resized as one channel: RGB carries nothing in an API mask.
        alpha = await sharp(stored, { failOn: 'error' }).ensureAlpha().extractChannel(3).resize({ width, height, fit: 'fill' }).raw().toBuffer();
      } catch {
        throw new LoupeError('INVALID_IMAGE', 'The mask could not be read: it is damaged. Paint or import it again.');
      }
      return maskFromPaintedAlpha(alpha, width, height);
    });
    // The API's own rules (PNG with alpha, same size, under 4 MB, some but not all edited).
    const { editedShare } = await validateMask(result.png, { width, height });
    return { hash, name, png: result.png, width, height, editedShare };
  }

  /**
   * The markup for the first image as sent. It was painted over the first image at its
   * displayed size; like a mask, it is checked against whichever image is first now and
   * scaled to exactly the size that image is sent at (the API wants the first image's
   * dimensions), and one that cannot be sent stops the edit rather than being dropped.
   */
  async #markup(hash: string, first: PreparedInput, render: boolean): Promise<PreparedMarkup> {
    const lib = this.#library;
    const view = lib.repo.markup(hash);
    const name = view?.name || 'markup.png';
    const size = view ? { width: view.width, height: view.height } : await lib.displayedSize(hash, 'The markup');
    const o = first.sent.original;
    if (!sameShape(size, o)) {
      throw new LoupeError(
        'INVALID_IMAGE',
        `The markup is ${size.width}x${size.height} but the first image ("${first.label}") is ${o.width}x${o.height}: their shapes differ, so it was drawn over another image. Draw the markup on this one, or put its image first.`,
      );
    }
    const { width, height } = first.sent;
    if (!render) {
      lib.requireStored(hash, 'The markup');
      return { hash, name, png: Buffer.alloc(0), width, height };
    }
    const png = await this.#markups.get(`${hash}:${width}x${height}`, async () => markupAtSize(await lib.original(hash, 'The markup'), width, height));
    return { hash, name, png, width, height };
  }
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
