/** Small, recognisable images for the end-to-end tests, drawn with sharp from SVG (no fonts needed). */
import sharp from 'sharp';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A studio portrait: warm backdrop, a face-like oval with eyes, a shirt. */
export async function writePortrait(dir: string, name = 'portrait.png', width = 1200, height = 900): Promise<string> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#c9a27e"/><stop offset="1" stop-color="#5b4636"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    <ellipse cx="${width * 0.5}" cy="${height * 0.95}" rx="${width * 0.32}" ry="${height * 0.3}" fill="#2f4f6f"/>
    <ellipse cx="${width * 0.5}" cy="${height * 0.42}" rx="${width * 0.14}" ry="${height * 0.24}" fill="#e0b08c"/>
    <circle cx="${width * 0.45}" cy="${height * 0.38}" r="${width * 0.012}" fill="#222"/>
    <circle cx="${width * 0.55}" cy="${height * 0.38}" r="${width * 0.012}" fill="#222"/>
    <rect x="${width * 0.46}" y="${height * 0.52}" width="${width * 0.08}" height="${height * 0.015}" fill="#9b4b3b"/>
  </svg>`;
  const path = join(dir, name);
  await writeFile(path, await sharp(Buffer.from(svg)).png().toBuffer());
  return path;
}

/** A logo on a transparent background. */
export async function writeLogo(dir: string, name = 'logo.png', size = 400): Promise<string> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}">
    <circle cx="${size / 2}" cy="${size / 2}" r="${size * 0.4}" fill="#1e6bd6"/>
    <rect x="${size * 0.3}" y="${size * 0.3}" width="${size * 0.4}" height="${size * 0.4}" fill="#ffffff" transform="rotate(45 ${size / 2} ${size / 2})"/>
  </svg>`;
  const path = join(dir, name);
  await writeFile(path, await sharp(Buffer.from(svg)).png().toBuffer());
  return path;
}

/** A black-and-white mask: black (edit) ellipse on white (keep). */
export async function writeBwMask(dir: string, name: string, width: number, height: number): Promise<string> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="#fff"/>
    <ellipse cx="${width * 0.5}" cy="${height * 0.42}" rx="${width * 0.2}" ry="${height * 0.3}" fill="#000"/>
  </svg>`;
  const path = join(dir, name);
  await writeFile(path, await sharp(Buffer.from(svg)).flatten({ background: '#fff' }).greyscale().png().toBuffer());
  return path;
}

export async function rawRgba(bytes: Buffer): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/**
 * The portrait as a camera would write it: a JPEG whose pixels are stored sideways with
 * EXIF Orientation 6, so it is upright (portrait, `width`x`height`) only once the
 * orientation is applied. What a markup is drawn over and must match (§3.2).
 */
export async function writeRotatedPhoto(dir: string, name = 'photo.jpg', width = 900, height = 1200): Promise<string> {
  const upright = await readFile(await writePortrait(dir, `${name}.upright.png`, width, height));
  const path = join(dir, name);
  // Stored turned a quarter anticlockwise; Orientation 6 tells viewers to turn it back.
  await writeFile(path, await sharp(upright).rotate(270).jpeg({ quality: 90 }).withMetadata({ orientation: 6 }).toBuffer());
  return path;
}
