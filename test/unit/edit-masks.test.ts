import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MaskViewSchema, type AssetView, type MaskView } from '../../electron/shared';
import { ellipseAlpha, maskPng } from '../fixtures/edits';
import { ensureFixtures } from '../fixtures/generate';
import { makeHarness, type Harness } from './core-harness';
import { b64, editParams, ellipseMask, importBytes, importFixture, importMaskBytes, PHOTO, photoJpeg, refusal } from './edit-helpers';

let h: Harness;
let photo: AssetView;
beforeAll(async () => {
  await ensureFixtures();
  h = await makeHarness();
  photo = await importBytes(h, 'portrait.jpg', await photoJpeg());
});
afterAll(() => h.dispose());

/** The stored mask's alpha plane, at its stored size. */
async function storedAlpha(m: MaskView): Promise<{ alpha: Buffer; width: number; height: number }> {
  const path = (await h.core.resolveAsset(m.hash, 'full'))!.path;
  const { data, info } = await sharp(path).extractChannel(3).raw().toBuffer({ resolveWithObject: true });
  return { alpha: data, width: info.width, height: info.height };
}

const share = (a: Uint8Array) => a.reduce((n, v) => n + (v < 128 ? 1 : 0), 0) / a.length;

/** A black ellipse on white: how masks painted in other apps look. */
async function blackAndWhite(width: number, height: number): Promise<Buffer> {
  return sharp(Buffer.from(ellipseAlpha(width, height)), { raw: { width, height, channels: 1 } }).jpeg({ quality: 95 }).toBuffer();
}

describe('masks:import', () => {
  it('uses an alpha PNG as it is, at the first image size, and stores it as a mask', async () => {
    const alpha = ellipseAlpha(PHOTO.width, PHOTO.height);
    const m = MaskViewSchema.parse(await importMaskBytes(h, 'painted.png', await maskPng(alpha, PHOTO.width, PHOTO.height), photo.hash));
    expect(m).toMatchObject({ name: 'painted.png', width: 1600, height: 1200 });
    expect(m.editedShare).toBeCloseTo(share(alpha), 6);
    const s = await storedAlpha(m);
    expect([s.width, s.height]).toEqual([1600, 1200]);
    expect(Buffer.compare(s.alpha, Buffer.from(alpha))).toBe(0);
    expect((await h.core.resolveAsset(m.hash, 'full'))?.mime).toBe('image/png');
  });

  it("resizes the painter's smaller painting to the first image", async () => {
    // The painter works on the 2048px preview (here 800x600) and sends that.
    const m = await importMaskBytes(h, 'painted-preview.png', await ellipseMask(800, 600), photo.hash);
    expect([m.width, m.height]).toEqual([1600, 1200]);
    const s = await storedAlpha(m);
    expect([s.width, s.height]).toEqual([1600, 1200]);
    expect(share(s.alpha)).toBeCloseTo(share(ellipseAlpha(1600, 1200)), 2);
  });

  it('converts black and white (black = edit), and invert flips it', async () => {
    const bw = await blackAndWhite(1600, 1200);
    const m = await importMaskBytes(h, 'bw.jpg', bw, photo.hash);
    const expected = share(ellipseAlpha(1600, 1200));
    expect(m.editedShare).toBeCloseTo(expected, 2);
    const s = await storedAlpha(m);
    expect(s.alpha[600 * 1600 + 800]).toBeLessThan(10); // centre of the ellipse: edit
    expect(s.alpha[10]).toBeGreaterThan(245); // corner: keep
    const inv = await importMaskBytes(h, 'bw.jpg', bw, photo.hash, true);
    expect(inv.editedShare).toBeCloseTo(1 - expected, 2);
    expect(inv.hash).not.toBe(m.hash);
  });

  it('measures against the displayed size of a rotated photo', async () => {
    const rotated = await importFixture(h, 'orientation-6.jpg'); // stored 200x300, shown 300x200
    const m = await importMaskBytes(h, 'for-rotated.png', await ellipseMask(300, 200), rotated.hash);
    expect([m.width, m.height]).toEqual([300, 200]);
    const message = await refusal(
      h,
      'masks:import',
      { name: 'tall.png', dataBase64: b64(await ellipseMask(200, 300)), firstHash: rotated.hash, invert: false },
      'INVALID_IMAGE',
    );
    expect(message).toBe('The mask is 200x300 but the first image is 300x200: their shapes differ, so it cannot be aligned. Use a mask with the same proportions.');
  });

  it.each([
    ['a mask of another shape', () => ellipseMask(800, 800), 'The mask is 800x800 but the first image is 1600x1200: their shapes differ, so it cannot be aligned. Use a mask with the same proportions.'],
    ['an empty mask', () => maskPng(new Uint8Array(800 * 600).fill(255), 800, 600), 'The mask covers nothing: paint the area to change.'],
    [
      'a full mask',
      () => maskPng(new Uint8Array(800 * 600).fill(0), 800, 600),
      'The mask covers the whole image: there is nothing left to keep, so use no mask for a full edit.',
    ],
  ])('refuses %s', async (_what, make, message) => {
    expect(await refusal(h, 'masks:import', { name: 'm.png', dataBase64: b64(await make()), firstHash: photo.hash, invert: false }, 'INVALID_IMAGE')).toBe(message);
  });

  it('refuses a mask file that is not an image, naming it', async () => {
    const args = { name: 'notes.txt', dataBase64: b64(Buffer.from('not a mask at all')), firstHash: photo.hash, invert: false };
    expect(await refusal(h, 'masks:import', args, 'INVALID_IMAGE')).toBe('"notes.txt" is not an image Loupe can read. Use JPEG, PNG, WebP, HEIC, TIFF, GIF, AVIF or SVG.');
  });

  it('says so when the first image is not in the library', async () => {
    const args = { name: 'm.png', dataBase64: b64(await ellipseMask(80, 60)), firstHash: 'e'.repeat(64), invert: false };
    expect(await refusal(h, 'masks:import', args, 'NOT_FOUND')).toBe('The first image is no longer in the library. Add it again.');
  });
});

describe('masks:list', () => {
  it('lists recent masks newest first, at most 50, a re-import moving to the top', async () => {
    const fresh = await makeHarness();
    try {
      const first = await importBytes(fresh, 'p.jpg', await photoJpeg(160, 120));
      const made: MaskView[] = [];
      for (let i = 0; i < 52; i++) {
        // Distinct ellipses, so distinct masks.
        const a = ellipseAlpha(160, 120, 0.5, 0.5, 0.1 + i * 0.005, 0.2);
        made.push(await importMaskBytes(fresh, `mask-${i}.png`, await maskPng(a, 160, 120), first.hash));
        await new Promise((r) => setTimeout(r, 2)); // distinct timestamps
      }
      const list = await fresh.ok<MaskView[]>('masks:list', {});
      expect(list).toHaveLength(50);
      expect(list.map((m) => m.name)).toEqual(made.slice(2).reverse().map((m) => m.name));
      for (const m of list) MaskViewSchema.parse(m);

      const again = await importMaskBytes(fresh, 'renamed.png', await maskPng(ellipseAlpha(160, 120, 0.5, 0.5, 0.1, 0.2), 160, 120), first.hash);
      expect(again.hash).toBe(made[0]!.hash);
      const top = (await fresh.ok<MaskView[]>('masks:list', {}))[0];
      expect(top).toMatchObject({ hash: made[0]!.hash, name: 'renamed.png' });
    } finally {
      await fresh.dispose();
    }
  });

  it('lists a painting only once an edit used it, not every saved pause of it', async () => {
    const fresh = await makeHarness();
    try {
      const first = await importBytes(fresh, 'p.jpg', await photoJpeg(160, 120));
      const paint = (i: number) =>
        maskPng(ellipseAlpha(160, 120, 0.5, 0.5, 0.1 + i * 0.02, 0.2), 160, 120).then((png) =>
          fresh.ok<MaskView>('masks:import', { name: 'painted-mask.png', dataBase64: b64(png), firstHash: first.hash, painted: true }),
        );
      const pauses: MaskView[] = [];
      for (let i = 0; i < 4; i++) pauses.push(await paint(i));
      const file = await importMaskBytes(fresh, 'from-a-file.png', await ellipseMask(160, 120), first.hash);
      // Only the file: the four pauses of the painting are not masks anyone chose.
      expect((await fresh.ok<MaskView[]>('masks:list', {})).map((m) => m.hash)).toEqual([file.hash]);

      const used = pauses[2]!;
      await fresh.ok('jobs:edit', editParams([first], { mask: used.hash }));
      await fresh.core.whenIdle();
      const list = await fresh.ok<MaskView[]>('masks:list', {});
      expect(list.map((m) => m.hash)).toEqual([used.hash, file.hash]);
      // Unnamed: the painter says "a painted mask".
      expect(list[0]!.name).toBe('');
      for (const m of list) MaskViewSchema.parse(m);

      // A file's name is never erased by the same pixels saved from the painter.
      await fresh.ok('masks:import', { name: 'painted-mask.png', dataBase64: b64(await ellipseMask(160, 120)), firstHash: first.hash, painted: true });
      expect((await fresh.ok<MaskView[]>('masks:list', {})).find((m) => m.hash === file.hash)?.name).toBe('from-a-file.png');
    } finally {
      await fresh.dispose();
    }
  });
});
