/**
 * The edit canvas as a retoucher uses it (issue 14): a 24-megapixel camera photo, a
 * stroke and `]` straight after it, the wheel, 100%, space-drag and middle-drag; at 100%
 * a rectangle whose mask is checked pixel for pixel at the photo's full resolution; the
 * brush ring at its true size. Then "New edit" and its Undo, and both "Edit this output"
 * choices.
 */
import sharp from 'sharp';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, enterKey } from './fixtures';
import { writeLogo, writePortrait } from './images';

async function openEdit(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Edit' }).click();
}

async function stroke(page: Page, box: { x: number; y: number; width: number; height: number }, from: [number, number], to: [number, number]): Promise<void> {
  await page.mouse.move(box.x + box.width * from[0], box.y + box.height * from[1]);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) {
    const t = i / 10;
    await page.mouse.move(box.x + box.width * (from[0] + (to[0] - from[0]) * t), box.y + box.height * (from[1] + (to[1] - from[1]) * t));
  }
  await page.mouse.up();
}

async function panOf(page: Page, name: string): Promise<[number, number]> {
  const v = await page.getByRole('img', { name }).getAttribute('data-pan');
  const [x, y] = v!.split(',').map(Number);
  return [x!, y!];
}

test('canvas: ] right after painting, wheel, 100%, space- and middle-drag pan; an exact full-resolution mask on a 24 MP photo', async ({ page, loupe }) => {
  test.setTimeout(120_000);
  const { ensureFixtures, fixturePath } = await import('../fixtures/generate');
  await ensureFixtures();
  await enterKey(page);
  await openEdit(page);
  await page.getByLabel('Add images').setInputFiles([fixturePath('camera-24mp.jpg')]);
  const name = 'Mask painter for camera-24mp.jpg';
  const painter = page.getByRole('img', { name });
  await expect(painter).toBeVisible({ timeout: 30_000 });
  const zoomBar = page.getByRole('group', { name: 'Zoom' });
  const level = zoomBar.getByLabel('Zoom level');
  // Fitted: a 6000-pixel photo in a stage a few hundred pixels wide.
  await expect(level).toHaveText(/^\d+(\.\d)?%$/);
  const fitted = parseFloat((await level.textContent())!);
  expect(fitted).toBeLessThan(25);
  await expect(zoomBar.getByRole('button', { name: 'Fit' })).toHaveAttribute('aria-pressed', 'true');

  // A stroke, then `]` with the pointer already off the picture: no click anywhere first.
  const size = page.getByRole('slider', { name: 'Brush size' });
  const before = Number(await size.inputValue());
  const box = (await painter.boundingBox())!;
  await stroke(page, box, [0.3, 0.4], [0.6, 0.55]);
  await expect(page.getByText(/Mask covers \d+(\.\d+)?% of the image/)).toBeVisible();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height + 40);
  await page.keyboard.press(']');
  const bigger = Math.max(before + 1, Math.round(before * 1.2));
  await expect(size).toHaveValue(String(bigger));
  await expect(page.getByText(`${bigger} px`, { exact: true })).toBeVisible();
  await page.keyboard.press('[');
  await expect(size).toHaveValue(String(before));
  await page.keyboard.press(']');
  await expect(size).toHaveValue(String(bigger));
  // Ctrl+Z undoes the stroke, still without a click.
  await page.keyboard.press('Control+z');
  await expect(page.getByText('No mask yet', { exact: false })).toBeVisible();
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByText(/Mask covers \d+(\.\d+)?% of the image/)).toBeVisible();
  await loupe.shot('canvas-01-after-stroke-bracket');

  // Typing in the prompt types: `]` is a character there, not a bigger brush.
  const prompt = page.getByRole('textbox', { name: 'Prompt' });
  await prompt.click();
  await page.keyboard.type('keep [all] as is');
  await expect(prompt).toHaveValue('keep [all] as is');
  await expect(size).toHaveValue(String(bigger));

  // The wheel zooms in about the pointer.
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
  await page.mouse.wheel(0, -200);
  await expect.poll(async () => parseFloat((await level.textContent())!)).toBeGreaterThan(fitted);
  await expect(zoomBar.getByRole('button', { name: 'Fit' })).toHaveAttribute('aria-pressed', 'false');
  // Focus is still in the prompt, so keys type there; Tab back to the picture first.
  await painter.focus();
  await page.keyboard.press('Shift+Digit1');
  await expect(level).toHaveText(`${fitted}%`);

  // 100%: one photo pixel per screen pixel, and the full-size file under the brush.
  await zoomBar.getByRole('button', { name: '100%' }).click();
  await expect(level).toHaveText('100%');
  await expect(page.locator('.painter-world img').last()).toHaveAttribute('src', /^\/store\//);

  // Space-drag and middle-drag move the picture by exactly the drag.
  const stage = (await painter.boundingBox())!;
  const c = { x: stage.x + stage.width / 2, y: stage.y + stage.height / 2 };
  const p0 = await panOf(page, name);
  await page.mouse.move(c.x, c.y);
  await page.keyboard.down('Space');
  await page.mouse.down();
  await page.mouse.move(c.x - 100, c.y - 40, { steps: 5 });
  await page.mouse.move(c.x - 200, c.y - 80, { steps: 5 });
  await page.mouse.up();
  await page.keyboard.up('Space');
  const p1 = await panOf(page, name);
  expect(p1[0] - p0[0]).toBeCloseTo(-200, 5);
  expect(p1[1] - p0[1]).toBeCloseTo(-80, 5);
  await page.mouse.move(c.x, c.y);
  await page.mouse.down({ button: 'middle' });
  await page.mouse.move(c.x + 60, c.y + 30, { steps: 5 });
  await page.mouse.up({ button: 'middle' });
  const p2 = await panOf(page, name);
  expect(p2[0] - p1[0]).toBeCloseTo(60, 5);
  expect(p2[1] - p1[1]).toBeCloseTo(30, 5);
  // Panning painted nothing: the mask is the one stroke from before.
  await expect(page.getByText(/Mask covers \d+(\.\d+)?% of the image/)).toBeVisible();

  // The brush ring is the brush's true size: at 100% as many screen pixels as image pixels.
  await page.getByRole('button', { name: 'Brush', exact: true }).click();
  await page.mouse.move(c.x, c.y);
  const ring = (await page.locator('.painter-guides circle').first().boundingBox())!;
  expect(Math.abs(ring.width - bigger)).toBeLessThanOrEqual(4);
  await loupe.shot('canvas-02-100-percent-brush');

  // An exact rectangle at 100%: its mask, at the photo's full size, has exactly those pixels.
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(page.getByText('No mask yet', { exact: false })).toBeVisible();
  await page.getByRole('button', { name: 'Rectangle fill' }).click();
  const [panX, panY] = await panOf(page, name);
  const canvas = (await painter.boundingBox())!;
  const a = { x: Math.round(canvas.x + 120) + 0.5, y: Math.round(canvas.y + 90) + 0.5 };
  // Above the 0.1% a mask must cover (24,000 of the 24 million pixels).
  const b = { x: a.x + 257, y: a.y + 121 };
  const toSource = (p: { x: number; y: number }) => ({ x: p.x - canvas.x - panX, y: p.y - canvas.y - panY });
  const s0 = toSource(a);
  const s1 = toSource(b);
  const x0 = Math.floor(s0.x);
  const y0 = Math.floor(s0.y);
  const x1 = Math.ceil(s1.x);
  const y1 = Math.ceil(s1.y);
  const saved = page.waitForResponse((r) => r.url().includes('/api/masks:import'));
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 3 });
  await page.mouse.move(b.x, b.y, { steps: 3 });
  await page.mouse.up();
  const result = (await (await saved).json()) as { ok: boolean; value: { hash: string; width: number; height: number } };
  expect(result.ok, JSON.stringify(result)).toBe(true);
  const { value } = result;
  expect([value.width, value.height]).toEqual([6000, 4000]);
  const stored = (await loupe.host.core.resolveAsset(value.hash, 'full'))!.path;
  const { data, info } = await sharp(stored).ensureAlpha().extractChannel(3).raw().toBuffer({ resolveWithObject: true });
  expect([info.width, info.height]).toEqual([6000, 4000]);
  // API masks: alpha 0 = edit. Exactly the rectangle's source pixels, none around it.
  const at = (x: number, y: number) => data[y * info.width + x]!;
  let edited = 0;
  for (let i = 0; i < data.length; i++) if (data[i]! < 128) edited++;
  expect(edited).toBe((x1 - x0) * (y1 - y0));
  expect(at(x0, y0)).toBe(0);
  expect(at(x1 - 1, y1 - 1)).toBe(0);
  expect(at(x0 - 1, y0)).toBe(255);
  expect(at(x0, y0 - 1)).toBe(255);
  expect(at(x1, y1 - 1)).toBe(255);
  expect(at(x1 - 1, y1)).toBe(255);
  await loupe.shot('canvas-03-exact-rectangle');
});

test('New edit clears the tray, mask, markup and prompt in one step; Undo puts them back', async ({ page, loupe }) => {
  const dir = await mkdtemp(join(tmpdir(), 'loupe-e2e-files-'));
  await enterKey(page);
  await openEdit(page);
  await page.getByLabel('Add images').setInputFiles([await writePortrait(dir), await writeLogo(dir)]);
  await expect(page.getByRole('img', { name: 'Input 2: logo.png' })).toBeVisible();
  const painter = page.getByRole('img', { name: 'Mask painter for portrait.png' });
  await stroke(page, (await painter.boundingBox())!, [0.4, 0.3], [0.55, 0.5]);
  await expect(page.getByText(/Mask covers \d+(\.\d+)?% of the image/)).toBeVisible();
  const prompt = page.getByRole('textbox', { name: 'Prompt' });
  await prompt.fill('round glasses, nothing else');

  await page.getByRole('button', { name: 'New edit' }).click();
  const status = page.getByRole('status').filter({ hasText: 'New edit' });
  await expect(status).toHaveText(/New edit: cleared 2 images, the mask and the prompt\./);
  await expect(page.getByRole('img', { name: /^Input 1:/ })).toHaveCount(0);
  await expect(prompt).toHaveValue('');
  await expect(page.getByText('Add an image to paint a mask.', { exact: false })).toBeVisible();
  await loupe.shot('canvas-04-new-edit');

  await status.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('img', { name: 'Input 1: portrait.png' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Input 2: logo.png' })).toBeVisible();
  await expect(prompt).toHaveValue('round glasses, nothing else');
  await expect(page.getByText(/Mask covers \d+(\.\d+)?% of the image/)).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Undone' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Undone' }).getByRole('button', { name: 'Undo' })).toHaveCount(0);
  await loupe.shot('canvas-05-new-edit-undone');

  // A fresh start then a new image: the Undo is gone, as it would drop the new image.
  await page.getByRole('button', { name: 'New edit' }).click();
  await page.getByLabel('Add images').setInputFiles([await writeLogo(dir, 'other.png')]);
  await expect(page.getByRole('img', { name: 'Input 1: other.png' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'New edit' }).getByRole('button', { name: 'Undo' })).toHaveCount(0);
});

test('Edit this output: "Add to the current edit", then "Start a new edit" (the default) and its Undo', async ({ page, loupe }) => {
  const dir = await mkdtemp(join(tmpdir(), 'loupe-e2e-files-'));
  await enterKey(page);
  await page.getByRole('tab', { name: 'Generate' }).click();
  const made = 'a ceramic mug on a linen tablecloth';
  await page.getByRole('textbox', { name: 'Prompt' }).fill(made);
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await expect(page.getByRole('img', { name: `Output 1 of 1: ${made}` })).toBeVisible({ timeout: 30_000 });

  // An edit under way: a portrait and its prompt.
  await openEdit(page);
  await page.getByLabel('Add images').setInputFiles([await writePortrait(dir)]);
  await expect(page.getByRole('img', { name: 'Input 1: portrait.png' })).toBeVisible();
  const prompt = page.getByRole('textbox', { name: 'Prompt' });
  await prompt.fill('put the mug in her hands');

  await page.getByRole('tab', { name: 'Generate' }).click();
  await page.getByRole('button', { name: 'Edit this output' }).click();
  const menu = page.getByRole('menu', { name: 'Edit output 1' });
  await expect(menu).toBeVisible();
  // "Start a new edit" is first and has the focus: Enter takes the default.
  await expect(menu.getByRole('menuitem', { name: /Start a new edit/ })).toBeFocused();
  await loupe.shot('canvas-06-edit-this-output-choice');
  await menu.getByRole('menuitem', { name: /Add to the current edit/ }).click();
  await expect(page.getByRole('tab', { name: 'Edit' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('img', { name: /^Input 1: job-1-output-1\./ })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Input 2: portrait.png' })).toBeVisible();
  await expect(prompt).toHaveValue('put the mug in her hands');

  // Now the default, by keyboard: only the output, an empty prompt, and an Undo.
  await page.getByRole('tab', { name: 'Generate' }).click();
  await page.getByRole('button', { name: 'Edit this output' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem', { name: /Start a new edit/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('tab', { name: 'Edit' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('img', { name: /^Input 1: job-1-output-1\./ })).toBeVisible();
  await expect(page.getByRole('img', { name: /^Input 2:/ })).toHaveCount(0);
  await expect(prompt).toHaveValue('');
  const status = page.getByRole('status').filter({ hasText: 'New edit from job-1-output-1' });
  await expect(status).toHaveText(/cleared 2 images and the prompt/);
  await loupe.shot('canvas-07-started-from-output');
  await status.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('img', { name: 'Input 2: portrait.png' })).toBeVisible();
  await expect(prompt).toHaveValue('put the mug in her hands');
});
