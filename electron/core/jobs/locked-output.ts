/**
 * Pixel lock for one edited image (DESIGN.md, "pixel-locked inpainting"): the model's
 * output aligned to the first image as sent, the source pasted back outside the mask
 * through a grown, feathered edge, and the leakage measured. With the lock at the
 * photo's full resolution (the default), the alignment and metrics still come from the
 * sent size (they describe what the model did), and the locked image is the original
 * photo with the model's output, scaled up, only inside the feathered mask. The locked
 * image is encoded in the job's output format, since it is what the user saves and sees.
 */
import sharp, { type Sharp } from 'sharp';
import type { GenerateParams, LeakageMetrics } from '../../shared';
import { lockAtOriginal } from '../images/full-res-lock';
import { lockAtSentSize, type LockFindings } from '../images/paste-back';
import { mimeOf, type ImageMime } from '../openai/build-request';

export interface LockSpec {
  /** The first image exactly as it was sent (the lock works at its size). */
  source: Buffer;
  /** The mask exactly as it was sent (alpha 0 = edit). */
  mask: Buffer;
  feather: number;
  grow: number;
  /** The first image's size as sent. */
  sentSize: { width: number; height: number };
  /**
   * The first image's stored original, when the locked image is to be made at its full
   * resolution (and it is larger than what was sent); null locks at the sent size.
   */
  original: { read: () => Promise<Buffer>; name: string } | null;
  /** The first image as the person imported it, named as its ingredient in the locked image's content credentials. */
  photo?: { read: () => Promise<Buffer>; name: string };
}

export interface LockedImage {
  bytes: Buffer;
  mime: ImageMime;
  metrics: LeakageMetrics;
}

type OutputFormat = Pick<GenerateParams, 'outputFormat' | 'outputCompression'>;

/** Fast zlib, no row filters, as the sent-size lock: a 24 MP PNG in about half a second. */
const PNG_FAST = { compressionLevel: 1, adaptiveFiltering: false } as const;

export async function lockOutput(output: Buffer, spec: LockSpec, params: OutputFormat, log: (message: string) => void = () => undefined): Promise<LockedImage> {
  const opts = { feather: spec.feather, grow: spec.grow };
  // Edit jobs lock only still formats (edit-job.ts); GIF and SVG outputs are kept as they came.
  const mime = mimeOf(params.outputFormat) as ImageMime;
  if (spec.original) {
    let original: Buffer | null = null;
    try {
      original = await spec.original.read();
    } catch (err) {
      // Gone from the library since the edit was sent: a lock at the sent size is still a lock.
      log(`the original of "${spec.original.name}" could not be read (${err instanceof Error ? err.message : String(err)}); locked at the size sent`);
    }
    if (original) {
      const findings = lockAtSentSize(spec.source, output, spec.mask, opts, 'none');
      const full = await lockAtOriginal({
        original,
        name: spec.original.name,
        output,
        mask: spec.mask,
        sent: spec.sentSize,
        grow: spec.grow,
        feather: spec.feather,
        alignment: findings.then((f) => f.alignment),
      });
      const img = sharp(full.data, { raw: { width: full.width, height: full.height, channels: full.channels } });
      return { bytes: await encode(img, params), mime, metrics: metricsOf(await findings) };
    }
  }
  // PNG is what the lock writes anyway; JPEG and WebP are encoded once from its pixels,
  // not from a PNG made only to be decoded again (about 45 ms of CPU at 1536x1024).
  const form = params.outputFormat === 'png' ? 'png' : 'raw';
  const r = await lockAtSentSize(spec.source, output, spec.mask, opts, form);
  const bytes = form === 'png' ? r.locked! : await encode(sharp(r.locked!, { raw: { width: r.width, height: r.height, channels: r.channels } }), params);
  return { bytes, mime, metrics: metricsOf(r) };
}

/** The job's output format. The API's own default compression is 100 (reference §3.1): match what it would have sent. */
function encode(img: Sharp, params: OutputFormat): Promise<Buffer> {
  const quality = params.outputCompression ?? 100;
  if (params.outputFormat === 'png') return img.png(PNG_FAST).toBuffer();
  if (params.outputFormat === 'jpeg') return img.flatten({ background: '#ffffff' }).jpeg({ quality }).toBuffer();
  return img.webp({ quality }).toBuffer();
}

function metricsOf(r: LockFindings): LeakageMetrics {
  const m = r.metrics;
  return { changedShare: m.changedShare, meanDeltaE: m.meanDeltaE, ssimOutside: m.ssimOutside, outsidePixels: m.outsidePixels, threshold: m.threshold };
}
