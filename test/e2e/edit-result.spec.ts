/**
 * The edit's result where the eye is (issue 14): after Run edit the canvas shows the edit
 * running, then the result against its source with a before/after split (mouse and keys),
 * a difference heat map with the change outside the mask in figures, Locked/Raw with the
 * exact file each is saved as, "Save raw", and Keep / Try again / Discard. Then the setting
 * "Also save the raw output" saving it on arrival.
 */
import sharp from 'sharp';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, enterKey, type Loupe } from './fixtures';
import { writePortrait } from './images';

const edits = (loupe: Loupe) => loupe.fake.requests.filter((r) => r.path.endsWith('/images/edits'));

async function latestOutput(loupe: Loupe) {
  const { items } = await loupe.host.core.handlers['history:list']({ limit: 1 });
  return { job: items[0]!, output: items[0]!.outputs[0]! };
}

async function paintMask(page: Page): Promise<void> {
  const painter = page.getByRole('img', { name: 'Mask painter for portrait.png' });
  const box = (await painter.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.42, box.y + box.height * 0.3);
  await page.mouse.down();
  for (let i = 0; i <= 10; i++) await page.mouse.move(box.x + box.width * (0.42 + i * 0.016), box.y + box.height * (0.3 + i * 0.02));
  await page.mouse.up();
  await expect(page.getByText(/Mask covers \d+(\.\d+)?% of the image/)).toBeVisible();
}

test('edit result in place: progress, split by mouse and keys, heat map, Locked/Raw with their files, Save raw, keep, try again, discard', async ({ page, loupe }) => {
  test.setTimeout(150_000);
  const dir = await mkdtemp(join(tmpdir(), 'loupe-e2e-files-'));
  await enterKey(page);
  await page.getByRole('tab', { name: 'Edit' }).click();
  await page.getByLabel('Add images').setInputFiles([await writePortrait(dir)]);
  await paintMask(page);
  const prompt = 'give the person round glasses [fake:latency:2500]';
  await page.getByRole('textbox', { name: 'Prompt' }).fill(prompt);
  // Not streamed: the delayed answer is then one wait, not a stream that may look stalled on a busy machine.
  await page.getByRole('checkbox', { name: 'Stream previews' }).uncheck();
  await page.getByRole('button', { name: 'Run edit' }).click();

  // Running: the canvas's place says so, with the source under it.
  const stage = page.getByRole('region', { name: /^Edit running/ });
  await expect(stage).toBeVisible();
  await expect(stage.getByRole('status')).toHaveText(/Running|Waiting/);
  await loupe.shot('result-01-running');

  // Done: the result against its source, split in the middle.
  const result = page.getByRole('region', { name: /^Result/ });
  await expect(result).toBeVisible({ timeout: 60_000 });
  const viewer = result.getByRole('group', { name: `Edit result against its source: ${prompt}` });
  await expect(viewer.getByRole('button', { name: 'Split' })).toHaveAttribute('aria-pressed', 'true');
  const slider = viewer.getByRole('slider', { name: 'Before and after split' });
  await expect(slider).toHaveAttribute('aria-valuenow', '50');
  // Keys: arrows move by 1, Shift by 10, Home to the edge.
  await slider.focus();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Shift+ArrowLeft');
  await expect(slider).toHaveAttribute('aria-valuenow', '39');
  // Mouse: drag the divider to a quarter of the picture.
  const pane = (await slider.locator('..').boundingBox())!;
  const handle = (await slider.boundingBox())!;
  await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
  await page.mouse.down();
  await page.mouse.move(pane.x + pane.width * 0.5, handle.y + handle.height / 2, { steps: 4 });
  await page.mouse.move(pane.x + pane.width * 0.25, handle.y + handle.height / 2, { steps: 4 });
  await page.mouse.up();
  await expect.poll(async () => Number(await slider.getAttribute('aria-valuenow'))).toBeGreaterThanOrEqual(23);
  await expect.poll(async () => Number(await slider.getAttribute('aria-valuenow'))).toBeLessThanOrEqual(27);

  // The heat map: where the model changed pixels, the change outside the mask in figures.
  await viewer.getByRole('button', { name: 'Heat map' }).click();
  await expect(viewer.getByRole('img', { name: /^Difference heat map: Source against Result, pixel-locked/ })).toBeVisible({ timeout: 30_000 });
  await expect(viewer.getByText(/Outside the mask (under 0\.1%|[\d.]+%) of pixels changed \(mean ΔE [\d.]+\); inside [\d.]+%/)).toBeVisible();
  await loupe.shot('result-02-split-heat-map');
  // H toggles it from the keyboard.
  await viewer.focus();
  await page.keyboard.press('h');
  await expect(viewer.getByRole('button', { name: 'Heat map' })).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('h');
  await expect(viewer.getByRole('button', { name: 'Heat map' })).toHaveAttribute('aria-pressed', 'true');

  // Locked: the line names the locked file. Raw: not saved, until "Save raw" writes it.
  const first = await latestOutput(loupe);
  expect(first.output.savedPath).toMatch(/\.png$/);
  await expect(result.getByText(`Saved to ${first.output.savedPath}`, { exact: true })).toBeVisible();
  await result.getByRole('button', { name: 'Show the raw result' }).click();
  await expect(result.getByText('The raw output is not saved to your folder (the saved file is the locked version)', { exact: true })).toBeVisible();
  await expect(viewer.getByRole('img', { name: /^Difference heat map: Source against Result, raw from the model/ })).toBeVisible({ timeout: 30_000 });
  await result.getByRole('button', { name: 'Save raw' }).click();
  await expect.poll(async () => (await latestOutput(loupe)).output.rawSavedPath).not.toBeNull();
  const raw = (await latestOutput(loupe)).output.rawSavedPath!;
  // Same folder, same name as the locked file with "-raw" (both PNG here).
  expect(first.output.mime).toBe('image/png');
  expect(raw).toBe(first.output.savedPath!.replace(/\.png$/, '-raw.png'));
  await expect(result.getByText(`Saved to ${raw}`, { exact: true })).toBeVisible();
  expect(existsSync(raw)).toBe(true);
  // The raw file is the model's own image, at the size it returned.
  const meta = await sharp(raw).metadata();
  expect([meta.width, meta.height]).toEqual([first.output.width, first.output.height]);
  await loupe.shot('result-03-raw-saved');

  // Keep: back to the canvas, with the mask and prompt as they were.
  await result.getByRole('button', { name: 'Keep' }).click();
  await expect(page.getByRole('img', { name: 'Mask painter for portrait.png' })).toBeVisible();
  await expect(page.getByText(/Mask covers \d+(\.\d+)?% of the image/)).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Prompt' })).toHaveValue(prompt);

  // Try again from a result sends the same edit again; Discard removes that result.
  await page.getByRole('button', { name: 'Run edit' }).click();
  await expect(page.getByRole('region', { name: /^Result/ })).toBeVisible({ timeout: 60_000 });
  await page.getByRole('region', { name: /^Result/ }).getByRole('button', { name: 'Try again' }).click();
  await expect.poll(() => edits(loupe).length, { timeout: 60_000 }).toBe(3);
  await expect(page.getByRole('region', { name: /^Result job #3$/ })).toBeVisible({ timeout: 60_000 });
  expect(edits(loupe)[2]!.fields!['prompt']).toBe(edits(loupe)[1]!.fields!['prompt']);
  await page.getByRole('region', { name: /^Result/ }).getByRole('button', { name: 'Discard' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Discard' }).click();
  await expect(page.getByRole('img', { name: 'Mask painter for portrait.png' })).toBeVisible();
  const { total } = await loupe.host.core.handlers['history:search']({ filter: { sort: 'newest' } });
  expect(total).toBe(2);

  // The setting saves the raw output as each locked edit arrives.
  await page.getByRole('tab', { name: 'Settings' }).click();
  await page.getByRole('checkbox', { name: 'Also save the raw output' }).check();
  await expect(page.getByText('Output settings saved.')).toBeVisible();
  await page.getByRole('tab', { name: 'Edit' }).click();
  await page.getByRole('button', { name: 'Run edit' }).click();
  // (A deleted job's number can be given again, so the result is found by its place, not its number.)
  const last = page.getByRole('region', { name: /^Result/ });
  await expect(last).toBeVisible({ timeout: 60_000 });
  const fourth = await latestOutput(loupe);
  // A new file (same name, so numbered: nothing is ever overwritten).
  expect(fourth.output.rawSavedPath).toMatch(/_1-raw-\d+\.png$/);
  expect(fourth.output.rawSavedPath).not.toBe(raw);
  expect(existsSync(fourth.output.rawSavedPath!)).toBe(true);
  await last.getByRole('button', { name: 'Show the raw result' }).click();
  await expect(last.getByText(`Saved to ${fourth.output.rawSavedPath}`, { exact: true })).toBeVisible();
});

test('a streamed preview shows where the canvas was while the edit runs; a failed edit hands the canvas back', async ({ page, loupe }) => {
  const dir = await mkdtemp(join(tmpdir(), 'loupe-e2e-files-'));
  await enterKey(page);
  await page.getByRole('tab', { name: 'Edit' }).click();
  await page.getByLabel('Add images').setInputFiles([await writePortrait(dir)]);
  await paintMask(page);
  // One preview, then the stream stalls: the preview stays on screen until Loupe gives up waiting.
  const prompt = 'give the person a yellow scarf [fake:stall:1]';
  await page.getByRole('textbox', { name: 'Prompt' }).fill(prompt);
  await page.getByRole('checkbox', { name: 'Stream previews' }).check();
  await page.getByRole('spinbutton', { name: 'Partial images' }).fill('2');
  await page.getByRole('button', { name: 'Run edit' }).click();
  const stage = page.getByRole('region', { name: /^Edit running/ });
  await expect(stage.getByRole('img', { name: `Preview of the edit in progress: ${prompt}` })).toBeVisible({ timeout: 30_000 });
  await expect(stage.getByRole('status')).toHaveText('A first look from the model: the finished image follows.');
  await loupe.shot('result-04-streamed-preview');
  // The stall fails the edit: the canvas comes back with the mask and prompt, the error in the list.
  await expect(page.getByText('The stream stalled: outcome unknown')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('img', { name: 'Mask painter for portrait.png' })).toBeVisible();
  await expect(page.getByText(/Mask covers \d+(\.\d+)?% of the image/)).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Prompt' })).toHaveValue(prompt);
  expect(edits(loupe)).toHaveLength(1);
});
