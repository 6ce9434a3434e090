import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_COMPOSE_SIDE, composeImages, layoutImages } from '../../electron/core/images/compose';
import { pixels } from '../fixtures/edits';
import { ensureFixtures, fixturePath } from '../fixtures/generate';
import { rejection } from './helpers/rejection';

beforeAll(() => ensureFixtures(), 120_000);

const solid = (width: number, height: number, hex: string) =>
  sharp({ create: { width, height, channels: 3, background: hex } }).png().toBuffer();

const failure = async (p: Promise<unknown>, code: string): Promise<string> => (await rejection(p, code)).message;

const centre = (p: { x: number; y: number; width: number; height: number }) => [p.x + Math.floor(p.width / 2), p.y + Math.floor(p.height / 2)] as const;

describe('composeImages', () => {
  it('puts photos side by side at one height, in order, with gaps of background', async () => {
    const imgs = await Promise.all([solid(300, 200, '#ff0000'), solid(400, 400, '#00ff00'), solid(100, 400, '#0000ff')]);
    const r = await composeImages(imgs, { layout: 'row', background: '#202020', gap: 10 });
    // Default height: the smallest input height.
    expect(r.placements).toEqual([
      { x: 0, y: 0, width: 300, height: 200 },
      { x: 310, y: 0, width: 200, height: 200 },
      { x: 520, y: 0, width: 50, height: 200 },
    ]);
    expect([r.width, r.height]).toEqual([570, 200]);
    const p = await pixels(r.png);
    expect([p.width, p.height]).toEqual([570, 200]);
    expect(p.at(...centre(r.placements[0]!))).toEqual([255, 0, 0]);
    expect(p.at(...centre(r.placements[1]!))).toEqual([0, 255, 0]);
    expect(p.at(...centre(r.placements[2]!))).toEqual([0, 0, 255]);
    expect(p.at(305, 100)).toEqual([32, 32, 32]);
  });

  it('scales to a chosen height', async () => {
    const imgs = await Promise.all([solid(300, 200, '#ff0000'), solid(200, 200, '#00ff00')]);
    const r = await composeImages(imgs, { layout: 'row', background: '#000000', height: 400, gap: 0 });
    expect(r.placements).toEqual([
      { x: 0, y: 0, width: 600, height: 400 },
      { x: 600, y: 0, width: 400, height: 400 },
    ]);
    expect((await sharp(r.png).metadata()).width).toBe(1000);
  });

  it('lays out a 2x2 grid with photos centred in equal cells', async () => {
    const imgs = await Promise.all([solid(300, 200, '#ff0000'), solid(200, 200, '#00ff00'), solid(100, 200, '#0000ff'), solid(300, 200, '#ffff00')]);
    const r = await composeImages(imgs, { layout: 'grid', background: '#ffffff', gap: 20 });
    expect([r.width, r.height]).toEqual([620, 420]);
    expect(r.placements).toEqual([
      { x: 0, y: 0, width: 300, height: 200 },
      { x: 370, y: 0, width: 200, height: 200 },
      { x: 100, y: 220, width: 100, height: 200 },
      { x: 320, y: 220, width: 300, height: 200 },
    ]);
    const p = await pixels(r.png);
    expect(p.at(...centre(r.placements[3]!))).toEqual([255, 255, 0]);
    expect(p.at(50, 300)).toEqual([255, 255, 255]); // beside the narrow photo: background
  });

  it('leaves the fourth cell of a three-photo grid as background', async () => {
    const imgs = await Promise.all([solid(200, 200, '#ff0000'), solid(200, 200, '#00ff00'), solid(200, 200, '#0000ff')]);
    const r = await composeImages(imgs, { layout: 'grid', background: '#123456' });
    expect([r.width, r.height]).toEqual([416, 416]);
    expect((await pixels(r.png)).at(316, 316)).toEqual([0x12, 0x34, 0x56]);
  });

  it('applies EXIF orientation and puts transparency on the background', async () => {
    const rotated = readFileSync(fixturePath('orientation-6.jpg'));
    const holes = readFileSync(fixturePath('palette-alpha.png'));
    const r = await composeImages([rotated, holes], { layout: 'row', background: '#0000ff', height: 200, gap: 0 });
    expect(r.placements[0]).toEqual({ x: 0, y: 0, width: 300, height: 200 });
    const p = await pixels(r.png);
    expect(p.at(20, 20)[0]).toBeGreaterThan(180); // the red corner is top-left once rotated
    expect(p.at(300 + 240, 20)).toEqual([0, 0, 255]); // transparent corner of the PNG
  });

  it('refuses bad arguments and unreadable photos', async () => {
    const one = await solid(10, 10, '#000000');
    expect(await failure(composeImages([one], { layout: 'row', background: '#000000' }), 'INVALID_ARGUMENTS')).toBe('Compose takes 2 to 4 photos, not 1.');
    expect(await failure(composeImages([one, one, one, one, one], { layout: 'grid', background: '#000000' }), 'INVALID_ARGUMENTS')).toMatch(/not 5/);
    expect(await failure(composeImages([one, one], { layout: 'row', background: 'red' }), 'INVALID_ARGUMENTS')).toMatch(/#ffffff/);
    expect(await failure(composeImages([one, one], { layout: 'row', background: '#000000', gap: -1 }), 'INVALID_ARGUMENTS')).toMatch(/gap/);
    expect(await failure(composeImages([one, one], { layout: 'row', background: '#000000', height: 99999 }), 'INVALID_ARGUMENTS')).toMatch(/height/);
    expect(await failure(composeImages([one, Buffer.from('nope')], { layout: 'row', background: '#000000' }), 'INVALID_IMAGE')).toMatch(/^"Photo 2" is not an image/);
  });
});

describe('layoutImages', () => {
  it('computes row and grid geometry from aspect ratios', () => {
    expect(layoutImages([1.5, 1], 'row', 100, 0)).toEqual({
      width: 250,
      height: 100,
      placements: [
        { x: 0, y: 0, width: 150, height: 100 },
        { x: 150, y: 0, width: 100, height: 100 },
      ],
    });
    expect(layoutImages([1, 1], 'grid', 100, 4)).toMatchObject({ width: 204, height: 100 });
  });

  it('keeps very wide compositions within the side limit', async () => {
    const wide = await solid(4000, 1000, '#808080');
    const r = await composeImages([wide, wide, wide], { layout: 'row', background: '#000000' });
    expect(r.width).toBeLessThanOrEqual(MAX_COMPOSE_SIDE);
    expect(r.placements.every((p) => p.height === r.height)).toBe(true);
  });
});
