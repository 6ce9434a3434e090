/**
 * The edit studio of issue #3, driven as a person would: files from the desktop, reorder,
 * a painted mask, Run edit on today's detail model; then what the API received, a pixel check of
 * the saved locked output and the leakage figures. Plus compose, a black-and-white mask
 * import and an edit of an output from History carrying its parent.
 */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, enterKey, type Loupe } from './fixtures';
import { rawRgba, writeBwMask, writeLogo, writePortrait } from './images';

async function openEdit(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Edit' }).click();
}

const edits = (loupe: Loupe) => loupe.fake.requests.filter((r) => r.path.endsWith('/images/edits'));

test('edit: face and logo, reordered, painted mask, on GPT Image 2.6 Sunburst, pixel-locked result', async ({ page, loupe }) => {
  const dir = await mkdtemp(join(tmpdir(), 'loupe-e2e-files-'));
  const portrait = await writePortrait(dir);
  const logo = await writeLogo(dir);
  await enterKey(page);
  await openEdit(page);

  // Logo first, then the portrait: the portrait must become the primary image.
  await page.getByLabel('Add images').setInputFiles([logo, portrait]);
  await expect(page.getByRole('img', { name: 'Input 1: logo.png' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Input 2: portrait.png' })).toBeVisible();
  await page.getByRole('button', { name: 'Move portrait.png earlier' }).click();
  await expect(page.getByRole('img', { name: 'Input 1: portrait.png' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Input 2: logo.png' })).toBeVisible();
  await expect(page.getByText(/Primary/).first()).toBeVisible();

  // Sunburst is the detail model, and the default for new work; no model of today takes input fidelity.
  await expect(page.getByLabel('Model')).toHaveValue('gpt-image-2.6-sunburst');
  await expect(page.getByText(/always keeps inputs at high fidelity/)).toBeVisible();

  // Paint a stroke across the face with the brush.
  const painter = page.getByRole('img', { name: /Mask painter for portrait\.png/ });
  await expect(painter).toBeVisible();
  const box = (await painter.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.42, box.y + box.height * 0.3);
  await page.mouse.down();
  for (let i = 0; i <= 10; i++) await page.mouse.move(box.x + box.width * (0.42 + i * 0.016), box.y + box.height * (0.3 + i * 0.02));
  await page.mouse.up();
  await expect(page.getByText(/Mask covers \d+(\.\d+)?% of the image/)).toBeVisible();
  // Locked at the photo's own size by default (here it is sent at that size anyway).
  await expect(page.getByRole('checkbox', { name: "Lock at the photo's full resolution" })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: "Lock at the photo's full resolution" })).toBeEnabled();
  await page.getByRole('checkbox', { name: "Lock at the photo's full resolution" }).scrollIntoViewIfNeeded();
  await loupe.shot('edit-01-pixel-lock');

  const prompt = 'give the person round glasses, keep everything else exactly as it is';
  await page.getByRole('textbox', { name: 'Prompt' }).fill(prompt);
  await expect(page.getByText(/Estimated \$/).first()).toBeVisible();
  await loupe.shot('edit-01-ready');
  await page.getByRole('button', { name: 'Run edit' }).click();

  await expect(page.getByRole('img', { name: `Output 1 of 1: ${prompt}` })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('heading', { name: 'Changed outside the mask' })).toBeVisible();
  await expect(page.getByText(/Outside the mask: [\d.]+% of pixels changed/)).toBeVisible();
  await page.getByRole('heading', { name: 'Changed outside the mask' }).scrollIntoViewIfNeeded();
  await loupe.shot('edit-02-locked-result');
  await page.getByRole('button', { name: 'Show raw output' }).click();
  await expect(page.getByRole('button', { name: 'Show raw output' })).toHaveAttribute('aria-pressed', 'true');
  await loupe.shot('edit-03-raw-result');

  // What the API received: both images in order, an alpha mask of the first image's size, no input_fidelity.
  const sent = edits(loupe);
  expect(sent).toHaveLength(1);
  const files = sent[0]!.files!;
  const images = files.filter((f) => f.field === 'image[]');
  expect(images).toHaveLength(2);
  expect([images[0]!.width, images[0]!.height]).toEqual([1200, 900]);
  expect([images[1]!.width, images[1]!.height]).toEqual([400, 400]);
  expect(images[0]!.type).toBe('image/png');
  const mask = files.find((f) => f.field === 'mask')!;
  expect(mask.format).toBe('png');
  expect(mask.hasAlpha).toBe(true);
  expect([mask.width, mask.height]).toEqual([1200, 900]);
  expect(sent[0]!.fields!['model']).toBe('gpt-image-2.6-sunburst');
  expect(sent[0]!.fields!).not.toHaveProperty('input_fidelity');

  // The saved file is the locked output: equal to the source outside the mask's feather band.
  const jobs = await loupe.host.core.handlers['history:list']({ limit: 1 });
  const job = jobs.items[0]!;
  expect(job.outputs[0]!.lockedHash).not.toBeNull();
  const { feather, grow } = job.params.pixelLock!;
  const saved = (await readdir(loupe.outputDir)).filter((f) => f.endsWith('.png'));
  expect(saved).toHaveLength(1);
  const locked = await rawRgba(await readFile(join(loupe.outputDir, saved[0]!)));
  const source = await rawRgba(await readFile(portrait));
  const alpha = await rawRgba(mask.data);
  expect([locked.width, locked.height]).toEqual([source.width, source.height]);
  // Bounding box of the edited area (alpha < 128), grown by the feather band.
  let [x0, y0, x1, y1] = [Infinity, Infinity, -1, -1];
  for (let y = 0; y < alpha.height; y++) {
    for (let x = 0; x < alpha.width; x++) {
      if (alpha.data[(y * alpha.width + x) * 4 + 3]! < 128) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      }
    }
  }
  expect(x1).toBeGreaterThan(x0);
  const band = feather + grow + 2;
  let outsideDiffs = 0;
  let outsideCount = 0;
  let insideDiff = 0;
  let insideCount = 0;
  for (let y = 0; y < source.height; y++) {
    for (let x = 0; x < source.width; x++) {
      const i = (y * source.width + x) * 4;
      const d = Math.abs(locked.data[i]! - source.data[i]!) + Math.abs(locked.data[i + 1]! - source.data[i + 1]!) + Math.abs(locked.data[i + 2]! - source.data[i + 2]!);
      const outside = x < x0 - band || x > x1 + band || y < y0 - band || y > y1 + band;
      if (outside) {
        outsideCount++;
        if (d !== 0) outsideDiffs++;
      } else if (alpha.data[i + 3]! < 128) {
        insideCount++;
        insideDiff += d;
      }
    }
  }
  expect(outsideCount).toBeGreaterThan(100_000);
  expect(outsideDiffs).toBe(0);
  expect(insideDiff / insideCount).toBeGreaterThan(20);
});

test('compose two photos into one primary image', async ({ page, loupe }) => {
  const dir = await mkdtemp(join(tmpdir(), 'loupe-e2e-files-'));
  const a = await writePortrait(dir, 'anna.png', 900, 1200);
  const b = await writePortrait(dir, 'ben.png', 1200, 1200);
  await enterKey(page);
  await openEdit(page);
  await page.getByLabel('Add images').setInputFiles([a, b]);
  await page.getByRole('checkbox', { name: 'Select anna.png for compose' }).check();
  await page.getByRole('checkbox', { name: 'Select ben.png for compose' }).check();
  const compose = page.getByRole('group', { name: 'Compose' });
  await compose.getByRole('radio', { name: 'Side by side' }).check();
  await compose.getByLabel('Background').fill('#202020');
  await compose.getByRole('button', { name: 'Compose' }).click();
  const first = page.getByRole('img', { name: /^Input 1: composite/ });
  await expect(first).toBeVisible();
  await loupe.shot('edit-04-composed');
  // A new asset made of both photos at a common height, side by side.
  const name = (await first.getAttribute('alt'))!.replace(/^Input 1: /, '');
  expect(name).toMatch(/^composite-row-2/);
  const prompt = 'the two friends laughing together, same faces';
  await page.getByRole('textbox', { name: 'Prompt' }).fill(prompt);
  await page.getByRole('button', { name: 'Run edit' }).click();
  await expect(page.getByRole('img', { name: `Output 1 of 1: ${prompt}` })).toBeVisible({ timeout: 30_000 });
  const firstSent = edits(loupe)[0]!.files!.filter((f) => f.field === 'image[]')[0]!;
  expect(firstSent.width! / firstSent.height!).toBeGreaterThan(1.5);
});

test('import a black-and-white mask; a mask of the wrong shape is refused', async ({ page, loupe }) => {
  const dir = await mkdtemp(join(tmpdir(), 'loupe-e2e-files-'));
  const portrait = await writePortrait(dir);
  const wrong = await writeBwMask(dir, 'square-mask.png', 800, 800);
  const right = await writeBwMask(dir, 'face-mask.png', 600, 450);
  await enterKey(page);
  await openEdit(page);
  await page.getByLabel('Add images').setInputFiles([portrait]);
  await expect(page.getByRole('img', { name: 'Input 1: portrait.png' })).toBeVisible();

  await page.getByLabel('Import mask').setInputFiles(wrong);
  await expect(page.getByRole('alert').filter({ hasText: /shapes differ/ })).toBeVisible();
  await page.getByLabel('Import mask').setInputFiles(right);
  await expect(page.getByText(/Mask covers \d+(\.\d+)?% of the image/)).toBeVisible();
  await loupe.shot('edit-05-imported-mask');

  const prompt = 'a calm studio portrait with a softer face light';
  await page.getByRole('textbox', { name: 'Prompt' }).fill(prompt);
  await page.getByRole('button', { name: 'Run edit' }).click();
  await expect(page.getByRole('img', { name: `Output 1 of 1: ${prompt}` })).toBeVisible({ timeout: 30_000 });
  // Black became transparent (edit) and white opaque (keep), at the first image's size.
  const mask = edits(loupe)[0]!.files!.find((f) => f.field === 'mask')!;
  const px = await rawRgba(mask.data);
  expect([px.width, px.height]).toEqual([1200, 900]);
  const at = (x: number, y: number) => px.data[(y * px.width + x) * 4 + 3];
  expect(at(600, 378)).toBe(0);
  expect(at(10, 10)).toBe(255);
});

test('an edit of an output from History carries its parent', async ({ page, loupe }) => {
  await enterKey(page);
  await page.getByRole('tab', { name: 'Generate' }).click();
  const first = 'a ceramic mug on a linen tablecloth';
  await page.getByRole('textbox', { name: 'Prompt' }).fill(first);
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await expect(page.getByRole('img', { name: `Output 1 of 1: ${first}` })).toBeVisible({ timeout: 30_000 });

  await page.getByRole('tab', { name: 'History' }).click();
  await page.getByRole('list', { name: 'Jobs' }).getByText(first, { exact: true }).click();
  await page.getByRole('complementary', { name: 'Job details' }).getByRole('button', { name: 'Edit this output' }).first().click();
  await expect(page.getByRole('tab', { name: 'Edit' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('img', { name: /^Input 1: / })).toBeVisible();
  const second = 'the same mug, now deep blue';
  await page.getByRole('textbox', { name: 'Prompt' }).fill(second);
  await page.getByRole('button', { name: 'Run edit' }).click();
  await expect(page.getByRole('img', { name: `Output 1 of 1: ${second}` })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/Edited from (job #\d+|output #\d+)/).first()).toBeVisible();
  await page.getByText(/Edited from (job #\d+|output #\d+)/).first().scrollIntoViewIfNeeded();
  await loupe.shot('edit-06-lineage');

  const { items } = await loupe.host.core.handlers['history:list']({ limit: 2 });
  const [child, parent] = items;
  expect(child!.kind).toBe('edit');
  expect(child!.parentOutputId).toBe(parent!.outputs[0]!.id);
});

test('bad files are refused by name and nothing else is lost', async ({ page, loupe }) => {
  const { ensureFixtures, fixturePath } = await import('../fixtures/generate');
  await ensureFixtures();
  const dir = await mkdtemp(join(tmpdir(), 'loupe-e2e-files-'));
  const portrait = await writePortrait(dir);
  await enterKey(page);
  await openEdit(page);
  await page.getByLabel('Add images').setInputFiles([portrait]);
  await expect(page.getByRole('img', { name: 'Input 1: portrait.png' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Prompt' }).fill('keep this prompt');

  // A damaged JPEG, a text file pretending to be a PNG, a decompression bomb, a HEIC with no picture in it.
  await page
    .getByLabel('Add images')
    .setInputFiles([fixturePath('truncated.jpg'), fixturePath('not-an-image.png'), fixturePath('bomb-30000.png'), fixturePath('IMG_0001.HEIC')]);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('"truncated.jpg" could not be read');
  await expect(alert).toContainText('"not-an-image.png"');
  await expect(alert).toContainText('"bomb-30000.png" declares 30000x30000');
  await expect(alert).toContainText('"IMG_0001.HEIC" could not be read: the file is damaged or truncated.');
  await loupe.shot('edit-07-refused-files');

  // The tray, the prompt and the app still work.
  await expect(page.getByRole('img', { name: /^Input \d+: / })).toHaveCount(1);
  await expect(page.getByRole('textbox', { name: 'Prompt' })).toHaveValue('keep this prompt');
  await page.getByRole('button', { name: 'Run edit' }).click();
  await expect(page.getByRole('img', { name: 'Output 1 of 1: keep this prompt' })).toBeVisible({ timeout: 30_000 });
});

test('a moderation refusal on an edit keeps the inputs, mask and prompt', async ({ page, loupe }) => {
  const dir = await mkdtemp(join(tmpdir(), 'loupe-e2e-files-'));
  const portrait = await writePortrait(dir);
  const mask = await writeBwMask(dir, 'face-mask.png', 1200, 900);
  await enterKey(page);
  await openEdit(page);
  await page.getByLabel('Add images').setInputFiles([portrait]);
  await page.getByLabel('Import mask').setInputFiles(mask);
  await expect(page.getByText(/Mask covers \d+(\.\d+)?% of the image/)).toBeVisible();
  loupe.fake.queueFault({ kind: 'moderation', categories: ['harassment'], match: 'edits', times: 1 });
  const prompt = 'a rude sign on the wall';
  await page.getByRole('textbox', { name: 'Prompt' }).fill(prompt);
  await page.getByRole('button', { name: 'Run edit' }).click();
  await expect(page.getByRole('alert').filter({ hasText: "Blocked by OpenAI's safety system" })).toContainText('harassment');
  await expect(page.getByRole('img', { name: 'Input 1: portrait.png' })).toBeVisible();
  await expect(page.getByText(/Mask covers \d+(\.\d+)?% of the image/)).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Prompt' })).toHaveValue(prompt);
  expect(edits(loupe)).toHaveLength(1);
  await loupe.shot('edit-08-moderation');
});

test('drag an output from the gallery onto Edit to use it as an input', async ({ page, loupe }) => {
  await enterKey(page);
  await page.getByRole('tab', { name: 'Generate' }).click();
  const prompt = 'a paper crane on a desk';
  await page.getByRole('textbox', { name: 'Prompt' }).fill(prompt);
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  const output = page.getByRole('img', { name: `Output 1 of 1: ${prompt}` });
  await expect(output).toBeVisible({ timeout: 30_000 });
  await output.dragTo(page.getByRole('tab', { name: 'Edit' }));
  await expect(page.getByRole('tab', { name: 'Edit' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('img', { name: /^Input 1: / })).toBeVisible();
  await loupe.shot('edit-09-dragged-output');
});
