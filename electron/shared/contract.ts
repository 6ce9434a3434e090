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
  MaskViewSchema,
} from './schemas-edit';

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
  'edits:compose': { request: ComposeSchema, response: AssetViewSchema },
  'edits:plan': { request: EditDraftSchema, response: EditPlanSchema },
  'jobs:edit': { request: EditParamsSchema, response: z.object({ jobId: JobIdSchema }) },
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
