/**
 * What happens to each image the moment it arrives, in the order DESIGN.md (Data)
 * requires: bytes into the store (flushed) → output row → thumbnail → copy in the
 * output folder. Only the first two can fail the image; a thumbnail can be made again
 * later, and a failed save is recorded on the output while the image stays safe in the
 * library.
 *
 * A pixel-locked edit stores both images before the row (raw: what the API sent; locked:
 * the source pasted back outside the mask), records them in one transaction, and saves
 * the locked one: that is the result the user asked for.
 */
import type { JobView, LeakageMetrics } from '../../shared';
import type { JobsRepo } from '../db/jobs-repo';
import { renderName } from '../export/naming';
import { saveOutput, type SaveExt } from '../export/save-output';
import type { ContentStore, StoredAsset } from '../store/content-store';
import type { OutputSettings } from '../settings/settings-service';
import { mimeOf } from '../openai/build-request';
import { lockOutput, type LockSpec } from './locked-output';

export interface OutputWriterDeps {
  jobs: JobsRepo;
  store: ContentStore;
  now: () => number;
  log: (message: string) => void;
}

const EXT_BY_MIME: Record<string, SaveExt> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };

export async function writeOutput(
  deps: OutputWriterDeps,
  job: Pick<JobView, 'id' | 'model' | 'prompt' | 'params'>,
  index: number,
  bytes: Buffer,
  out: OutputSettings,
  lock?: LockSpec | null,
): Promise<number> {
  const asset = await deps.store.put(bytes, mimeOf(job.params.outputFormat));
  let locked: { asset: StoredAsset; bytes: Buffer; metrics: LeakageMetrics } | null = null;
  let lockError: string | null = null;
  if (lock) {
    try {
      const l = await lockOutput(bytes, lock, job.params);
      locked = { asset: await deps.store.put(l.bytes, l.mime), bytes: l.bytes, metrics: l.metrics };
    } catch (err) {
      // The raw image is safe and paid for: keep it, and say plainly that it is not locked.
      deps.log(`pixel lock for job ${job.id} image ${index} failed: ${message(err)}`);
      lockError = `Loupe could not pixel-lock this image (${message(err)}), so it was not saved; the raw output is in the library.`;
    }
  }
  const row = (a: StoredAsset) => ({ assetHash: a.hash, width: a.width, height: a.height, mime: a.mime, bytes: a.bytes });
  const outputId = deps.jobs.addOutput(job.id, {
    index,
    ...row(asset),
    ...(locked ? { locked: row(locked.asset), metrics: locked.metrics } : {}),
  });
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

  const saved = locked ? locked.asset : asset;
  try {
    const name = renderName(out.namingTemplate, {
      date: new Date(deps.now()),
      prompt: job.prompt,
      model: job.model,
      quality: job.params.quality,
      size: `${saved.width}x${saved.height}`,
      jobId: job.id,
      index: index + 1, // people count from 1
    });
    const ext = EXT_BY_MIME[saved.mime] ?? EXT_BY_MIME[mimeOf(job.params.outputFormat)]!;
    const savedPath = await saveOutput(out.outputDir, name, ext, locked ? locked.bytes : bytes);
    deps.jobs.setOutputSaved(outputId, savedPath, null);
  } catch (err) {
    deps.jobs.setOutputSaved(outputId, null, message(err));
  }
  return outputId;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
