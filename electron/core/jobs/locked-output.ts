/**
 * Pixel lock for one edited image (DESIGN.md, "pixel-locked inpainting"): the model's
 * output aligned to the first image as sent, the source pasted back outside the mask
 * through a grown, feathered edge, and the leakage measured. The locked image is
 * encoded in the job's output format, since it is what the user saves and sees.
 */
import sharp from 'sharp';
import type { GenerateParams, LeakageMetrics } from '../../shared';
import { pixelLock } from '../images/paste-back';
import { mimeOf, type ImageMime } from '../openai/build-request';

export interface LockSpec {
  /** The first image exactly as it was sent (the lock works at its size). */
  source: Buffer;
  /** The mask exactly as it was sent (alpha 0 = edit). */
  mask: Buffer;
  feather: number;
  grow: number;
}

export interface LockedImage {
  bytes: Buffer;
  mime: ImageMime;
  metrics: LeakageMetrics;
}

export async function lockOutput(output: Buffer, spec: LockSpec, params: Pick<GenerateParams, 'outputFormat' | 'outputCompression'>): Promise<LockedImage> {
  const r = await pixelLock(spec.source, output, spec.mask, { feather: spec.feather, grow: spec.grow });
  const metrics: LeakageMetrics = {
    changedShare: r.metrics.changedShare,
    meanDeltaE: r.metrics.meanDeltaE,
    ssimOutside: r.metrics.ssimOutside,
    outsidePixels: r.metrics.outsidePixels,
    threshold: r.metrics.threshold,
  };
  const mime = mimeOf(params.outputFormat);
  if (params.outputFormat === 'png') return { bytes: r.locked, mime, metrics };
  // The API's own default compression is 100 (reference §3.1): match what it would have sent.
  const quality = params.outputCompression ?? 100;
  const img = sharp(r.locked);
  const bytes =
    params.outputFormat === 'jpeg'
      ? await img.flatten({ background: '#ffffff' }).jpeg({ quality }).toBuffer()
      : await img.webp({ quality }).toBuffer();
  return { bytes, mime, metrics };
}
