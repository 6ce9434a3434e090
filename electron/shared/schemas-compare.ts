/**
 * The comparison lab: one edit run as several variants (model, quality, complexity,
 * mask or markup, pixel lock), each an ordinary edit job, measured against the source
 * (SSIM, ΔE overall and inside/outside the mask, region survival, face identity) with
 * its tokens, cost and wait; a winner; a sheet; and difference heat maps.
 */
import { z } from 'zod';
import { EditDraftSchema } from './schemas-edit';
import { ComplexitySchema, HashSchema, JobIdSchema, JobStatusSchema, QualitySchema, UsageSchema } from './schemas';

export const ExperimentIdSchema = z.number().int().positive();
export const VariantIdSchema = z.number().int().positive();

/** One variant of the edit: what changes from the source's settings. */
export const VariantSpecSchema = z
  .object({
    model: z.string().min(1).max(100),
    quality: QualitySchema,
    complexity: ComplexitySchema.optional(),
    /** Which guide of the source is sent: its mask, its markup, or neither. */
    guide: z.enum(['mask', 'markup', 'none']),
    /** Paste the source back outside the mask (needs guide 'mask'). */
    pixelLock: z.boolean(),
    label: z.string().trim().min(1).max(80).optional(),
  })
  .strict();
export type VariantSpec = z.infer<typeof VariantSpecSchema>;

/** What the variants edit: a job of the history (its inputs, prompt, mask or markup) or the edit being put together. */
export const CompareSourceSchema = z.union([z.object({ jobId: JobIdSchema }).strict(), z.object({ draft: EditDraftSchema }).strict()]);
export type CompareSource = z.infer<typeof CompareSourceSchema>;

const Variants = z.array(VariantSpecSchema).min(1, 'Add at least one variant.').max(8, 'An experiment holds at most 8 variants.');

export const CompareEstimateRequestSchema = z.object({ source: CompareSourceSchema, variants: Variants }).strict();

const Seconds = z.object({ low: z.number(), high: z.number() });
/** A cost with its range: equal ends where the catalogue's formula is published, wider where it is extended (xhigh, max). */
const UsdRange = z.object({ usd: z.number().nonnegative(), low: z.number().nonnegative(), high: z.number().nonnegative() });

export const VariantEstimateSchema = z.object({
  label: z.string(),
  estimatedUsd: UsdRange,
  expectedSeconds: Seconds,
  assumptions: z.array(z.string()),
});

export const CompareEstimateSchema = z.object({
  variants: z.array(VariantEstimateSchema),
  /** The sum of the variants' costs; the wait of the slowest (they run concurrently). */
  total: z.object({ estimatedUsd: UsdRange, expectedSeconds: Seconds }),
});
export type CompareEstimate = z.infer<typeof CompareEstimateSchema>;

export const CompareStartRequestSchema = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    source: CompareSourceSchema,
    variants: Variants,
    /** Sent again after the person confirmed going over the project's budget. */
    confirmOverBudget: z.boolean().optional(),
  })
  .strict();

export const RegionRectSchema = z
  .object({
    x: z.number().int().nonnegative(),
    y: z.number().int().nonnegative(),
    width: z.number().int().min(8, 'A region is at least 8 pixels wide.'),
    height: z.number().int().min(8, 'A region is at least 8 pixels high.'),
  })
  .strict();
export type RegionRect = z.infer<typeof RegionRectSchema>;
/** A rectangle in source pixels, the kit logo of the source edit (found in each output), or none. */
export const RegionSchema = z.union([RegionRectSchema, z.literal('kit-logo')]).nullable();
export type Region = z.infer<typeof RegionSchema>;

/** Similarity to the source over some pixels: SSIM (1 = identical) and mean CIE76 ΔE (0 = identical). */
const AreaMetricsSchema = z.object({ ssim: z.number(), meanDeltaE: z.number(), pixels: z.number().int() });

export const FaceMatchSchema = z.object({
  /** The face in the source, in source pixels. */
  source: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }),
  /** The best-matching face in the output (in source pixels, after alignment), or null when none was found. */
  match: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }).nullable(),
  /**
   * The face library's similarity of the two descriptors (0–1: its normalised Euclidean
   * distance, the measure its documented "same person" threshold applies to); null when
   * no face was found in the output.
   */
  similarity: z.number().nullable(),
  /** Cosine similarity of the same descriptors (-1–1), for reference. */
  cosine: z.number().nullable(),
  samePerson: z.boolean(),
});

export const FaceIdentitySchema = z.discriminatedUnion('available', [
  z.object({
    available: z.literal(true),
    /** The similarity at and above which the library's documentation counts two faces as the same person. */
    threshold: z.number(),
    faces: z.array(FaceMatchSchema),
  }),
  z.object({ available: z.literal(false), reason: z.string() }),
  /** The picture metrics are in; the faces are still being looked at (a few seconds). */
  z.object({ available: z.literal('pending') }),
]);
export type FaceIdentity = z.infer<typeof FaceIdentitySchema>;

export const VariantMetricsSchema = z.object({
  /** The output measured: the locked one where pixel lock made one, else the raw output. */
  measured: z.enum(['raw', 'locked']),
  overall: AreaMetricsSchema,
  /** Null when the variant had no mask to split by. */
  insideMask: AreaMetricsSchema.nullable(),
  outsideMask: AreaMetricsSchema.extend({ changedShare: z.number(), threshold: z.number() }).nullable(),
  /** How well the chosen region survived: SSIM of the aligned region; null when no region is set. */
  region: z
    .object({
      kind: z.enum(['rect', 'kit-logo']),
      ssim: z.number().nullable(),
      /** Where it was compared, in source pixels (for a kit logo: where it was found in the output). */
      rect: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }).nullable(),
      note: z.string().nullable(),
    })
    .nullable(),
  faces: FaceIdentitySchema,
  computedAt: z.number(),
});
export type VariantMetrics = z.infer<typeof VariantMetricsSchema>;

export const VariantViewSchema = z.object({
  id: VariantIdSchema,
  position: z.number().int().nonnegative(),
  label: z.string(),
  spec: VariantSpecSchema,
  jobId: JobIdSchema,
  status: JobStatusSchema,
  /** The raw output and, where pixel lock made one, the locked output. */
  outputs: z.object({ raw: HashSchema.nullable(), locked: HashSchema.nullable(), outputId: z.number().int().nullable() }),
  metrics: VariantMetricsSchema.nullable(),
  /** Why metrics could not be computed (the job failed, an output could not be read). */
  metricsError: z.string().nullable(),
  usage: UsageSchema.nullable(),
  estimatedUsd: z.number().nullable(),
  costUsd: z.number().nullable(),
  /** From the request's start to the job's end, in ms; null until it ends. */
  latencyMs: z.number().nullable(),
  error: z.string().nullable(),
});
export type VariantView = z.infer<typeof VariantViewSchema>;

export const ExperimentViewSchema = z.object({
  id: ExperimentIdSchema,
  name: z.string(),
  createdAt: z.number(),
  prompt: z.string(),
  /** The first image of the edit: what every metric is measured against. */
  sourceAsset: HashSchema,
  mask: HashSchema.nullable(),
  markup: HashSchema.nullable(),
  region: RegionSchema,
  winnerVariantId: VariantIdSchema.nullable(),
  variants: z.array(VariantViewSchema),
});
export type ExperimentView = z.infer<typeof ExperimentViewSchema>;

export const ExperimentSummarySchema = z.object({
  id: ExperimentIdSchema,
  name: z.string(),
  createdAt: z.number(),
  variantCount: z.number().int(),
  winnerVariantId: VariantIdSchema.nullable(),
  sourceAsset: HashSchema,
});
export type ExperimentSummary = z.infer<typeof ExperimentSummarySchema>;

const ExperimentRef = z.object({ experimentId: ExperimentIdSchema }).strict();

export const DiffMapResultSchema = z.object({
  /** The heat map, a PNG in the library (served by the asset URLs). */
  hash: HashSchema,
  width: z.number().int(),
  height: z.number().int(),
  /** Mean and 95th percentile CIE76 ΔE over the compared pixels, and the share past the threshold. */
  meanDeltaE: z.number(),
  p95DeltaE: z.number(),
  maxDeltaE: z.number(),
  changedShare: z.number(),
  threshold: z.number(),
  /** Colour scale: transparent below `unseen`, brightest at `scaleMax` and over. */
  unseen: z.number(),
  scaleMax: z.number(),
  /** With a mask: the same numbers inside the edit (what the mask lets change) and outside it. */
  inside: z.object({ meanDeltaE: z.number(), changedShare: z.number(), pixels: z.number().int() }).nullable(),
  outside: z.object({ meanDeltaE: z.number(), changedShare: z.number(), pixels: z.number().int() }).nullable(),
});
export type DiffMapResult = z.infer<typeof DiffMapResultSchema>;

/** The winner's parameters, ready for a project default or a kit preset through their own channels. */
export const WinnerParamsSchema = z.object({
  model: z.string(),
  quality: QualitySchema,
  complexity: ComplexitySchema.optional(),
  guide: z.enum(['mask', 'markup', 'none']),
  pixelLock: z.boolean(),
  size: z.string(),
});

export const CompareRequests = {
  estimate: CompareEstimateRequestSchema,
  start: CompareStartRequestSchema,
  list: z.object({}).strict(),
  get: ExperimentRef,
  addVariant: z.object({ experimentId: ExperimentIdSchema, variant: VariantSpecSchema, confirmOverBudget: z.boolean().optional() }).strict(),
  setRegion: z.object({ experimentId: ExperimentIdSchema, region: RegionSchema }).strict(),
  pickWinner: z.object({ experimentId: ExperimentIdSchema, variantId: VariantIdSchema }).strict(),
  exportSheet: ExperimentRef,
  diffMap: z.object({ a: HashSchema, b: HashSchema, maskAssetId: HashSchema.optional() }).strict(),
  /** Work out the metrics again (an experiment from before a metric existed, or a changed region). */
  measure: ExperimentRef,
};

export const CompareResponses = {
  estimate: CompareEstimateSchema,
  start: z.object({ experimentId: ExperimentIdSchema, jobIds: z.array(JobIdSchema) }),
  list: z.array(ExperimentSummarySchema),
  get: ExperimentViewSchema,
  addVariant: z.object({ jobId: JobIdSchema, variantId: VariantIdSchema }),
  setRegion: ExperimentViewSchema,
  pickWinner: z.object({ experiment: ExperimentViewSchema, favouriteJobId: JobIdSchema, params: WinnerParamsSchema }),
  exportSheet: z.object({ path: z.string() }),
  diffMap: DiffMapResultSchema,
  measure: ExperimentViewSchema,
};
