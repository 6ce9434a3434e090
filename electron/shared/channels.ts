/**
 * Channel names and the bridge's method names: plain data with no imports, so the
 * sandboxed preload can bundle it without pulling in zod.
 */
export const METHODS = {
  appInfo: 'app:info',
  getSettings: 'settings:get',
  updateSettings: 'settings:update',
  setApiKey: 'settings:set-key',
  clearApiKey: 'settings:clear-key',
  chooseOutputDir: 'settings:choose-output-dir',
  testConnection: 'connection:test',
  generate: 'jobs:generate',
  getJob: 'jobs:get',
  cancelJob: 'jobs:cancel',
  retryJob: 'jobs:retry',
  listHistory: 'history:list',
  importImage: 'assets:import',
  importMask: 'masks:import',
  listMasks: 'masks:list',
  saveMarkup: 'edits:save-markup',
  listMarkups: 'markups:list',
  compose: 'edits:compose',
  planEdit: 'edits:plan',
  edit: 'jobs:edit',
  searchHistory: 'history:search',
  getJobs: 'history:get-many',
  setFavourite: 'jobs:set-favourite',
  setTags: 'jobs:set-tags',
  setNotes: 'jobs:set-notes',
  setProject: 'jobs:set-project',
  deleteJobs: 'jobs:delete',
  rerunJob: 'jobs:rerun',
  lineage: 'lineage:tree',
  pruneLineage: 'lineage:prune',
  listTags: 'tags:list',
  listProjects: 'projects:list',
  createProject: 'projects:create',
  updateProject: 'projects:update',
  deleteProject: 'projects:delete',
  exportOutputs: 'outputs:export',
  revealOutput: 'outputs:reveal',
  startDrag: 'outputs:start-drag',
  chooseFolder: 'dialog:choose-folder',
  backupLibrary: 'library:backup',
  listBackups: 'library:list-backups',
  restoreLibrary: 'library:restore',
  ledger: 'ledger:summary',
  ledgerCsv: 'ledger:csv',
  listKits: 'kits:list',
  getKit: 'kits:get',
  createKit: 'kits:create',
  updateKit: 'kits:update',
  addKitAsset: 'kits:add-asset',
  removeKitAsset: 'kits:remove-asset',
  deleteKit: 'kits:delete',
  kitWhereUsed: 'kits:where-used',
  exportKit: 'kits:export',
  importKit: 'kits:import',
  jobKit: 'kits:job-kit',
  compareEstimate: 'compare:estimate',
  compareStart: 'compare:start',
  compareList: 'compare:list',
  compareGet: 'compare:get',
  compareAddVariant: 'compare:add-variant',
  compareSetRegion: 'compare:set-region',
  comparePickWinner: 'compare:pick-winner',
  compareExportSheet: 'compare:export-sheet',
  compareDiffMap: 'compare:diff-map',
  compareMeasure: 'compare:measure',
  saveRawOutput: 'outputs:save-raw',
} as const;

export type MethodName = keyof typeof METHODS;
export type ChannelName = (typeof METHODS)[MethodName];
export const CHANNEL_NAMES = Object.values(METHODS) as ChannelName[];

/** The one event channel main pushes to the renderer. */
export const JOB_EVENT_CHANNEL = 'jobs:event';

/** Sizes of a stored image the asset URLs serve: the file, a 384px thumbnail, a 2048px preview for painting and viewing. */
export type AssetVariant = 'full' | 'thumb' | 'preview';

/** URL scheme that serves stored images in the desktop app (files of the store only). */
export const ASSET_SCHEME = 'loupe-asset';
/** URL scheme that serves the built renderer in the desktop app. */
export const APP_SCHEME = 'loupe-app';
