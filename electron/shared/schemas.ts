/** zod schemas for every value that crosses the IPC boundary. */
import { z } from 'zod';
import { baseUrlProblem, HTTP_LOOPBACK_ONLY } from './endpoint-policy';
import { AppErrorSchema } from './errors';
import { defaultLifecycle, modelState, shutdownDateOf } from './model-lifecycle';
import { GIF_RULES, sizeProblem } from './model-rules';
import { findModel, type ModelInfo } from './models';
import { ExportOptionsSchema } from './schemas-export';

export const QualitySchema = z.enum(['low', 'medium', 'high', 'xhigh', 'max', 'auto']);
export const OutputFormatSchema = z.enum(['png', 'jpeg', 'webp', 'gif', 'svg']);
export const ComplexitySchema = z.enum(['low', 'medium', 'high']);
/** Animated GIF output (§3.4): frame count and duration; the API rounds durations to 10 ms. */
export const GifOptionsSchema = z
  .object({
    frames: z.number().int().min(GIF_RULES.minFrames, `At least ${GIF_RULES.minFrames} frames.`).max(GIF_RULES.maxFrames, `At most ${GIF_RULES.maxFrames} frames.`),
    frameMs: z.number().int().min(GIF_RULES.minFrameMs, `Frames last at least ${GIF_RULES.minFrameMs} ms.`).max(GIF_RULES.maxFrameMs),
  })
  .strict();
export type GifOptions = z.infer<typeof GifOptionsSchema>;
/** SVG output (§3.5): the optional author model (only for projects with SVG model selection) and its reasoning effort. */
export const SvgOptionsSchema = z
  .object({
    model: z.string().trim().min(1).max(100).regex(/^[\w.:-]+$/, 'A model id, for example gpt-5.').optional(),
    effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']).optional(),
  })
  .strict();
export type SvgOptions = z.infer<typeof SvgOptionsSchema>;
export const BackgroundSchema = z.enum(['auto', 'opaque', 'transparent']);
export const ModerationSchema = z.enum(['auto', 'low']);
export const JobIdSchema = z.number().int().positive();
export const HashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'Not an image of the library.');
export const InputFidelitySchema = z.enum(['low', 'high']);
/** How an input is sent: auto (graphics lossless, photos JPEG), lossless (PNG) or JPEG, as the person chose. */
export const SendAsSchema = z.enum(['auto', 'lossless', 'jpeg']);
export type SendAs = z.infer<typeof SendAsSchema>;
export const EditInputSchema = z.object({ hash: HashSchema, name: z.string().max(255), sendAs: SendAsSchema.optional() }).strict();
export type EditInput = z.infer<typeof EditInputSchema>;
export const KitIdSchema = z.number().int().positive();
/** The brand kit an edit is made with (sent with jobs:edit, kept in its parameters); schemas-kits has the rest. */
export const KitUseSchema = z.object({ id: KitIdSchema, presetId: z.string().max(40).optional() }).strict();
export type KitUse = z.infer<typeof KitUseSchema>;
/**
 * Pixel lock after a masked edit: paste the source back outside the mask through a
 * feathered, grown edge (both in pixels of the first image as sent). `resolution`: the
 * locked image at the photo's own size ('original': its pixels outside the mask, the
 * output scaled up inside) or at the size sent to the API ('sent'). Jobs stored before
 * it existed parse with the default.
 */
export const PixelLockSchema = z
  .object({
    enabled: z.boolean(),
    feather: z.number().int().min(0).max(64),
    grow: z.number().int().min(0).max(64),
    resolution: z.enum(['original', 'sent']).default('original'),
  })
  .strict();
export type PixelLock = z.infer<typeof PixelLockSchema>;

export const GenerateBase = z
  .object({
    model: z.string().min(1).max(100),
    prompt: z.string().trim().min(1, 'Write a prompt first.').max(32000, 'Prompts are limited to 32,000 characters.'),
    n: z.number().int().min(1).max(10),
    size: z.string().regex(/^(auto|\d{2,5}x\d{2,5})$/, 'Write the size as WIDTHxHEIGHT or auto.'),
    quality: QualitySchema,
    outputFormat: OutputFormatSchema,
    outputCompression: z.number().int().min(0).max(100).optional(),
    background: BackgroundSchema,
    moderation: ModerationSchema,
    stream: z.boolean(),
    partialImages: z.number().int().min(0).max(3),
    /** 2.6: planning effort, separate from rendering quality. Omitted: the model's default. */
    complexity: ComplexitySchema.optional(),
    gif: GifOptionsSchema.optional(),
    svg: SvgOptionsSchema.optional(),
    /** The project the job belongs to (its folder, template and budget apply). */
    projectId: z.number().int().positive().optional(),
    /** Sent again after the person confirmed going over the project's budget. */
    confirmOverBudget: z.boolean().optional(),
  })
  .strict();

/** Output rules that depend on the model, shared by generations and edits. */
export function checkOutputParams(p: z.infer<typeof GenerateBase>, endpoint: 'generate' | 'edit', ctx: z.RefinementCtx): ModelInfo | null {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  const model = findModel(p.model);
  if (!model) {
    issue('model', `Loupe does not know the model ${p.model}.`);
    return null;
  }
  // The catalogue's dates (the core checks again with the dates the API reported).
  const life = defaultLifecycle();
  if (modelState(model, life) === 'shutdown') {
    const to = model.replacement ? findModel(model.replacement)?.label : null;
    issue('model', `${model.label} was shut down on ${shutdownDateOf(model, life)}${to ? `: use ${to}` : ''}.`);
  }
  if (!model.endpoints[endpoint]) issue('model', endpoint === 'generate' ? `${model.label} can only edit images.` : `${model.label} cannot edit images.`);
  const format = p.outputFormat;
  if (!model.qualities.includes(p.quality)) issue('quality', `${model.label} takes quality ${model.qualities.join(', ')}.`);
  if (p.complexity !== undefined && !model.complexity) issue('complexity', `${model.label} does not take complexity.`);
  if (!model.outputFormats.includes(format)) issue('outputFormat', `${model.label} cannot make ${format.toUpperCase()} images.`);
  const sp = sizeProblem(model, p.size, { format, frames: p.gif?.frames });
  if (sp) issue('size', sp);
  if (p.outputCompression !== undefined && format !== 'jpeg' && format !== 'webp') issue('outputCompression', 'Compression applies to JPEG and WebP only.');
  if (p.background === 'transparent' && (format === 'jpeg' || format === 'svg' || format === 'gif')) {
    issue('background', `${format.toUpperCase()} output cannot have a transparent background here: choose PNG or WebP.`);
  }
  if (p.background === 'transparent' && !model.transparentBackground) issue('background', `${model.label} cannot make transparent backgrounds.`);
  if (p.n > model.maxN) issue('n', `${model.label} makes at most ${model.maxN} images.`);
  if (p.gif !== undefined && format !== 'gif') issue('gif', 'Frame settings apply to GIF output only.');
  if (p.svg !== undefined && format !== 'svg') issue('svg', 'SVG settings apply to SVG output only.');
  if (format === 'svg' && p.n !== 1) issue('n', 'SVG output makes one image per request.');
  return model;
}

/** Whether a request with these parameters can stream: not GIF or SVG (§3.4, §3.5), and only where the model streams. */
export function canStream(model: ModelInfo, format: z.infer<typeof OutputFormatSchema>): boolean {
  return model.streaming && format !== 'gif' && format !== 'svg';
}

/** Rules that depend on the model: checked again in the core, shown early in the renderer. */
export const GenerateParamsSchema = GenerateBase.superRefine((p, ctx) => {
  checkOutputParams(p, 'generate', ctx);
});
export type GenerateParams = z.infer<typeof GenerateBase>;

export const UsageSchema = z.object({
  inputTextTokens: z.number().int().nonnegative(),
  inputImageTokens: z.number().int().nonnegative(),
  outputImageTokens: z.number().int().nonnegative(),
  outputTextTokens: z.number().int().nonnegative(),
});

export const EstimateSchema = z.object({
  usage: UsageSchema,
  costUsd: z.number().nonnegative(),
  assumptions: z.array(z.string()),
});

export const JobStatusSchema = z.enum(['queued', 'running', 'retrying', 'succeeded', 'failed', 'interrupted', 'canceled']);
export type JobStatus = z.infer<typeof JobStatusSchema>;

/** How much the model changed outside the mask, measured on the raw output aligned to the source. */
export const LeakageMetricsSchema = z.object({
  /** Share (0–1) of pixels outside the mask whose colour difference (CIE76 ΔE) exceeds the threshold. */
  changedShare: z.number(),
  meanDeltaE: z.number(),
  ssimOutside: z.number(),
  outsidePixels: z.number().int(),
  threshold: z.number(),
});
export type LeakageMetrics = z.infer<typeof LeakageMetricsSchema>;

/** Colour change in one region of a markup edit's output, against the first image as sent. */
const RegionChangeSchema = z.object({
  /** Mean CIE76 ΔE. */
  meanDeltaE: z.number(),
  /** Share (0–1) of the region's pixels whose ΔE is over the visible threshold. */
  changedShare: z.number(),
});

/**
 * Whether the model followed a markup (reference §3.2): how much the output changed under
 * and around the marks compared with elsewhere. Some API relays drop the markup part
 * without an error, so this is how a person learns it was ignored.
 */
export const MarkupEffectSchema = z.object({
  marked: RegionChangeSchema,
  elsewhere: RegionChangeSchema,
  /** How many times more the marked areas changed than the rest (mean ΔE). */
  ratio: z.number(),
  verdict: z.enum(['took-effect', 'weak', 'ignored']),
});
export type MarkupEffect = z.infer<typeof MarkupEffectSchema>;

export const OutputViewSchema = z.object({
  id: z.number().int(),
  index: z.number().int().nonnegative(),
  assetHash: z.string().regex(/^[0-9a-f]{64}$/),
  width: z.number().int(),
  height: z.number().int(),
  mime: z.string(),
  bytes: z.number().int(),
  savedPath: z.string().nullable(),
  /** Where the raw output of a pixel-locked edit was saved too (savedPath is the locked file); null when it was not. */
  rawSavedPath: z.string().nullable(),
  saveError: z.string().nullable(),
  /** Edits with a mask: the pixel-locked result (shown and saved by default); assetHash stays the raw output. */
  lockedHash: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  metrics: LeakageMetricsSchema.nullable(),
  /** Markup edits: whether the marked areas changed more than the rest; null for every other output. */
  markupEffect: MarkupEffectSchema.nullable(),
  /** Lightroom-style marks on this one image: stars 0-5 (0 = unrated), pick/reject flag, colour label. */
  rating: z.number().int().min(0).max(5),
  flag: z.enum(['pick', 'reject']).nullable(),
  label: z.enum(['red', 'yellow', 'green', 'blue', 'purple']).nullable(),
});
export type OutputView = z.infer<typeof OutputViewSchema>;

/** What a job was given: the parameters of a generation, plus an edit's inputs, mask and pixel lock. */
export const JobParamsSchema = GenerateBase.extend({
  inputs: z.array(EditInputSchema).optional(),
  mask: HashSchema.optional(),
  markup: HashSchema.optional(),
  inputFidelity: InputFidelitySchema.optional(),
  pixelLock: PixelLockSchema.optional(),
  parentOutputId: z.number().int().positive().optional(),
  kit: KitUseSchema.optional(),
});
export type JobParams = z.infer<typeof JobParamsSchema>;

export const JobInputViewSchema = z.object({
  role: z.enum(['image', 'mask', 'markup']),
  position: z.number().int().nonnegative(),
  hash: HashSchema,
  name: z.string().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
});
export type JobInputView = z.infer<typeof JobInputViewSchema>;

export const JobViewSchema = z.object({
  id: JobIdSchema,
  kind: z.enum(['generate', 'edit']),
  status: JobStatusSchema,
  model: z.string(),
  prompt: z.string(),
  params: JobParamsSchema,
  /** The output this job edited (lineage), when it was started from one. */
  parentOutputId: z.number().int().nullable(),
  inputs: z.array(JobInputViewSchema),
  estimate: EstimateSchema.nullable(),
  usage: UsageSchema.nullable(),
  costUsd: z.number().nullable(),
  requestIds: z.array(z.string()),
  error: AppErrorSchema.nullable(),
  attempts: z.number().int().nonnegative(),
  createdAt: z.number(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  outputs: z.array(OutputViewSchema),
  favourite: z.boolean(),
  tags: z.array(z.string()),
  notes: z.string(),
  projectId: z.number().int().nullable(),
  /** A failed job the person dismissed from Generate's feed (History still lists it). */
  dismissed: z.boolean(),
});
export type JobView = z.infer<typeof JobViewSchema>;

/**
 * The job queue as the status strip shows it. `offline`: the endpoint stopped answering;
 * the queue waits and resumes by itself when it answers again. `limits`: images sent in
 * the last minute per model against the allowed rate.
 */
export const QueueStateSchema = z.object({
  paused: z.boolean(),
  offline: z.boolean(),
  offlineSince: z.number().nullable(),
  waiting: z.number().int().nonnegative(),
  running: z.number().int().nonnegative(),
  concurrency: z.number().int().positive(),
  imagesPerMinute: z.number().int().positive(),
  limits: z.array(z.object({ model: z.string(), sentLastMinute: z.number().int(), perMinute: z.number().int() })),
});
export type QueueState = z.infer<typeof QueueStateSchema>;

export const JobEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('job'), job: JobViewSchema }),
  z.object({
    type: z.literal('partial'),
    jobId: JobIdSchema,
    imageIndex: z.number().int().nonnegative(),
    partialIndex: z.number().int().nonnegative(),
    /** A small JPEG data URL: previews are for the eye, not for keeping. */
    dataUrl: z.string().startsWith('data:image/'),
  }),
  z.object({
    type: z.literal('retry'),
    jobId: JobIdSchema,
    attempt: z.number().int(),
    maxAttempts: z.number().int(),
    delayMs: z.number().int(),
    error: AppErrorSchema,
  }),
  /** A comparison variant's metrics were stored (or could not be computed): read the experiment again. */
  z.object({ type: z.literal('experiment'), experimentId: z.number().int().positive(), variantId: z.number().int().positive() }),
  /** A batch or one of its items changed: fetch batches:get. */
  z.object({ type: z.literal('batch'), batchId: z.number().int().positive() }),
  z.object({ type: z.literal('queue'), state: QueueStateSchema }),
]);
export type JobEvent = z.infer<typeof JobEventSchema>;

const HttpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'Enter a full http(s) URL, for example https://api.openai.com/v1.')
  // The key goes wherever this points: no plain http beyond this computer.
  .refine((s) => baseUrlProblem(s) !== HTTP_LOOPBACK_ONLY, HTTP_LOOPBACK_ONLY);

export const SettingsViewSchema = z.object({
  key: z.object({
    set: z.boolean(),
    last4: z.string().nullable(),
    source: z.enum(['stored', 'env']).nullable(),
    /** How a stored key is protected: 'os' (safeStorage), 'memory' (web host: never written). */
    storage: z.enum(['os', 'memory']),
  }),
  baseURL: z.string().nullable(),
  effectiveBaseURL: z.string(),
  organization: z.string().nullable(),
  project: z.string().nullable(),
  outputDir: z.string(),
  namingTemplate: z.string(),
  availableModels: z.array(z.string()).nullable(),
  /** Shutdown dates GET /v1/models reported at the last Test connection (id -> YYYY-MM-DD or null). */
  modelShutdowns: z.record(z.string(), z.string().nullable()),
  lastCheckedAt: z.number().nullable(),
  exportOptions: ExportOptionsSchema,
  /** Where `library:backup` writes its one-file backups. */
  backupsDir: z.string(),
  /** The job queue: jobs sent at once, and images per minute allowed for each model. */
  queue: z.object({ concurrency: z.number().int(), imagesPerMinute: z.number().int() }),
});
export type SettingsView = z.infer<typeof SettingsViewSchema>;

export const NAMING_TOKENS = ['{date}', '{time}', '{project}', '{prompt}', '{model}', '{quality}', '{fidelity}', '{size}', '{kit}', '{job}', '{index}'] as const;

export const ApiKeySchema = z
  .string()
  .trim()
  .min(8, 'That is too short to be an API key.')
  .max(512)
  .regex(/^[\x21-\x7e]+$/, 'An API key has no spaces or special characters.');

export const SettingsPatchSchema = z
  .object({
    baseURL: HttpUrl.nullable(),
    organization: z.string().trim().max(200).regex(/^[\w-]*$/, 'Organization IDs look like org-…').nullable(),
    project: z.string().trim().max(200).regex(/^[\w-]*$/, 'Project IDs look like proj_…').nullable(),
    outputDir: z.string().trim().min(1).max(4096),
    namingTemplate: z
      .string()
      .trim()
      .min(1)
      .max(300)
      .refine((t) => t.includes('{index}') || t.includes('{job}'), 'Include {index} or {job} so names stay distinct.'),
    exportOptions: ExportOptionsSchema.partial(),
    backupsDir: z.string().trim().min(1).max(4096),
    queue: z
      .object({
        concurrency: z.number().int().min(1, 'At least one job at a time.').max(16, 'At most 16 jobs at a time.'),
        imagesPerMinute: z.number().int().min(1, 'At least one image a minute.').max(10_000),
      })
      .partial()
      .strict(),
    /** Required by the core with any change of base URL, organization or project. */
    apiKey: ApiKeySchema,
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const ConnectionResultSchema = z.object({
  imageModels: z.array(z.object({ id: z.string(), known: z.boolean(), label: z.string() })),
  otherModelCount: z.number().int(),
  defaultModel: z.string().nullable(),
  requestId: z.string().nullable(),
  latencyMs: z.number(),
});
export type ConnectionResult = z.infer<typeof ConnectionResultSchema>;

export const HistoryQuerySchema = z
  .object({
    limit: z.number().int().min(1).max(200).default(50),
    before: JobIdSchema.optional(),
  })
  .strict();

export const HistoryPageSchema = z.object({ items: z.array(JobViewSchema), nextBefore: JobIdSchema.nullable() });

export const AppInfoSchema = z.object({
  version: z.string(),
  host: z.enum(['electron', 'web', 'cli']),
  dataDir: z.string(),
  canChooseFolders: z.boolean(),
});
