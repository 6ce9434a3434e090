/** An animated GIF made with sharp: one flat colour per frame, with the given delays. */
import sharp from 'sharp';

export const FRAME_COLOURS = ['#ff0000', '#00ff00', '#0000ff'] as const;

export async function animatedGif(o: { width?: number; height?: number; delays?: number[]; loop?: number } = {}): Promise<Buffer> {
  const width = o.width ?? 40;
  const height = o.height ?? 30;
  const delays = o.delays ?? [100, 200, 300];
  const frames = await Promise.all(
    delays.map((_, i) => sharp({ create: { width, height, channels: 3, background: FRAME_COLOURS[i % FRAME_COLOURS.length]! } }).png().toBuffer()),
  );
  return sharp(frames, { join: { animated: true } }).gif({ delay: delays, loop: o.loop ?? 0 }).toBuffer();
}
