/**
 * Feeds a backup's tar stream to node-tar (a lister or an extractor) while counting what
 * it costs, so a hostile archive is refused while it is being read, not after.
 *
 * A gzip bomb is small on disk and enormous once inflated: a few megabytes can declare and
 * hold terabytes of zeros. node-tar's own reading inflates the whole file even after the
 * caller has decided to refuse it, so here the file is inflated by us, chunk by chunk, and
 * reading stops at the first chunk that passes a limit (total inflated bytes, inflated to
 * compressed ratio) or at the first refusal the caller reports (an entry too large, too
 * many entries).
 */
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { Parser } from 'tar';

/** A reason to refuse the archive, in words for the person restoring it. */
export class ArchiveRefused extends Error {}

export interface StreamLimits {
  /** Inflated tar bytes, headers included. */
  maxTotalBytes: number;
  /** Inflated bytes per compressed byte, checked once more than ratioFloorBytes have been inflated. */
  maxRatio: number;
  ratioFloorBytes: number;
}

/**
 * Streams `file` through gunzip into `sink` (from tar's list() or extract() without a file)
 * and resolves with the inflated byte count once the sink has closed: for an extractor,
 * once every file is on disk. `stop` is asked after every chunk; a reason it returns
 * ends the reading with ArchiveRefused.
 */
export async function feedArchive(file: string, sink: Parser, limits: StreamLimits, stop: () => string | null = () => null): Promise<number> {
  let compressed = 0;
  let inflated = 0;
  let sinkError: unknown = null;
  const closed = new Promise<void>((resolve, reject) => {
    sink.on('error', (err: unknown) => {
      sinkError ??= err;
      reject(err);
    });
    sink.on('close', () => resolve());
  });
  // Rejections are taken up below; this only keeps an early one from going unhandled.
  closed.catch(() => undefined);

  const countCompressed = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      compressed += chunk.length;
      cb(null, chunk);
    },
  });
  // The first reason to stop; pipeline() itself reports only that it was aborted.
  let refusal: unknown = null;
  const check = (): void => {
    const why = stop();
    if (sinkError) refusal ??= sinkError;
    else if (why) refusal ??= new ArchiveRefused(why);
    else if (inflated > limits.maxTotalBytes) refusal ??= new ArchiveRefused('it would unpack to more than Loupe allows');
    else if (inflated > limits.ratioFloorBytes && inflated > limits.maxRatio * compressed) {
      refusal ??= new ArchiveRefused(`it inflates far more than a library does (over ${limits.maxRatio} to 1), as a decompression bomb would`);
    }
    if (refusal) throw refusal;
  };

  try {
    await pipeline(createReadStream(file), countCompressed, createGunzip(), async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) {
        inflated += chunk.length;
        check();
        if (!sink.write(chunk)) await Promise.race([new Promise((r) => sink.once('drain', r)), closed]);
        check();
      }
    });
  } catch (err) {
    throw refusal ?? err;
  }
  sink.end();
  await closed;
  check();
  return inflated;
}
