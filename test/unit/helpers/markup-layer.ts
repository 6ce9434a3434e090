/** A painter's markup layer: transparent, with opaque strokes (filled rectangles) where a change is wanted. */
import sharp from 'sharp';

export interface Stroke {
  x: number;
  y: number;
  w: number;
  h: number;
}

export async function markupLayer(width: number, height: number, strokes: Stroke[], format: 'png' | 'webp' = 'png'): Promise<Buffer> {
  const rgba = Buffer.alloc(width * height * 4);
  for (const s of strokes) {
    for (let y = s.y; y < Math.min(height, s.y + s.h); y++) {
      for (let x = s.x; x < Math.min(width, s.x + s.w); x++) rgba.set([255, 0, 200, 255], (y * width + x) * 4);
    }
  }
  const img = sharp(rgba, { raw: { width, height, channels: 4 } });
  return format === 'png' ? img.png().toBuffer() : img.webp({ lossless: true }).toBuffer();
}
