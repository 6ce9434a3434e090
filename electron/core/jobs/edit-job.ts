/**
 * Edits: before the first attempt of every run, the inputs are prepared from the stored
 * originals exactly as the plan showed them (normalised, in order; the mask at the first
 * image's sent size), through the planner's cache. Each arrived image is stored raw and,
 * with a mask and pixel lock on, locked to the source: at the photo's full resolution
 * unless the job asks for the size sent. A markup edit sends the markup at the first
 * image's sent size (never with a mask) and checks each image for whether the model
 * followed it.
 */
import { LoupeError, type GenerateParams, type JobParams } from '../../shared';
import type { EditPlanner, PreparedEdit } from '../edit/edit-plan';
import { editRequest } from '../openai/image-requests';
import type { DriverFactory, ImageJobDeps } from './image-job';
import type { LockSpec } from './locked-output';
import { writeOutput } from './output-writer';

/** Pixel lock pastes pixels back, and the markup check compares pixels: only still images (an animated GIF or an SVG is kept as it came). */
const STILL = new Set(['png', 'jpeg', 'webp']);

export function editDriver(deps: ImageJobDeps & { planner: EditPlanner }): DriverFactory {
  return async (job) => {
    const p = job.params;
    if (!p.inputs || p.inputs.length === 0) throw new LoupeError('INVALID_REQUEST', `Job ${job.id} is an edit without input images.`);
    const prepared = await deps.planner.prepare({ ...p, inputs: p.inputs });
    const first = prepared.images[0]!;
    const pl = p.pixelLock;
    // Stored jobs from before the choice existed have no resolution: they get the default.
    const fullRes = pl?.resolution !== 'sent' && (first.sent.original.width > first.sent.width || first.sent.original.height > first.sent.height);
    const lock: LockSpec | null =
      prepared.mask && pl?.enabled && STILL.has(p.outputFormat)
        ? {
            source: first.sent.bytes,
            mask: prepared.mask.png,
            feather: pl.feather,
            grow: pl.grow,
            sentSize: { width: first.sent.width, height: first.sent.height },
            original: fullRes ? { name: first.label, read: () => deps.planner.original(first) } : null,
            photo: { name: first.label, read: () => deps.planner.original(first) },
          }
        : null;
    // Measured on still images only: a GIF's frames or an SVG's drawing are not one picture to compare.
    const markup = prepared.markup && !prepared.mask && STILL.has(p.outputFormat) ? { source: first.sent.bytes, markup: prepared.markup.png } : null;
    return {
      request: (client, extra) =>
        editRequest(
          client,
          prepared.model,
          {
          ...outputParams(p),
          inputFidelity: p.inputFidelity,
          images: prepared.images.map((img, i) => ({ bytes: img.sent.bytes, type: img.sent.mime, name: sentName(i, img.sent.mime) })),
          ...(prepared.mask ? { mask: { bytes: prepared.mask.png, name: 'mask.png' } } : {}),
          ...(prepared.markup && !prepared.mask ? { markup: { bytes: prepared.markup.png, name: 'markup.png' } } : {}),
          },
          extra,
        ),
      locks: lock !== null,
      write: async (index, bytes, out) => {
        await writeOutput(deps, job, index, bytes, out, lock, markup);
      },
      explain: (error) => nameTheInput(error, prepared),
    };
  };
}

/** The output fields of a job's parameters (its inputs and mask are sent as files instead). */
function outputParams(p: JobParams): GenerateParams {
  const { inputs: _inputs, mask: _mask, markup: _markup, inputFidelity: _fidelity, pixelLock: _lock, parentOutputId: _parent, ...rest } = p;
  return rest;
}

/** Plain, extension-correct names: the user's file names stay on this machine. */
function sentName(i: number, mime: string): string {
  return `image-${i + 1}.${mime === 'image/png' ? 'png' : mime === 'image/webp' ? 'webp' : 'jpg'}`;
}

/**
 * OpenAI says "Invalid image file or mode for image 2"; people know their files by name.
 * The message names the input (image N → its file name), the markup or the mask.
 */
export function nameTheInput(error: LoupeError, prepared: Pick<PreparedEdit, 'images' | 'mask'> & Partial<Pick<PreparedEdit, 'markup'>>): LoupeError {
  if (error.code !== 'INVALID_IMAGE' || error.detail?.apiCode !== 'invalid_image_file') return error;
  const text = error.message;
  const m = /\bimage\s+(\d+)\b/i.exec(text);
  const n = m ? Number(m[1]) : null;
  const input = n !== null ? prepared.images[n - 1] : undefined;
  let what: string | null = null;
  if (input) what = `image ${n} ("${input.label}")`;
  else if (error.detail?.param === 'markup' || /\bmarkup\b/i.test(text)) what = `the markup${prepared.markup ? ` ("${prepared.markup.name}")` : ''}`;
  else if (error.detail?.param === 'mask' || /\bmask\b/i.test(text)) what = `the mask${prepared.mask ? ` ("${prepared.mask.name}")` : ''}`;
  else if (prepared.images.length === 1) what = `the image ("${prepared.images[0]!.label}")`;
  if (!what) return error;
  const api = text.replace(/^OpenAI could not read an input image:\s*/, '');
  return new LoupeError('INVALID_IMAGE', `OpenAI could not read ${what}: ${api} Export the file again from its app and add it anew.`, error.detail);
}
