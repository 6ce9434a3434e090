/**
 * Inputs people have and an export that does what it says (issue 14), as a person would:
 * an iPhone-style HEIC, a flat logo and a camera photo dropped into the tray, each sent in
 * the format its pixels call for (what the fake API received is checked part by part);
 * every type the drop zone names imports; then History's export dialog writes resized
 * JPEGs into a chosen folder, and a second export finds them already there.
 */
import { copyFile, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { test, expect, enterKey, DEFAULT_TUNING, type Loupe } from './fixtures';
import { PORTRAIT_HEIC } from '../fixtures/heic/make';
import { cameraRgb } from '../fixtures/pixels';

// A loaded machine can pause a stream for seconds: wait well past that rather than call it stalled.
test.use({ tuning: { ...DEFAULT_TUNING, streamIdleMs: 60_000, requestTimeoutMs: 120_000 } });

const edits = (loupe: Loupe) => loupe.fake.requests.filter((r) => r.path.endsWith('/images/edits'));

/** A flat two-colour logo on white, saved as an opaque PNG (the case that used to go as JPEG). */
async function writeFlatLogo(dir: string): Promise<string> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="500" height="500"><rect width="500" height="500" fill="#ffffff"/>
    <circle cx="250" cy="250" r="190" fill="#1e6bd6"/><rect x="170" y="170" width="160" height="160" fill="#f5c400" transform="rotate(45 250 250)"/></svg>`;
  const path = join(dir, 'brand-logo.png');
  await writeFile(path, await sharp(Buffer.from(svg)).flatten({ background: '#ffffff' }).png().toBuffer());
  return path;
}

/** A camera-like photo: sky, hills, sensor noise. */
async function writePhoto(dir: string): Promise<string> {
  const path = join(dir, 'beach.jpg');
  await writeFile(path, await sharp(cameraRgb(1200, 800), { raw: { width: 1200, height: 800, channels: 3 } }).jpeg({ quality: 90 }).toBuffer());
  return path;
}

test('intake: a real HEIC upright, a logo sent as PNG and a photo as JPEG, size auto explained; then an export resized to JPEG, and again', async ({ page, loupe }) => {
  const dir = await mkdtemp(join(tmpdir(), 'loupe-e2e-intake-'));
  const heic = join(dir, 'IMG_2041.HEIC');
  await copyFile(PORTRAIT_HEIC, heic);
  const logo = await writeFlatLogo(dir);
  const photo = await writePhoto(dir);
  await enterKey(page);
  await page.getByRole('tab', { name: 'Edit' }).click();
  await page.getByLabel('Add images').setInputFiles([heic, logo, photo]);

  // The HEIC: imported, upright (portrait, red band along the top), at its displayed size.
  const heicImg = page.getByRole('img', { name: 'Input 1: IMG_2041.HEIC' });
  await expect(heicImg).toBeVisible();
  await expect(page.getByRole('img', { name: 'Input 2: brand-logo.png' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Input 3: beach.jpg' })).toBeVisible();
  const tiles = page.getByRole('list', { name: 'Input images, in the order sent' }).getByRole('listitem');
  await expect(tiles.nth(0)).toContainText('320×480');
  await expect(tiles.nth(0)).not.toContainText('Transparency');
  // Read back in the page: the thumbnail's shape and the colour along its top and bottom edges.
  const top = (await page.evaluate(`(async () => {
    const img = document.querySelector('img[alt="Input 1: IMG_2041.HEIC"]');
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.naturalWidth;
    c.height = img.naturalHeight;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const at = (y) => [...ctx.getImageData(Math.floor(c.width / 2), y, 1, 1).data].slice(0, 3);
    return { w: img.naturalWidth, h: img.naturalHeight, top: at(4), bottom: at(c.height - 5) };
  })()`)) as { w: number; h: number; top: number[]; bottom: number[] };
  expect(top.h).toBeGreaterThan(top.w);
  expect(top.top[0]).toBeGreaterThan(170);
  expect(top.top[1]).toBeLessThan(90);
  expect(top.bottom[0]).toBeLessThan(170);

  // Each input says how it goes and why, and where its tokens come from.
  await expect(tiles.nth(1)).toContainText('Sent as PNG, lossless: a graphic');
  await expect(tiles.nth(2)).toContainText(/Sent as JPEG \(quality 90\): a photo \(continuous tones/);
  await expect(tiles.nth(2)).toContainText(/1200x800 is read as 768x512 \(short side 512\): 2x1 tiles of 512 px/);

  // Override: the HEIC photo goes losslessly, as chosen.
  await page.getByRole('combobox', { name: 'Send IMG_2041.HEIC as' }).selectOption('lossless');
  await expect(tiles.nth(0)).toContainText('Sent as PNG, as you chose; it looks like a photo');

  // Size auto: the estimate says what the model will most likely pick from the portrait primary.
  await page.getByRole('combobox', { name: 'Size', exact: true }).selectOption('auto');
  await expect(page.getByText('Auto: likely 1024x1536 from the portrait input.').first()).toBeVisible();
  await page.getByRole('textbox', { name: 'Prompt' }).fill('put the logo on the beach umbrella');
  await tiles.nth(1).scrollIntoViewIfNeeded();
  await loupe.shot('intake-01-tray-formats');

  await page.getByRole('button', { name: 'Run edit' }).click();
  await expect(page.getByRole('img', { name: 'Output 1 of 1: put the logo on the beach umbrella' })).toBeVisible({ timeout: 60_000 });
  const sent = edits(loupe);
  expect(sent).toHaveLength(1);
  const images = sent[0]!.files!.filter((f) => f.field === 'image[]');
  expect(images.map((f) => [f.type, f.width, f.height])).toEqual([
    ['image/png', 320, 480],
    ['image/png', 500, 500],
    ['image/jpeg', 1200, 800],
  ]);
  expect(sent[0]!.fields!['size']).toBe('auto');

  // Export from History: Select all, the dialog, a subfolder of the output folder, JPEG at 512 px.
  await page.getByRole('tab', { name: 'History' }).click();
  await page.getByRole('button', { name: 'Select all' }).click();
  await page.getByRole('button', { name: 'Export selected…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export 1 job' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Output folder', { exact: true })).toHaveValue(loupe.outputDir);
  await dialog.getByLabel('Subfolder').fill('deliveries');
  await dialog.getByLabel('Format', { exact: true }).selectOption('jpeg');
  await dialog.getByLabel('Long edge (px)').fill('512');
  await dialog.getByLabel('Quality', { exact: true }).fill('82');
  await dialog.getByLabel('File names').fill('umbrella_{index}');
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  const target = join(loupe.outputDir, 'deliveries');
  const status = dialog.getByRole('status');
  await expect(status.locator('.export-message')).toHaveText(`Exported 1 file to ${target}.`);
  await expect(dialog.getByRole('list', { name: 'Exported files' })).toContainText(`${join(target, 'umbrella_1.jpg')} — written`);
  const file = await readFile(join(target, 'umbrella_1.jpg'));
  const m = await sharp(file).metadata();
  expect(m.format).toBe('jpeg');
  expect(Math.max(m.width!, m.height!)).toBe(512);
  await loupe.shot('intake-02-export-written');

  // The same export again: the file is there with identical bytes, so nothing is copied as "-2".
  await dialog.getByRole('button', { name: 'Export again' }).click();
  await expect(status.locator('.export-message')).toHaveText('1 file was already there with identical bytes, so it was not copied again.');
  await expect(dialog.getByRole('list', { name: 'Exported files' })).toContainText(`${join(target, 'umbrella_1.jpg')} — already there, identical: not copied`);
  expect(await readdir(target)).toEqual(['umbrella_1.jpg']);
  await loupe.shot('intake-03-export-identical');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('1 file was already there with identical bytes, so it was not copied again.').first()).toBeVisible();

  // The job's own Export… opens the same dialog; in the browser it can also hand over a zip.
  await page.getByRole('button', { name: 'Clear selection' }).click();
  const jobs = page.getByRole('list', { name: 'Jobs' }).or(page.getByRole('grid', { name: 'Jobs' })).first();
  await jobs.getByText('put the logo on the beach umbrella', { exact: true }).first().click();
  await page.getByRole('complementary', { name: 'Job details' }).getByRole('button', { name: 'Export…' }).click();
  const jobDialog = page.getByRole('dialog', { name: 'Export job #1' });
  await expect(jobDialog).toBeVisible();
  await jobDialog.getByRole('radio', { name: 'Download a zip' }).check();
  await jobDialog.getByLabel('Format', { exact: true }).selectOption('png');
  const downloading = page.waitForEvent('download');
  await jobDialog.getByRole('button', { name: 'Export', exact: true }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^loupe-export-\d{8}-\d{6}\.zip$/);
  await expect(jobDialog.getByRole('status').locator('.export-message')).toHaveText(`Exported 1 file in ${download.suggestedFilename()}.`);
  const zip = await readFile(await download.path());
  expect(zip.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
  expect(zip.includes(Buffer.from('.png'))).toBe(true);
  await loupe.shot('intake-05-export-zip');
  await page.keyboard.press('Escape');
  await expect(jobDialog).toBeHidden();
});

test('every type the drop zone names imports', async ({ page, loupe }) => {
  const { ensureFixtures, fixturePath } = await import('../fixtures/generate');
  await ensureFixtures();
  const dir = await mkdtemp(join(tmpdir(), 'loupe-e2e-types-'));
  await enterKey(page);
  await page.getByRole('tab', { name: 'Edit' }).click();
  const named = await page.getByText(/^JPEG, PNG, .* or SVG · up to \d+$/).textContent();
  const types = named!.replace(/ · up to \d+$/, '').split(/, | or /);
  const files: Record<string, string> = {
    JPEG: fixturePath('orientation-6.jpg'),
    PNG: fixturePath('palette-alpha.png'),
    WebP: fixturePath('photo.webp'),
    HEIC: PORTRAIT_HEIC,
    AVIF: fixturePath('photo.avif'),
    TIFF: fixturePath('multipage.tiff'),
    GIF: fixturePath('animated.gif'),
    SVG: fixturePath('clean.svg'),
  };
  expect(types.every((t) => t in files)).toBe(true);
  // One file per named type, each under a name that says its type.
  const picked = await Promise.all(
    types.map(async (t) => {
      const p = join(dir, `sample-${t.toLowerCase()}.${files[t]!.split('.').pop()}`);
      await copyFile(files[t]!, p);
      return p;
    }),
  );
  await page.getByLabel('Add images').setInputFiles(picked);
  for (const [i, t] of types.entries()) await expect(page.getByRole('img', { name: `Input ${i + 1}: sample-${t.toLowerCase()}.${files[t]!.split('.').pop()}` })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await loupe.shot('intake-04-every-type');
});
