/** The library at scale: search and filters, organisation, lineage, exports, backups and the cost ledger. */
import { z } from 'zod';
import { JobIdSchema, JobStatusSchema, JobViewSchema } from './schemas';

export const ProjectIdSchema = z.number().int().positive();
export const OutputLabelSchema = z.enum(['red', 'yellow', 'green', 'blue', 'purple']);
export type OutputLabel = z.infer<typeof OutputLabelSchema>;
export const OutputFlagSchema = z.enum(['pick', 'reject']);
const TagName = z.string().trim().min(1).max(40).regex(/^[^,\n\r\t]+$/, 'Tags have no commas or line breaks.');
const AbsolutePath = z.string().trim().min(1).max(4096);
const Money = z.number().nonnegative().max(1_000_000);

export const HistorySortSchema = z.enum(['newest', 'oldest', 'cost-desc', 'cost-asc', 'rating-desc']);
export type HistorySort = z.infer<typeof HistorySortSchema>;

/** Everything the History view can narrow by; all parts combine (AND). */
export const HistoryFilterSchema = z
  .object({
    /** Words typed by a person: searched in prompts, tags and notes (full text, never raw FTS syntax). */
    query: z.string().max(500).optional(),
    models: z.array(z.string().max(100)).max(20).optional(),
    kinds: z.array(z.enum(['generate', 'edit'])).max(2).optional(),
    statuses: z.array(JobStatusSchema).max(7).optional(),
    fidelity: z.enum(['low', 'high']).optional(),
    hasMask: z.boolean().optional(),
    favourite: z.boolean().optional(),
    /** Jobs carrying every one of these tags. */
    tags: z.array(TagName).max(10).optional(),
    /** A project id, or null for jobs in no project. */
    projectId: ProjectIdSchema.nullable().optional(),
    /** Epoch ms, inclusive. */
    from: z.number().int().nonnegative().optional(),
    to: z.number().int().nonnegative().optional(),
    sort: HistorySortSchema.default('newest'),
    /** Jobs with an output rated at least this many stars. */
    minRating: z.number().int().min(1).max(5).optional(),
    /** Jobs with a picked output, a rejected output, or no flag on any output. */
    flag: z.enum(['pick', 'reject', 'none']).optional(),
    /** Jobs with an output carrying this colour label. */
    label: OutputLabelSchema.optional(),
    /** Only jobs OpenAI refused for moderation. */
    refused: z.boolean().optional(),
  })
  .strict();
export type HistoryFilter = z.infer<typeof HistoryFilterSchema>;

/**
 * The ids of every matching job in order. The gallery virtualises over this list and
 * fetches rows only for what is on screen, so memory stays flat at 100,000 jobs.
 */
export const HistorySearchResultSchema = z.object({ ids: z.array(JobIdSchema), total: z.number().int() });

export const LineageNodeSchema: z.ZodType<LineageNode> = z.lazy(() =>
  z.object({
    jobId: JobIdSchema,
    kind: z.enum(['generate', 'edit']),
    status: JobStatusSchema,
    prompt: z.string(),
    createdAt: z.number(),
    /** The output of the parent job this job edited (null for the root). */
    fromOutputId: z.number().int().nullable(),
    fromOutputIndex: z.number().int().nullable(),
    /** The first output's image (locked when there is one), for a thumbnail. */
    thumbHash: z.string().nullable(),
    children: z.array(LineageNodeSchema),
  }),
);
export interface LineageNode {
  jobId: number;
  kind: 'generate' | 'edit';
  status: z.infer<typeof JobStatusSchema>;
  prompt: string;
  createdAt: number;
  fromOutputId: number | null;
  fromOutputIndex: number | null;
  thumbHash: string | null;
  children: LineageNode[];
}

export const ProjectViewSchema = z.object({
  id: ProjectIdSchema,
  name: z.string(),
  outputDir: z.string().nullable(),
  namingTemplate: z.string().nullable(),
  budgetUsd: z.number().nullable(),
  spentUsd: z.number(),
  jobCount: z.number().int(),
  createdAt: z.number(),
});
export type ProjectView = z.infer<typeof ProjectViewSchema>;

export const ProjectInputSchema = z
  .object({
    name: z.string().trim().min(1, 'Name the project.').max(80),
    /** Where this project's outputs are saved; null uses the general output folder. */
    outputDir: AbsolutePath.nullable().optional(),
    namingTemplate: z.string().trim().min(1).max(300).nullable().optional(),
    budgetUsd: Money.nullable().optional(),
  })
  .strict();

export const TagCountSchema = z.object({ name: z.string(), count: z.number().int() });

export const ExportResultSchema = z.object({
  files: z.array(z.string()),
  /** Outputs that could not be written, with the reason (nothing else is lost). */
  failures: z.array(z.object({ outputId: z.number().int(), message: z.string() })),
});

export const BackupInfoSchema = z.object({ path: z.string(), name: z.string(), bytes: z.number().int(), createdAt: z.number() });
export const BackupResultSchema = z.object({ path: z.string(), bytes: z.number().int(), jobs: z.number().int(), assets: z.number().int() });

export const LedgerGroupSchema = z.enum(['day', 'month', 'project', 'model', 'kit']);
export const LedgerQuerySchema = z
  .object({
    groupBy: LedgerGroupSchema,
    from: z.number().int().nonnegative().optional(),
    to: z.number().int().nonnegative().optional(),
    projectId: ProjectIdSchema.nullable().optional(),
  })
  .strict();
export const LedgerRowSchema = z.object({
  key: z.string(),
  label: z.string(),
  jobs: z.number().int(),
  images: z.number().int(),
  costUsd: z.number(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
});
export const LedgerSummarySchema = z.object({ rows: z.array(LedgerRowSchema), totalUsd: z.number(), totalJobs: z.number().int() });
export type LedgerSummary = z.infer<typeof LedgerSummarySchema>;

export { ExportOptionsSchema, type ExportOptions } from './schemas-export';

const JobIds = z.array(JobIdSchema).min(1).max(10_000);
const OutputIds = z.array(z.number().int().positive()).min(1).max(10_000);

/** One output's marks, as read before a change (for undo). */
export const OutputMarksSchema = z
  .object({ id: z.number().int().positive(), rating: z.number().int().min(0).max(5), flag: OutputFlagSchema.nullable(), label: OutputLabelSchema.nullable() })
  .strict();
export type OutputMarks = z.infer<typeof OutputMarksSchema>;

export const LibraryRequests = {
  search: z.object({ filter: HistoryFilterSchema }).strict(),
  getMany: z.object({ ids: z.array(JobIdSchema).max(500) }).strict(),
  setFavourite: z.object({ jobId: JobIdSchema, favourite: z.boolean() }).strict(),
  setTags: z.object({ jobId: JobIdSchema, tags: z.array(TagName).max(30) }).strict(),
  setNotes: z.object({ jobId: JobIdSchema, notes: z.string().max(10_000) }).strict(),
  setProject: z.object({ jobIds: JobIds, projectId: ProjectIdSchema.nullable() }).strict(),
  deleteJobs: z.object({ jobIds: JobIds }).strict(),
  jobRef: z.object({ jobId: JobIdSchema }).strict(),
  updateProject: ProjectInputSchema.extend({ id: ProjectIdSchema }).strict(),
  projectRef: z.object({ id: ProjectIdSchema }).strict(),
  exportOutputs: z.object({ outputIds: z.array(z.number().int().positive()).min(1).max(10_000), dir: AbsolutePath.optional() }).strict(),
  outputRef: z.object({ outputId: z.number().int().positive() }).strict(),
  restore: z.object({ path: AbsolutePath }).strict(),
  /** Sets the given marks on every output; a mark left out stays as it is, null clears it. */
  markOutputs: z
    .object({
      outputIds: OutputIds,
      rating: z.number().int().min(0).max(5).optional(),
      flag: OutputFlagSchema.nullable().optional(),
      label: OutputLabelSchema.nullable().optional(),
      /** Lightroom's label keys: takes this label off when every output has it, else puts it on all (decided in one transaction). */
      toggleLabel: OutputLabelSchema.optional(),
    })
    .strict()
    .refine((m) => m.rating !== undefined || m.flag !== undefined || m.label !== undefined || m.toggleLabel !== undefined, 'Give a rating, a flag or a label to set.')
    .refine((m) => m.label === undefined || m.toggleLabel === undefined, 'Set a label or toggle one, not both.'),
  /** Puts outputs' marks back as they were (the undo of markOutputs). */
  restoreMarks: z.object({ marks: z.array(OutputMarksSchema).min(1).max(10_000) }).strict(),
  addTags: z.object({ jobIds: JobIds, tags: z.array(TagName).min(1).max(30) }).strict(),
  removeTags: z.object({ jobIds: JobIds, tags: z.array(TagName).min(1).max(30) }).strict(),
  dismiss: z.object({ jobIds: JobIds, dismissed: z.boolean() }).strict(),
  refusalsCsv: z.object({ filter: HistoryFilterSchema }).strict(),
};

export const LibraryResponses = {
  jobs: z.array(JobViewSchema),
  deleted: z.object({ deletedJobs: z.number().int(), removedFiles: z.number().int() }),
  lineage: LineageNodeSchema,
  /** How many outputs changed, and their marks before, so the change can be undone. */
  marked: z.object({ updated: z.number().int(), previous: z.array(OutputMarksSchema), label: OutputLabelSchema.nullable().optional() }),
  tagged: z.object({ updated: z.number().int() }),
};
