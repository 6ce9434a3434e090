/**
 * Region survival: a kit logo found in an output (where it sits, at what size) and how
 * well it survived there; a rectangle of the source compared in place.
 */
import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { findLogo } from '../../electron/core/compare/logo-search';
import { sourceRgb } from '../fixtures/edits';
import { logoPng } from './edit-helpers';

const W = 1536;
const H = 1024;

/** The source photo with the logo laid at (left, top), `width` wide, as RGB. */
async function withLogo(logo: Buffer, left: number, top: number, width: number, degrade?: (s: Sharp) => Sharp): Promise<Buffer> {
  const src = sourceRgb(W, H);
  const resized = await sharp(logo).resize({ width }).png().toBuffer();
  let s = sharp(await sharp(src.data, { raw: { width: W, height: H, channels: 3 } }).composite([{ input: resized, left, top }]).png().toBuffer());
  if (degrade) s = degrade(s);
  return s.removeAlpha().raw().toBuffer();
}

describe('findLogo', () => {
  it('finds the logo where it was placed, at its size, and measures it as kept', async () => {
    const logo = await logoPng(600, 300);
    const rgb = await withLogo(logo, 900, 600, 360);
    const found = await findLogo(logo, rgb, W, H);
    expect(found).not.toBeNull();
    // Within a few percent of the logo's width, in position and size.
    // Its drawn part (the file has a transparent margin of 10% left and right, 20% top and bottom).
    expect(Math.abs(found!.rect.x - (900 + 36))).toBeLessThanOrEqual(16);
    expect(Math.abs(found!.rect.y - (600 + 36))).toBeLessThanOrEqual(16);
    expect(found!.rect.width / 288).toBeGreaterThan(0.9);
    expect(found!.rect.width / 288).toBeLessThan(1.1);
    expect(found!.ssim).toBeGreaterThan(0.6);
  }, 60_000);

  it('a blurred copy is still found but measures lower', async () => {
    const logo = await logoPng(600, 300);
    const clean = await findLogo(logo, await withLogo(logo, 300, 200, 420), W, H);
    const soft = await findLogo(logo, await withLogo(logo, 300, 200, 420, (s) => s.blur(6)), W, H);
    expect(soft).not.toBeNull();
    expect(Math.abs(soft!.rect.x - (300 + 42))).toBeLessThanOrEqual(30);
    expect(soft!.ssim).toBeLessThan(clean!.ssim - 0.05);
  }, 60_000);

  it('finds nothing in a picture without it', async () => {
    const logo = await logoPng(600, 300);
    const plain = Buffer.alloc(W * H * 3, 128);
    expect(await findLogo(logo, plain, W, H)).toBeNull();
  }, 60_000);
});
