/**
 * What happens to each image the moment it arrives, in the order DESIGN.md (Data)
 * requires: bytes into the store (flushed) → output row → thumbnail → copy in the
 * output folder. Only the first two can fail the image; a thumbnail can be made again
 * later, and a failed save is recorded on the output while the image stays safe in the
 * library.
 */
import type { JobView } from '../../shared';
import type { JobsRepo } from '../db/jobs-repo';
import { renderName } from '../export/naming';
import { saveOutput, type SaveExt } from '../export/save-output';
import type { ContentStore } from '../store/content-store';
import type { OutputSettings } from '../settings/settings-service';
import { mimeOf } from '../openai/build-request';

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
): Promise<number> {
  const asset = await deps.store.put(bytes, mimeOf(job.params.outputFormat));
  const outputId = deps.jobs.addOutput(job.id, {
    index,
    assetHash: asset.hash,
    width: asset.width,
    height: asset.height,
    mime: asset.mime,
    bytes: asset.bytes,
  });

  try {
    await deps.store.ensureThumb(asset.hash);
  } catch (err) {
    // The asset protocol makes thumbnails on demand too; a failure here costs nothing.
    deps.log(`thumbnail for job ${job.id} image ${index} failed: ${message(err)}`);
  }

  try {
    const name = renderName(out.namingTemplate, {
      date: new Date(deps.now()),
      prompt: job.prompt,
      model: job.model,
      quality: job.params.quality,
      size: `${asset.width}x${asset.height}`,
      jobId: job.id,
      index: index + 1, // people count from 1
    });
    const ext = EXT_BY_MIME[asset.mime] ?? EXT_BY_MIME[mimeOf(job.params.outputFormat)]!;
    const savedPath = await saveOutput(out.outputDir, name, ext, bytes);
    deps.jobs.setOutputSaved(outputId, savedPath, null);
  } catch (err) {
    deps.jobs.setOutputSaved(outputId, null, message(err));
  }
  return outputId;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
