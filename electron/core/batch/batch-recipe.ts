/**
 * A batch recipe turned into one photo's edit: the prompt (or the kit preset's, filled
 * from the kit, ending with its preservation sentence), the kit's logo placed where its
 * policy says, the extra references, the mask template stretched to the photo's frame, and
 * the parameters. Also what makes two starts "the same batch".
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import {
  applyPolicy,
  EditParamsSchema,
  fillTemplate,
  findModel,
  LoupeError,
  orderWithLogos,
  type BatchRecipe,
  type EditInput,
  type EditParams,
  type KitView,
} from '../../shared';
import type { Library } from '../edit/library';
import { importMask } from '../images/mask';
import { invalidArguments } from '../invoke';

export interface ResolvedRecipe {
  model: string;
  quality: BatchRecipe['quality'];
  prompt: string;
  /** Kit logos (current versions) to place around the photo, and where. */
  logos: EditInput[];
  logoPosition: 'first' | 'after-photos';
  notes: string[];
}

/** The kit's preset and policy applied; a recipe without a prompt needs a preset. */
export function resolveRecipe(recipe: BatchRecipe, kit: KitView | null): ResolvedRecipe {
  if (!kit) {
    if (!recipe.prompt.trim()) throw new LoupeError('INVALID_ARGUMENTS', 'Write a prompt for the batch, or choose a kit preset.', { param: 'prompt' });
    return { model: recipe.model, quality: recipe.quality, prompt: recipe.prompt.trim(), logos: [], logoPosition: 'after-photos', notes: [] };
  }
  const preset = recipe.kit?.presetId ? kit.presets.find((p) => p.id === recipe.kit!.presetId) : undefined;
  if (recipe.kit?.presetId && !preset) throw new LoupeError('INVALID_ARGUMENTS', `The kit "${kit.name}" has no preset "${recipe.kit.presetId}" any more.`, { param: 'kit' });
  const base = [preset ? fillTemplate(preset.template, kit, {}) : '', recipe.prompt.trim()].filter(Boolean).join(' ');
  if (!base) throw new LoupeError('INVALID_ARGUMENTS', 'Write a prompt for the batch, or choose a kit preset.', { param: 'prompt' });
  const outcome = applyPolicy(kit.policy, { model: recipe.model, quality: recipe.quality, prompt: base });
  const logos = kit.assets.filter((a) => a.role === 'logo').map((a) => ({ hash: a.versions[0]!.hash, name: a.versions[0]!.fileName }));
  if (logos.length === 0) throw new LoupeError('INVALID_ARGUMENTS', `The kit "${kit.name}" has no logo to send with each photo.`, { param: 'kit' });
  return { model: outcome.model, quality: outcome.quality, prompt: outcome.prompt, logos, logoPosition: kit.policy.logoPosition, notes: outcome.notes };
}

/** The edit of one photo (hash and name as imported), its mask made by the caller. */
export function itemEdit(recipe: BatchRecipe, r: ResolvedRecipe, photo: EditInput, maskHash: string | undefined): EditParams {
  const photos = [photo, ...recipe.references];
  const inputs = r.logos.length > 0 ? orderWithLogos(photos, r.logos, r.logoPosition) : photos;
  const params = {
    model: r.model,
    prompt: r.prompt,
    n: 1,
    size: recipe.size,
    quality: r.quality,
    outputFormat: recipe.outputFormat,
    ...(recipe.outputCompression !== undefined ? { outputCompression: recipe.outputCompression } : {}),
    background: recipe.background,
    moderation: recipe.moderation,
    stream: false,
    partialImages: 0,
    ...(recipe.complexity !== undefined ? { complexity: recipe.complexity } : {}),
    inputs,
    ...(maskHash ? { mask: maskHash } : {}),
    pixelLock: maskHash ? (recipe.pixelLock ?? { enabled: true, feather: 6, grow: 3, resolution: 'original' as const }) : { enabled: false, feather: 6, grow: 3, resolution: 'original' as const },
    ...(recipe.kit ? { kit: recipe.kit } : {}),
  };
  const parsed = EditParamsSchema.safeParse(params);
  if (!parsed.success) throw invalidArguments(parsed.error);
  return parsed.data;
}

/**
 * The mask template stretched to the photo's frame as people see it (EXIF orientation
 * applied), then read like an imported mask (transparent or black = edit). Stretching is
 * the choice: one template serves landscape and portrait photos alike.
 */
export async function maskForPhoto(library: Library, templateHash: string, photo: EditInput): Promise<string> {
  const size = await library.displayedSize(photo.hash, `"${photo.name}"`);
  const template = await library.original(templateHash, 'The mask template');
  let stretched: Buffer;
  try {
    stretched = await sharp(template, { failOn: 'error' }).autoOrient().resize({ width: size.width, height: size.height, fit: 'fill' }).png().toBuffer();
  } catch {
    throw new LoupeError('INVALID_IMAGE', 'The mask template could not be read: it is damaged. Choose it again.');
  }
  const m = await importMask(stretched, 'mask-template.png', size);
  const asset = await library.store.put(m.png, 'image/png');
  library.record(asset, 'mask', `mask for ${photo.name}`, { width: m.width, height: m.height }, { sources: [photo.hash], editedShare: m.editedShare });
  return asset.hash;
}

/** What makes two starts the same batch: the folders, the naming template and the recipe (not the mode or the budget). */
export function batchKey(inputDir: string, outputDir: string, namingTemplate: string, recipe: BatchRecipe): string {
  return createHash('sha256').update(JSON.stringify(canonical({ inputDir, outputDir, namingTemplate, recipe }))).digest('hex');
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, x]) => [k, canonical(x)]),
    );
  }
  return v;
}

/** Whether the Batch API may be used for this model, and why not (model-assumptions.ts). */
export function economyFor(model: string, batchModels: readonly string[]): { available: boolean; note: string | null } {
  const info = findModel(model);
  if (!info) return { available: false, note: `Loupe does not know the model ${model}.` };
  if (batchModels.includes(info.id)) return { available: true, note: null };
  return { available: false, note: `OpenAI has not confirmed that ${info.label} runs in the Batch API, so Economy is not offered for it. Choose GPT Image 2.6 or GPT Image 2.` };
}
