/** The Kits view's channels. Export hands the file over the host's way: a save dialog on the desktop, a download in the web host. */
import { copyFile, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Handlers } from '../../shared';
import { KitService, kitFileName } from './kit-service';

type KitChannels =
  | 'kits:list'
  | 'kits:get'
  | 'kits:create'
  | 'kits:update'
  | 'kits:add-asset'
  | 'kits:remove-asset'
  | 'kits:delete'
  | 'kits:where-used'
  | 'kits:export'
  | 'kits:import'
  | 'kits:job-kit';

export function kitHandlers(d: {
  kits: KitService;
  dataDir: string;
  now: () => number;
  /** Desktop: the native save dialog; absent in the web host, which offers a download instead. */
  chooseSaveFile?: (suggestedName: string) => Promise<string | null>;
}): Pick<Handlers, KitChannels> {
  const { kits } = d;
  return {
    'kits:list': async () => kits.list(),
    'kits:get': async ({ kitId }) => kits.get(kitId),
    'kits:create': async ({ name, description }) => kits.create(name, description),
    'kits:update': async ({ kitId, ...doc }) => kits.update(kitId, doc),
    'kits:add-asset': async ({ kitId, assetId, name, dataBase64, role, svgSize }) =>
      kits.addAsset({ kitId, assetId, name, bytes: Buffer.from(dataBase64, 'base64'), role, svgSize }),
    'kits:remove-asset': async ({ kitId, assetId }) => kits.removeAsset(kitId, assetId),
    'kits:delete': async ({ kitId }) => {
      await kits.delete(kitId);
      return { deleted: true };
    },
    'kits:where-used': async ({ kitId }) => kits.repo().whereUsed(kitId),
    'kits:job-kit': async ({ jobId }) => kits.repo().jobKit(jobId),
    'kits:export': async ({ kitId }) => {
      const fileName = kitFileName(kits.get(kitId).name);
      const dir = await KitService.exportDir(d.dataDir);
      const path = join(dir, fileName);
      const bytes = await kits.exportTo(kitId, path, d.now());
      if (!d.chooseSaveFile) {
        // Served once by the web host from its own folder (the random directory is the capability).
        return { fileName, bytes, savedTo: null, downloadUrl: `/kit-exports/${basename(dir)}/${encodeURIComponent(fileName)}` };
      }
      try {
        const target = await d.chooseSaveFile(fileName);
        if (target) await copyFile(path, target);
        return { fileName, bytes, savedTo: target, downloadUrl: null };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    'kits:import': async ({ dataBase64 }) => kits.import(Buffer.from(dataBase64, 'base64')),
  };
}
