/**
 * The contract: for every channel, the schema its arguments must parse with and the
 * shape of its value. Main's IPC registration, the web host, the preload's API type and
 * the renderer's client are all derived from this one map.
 */
import { z } from 'zod';
import { METHODS, type ChannelName, type MethodName } from './channels';
import type { JobEvent } from './schemas';
import {
  ApiKeySchema,
  AppInfoSchema,
  ConnectionResultSchema,
  GenerateParamsSchema,
  HistoryPageSchema,
  HistoryQuerySchema,
  JobIdSchema,
  JobViewSchema,
  SettingsPatchSchema,
  SettingsViewSchema,
} from './schemas';
import type { Result } from './errors';
import type { AssetVariant } from './channels';
import {
  AssetViewSchema,
  ComposeSchema,
  EditDraftSchema,
  EditParamsSchema,
  EditPlanSchema,
  ImportImageSchema,
  ImportMaskSchema,
  MarkupViewSchema,
  MaskViewSchema,
  SaveMarkupSchema,
} from './schemas-edit';
import {
  BackupInfoSchema,
  BackupResultSchema,
  ExportResultSchema,
  HistorySearchResultSchema,
  LedgerQuerySchema,
  LedgerSummarySchema,
  LibraryRequests as L,
  LibraryResponses,
  ProjectInputSchema,
  ProjectViewSchema,
  TagCountSchema,
} from './schemas-library';
import { BatchPlanSchema, BatchRefSchema, BatchReviewSchema, BatchStartSchema, BatchSummarySchema, BatchViewSchema, QueueStateSchema } from './schemas-batch';
import { ExportRunRequestSchema, ExportRunResultSchema } from './schemas-export';
import { JobKitSchema, KitExportResultSchema, KitRequests as K, KitViewSchema, WhereUsedSchema } from './schemas-kits';
import { CompareRequests as CR, CompareResponses as CS } from './schemas-compare';
import { CredentialRequests as CRd, CredentialSummarySchema, RawManifestSchema, SignerViewSchema } from './schemas-credentials';

const Empty = z.object({}).strict();
const JobRef = z.object({ jobId: JobIdSchema }).strict();

export const CONTRACT = {
  'app:info': { request: Empty, response: AppInfoSchema },
  'settings:get': { request: Empty, response: SettingsViewSchema },
  'settings:update': { request: SettingsPatchSchema, response: SettingsViewSchema },
  'settings:set-key': { request: z.object({ apiKey: ApiKeySchema }).strict(), response: SettingsViewSchema },
  'settings:clear-key': { request: Empty, response: SettingsViewSchema },
  'settings:choose-output-dir': { request: Empty, response: SettingsViewSchema },
  'connection:test': { request: Empty, response: ConnectionResultSchema },
  'jobs:generate': { request: GenerateParamsSchema, response: z.object({ jobId: JobIdSchema }) },
  'jobs:get': { request: JobRef, response: JobViewSchema },
  'jobs:cancel': { request: JobRef, response: JobViewSchema },
  'jobs:retry': { request: JobRef, response: JobViewSchema },
  'history:list': { request: HistoryQuerySchema, response: HistoryPageSchema },
  'assets:import': { request: ImportImageSchema, response: AssetViewSchema },
  'masks:import': { request: ImportMaskSchema, response: MaskViewSchema },
  'masks:list': { request: Empty, response: z.array(MaskViewSchema) },
  'edits:save-markup': { request: SaveMarkupSchema, response: MarkupViewSchema },
  'markups:list': { request: Empty, response: z.array(MarkupViewSchema) },
  'edits:compose': { request: ComposeSchema, response: AssetViewSchema },
  'edits:plan': { request: EditDraftSchema, response: EditPlanSchema },
  'jobs:edit': { request: EditParamsSchema, response: z.object({ jobId: JobIdSchema }) },
  'history:search': { request: L.search, response: HistorySearchResultSchema },
  'history:get-many': { request: L.getMany, response: LibraryResponses.jobs },
  'jobs:set-favourite': { request: L.setFavourite, response: JobViewSchema },
  'jobs:set-tags': { request: L.setTags, response: JobViewSchema },
  'jobs:set-notes': { request: L.setNotes, response: JobViewSchema },
  'jobs:set-project': { request: L.setProject, response: z.object({ updated: z.number().int() }) },
  'jobs:delete': { request: L.deleteJobs, response: LibraryResponses.deleted },
  /** `notice` says what was changed to run it again (a shut-down model moved to its replacement). */
  'jobs:rerun': { request: L.jobRef, response: z.object({ jobId: JobIdSchema, notice: z.string().optional() }) },
  'lineage:tree': { request: L.jobRef, response: LibraryResponses.lineage },
  'lineage:prune': { request: L.jobRef, response: LibraryResponses.deleted },
  'tags:list': { request: Empty, response: z.array(TagCountSchema) },
  'projects:list': { request: Empty, response: z.array(ProjectViewSchema) },
  'projects:create': { request: ProjectInputSchema, response: ProjectViewSchema },
  'projects:update': { request: L.updateProject, response: ProjectViewSchema },
  'projects:delete': { request: L.projectRef, response: z.object({ deleted: z.boolean() }) },
  'outputs:export': { request: L.exportOutputs, response: ExportResultSchema },
  'outputs:reveal': { request: L.outputRef, response: z.object({ path: z.string(), revealed: z.boolean() }) },
  'outputs:start-drag': { request: L.outputRef, response: z.object({ path: z.string(), iconPath: z.string() }) },
  'dialog:choose-folder': { request: Empty, response: z.object({ path: z.string().nullable() }) },
  'library:backup': { request: Empty, response: BackupResultSchema },
  'library:list-backups': { request: Empty, response: z.array(BackupInfoSchema) },
  'library:restore': { request: L.restore, response: z.object({ jobs: z.number().int(), assets: z.number().int() }) },
  'ledger:summary': { request: LedgerQuerySchema, response: LedgerSummarySchema },
  'ledger:csv': { request: LedgerQuerySchema.omit({ groupBy: true }), response: z.object({ csv: z.string(), fileName: z.string() }) },
  'kits:list': { request: Empty, response: z.array(KitViewSchema) },
  'kits:get': { request: K.ref, response: KitViewSchema },
  'kits:create': { request: K.create, response: KitViewSchema },
  'kits:update': { request: K.update, response: KitViewSchema },
  'kits:add-asset': { request: K.addAsset, response: KitViewSchema },
  'kits:remove-asset': { request: K.removeAsset, response: KitViewSchema },
  'kits:delete': { request: K.ref, response: z.object({ deleted: z.boolean() }) },
  'kits:where-used': { request: K.ref, response: WhereUsedSchema },
  'kits:export': { request: K.ref, response: KitExportResultSchema },
  'kits:import': { request: K.import, response: KitViewSchema },
  'kits:job-kit': { request: K.jobKit, response: JobKitSchema.nullable() },
  'compare:estimate': { request: CR.estimate, response: CS.estimate },
  'compare:start': { request: CR.start, response: CS.start },
  'compare:list': { request: CR.list, response: CS.list },
  'compare:get': { request: CR.get, response: CS.get },
  'compare:add-variant': { request: CR.addVariant, response: CS.addVariant },
  'compare:set-region': { request: CR.setRegion, response: CS.setRegion },
  'compare:pick-winner': { request: CR.pickWinner, response: CS.pickWinner },
  'compare:export-sheet': { request: CR.exportSheet, response: CS.exportSheet },
  'compare:diff-map': { request: CR.diffMap, response: CS.diffMap },
  'compare:measure': { request: CR.measure, response: CS.measure },
  // Batches and the queue: schemas-batch.ts describes each one.
  'batches:plan': { request: BatchStartSchema, response: BatchPlanSchema },
  'batches:start': { request: BatchStartSchema, response: BatchViewSchema },
  'batches:list': { request: Empty, response: z.array(BatchSummarySchema) },
  'batches:get': { request: BatchRefSchema, response: BatchViewSchema },
  'batches:cancel': { request: BatchRefSchema, response: BatchViewSchema },
  'batches:review': { request: BatchReviewSchema, response: BatchViewSchema },
  'batches:retry-failed': { request: BatchRefSchema, response: BatchViewSchema },
  'queue:state': { request: Empty, response: QueueStateSchema },
  'queue:pause': { request: Empty, response: QueueStateSchema },
  'queue:resume': { request: Empty, response: QueueStateSchema },
  'outputs:mark': { request: L.markOutputs, response: LibraryResponses.marked },
  'outputs:restore-marks': { request: L.restoreMarks, response: z.object({ updated: z.number().int() }) },
  'jobs:add-tags': { request: L.addTags, response: LibraryResponses.tagged },
  'jobs:remove-tags': { request: L.removeTags, response: LibraryResponses.tagged },
  'jobs:dismiss': { request: L.dismiss, response: z.object({ updated: z.number().int() }) },
  'history:refusals-csv': { request: L.refusalsCsv, response: z.object({ csv: z.string(), fileName: z.string(), rows: z.number().int() }) },
  'credentials:get': { request: CRd.asset, response: CredentialSummarySchema },
  'credentials:raw': { request: CRd.asset, response: RawManifestSchema },
  'credentials:signer': { request: Empty, response: SignerViewSchema },
  'credentials:load-signer': { request: CRd.loadSigner, response: SignerViewSchema },
  'credentials:reset-signer': { request: Empty, response: SignerViewSchema },
  'credentials:set-options': { request: CRd.options, response: SignerViewSchema },
  'outputs:export-run': { request: ExportRunRequestSchema, response: ExportRunResultSchema },
  /** The raw output of a pixel-locked edit saved too, beside the locked file (same folder, naming and metadata). */
  'outputs:save-raw': { request: L.outputRef, response: z.object({ path: z.string() }) },
} as const satisfies Record<ChannelName, { request: z.ZodType; response: z.ZodType }>;

export type Contract = typeof CONTRACT;
export type RequestOf<C extends ChannelName> = z.input<Contract[C]['request']>;
export type ParsedRequestOf<C extends ChannelName> = z.output<Contract[C]['request']>;
export type ResponseOf<C extends ChannelName> = z.output<Contract[C]['response']>;

/** What the core implements: one plain async function per channel, given parsed arguments. */
export type Handlers = { [C in ChannelName]: (args: ParsedRequestOf<C>) => Promise<ResponseOf<C>> };

/** What the preload exposes as `window.loupe` (and the web bridge imitates). */
export type LoupeApi = {
  [M in MethodName]: (args: RequestOf<(typeof METHODS)[M]>) => Promise<Result<ResponseOf<(typeof METHODS)[M]>>>;
} & {
  onJobEvent(listener: (event: JobEvent) => void): () => void;
  assetUrl(hash: string, variant: AssetVariant): string;
};

export { METHODS };
