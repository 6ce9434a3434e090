/**
 * Markup edits as a person does them: a camera photo (EXIF-rotated), "Guide the edit
 * with: Markup", an arrow and an ellipse drawn with the mouse, Ctrl+Z and redo with the
 * pointer over the picture, Run edit on GPT Image 2.6 Sunburst. Then what the API got
 * (one markup part, transparent PNG at the photo's upright size, no mask), the verdict
 * "Markup took effect", and a second run through a relay that drops the markup
 * ([fake:markup:ignore]) showing the warning.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, enterKey, type Loupe } from './fixtures';
import { rawRgba, writeRotatedPhoto } from './images';

const edits = (loupe: Loupe) => loupe.fake.requests.filter((r) => r.path.endsWith('/images/edits'));

/** Drags from one point to another of the painter, given as fractions of its box. */
async function drag(page: Page, box: { x: number; y: number; width: number; height: number }, from: [number, number], to: [number, number]): Promise<void> {
  await page.mouse.move(box.x + box.width * from[0], box.y + box.height * from[1]);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) {
    const t = i / 8;
    await page.mouse.move(box.x + box.width * (from[0] + (to[0] - from[0]) * t), box.y + box.height * (from[1] + (to[1] - from[1]) * t));
  }
  await page.mouse.up();
}

/** Drawn (non-transparent) pixels of an RGBA image inside a box given as fractions. */
function drawnIn(img: { data: Buffer; width: number; height: number }, x0: number, y0: number, x1: number, y1: number): number {
  let n = 0;
  for (let y = Math.floor(img.height * y0); y < Math.ceil(img.height * y1); y++) {
    for (let x = Math.floor(img.width * x0); x < Math.ceil(img.width * x1); x++) if (img.data[(y * img.width + x) * 4 + 3]! > 0) n++;
  }
  return n;
}

test('markup: arrow and ellipse over a rotated photo, undo and redo, took effect; ignored by a relay', async ({ page, loupe }) => {
  const dir = await mkdtemp(join(tmpdir(), 'loupe-e2e-files-'));
  const photo = await writeRotatedPhoto(dir);
  await enterKey(page);
  await page.getByRole('tab', { name: 'Edit' }).click();
  await page.getByLabel('Add images').setInputFiles([photo]);
  await expect(page.getByRole('img', { name: 'Input 1: photo.jpg' })).toBeVisible();

  // GPT Image 2 has no markup: the choice is not offered, and the reason is given.
  await page.getByLabel('Model').selectOption('gpt-image-2');
  await expect(page.getByText('Markup needs GPT Image 2.5 or 2.6.')).toBeVisible();
  await expect(page.getByRole('radiogroup', { name: 'Guide the edit with' })).toHaveCount(0);
  await loupe.shot('markup-00-model-without-markup');

  await page.getByLabel('Model').selectOption('gpt-image-2.6-sunburst');
  const guide = page.getByRole('radiogroup', { name: 'Guide the edit with' });
  await expect(guide.getByRole('radio', { name: 'Mask' })).toBeChecked();
  await guide.getByRole('radio', { name: 'Markup' }).check();

  const painter = page.getByRole('img', { name: 'Markup painter for photo.jpg' });
  await expect(painter).toBeVisible();
  const box = (await painter.boundingBox())!;
  // Upright: the painter has the photo's portrait shape, not the stored landscape one.
  expect(box.height).toBeGreaterThan(box.width);

  await page.getByRole('button', { name: 'Arrow' }).click();
  await drag(page, box, [0.15, 0.85], [0.42, 0.55]);
  await page.getByRole('button', { name: 'Ellipse' }).click();
  await page.getByRole('radiogroup', { name: 'Colour' }).getByRole('radio', { name: 'Yellow' }).click();
  await drag(page, box, [0.35, 0.2], [0.65, 0.62]);
  const undo = page.getByRole('button', { name: 'Undo' });
  const redo = page.getByRole('button', { name: 'Redo' });
  await expect(undo).toBeEnabled();
  await expect(redo).toBeDisabled();

  // The keys act while the pointer is over the picture, whatever was clicked last.
  await page.getByRole('button', { name: 'Rectangle' }).focus();
  await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.2);
  await page.keyboard.press('Control+z');
  await expect(redo).toBeEnabled();
  await page.keyboard.press('Control+Shift+z');
  await expect(redo).toBeDisabled();
  await expect(page.getByText('Markup ready')).toBeVisible();
  await loupe.shot('markup-01-drawn');

  const prompt = 'make the face inside the yellow circle wear round glasses, as the arrow shows';
  await page.getByRole('textbox', { name: 'Prompt' }).fill(prompt);
  await page.getByRole('button', { name: 'Run edit' }).click();
  const tookEffect = page.getByText(/Markup took effect: the marked areas changed [\d.]+× more than elsewhere/);
  await expect(tookEffect).toBeVisible({ timeout: 30_000 });
  await tookEffect.scrollIntoViewIfNeeded();
  await loupe.shot('markup-02-took-effect');

  // What the API received: the photo upright, and exactly one markup part of its size, no mask.
  const [req] = edits(loupe);
  const files = req!.files!;
  expect(req!.fields!['model']).toBe('gpt-image-2.6-sunburst');
  expect(files.filter((f) => f.field === 'mask')).toEqual([]);
  const markups = files.filter((f) => f.field === 'markup');
  expect(markups).toHaveLength(1);
  const markup = markups[0]!;
  const image = files.find((f) => f.field === 'image')!;
  expect(markup).toMatchObject({ type: 'image/png', format: 'png', hasAlpha: true });
  expect([image.width, image.height]).toEqual([900, 1200]);
  expect([markup.width, markup.height]).toEqual([900, 1200]);
  // Both marks are in it (the undone ellipse came back), and most of it is transparent.
  const px = await rawRgba(markup.data);
  expect(drawnIn(px, 0.1, 0.7, 0.25, 0.9)).toBeGreaterThan(50); // the arrow's tail
  expect(drawnIn(px, 0.3, 0.35, 0.4, 0.45)).toBeGreaterThan(50); // the ellipse's left edge
  expect(drawnIn(px, 0.45, 0.38, 0.55, 0.45)).toBe(0); // inside the ellipse, above the arrow's head
  expect(drawnIn(px, 0, 0, 1, 1)).toBeLessThan(0.2 * 900 * 1200);

  // History shows the markup with the job's sources.
  await expect(page.getByRole('img', { name: /^Markup of job #\d+$/ }).first()).toBeVisible();

  // A relay that drops the markup: the edit still succeeds, and the person is warned.
  await page.getByRole('textbox', { name: 'Prompt' }).fill(`${prompt} [fake:markup:ignore]`);
  await page.getByRole('button', { name: 'Run edit' }).click();
  // Worded by what the figures show: the marks left alone, or the whole picture redrawn alike.
  const warning = page
    .getByRole('alert')
    .filter({ hasText: /The marked areas (barely changed|changed no more than the rest of the picture \([\d.]+×\)) — the model may have ignored the markup \(some API relays drop it\)\. Try again or use a mask\./ });
  await expect(warning).toBeVisible({ timeout: 30_000 });
  await warning.scrollIntoViewIfNeeded();
  await loupe.shot('markup-03-ignored');
  expect(edits(loupe)).toHaveLength(2);

  // Switching to Mask keeps the markup but does not send it; Nothing shows the photo bare.
  await guide.getByRole('radio', { name: 'Mask' }).check();
  await expect(page.getByText('Your markup is kept here but not sent.', { exact: false })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Mask painter for photo.jpg' })).toBeVisible();
  await guide.getByRole('radio', { name: 'Nothing' }).check();
  await expect(page.getByRole('img', { name: 'photo.jpg, the first image' })).toBeVisible();
  await loupe.shot('markup-04-nothing');

  // History shows the first run's markup with its inputs; "Use these settings" brings it back, chosen again.
  await page.getByRole('tab', { name: 'History' }).click();
  const list = page.getByRole('list', { name: 'Jobs' }).or(page.getByRole('grid', { name: 'Jobs' })).first();
  await list.getByText(prompt, { exact: true }).first().click();
  const details = page.getByRole('complementary', { name: 'Job details' });
  await expect(details.getByRole('img', { name: /^Markup of job #\d+$/ })).toBeVisible();
  await details.getByRole('img', { name: /^Markup of job #\d+$/ }).scrollIntoViewIfNeeded();
  await loupe.shot('markup-05-history-details');
  await details.getByRole('button', { name: 'Use these settings' }).click();
  await expect(guide.getByRole('radio', { name: 'Markup' })).toBeChecked();
  await expect(page.getByRole('img', { name: 'Markup painter for photo.jpg' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Clear' })).toBeEnabled();
  await expect(page.getByRole('textbox', { name: 'Prompt' })).toHaveValue(prompt);
});
