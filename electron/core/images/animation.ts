import sharp, { type Metadata } from 'sharp';
import { LoupeError } from '../../shared';

/*
 * What an animated output is made of, from the header alone (no frame is decoded): the
 * API's GIF output (reference §3.4) has 2–16 frames with a delay each. sharp reports the
 * frame size as width/height when it is not asked to load every page.
 */

export interface AnimationInfo {
  format: string;
  /** One frame's size. */
  width: number;
  height: number;
  /** 1 for a still image. */
  frames: number;
  /** Per frame, in milliseconds; empty when the file gives none (a still image). */
  delaysMs: number[];
  /** Sum of the delays. */
  durationMs: number;
  /** How many times it plays; 0 = forever. */
  loop: number;
}

export async function describeAnimation(bytes: Buffer): Promise<AnimationInfo> {
  let m: Metadata;
  try {
    m = await sharp(bytes).metadata();
  } catch {
    throw new LoupeError('INVALID_IMAGE', 'The animation could not be read: it is damaged or not an image.');
  }
  if (!m.width || !m.height) throw new LoupeError('INVALID_IMAGE', 'The animation has no frame size.');
  const frames = m.pages ?? 1;
  const delaysMs = (m.delay ?? []).slice(0, frames);
  return {
    format: m.format,
    width: m.width,
    height: m.height,
    frames,
    delaysMs,
    durationMs: delaysMs.reduce((a, b) => a + b, 0),
    loop: m.loop ?? 0,
  };
}
