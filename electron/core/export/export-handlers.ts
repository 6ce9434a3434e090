/**
 * Outputs leaving the library: export of a selection, "Reveal in folder", drag-out to the
 * desktop, and the folder dialog. Files already in the person's folders are only ever
 * added to, never replaced or removed.
 */
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import sharp from 'sharp';
import { LoupeError, type Handlers, type JobView, type OutputView } from '../../shared';
import type { JobsRepo } from '../db/jobs-repo';
import type { ContentStore } from '../store/content-store';
import { runExport } from './export-run';
import type { OutputExporter } from './output-export';
import type { PathSealer } from './path-seal';
import { trustedSavedFile } from './saved-path';

export interface ExportHandlerDeps {
  jobs: JobsRepo;
  store: ContentStore;
  exporter: OutputExporter;
  /** Tells the saved paths Loupe recorded in this library from any other. */
  sealer: PathSealer;
  dataDir: string;
  chooseFolder?: () => Promise<string | null>;
  reveal?: (path: string) => void;
  /** Which host serves the renderer: the web host exports only into the output folders. */
  host?: 'electron' | 'web' | 'cli';
}

type ExportChannels = 'outputs:export' | 'outputs:reveal' | 'outputs:start-drag' | 'dialog:choose-folder' | 'outputs:export-run' | 'outputs:save-raw';

/** Files made for dragging out live here; drop targets copy them at once, so the folder is emptied at each start. */
export const DRAG_DIR = 'drag';
const ICON_PX = 128;

export function exportHandlers(d: ExportHandlerDeps): Pick<Handlers, ExportChannels> {
  /** Outputs with their jobs, in the order asked; an unknown id is null. */
  const locate = (outputIds: readonly number[]): ({ job: JobView; output: OutputView } | null)[] => {
    const jobOf = d.jobs.views.jobsOfOutputs(outputIds);
    const jobs = new Map(d.jobs.getMany([...new Set(jobOf.values())]).map((j) => [j.id, j]));
    return outputIds.map((id) => {
      const job = jobs.get(jobOf.get(id) ?? -1);
      const output = job?.outputs.find((o) => o.id === id);
      return job && output ? { job, output } : null;
    });
  };
  const one = (outputId: number): { job: JobView; output: OutputView } => {
    const found = locate([outputId])[0];
    if (!found) throw new LoupeError('NOT_FOUND', `Output ${outputId} is not in the library.`);
    return found;
  };
  /** The saved file, if it is still there and may be used; throws for one that may not (saved-path.ts). */
  const trusted = async (output: OutputView): Promise<string | null> => (output.savedPath ? usable(output.id, output.savedPath) : null);
  const usable = (outputId: number, path: string): Promise<string | null> =>
    trustedSavedFile(path, d.exporter.chosenFolders(), outputId, d.sealer.verify(outputId, path, d.jobs.savedSeal(outputId)));
  /** The file in the person's folder, written now if it never was (or was deleted since). */
  const savedFile = async (job: JobView, output: OutputView): Promise<string> => {
    const saved = await trusted(output);
    if (saved) return saved;
    const path = await d.exporter.write(job, output);
    d.jobs.setOutputSaved(output.id, path, null);
    return path;
  };

  return {
    'outputs:export': async ({ outputIds, dir }) => {
      if (dir !== undefined && !isAbsolute(dir)) throw new LoupeError('INVALID_ARGUMENTS', `Export to a full folder path, not "${dir}".`, { path: dir });
      const files: string[] = [];
      const failures: { outputId: number; message: string }[] = [];
      const found = locate(outputIds);
      for (const [i, item] of found.entries()) {
        const outputId = outputIds[i]!;
        if (!item) {
          failures.push({ outputId, message: `Output ${outputId} is not in the library.` });
          continue;
        }
        try {
          const path = await d.exporter.write(item.job, item.output, dir === undefined ? {} : { dir });
          // The first copy in a chosen folder becomes the output's saved file (what Reveal and
          // drag use), also in place of a saved path that may not be used.
          const inChosen = await trustedSavedFile(path, d.exporter.chosenFolders(), outputId, true).catch(() => null);
          if (inChosen && (await trusted(item.output).catch(() => null)) === null) d.jobs.setOutputSaved(outputId, path, null);
          files.push(path);
        } catch (err) {
          failures.push({ outputId, message: err instanceof Error ? err.message : String(err) });
        }
      }
      return { files, failures };
    },

    'outputs:save-raw': async ({ outputId }) => {
      const { job, output } = one(outputId);
      if (output.lockedHash === null) {
        throw new LoupeError('INVALID_ARGUMENTS', `Output ${output.index + 1} of job ${job.id} has no separate raw version: what the model returned is the output itself.`);
      }
      const path = await d.exporter.write(job, output, { raw: true });
      d.jobs.setRawSaved(output.assetHash, path);
      return { path };
    },

    'outputs:reveal': async ({ outputId }) => {
      const { job, output } = one(outputId);
      const path = await savedFile(job, output);
      if (!d.reveal) return { path, revealed: false };
      d.reveal(path);
      return { path, revealed: true };
    },

    'outputs:start-drag': async ({ outputId }) => {
      const { job, output } = one(outputId);
      const hash = output.lockedHash ?? output.assetHash;
      const path = (await trusted(output)) ?? (await dragCopy(d, job, output));
      return { path, iconPath: await dragIcon(d, hash) };
    },

    'outputs:export-run': (req) =>
      runExport(
        {
          store: d.store,
          exporter: d.exporter,
          host: d.host ?? 'electron',
          dataDir: d.dataDir,
          locate,
          // As with "Export selected": the first copy in a chosen folder becomes the output's saved file.
          written: async (outputId, path) => {
            const item = locate([outputId])[0];
            if (!item) return;
            const inChosen = await trustedSavedFile(path, d.exporter.chosenFolders(), outputId, true).catch(() => null);
            if (inChosen && (await trusted(item.output).catch(() => null)) === null) d.jobs.setOutputSaved(outputId, path, null);
          },
        },
        req,
      ),

    'dialog:choose-folder': async () => {
      if (!d.chooseFolder) throw new LoupeError('UNSUPPORTED', 'Choosing a folder needs the desktop app here; type the folder path instead.');
      return { path: await d.chooseFolder() };
    },
  };
}

/** An output never saved: a named copy (template, metadata) made once per output under <dataDir>/drag. */
async function dragCopy(d: ExportHandlerDeps, job: JobView, output: OutputView): Promise<string> {
  const dir = join(d.dataDir, DRAG_DIR, String(output.id));
  const existing = (await readdir(dir).catch(() => [] as string[])).find((f) => /\.(png|jpg|webp)$/.test(f));
  if (existing) return join(dir, existing);
  // A sidecar would not travel with the dragged file anyway.
  return d.exporter.write(job, output, { dir, options: { ...d.exporter.options(), sidecar: false } });
}

/** Electron's drag image must be PNG or JPEG (the store's thumbnails are WebP). */
async function dragIcon(d: ExportHandlerDeps, hash: string): Promise<string> {
  const icon = join(d.dataDir, DRAG_DIR, 'icons', `${hash}.png`);
  if (existsSync(icon)) return icon;
  const thumb = await d.store.ensureThumb(hash);
  await mkdir(join(d.dataDir, DRAG_DIR, 'icons'), { recursive: true });
  // Written aside and renamed: two drags of one output at once never see half an icon.
  const tmp = `${icon}.${randomBytes(4).toString('hex')}.tmp`;
  await sharp(thumb).resize(ICON_PX, ICON_PX, { fit: 'inside' }).png().toFile(tmp);
  await rename(tmp, icon);
  return icon;
}

/** Drag copies of an earlier session: nothing refers to them any more. */
export async function clearDragFiles(dataDir: string): Promise<void> {
  await rm(join(dataDir, DRAG_DIR), { recursive: true, force: true });
}
