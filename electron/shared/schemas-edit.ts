/** The edit studio's values: imported images and masks, compositions, plans and edit jobs. */
import { z } from 'zod';
import { EstimateSchema, EditInputSchema, GenerateBase, HashSchema, InputFidelitySchema, KitUseSchema, PixelLockSchema, checkOutputParams } from './schemas';

/** Base64 of at most 200 MB of file: the largest camera TIFF Loupe will read. */
export const MAX_IMPORT_BASE64 = Math.ceil((200 * 1024 * 1024 * 4) / 3);
const FileName = z.string().trim().min(1).max(255);
const Base64 = z.string().max(MAX_IMPORT_BASE64, 'The file is over 200 MB.').regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Not base64 data.');

/** An image of the library as the renderer sees it. */
export const AssetViewSchema = z.object({
  hash: HashSchema,
  name: z.string(),
  mime: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  bytes: z.number().int(),
  kind: z.enum(['input', 'mask', 'composite', 'output', 'markup']),
  /** For a composite: the images it was made of, in order. */
  sources: z.array(HashSchema),
});
export type AssetView = z.infer<typeof AssetViewSchema>;

export const ImportImageSchema = z.object({ name: FileName, dataBase64: Base64 }).strict();

export const MaskViewSchema = z.object({
  hash: HashSchema,
  name: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  /** Share (0–1) of the image the mask lets the model change. */
  editedShare: z.number(),
});
export type MaskView = z.infer<typeof MaskViewSchema>;

/**
 * A mask for the first image: a PNG with alpha (painted in Loupe, or imported) used as
 * is, or a black-and-white image converted (black = edit, white = keep; `invert` flips).
 */
export const ImportMaskSchema = z
  .object({
    name: FileName,
    dataBase64: Base64,
    firstHash: HashSchema,
    invert: z.boolean().default(false),
    /** Sent by the painter as it saves a painting: listed among recent masks only once an edit uses it. */
    painted: z.boolean().default(false),
  })
  .strict();

export const ComposeSchema = z
  .object({
    hashes: z.array(HashSchema).min(2, 'Compose needs 2 to 4 photos.').max(4, 'Compose needs 2 to 4 photos.'),
    layout: z.enum(['row', 'grid']),
    background: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Background as #rrggbb.'),
  })
  .strict();

/** A markup layer in the library: a transparent PNG at the first image's oriented size. */
export const MarkupViewSchema = z.object({
  hash: HashSchema,
  name: z.string(),
  width: z.number().int(),
  height: z.number().int(),
});
export type MarkupView = z.infer<typeof MarkupViewSchema>;

/** A markup painted over the first image (a transparent PNG with the marks), stored for an edit. */
export const SaveMarkupSchema = z.object({ name: FileName, dataBase64: Base64, firstHash: HashSchema }).strict();

const EditFields = {
  inputs: z.array(EditInputSchema).min(1, 'Add at least one image.').max(16, 'The API takes at most 16 images.'),
  mask: HashSchema.optional(),
  /** A transparent PNG drawn over the first image (arrows, shapes) saying what to change; never with a mask. */
  markup: HashSchema.optional(),
  inputFidelity: InputFidelitySchema.optional(),
  pixelLock: PixelLockSchema,
  parentOutputId: z.number().int().positive().optional(),
  /** Made with a brand kit: the job records which version of each kit asset it sent. */
  kit: KitUseSchema.optional(),
};

export const EditBase = GenerateBase.extend(EditFields);
export type EditParams = z.infer<typeof EditBase>;

export const EditParamsSchema = EditBase.superRefine((p, ctx) => {
  const model = checkOutputParams(p, 'edit', ctx);
  if (!model) return;
  if (p.inputs.length > model.maxInputImages) {
    ctx.addIssue({ code: 'custom', path: ['inputs'], message: `${model.label} takes at most ${model.maxInputImages} images.` });
  }
  if (p.markup !== undefined && !model.markup) ctx.addIssue({ code: 'custom', path: ['markup'], message: `${model.label} does not take markup: use a mask, or GPT Image 2.5 or 2.6.` });
  if (p.markup !== undefined && p.mask !== undefined) ctx.addIssue({ code: 'custom', path: ['markup'], message: 'Use a mask or markup, not both: the API takes one of them.' });
  if (p.mask !== undefined && p.outputFormat === 'gif') ctx.addIssue({ code: 'custom', path: ['mask'], message: 'Animated GIF edits cannot take a mask.' });
  if (p.inputFidelity !== undefined && model.inputFidelity !== 'choice') {
    ctx.addIssue({
      code: 'custom',
      path: ['inputFidelity'],
      message: model.inputFidelity === 'always-high' ? `${model.label} always uses high input fidelity; leave it unset.` : `${model.label} does not take input fidelity.`,
    });
  }
});

/** A draft of an edit, for the plan shown while it is being put together (the prompt may still be empty). */
export const EditDraftSchema = EditBase.extend({ prompt: z.string().max(32000) });

export const PlannedInputSchema = z.object({
  hash: HashSchema,
  name: z.string(),
  original: z.object({ width: z.number().int(), height: z.number().int(), bytes: z.number().int(), format: z.string() }),
  sent: z.object({ width: z.number().int(), height: z.number().int(), bytes: z.number().int(), mime: z.string() }),
  /** Input image tokens this image will cost (documented formula, fidelity surcharge included). */
  tokens: z.number().int(),
  /** Among the leading inputs the model keeps with the most detail. */
  detailed: z.boolean(),
  notes: z.array(z.string()),
  /** Graphic or photo, from its pixels, and why. */
  content: z.object({ kind: z.enum(['graphic', 'photo']), reason: z.string() }),
  /** The format sent and why, in one line. */
  sentAs: z.string(),
  /** Where the token figure comes from, in one line. */
  tokensWhy: z.string(),
});
export type PlannedInput = z.infer<typeof PlannedInputSchema>;

export const EditPlanSchema = z.object({
  inputs: z.array(PlannedInputSchema),
  mask: z.object({ width: z.number().int(), height: z.number().int(), editedShare: z.number() }).nullable(),
  /** The markup as it will be sent: at the first image's sent size. */
  markup: z.object({ width: z.number().int(), height: z.number().int() }).nullable(),
  estimate: EstimateSchema,
});
export type EditPlan = z.infer<typeof EditPlanSchema>;
