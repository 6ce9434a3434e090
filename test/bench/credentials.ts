/**
 * Content Credentials budgets (issue 15), per format of a 1024x1024 output:
 *   reading and validating the API's manifest as an output arrives: under 20 ms;
 *   signing a pixel-locked output (its manifest naming the API output and the photo,
 *   both hashed in, the API's manifest carried over): under 50 ms.
 * The value is the median CPU time over several runs after a warm-up (the WebAssembly is
 * compiled once per process, before the first run): the work itself. Wall time is in the
 * note; on a shared, loaded 2-core machine it is mostly other processes' turns (the
 * reader and signer are single-threaded and never wait on I/O). The naive comparison is
 * what an output costs anyway: decoding it (read) and encoding the locked image (sign),
 * in CPU time too.
 */
import sharp from 'sharp';
import { coseSignerOf, createLocalSigner } from '../../electron/core/credentials/certificates';
import { readCredentials } from '../../electron/core/credentials/read';
import { signAsset } from '../../electron/core/credentials/sign';
import { withApiCredentials } from '../fake-openai/credentials';
import { generateRaw } from '../fake-openai/images';
import { timeIt } from './image-stages';
import { row, type BenchRow } from './report';

const FORMATS = ['png', 'jpeg', 'webp'] as const;
const MIME = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' } as const;

async function picture(seed: string, format: (typeof FORMATS)[number]): Promise<Buffer> {
  const raw = await generateRaw({ prompt: seed, model: 'gpt-image-2.6-sunburst', width: 1024, height: 1024, quality: 'high', index: 0, transparent: false });
  // Grain, as real renders have: a flat synthetic picture would compress (and hash) unrealistically small.
  const grain = await sharp({ create: { width: 1024, height: 1024, channels: 4, background: { r: 128, g: 128, b: 128, alpha: 1 }, noise: { type: 'gaussian', mean: 0, sigma: 12 } } })
    .raw()
    .toBuffer();
  const img = sharp(raw, { raw: { width: 1024, height: 1024, channels: 4 } }).composite([{ input: grain, raw: { width: 1024, height: 1024, channels: 4 }, blend: 'overlay' }]);
  return (format === 'png' ? img.png() : format === 'jpeg' ? img.jpeg({ quality: 100 }) : img.webp({ quality: 100 })).toBuffer();
}

export async function benchCredentials(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const loupe = coseSignerOf(await createLocalSigner('Loupe on this computer'));
  for (const format of FORMATS) {
    const mime = MIME[format];
    const output = await withApiCredentials(await picture('a harbour at dawn', format), format);
    const photo = await picture('the photo', format);
    const lockedBytes = await picture('the locked image', format);
    const kb = Math.round(output.length / 1024);

    const check = await readCredentials(output, mime);
    if (check.summary.state !== 'valid') throw new Error(`the API-signed ${format} did not validate: ${check.summary.problems.join('; ')}`);
    const read = await timeIt(() => readCredentials(output, mime), 15);
    const decode = await timeIt(() => sharp(output).raw().toBuffer(), 5);
    rows.push(
      row(`credentials: read and validate a 1024x1024 ${format.toUpperCase()} output (CPU)`, read.cpu, 'ms', 20, {
        note: `c2pa-rs (WebAssembly) reads the store, checks the signature, hashes the file (${kb} KB); wall ${read.wall.toFixed(1)} ms`,
        naive: { value: decode.cpu, way: 'decoding the same output to pixels (sharp), which every output gets for its thumbnail' },
      }),
    );

    const sign = () =>
      signAsset({
        bytes: lockedBytes,
        mime,
        title: 'locked',
        app: 'Loupe 0.1.0',
        actions: [{ action: 'c2pa.edited', description: 'Pixel lock' }],
        ingredients: [
          { bytes: output, mime, title: 'API output', relationship: 'parentOf' },
          { bytes: photo, mime, title: 'photo', relationship: 'componentOf' },
        ],
        sourceType: 'compositeWithTrainedAlgorithmicMedia',
        signer: loupe,
      });
    const signed = await sign();
    if ((await readCredentials(signed, mime)).summary.state !== 'valid') throw new Error(`the Loupe-signed ${format} did not validate`);
    const signing = await timeIt(sign, 10);
    const raw = await sharp(lockedBytes).raw().toBuffer({ resolveWithObject: true });
    const again = sharp(raw.data, { raw: { width: raw.info.width, height: raw.info.height, channels: raw.info.channels } });
    const encode = await timeIt(() => (format === 'png' ? again.clone().png({ compressionLevel: 1, adaptiveFiltering: false }) : format === 'jpeg' ? again.clone().jpeg({ quality: 100 }) : again.clone().webp({ quality: 100 })).toBuffer(), 5);
    rows.push(
      row(`credentials: sign a pixel-locked 1024x1024 ${format.toUpperCase()} (CPU)`, signing.cpu, 'ms', 50, {
        note: `manifest with the API output (parentOf, its manifest carried) and the photo (componentOf), ECDSA P-256; wall ${signing.wall.toFixed(1)} ms`,
        naive: { value: encode.cpu, way: 'encoding the locked image itself, as the lock does' },
      }),
    );
  }
  return rows;
}
