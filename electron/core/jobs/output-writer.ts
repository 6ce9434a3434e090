/**
 * What happens to each image the moment it arrives, in the order DESIGN.md (Data)
 * requires: bytes into the store (flushed) → output row (committed) → everything else:
 * pixel lock, thumbnail, copy in the output folder (when auto-save is on; otherwise it
 * stays in the library until exported). Only the first two can fail the image: a kill
 * at any later moment leaves the paid-for image in the store and in History. A thumbnail
 * can be made again later, and a failed save is recorded on the output.
 *
 * A pixel-locked edit then stores the locked image (the source pasted back outside the
 * mask, by default at the photo's full resolution), records it on the same output, and
 * saves it: that is the result the user asked for.
 *
 * Each image's content credentials (the API's C2PA manifest) are validated as it arrives
 * and recorded with it. The locked image is new pixels, so it gets a manifest of Loupe's
 * own: the API's output as its parent (manifest and all), the person's photo as a
 * component, signed with the install's signer. A failure there is logged and the locked
 * image kept without one: credentials never cost the person the image.
 *
 * A markup edit's image is checked against the marks (did the model follow them?) once
 * its row is committed, and the finding is recorded on the same output. A failed check
 * costs the image nothing.
 */
import type { CredentialSummary, JobView, LeakageMetrics } from '../../shared';
import type { JobsRepo } from '../db/jobs-repo';
import type { OutputExporter, OutputRoute } from '../export/output-export';
import type { CredentialsService } from '../credentials/credentials-service';
import { mimeOfBytes } from '../credentials/credentials-service';
import type { ContentStore, StoredAsset } from '../store/content-store';
import type { OutputSettings } from '../settings/settings-service';
import { mimeOf } from '../openai/build-request';
import { sanitiseSvg } from '../images/svg-sanitise';
import { lockOutput, type LockSpec } from './locked-output';
import { checkMarkupEffect, type MarkupCheckSpec } from './markup-check';

export interface OutputWriterDeps {
  jobs: JobsRepo;
  store: ContentStore;
  now: () => number;
  log: (message: string) => void;
  exporter: OutputExporter;
  /** A batch's job: its results go to the batch's folder and name, always saved, source metadata kept. */
  routeOutput?: (jobId: number) => OutputRoute | null;
  credentials?: CredentialsService;
}

export async function writeOutput(
  deps: OutputWriterDeps,
  job: Pick<JobView, 'id' | 'params'>,
  index: number,
  bytes: Buffer,
  out: OutputSettings,
  lock?: LockSpec | null,
  markup?: MarkupCheckSpec | null,
): Promise<number> {
  // An SVG from the API is untrusted markup: only its sanitised form is ever stored or saved.
  if (job.params.outputFormat === 'svg') {
    const clean = await sanitiseSvg(bytes);
    if (clean.removed.length > 0) deps.log(`job ${job.id} image ${index}: removed from the SVG: ${clean.removed.join(', ')}`);
    bytes = clean.bytes;
  }
  const asset = await deps.store.put(bytes, mimeOf(job.params.outputFormat));
  const row = (a: StoredAsset) => ({ assetHash: a.hash, width: a.width, height: a.height, mime: a.mime, bytes: a.bytes });
  const outputId = deps.jobs.addOutput(job.id, { index, ...row(asset) });
  let credentials: CredentialSummary | null = null;
  if (deps.credentials) {
    credentials = await deps.credentials.record(asset.hash, bytes, asset.mime).catch((err: unknown) => (deps.log(`content credentials of job ${job.id} image ${index}: ${message(err)}`), null));
  }
  if (markup) {
    const effect = await checkMarkupEffect(bytes, markup, (m) => deps.log(`job ${job.id} image ${index}: ${m}`));
    if (effect) deps.jobs.setMarkupEffect(outputId, effect);
  }
  let locked: { asset: StoredAsset; bytes: Buffer; metrics: LeakageMetrics } | null = null;
  let lockError: string | null = null;
  if (lock) {
    try {
      const l = await lockOutput(bytes, lock, job.params, deps.log);
      const lockedBytes = deps.credentials ? await signLocked(deps, job.id, index, bytes, asset.mime, l.bytes, l.mime, lock) : l.bytes;
      locked = { asset: await deps.store.put(lockedBytes, l.mime), bytes: lockedBytes, metrics: l.metrics };
      deps.jobs.setLockedOutput(outputId, row(locked.asset), locked.metrics);
      // After the row: the record names the asset the row just added.
      if (deps.credentials) credentials = await deps.credentials.record(locked.asset.hash, lockedBytes, l.mime).catch(() => null);
    } catch (err) {
      // The raw image is safe and paid for: keep it, and say plainly that it is not locked.
      deps.log(`pixel lock for job ${job.id} image ${index} failed: ${message(err)}`);
      lockError = `Loupe could not pixel-lock this image (${message(err)}), so it was not saved; the raw output is in the library.`;
    }
  }
  if (lockError) {
    deps.jobs.setOutputSaved(outputId, null, lockError);
    return outputId;
  }

  for (const a of locked ? [asset, locked.asset] : [asset]) {
    try {
      await deps.store.ensureThumb(a.hash);
    } catch (err) {
      // The asset protocol makes thumbnails on demand too; a failure here costs nothing.
      deps.log(`thumbnail for job ${job.id} image ${index} failed: ${message(err)}`);
    }
  }

  let route: OutputRoute | null = null;
  try {
    route = deps.routeOutput?.(job.id) ?? null;
  } catch (err) {
    deps.jobs.setOutputSaved(outputId, null, message(err));
    return outputId;
  }
  if (!out.exportOptions.autoSave && !route) return outputId;
  try {
    // Read back for what this run added (its request id) and the project as it is now.
    const current = deps.jobs.get(job.id);
    const view = current?.outputs.find((o) => o.id === outputId);
    if (!current || !view) return outputId;
    const options = route ? { ...out.exportOptions, embedMetadata: true, keepSourceMetadata: true } : out.exportOptions;
    const savedPath = await deps.exporter.write(current, view, { bytes: locked ? locked.bytes : bytes, options, ...(route ? { route } : {}), credentials });
    deps.jobs.setOutputSaved(outputId, savedPath, null);
    if (locked && out.exportOptions.saveRaw) {
      try {
        deps.jobs.setRawSaved(asset.hash, await deps.exporter.write(current, view, { bytes, options: out.exportOptions, raw: true }));
      } catch (err) {
        // The locked result, the one asked for, is saved; the raw copy can be saved from the result later.
        deps.log(`raw copy of job ${job.id} image ${index} not saved: ${message(err)}`);
      }
    }
  } catch (err) {
    deps.jobs.setOutputSaved(outputId, null, message(err));
  }
  return outputId;
}

/**
 * Outputs an earlier run stored but never saved to their folder (a kill or crash between
 * the two): saved now from the library, so a resumed job or batch leaves no hole in the
 * folder and sends nothing again. An edit that also needed its pixel lock says so instead
 * (the raw output stays in the library; "Save raw" or an edit of it picks it up).
 */
export async function saveLeftOutputs(deps: OutputWriterDeps, jobId: number, out: OutputSettings, lockWanted: boolean): Promise<void> {
  const job = deps.jobs.get(jobId);
  if (!job) return;
  let route: OutputRoute | null = null;
  try {
    route = deps.routeOutput?.(job.id) ?? null;
  } catch {
    route = null;
  }
  if (!out.exportOptions.autoSave && !route) return;
  for (const view of job.outputs) {
    if (view.savedPath || view.saveError) continue;
    if (lockWanted && view.lockedHash === null) {
      deps.jobs.setOutputSaved(view.id, null, 'Loupe stopped before it could pixel-lock this image, so it was not saved; the raw output is in the library.');
      continue;
    }
    try {
      const options = route ? { ...out.exportOptions, embedMetadata: true, keepSourceMetadata: true } : out.exportOptions;
      deps.jobs.setOutputSaved(view.id, await deps.exporter.write(job, view, { options, ...(route ? { route } : {}) }), null);
    } catch (err) {
      deps.jobs.setOutputSaved(view.id, null, message(err));
    }
  }
}

/** The locked image with Loupe's manifest; unsigned (and logged) if signing fails. */
async function signLocked(
  deps: OutputWriterDeps,
  jobId: number,
  index: number,
  output: Buffer,
  outputMime: string,
  lockedBytes: Buffer,
  lockedMime: string,
  lock: LockSpec,
): Promise<Buffer> {
  try {
    const photo = lock.photo ? await lock.photo.read().catch(() => lock.source) : lock.source;
    const photoMime = mimeOfBytes(photo);
    return await deps.credentials!.sign({
      bytes: lockedBytes,
      mime: lockedMime,
      title: `Loupe job ${jobId} image ${index + 1} (pixel-locked)`,
      actions: [
        {
          action: 'c2pa.edited',
          description: `Pixel lock: the photo's own pixels kept outside the mask (grown ${lock.grow} px, feathered ${lock.feather} px); the model's output used only inside it.`,
        },
      ],
      ingredients: [
        { bytes: output, mime: outputMime, title: `API output, job ${jobId} image ${index + 1}`, relationship: 'parentOf' },
        ...(photoMime ? [{ bytes: photo, mime: photoMime, title: lock.photo?.name ?? 'Source photo', relationship: 'componentOf' as const }] : []),
      ],
      sourceType: 'compositeWithTrainedAlgorithmicMedia',
    });
  } catch (err) {
    deps.log(`content credentials for the pixel-locked job ${jobId} image ${index}: ${message(err)}`);
    return lockedBytes;
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
