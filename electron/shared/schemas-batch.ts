/**
 * Batches and the job queue as they cross the IPC boundary.
 *
 * A batch applies one recipe (a prompt or a kit preset, extra reference images, a mask
 * template scaled to each photo, the edit's parameters) to every photo of a folder and its
 * subfolders, and writes each result to an output folder that mirrors the input's tree.
 * It runs "now" (the job queue, full price) or "economy" (OpenAI's Batch API, half price,
 * finished within 24 hours). Starting the same batch again (same input folder, output
 * folder and recipe) resumes it: items already done are skipped, never sent again.
 *
 * Channels (channels.ts, contract.ts):
 *   batches:plan          BatchStartSchema      -> BatchPlanSchema   what would run, and both prices
 *   batches:start         BatchStartSchema      -> BatchViewSchema   start, or resume the same batch
 *   batches:list          {}                    -> BatchSummary[]    newest first
 *   batches:get           { batchId }           -> BatchViewSchema   with every item
 *   batches:cancel        { batchId }           -> BatchViewSchema   stops what has not been sent
 *   batches:review        BatchReviewSchema     -> BatchViewSchema   approve or reject items
 *   batches:retry-failed  { batchId }           -> BatchViewSchema   failed items run again
 *   queue:state           {}                    -> QueueStateSchema
 *   queue:pause           {}                    -> QueueStateSchema  nothing new is sent
 *   queue:resume          {}                    -> QueueStateSchema
 * Events: { type: 'batch', batchId } when a batch or one of its items changed (fetch
 * batches:get), { type: 'queue', state } when the queue pauses, resumes, goes offline or back.
 */
import { z } from 'zod';
import { AppErrorSchema } from './errors';
import { BackgroundSchema, QueueStateSchema, ComplexitySchema, EditInputSchema, HashSchema, JobIdSchema, KitUseSchema, ModerationSchema, OutputFormatSchema, PixelLockSchema, QualitySchema } from './schemas';

/** A folder as the person gave it; the core checks it is absolute, exists and is allowed. */
const FolderPath = z.string().trim().min(1, 'Choose a folder.').max(4096);

export const BatchIdSchema = z.number().int().positive();
export const BatchModeSchema = z.enum(['now', 'economy']);
export type BatchMode = z.infer<typeof BatchModeSchema>;

/** Largest number of photos in one batch (the Batch API takes 50,000 requests per file; a folder this big is a mistake more often than not). */
export const MAX_BATCH_ITEMS = 5000;

/** Tokens of batch naming templates, besides the usual ones: {source} is the photo's file name without its extension. */
export const BATCH_NAMING_TOKENS = ['{source}', '{date}', '{time}', '{model}', '{quality}', '{size}', '{index}', '{job}'] as const;
export const DEFAULT_BATCH_TEMPLATE = '{source}';

/**
 * One recipe for every photo. Each photo is the first image of its edit; `references`
 * follow it. `maskTemplate` is any image of the library (a transparent PNG: transparent =
 * edit; or black and white: black = edit), scaled to each photo. With a kit preset the
 * prompt is the preset's (placeholders filled from the kit) and `prompt` may stay empty.
 */
export const BatchRecipeSchema = z
  .object({
    model: z.string().min(1).max(100),
    prompt: z.string().trim().max(32000, 'Prompts are limited to 32,000 characters.'),
    kit: KitUseSchema.optional(),
    references: z.array(EditInputSchema).max(15, 'With the photo itself, the API takes at most 16 images.').default([]),
    maskTemplate: HashSchema.optional(),
    quality: QualitySchema,
    size: z.string().regex(/^(auto|\d{2,5}x\d{2,5})$/, 'Write the size as WIDTHxHEIGHT or auto.'),
    outputFormat: OutputFormatSchema,
    outputCompression: z.number().int().min(0).max(100).optional(),
    background: BackgroundSchema,
    moderation: ModerationSchema,
    complexity: ComplexitySchema.optional(),
    /** With a mask template: paste each photo back outside the mask. */
    pixelLock: PixelLockSchema.optional(),
  })
  .strict();
export type BatchRecipe = z.infer<typeof BatchRecipeSchema>;

export const BatchStartSchema = z
  .object({
    inputDir: FolderPath,
    outputDir: FolderPath,
    recipe: BatchRecipeSchema,
    namingTemplate: z
      .string()
      .trim()
      .min(1)
      .max(300)
      .refine((t) => t.includes('{source}') || t.includes('{index}') || t.includes('{job}'), 'Include {source}, {index} or {job} so names stay distinct.')
      .default(DEFAULT_BATCH_TEMPLATE),
    mode: BatchModeSchema.default('now'),
    /** Stop before going over this many dollars (null: no limit). Checked before the run and before each item is sent. */
    budgetUsd: z.number().positive().max(1_000_000).nullable().default(null),
  })
  .strict();
export type BatchStart = z.infer<typeof BatchStartSchema>;
export type BatchStartInput = z.input<typeof BatchStartSchema>;

/** Both prices of the whole batch: the queue's (now) and the Batch API's (economy, 50% off). */
export const BatchEstimateSchema = z.object({
  items: z.number().int().nonnegative(),
  perItemUsd: z.number().nonnegative(),
  nowUsd: z.number().nonnegative(),
  economyUsd: z.number().nonnegative(),
  /** Whether this model may run through the Batch API; `economyNote` says why not. */
  economyAvailable: z.boolean(),
  economyNote: z.string().nullable(),
  assumptions: z.array(z.string()),
});
export type BatchEstimate = z.infer<typeof BatchEstimateSchema>;

export const BatchPlanSchema = z.object({
  inputDir: z.string(),
  outputDir: z.string(),
  /** Photos found (recursively), with their path relative to the input folder. */
  files: z.number().int().nonnegative(),
  folders: z.number().int().nonnegative(),
  /** The first photos found, for the person to check it is the right folder. */
  sample: z.array(z.string()),
  /** Files that will not be sent, and why (not an image, unreadable). */
  skipped: z.array(z.object({ relPath: z.string(), reason: z.string() })),
  estimate: BatchEstimateSchema,
  /** The same batch was started before: starting it again resumes it. */
  existing: z.object({ batchId: BatchIdSchema, done: z.number().int().nonnegative() }).nullable(),
  /** The budget refuses the batch before it starts. */
  overBudget: z.boolean(),
});
export type BatchPlan = z.infer<typeof BatchPlanSchema>;

export const BatchItemStatusSchema = z.enum(['pending', 'queued', 'running', 'submitted', 'succeeded', 'failed', 'canceled', 'skipped']);
export type BatchItemStatus = z.infer<typeof BatchItemStatusSchema>;
export const ReviewSchema = z.enum(['approved', 'rejected']);

export const BatchItemViewSchema = z.object({
  id: z.number().int().positive(),
  /** Relative to the input folder, with forward slashes. */
  relPath: z.string(),
  status: BatchItemStatusSchema,
  /** The photo in the library (null until it was read). */
  sourceHash: HashSchema.nullable(),
  /** The job that edits it ("now" mode, or the economy result recorded as a job). */
  jobId: JobIdSchema.nullable(),
  outputHash: HashSchema.nullable(),
  outputPath: z.string().nullable(),
  review: ReviewSchema.nullable(),
  costUsd: z.number().nullable(),
  error: AppErrorSchema.nullable(),
});
export type BatchItemView = z.infer<typeof BatchItemViewSchema>;

export const BatchStatusSchema = z.enum(['running', 'waiting', 'done', 'budget-stopped', 'canceled']);
export type BatchStatus = z.infer<typeof BatchStatusSchema>;

export const BatchCountsSchema = z.object({
  total: z.number().int(),
  pending: z.number().int(),
  running: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  canceled: z.number().int(),
  skipped: z.number().int(),
  approved: z.number().int(),
  rejected: z.number().int(),
});

export const BatchSummarySchema = z.object({
  id: BatchIdSchema,
  status: BatchStatusSchema,
  mode: BatchModeSchema,
  inputDir: z.string(),
  outputDir: z.string(),
  namingTemplate: z.string(),
  recipe: BatchRecipeSchema,
  budgetUsd: z.number().nullable(),
  estimate: BatchEstimateSchema,
  spentUsd: z.number(),
  counts: BatchCountsSchema,
  /** Economy mode: the Batch API's batches and their status as last polled. */
  remote: z.array(z.object({ id: z.string(), status: z.string(), completed: z.number().int(), failed: z.number().int(), total: z.number().int() })),
  createdAt: z.number(),
  finishedAt: z.number().nullable(),
  /** Why it stopped (budget, canceled, a problem with the folder). */
  note: z.string().nullable(),
});
export type BatchSummary = z.infer<typeof BatchSummarySchema>;

export const BatchViewSchema = BatchSummarySchema.extend({ items: z.array(BatchItemViewSchema) });
export type BatchView = z.infer<typeof BatchViewSchema>;

export const BatchRefSchema = z.object({ batchId: BatchIdSchema }).strict();
export const BatchReviewSchema = z
  .object({
    batchId: BatchIdSchema,
    itemIds: z.array(z.number().int().positive()).min(1).max(MAX_BATCH_ITEMS),
    /** null clears the decision. */
    review: ReviewSchema.nullable(),
  })
  .strict();



/** Re-exported for the contract: the queue's state lives in schemas.ts because job events carry it. */
export { QueueStateSchema };
