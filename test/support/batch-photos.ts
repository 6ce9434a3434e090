/**
 * A photographer's folder for batch tests: camera-like JPEGs (real pixel detail, EXIF with
 * the camera's make and model, IPTC by-line) in nested subfolders, plus a file that is not
 * a photo. Shared by the core tests and the end-to-end test.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { sourceRgb } from '../fixtures/edits';
import { jpegWithSegments, tiffBlock } from '../unit/export-metadata-helpers';

export const SHOOT = ['arrival.jpg', 'ceremony/rings.jpg', 'ceremony/vows.jpg', 'party/dance.jpg', 'party/late/cake.jpg'] as const;

export async function cameraPhoto(width: number, height: number, seed: number): Promise<Buffer> {
  const src = sourceRgb(width, height);
  // A different tint per photo so every request carries different pixels.
  for (let i = 0; i < src.data.length; i += 3) src.data[i] = (src.data[i]! + seed * 37) & 0xff;
  const jpeg = await sharp(src.data, { raw: { width, height, channels: 3 } }).jpeg({ quality: 88 }).toBuffer();
  return jpegWithSegments(jpeg, {
    exif: tiffBlock({ make: 'Canon', model: 'EOS R5', orientation: 1, dateTimeOriginal: '2024:05:06 07:08:09', pixelX: width, pixelY: height }),
    iptc: { byline: 'Ada Lovelace', headline: `Wedding ${seed}` },
  });
}

/** Writes SHOOT (or `files`) under `dir` and a notes.txt beside them; returns the relative paths of the photos. */
export async function writeShoot(dir: string, files: readonly string[] = SHOOT, size = { width: 960, height: 720 }): Promise<string[]> {
  let seed = 1;
  for (const rel of files) {
    const path = join(dir, ...rel.split('/'));
    await mkdir(dirname(path), { recursive: true });
    // Portrait and landscape alike: a mask template is stretched to each.
    const portrait = seed % 3 === 0;
    await writeFile(path, await cameraPhoto(portrait ? size.height : size.width, portrait ? size.width : size.height, seed++));
  }
  await writeFile(join(dir, 'notes.txt'), 'shot list');
  return [...files];
}
