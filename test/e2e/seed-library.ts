/**
 * A job as an older Loupe left it in the library, written through the real repositories
 * while the host is stopped: its settings name a model that has since been shut down.
 */
import { join } from 'node:path';
import sharp from 'sharp';
import { openDatabase } from '../../electron/core/db/connection';
import { JobsRepo } from '../../electron/core/db/jobs-repo';
import { ContentStore } from '../../electron/core/store/content-store';
import type { JobParams } from '../../electron/shared';

export interface OldJob {
  model: string;
  prompt: string;
  /** When it ran, so the library shows it as old. */
  at: number;
  params?: Partial<JobParams>;
}

export async function seedOldJob(dataDir: string, job: OldJob): Promise<number> {
  const png = await sharp({ create: { width: 1024, height: 1024, channels: 3, background: '#35608f' } })
    .png()
    .toBuffer();
  const asset = await new ContentStore(join(dataDir, 'store')).put(png, 'image/png');
  const db = openDatabase(join(dataDir, 'loupe.sqlite'));
  try {
    const jobs = new JobsRepo(db, { now: () => job.at });
    const params: JobParams = {
      model: job.model,
      prompt: job.prompt,
      n: 1,
      size: '1536x1024',
      quality: 'high',
      outputFormat: 'png',
      background: 'auto',
      moderation: 'auto',
      stream: false,
      partialImages: 0,
      ...job.params,
    };
    const id = jobs.create({ kind: 'generate', model: job.model, prompt: job.prompt, params, estimate: null, createdAt: job.at });
    jobs.markRunning(id, job.at + 1000);
    jobs.addOutput(id, { index: 0, assetHash: asset.hash, width: 1024, height: 1024, mime: 'image/png', bytes: png.length });
    jobs.finish(id, { status: 'succeeded', usage: null, costUsd: 0.167, error: null, finishedAt: job.at + 40_000 });
    return id;
  } finally {
    db.close();
  }
}
