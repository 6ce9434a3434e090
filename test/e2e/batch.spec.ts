/**
 * A photographer's batch as a person runs it: a folder of camera photos in nested
 * subfolders, one prompt, check the folder and both prices, start, pause and resume the
 * queue, quit and reopen Loupe in the middle, and see it finish: the output tree mirrors
 * the input, each result keeps the photo's camera metadata, and the fake API answered
 * each photo exactly once. Then an Economy batch through the Batch API.
 */
import exifr from 'exifr';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { SHOOT, writeShoot } from '../support/batch-photos';
import { DEFAULT_TUNING, enterKey, expect, test } from './fixtures';

test.use({
  hostEnv: { LOUPE_BATCH_ROOTS: tmpdir() },
  // A quit waits for photos in flight (as the app does); economy batches are polled often.
  tuning: { ...DEFAULT_TUNING, shutdownDrainMs: 30_000, batchPollMs: 200 },
});

async function fillRecipe(page: Page, inputDir: string, outputDir: string): Promise<void> {
  await page.getByRole('tab', { name: 'Batch' }).click();
  await page.getByRole('textbox', { name: 'Photo folder' }).fill(inputDir);
  await page.getByRole('textbox', { name: 'Output folder' }).fill(outputDir);
  await page.getByRole('textbox', { name: 'Prompt' }).fill('Warm evening light; keep every face exactly as it is');
  await page.getByRole('combobox', { name: 'Quality' }).selectOption('low');
  await page.getByRole('combobox', { name: 'Size' }).selectOption('1024x1024');
  await page.getByRole('button', { name: 'Check folder' }).click();
  await expect(page.getByRole('region', { name: 'What will run' })).toContainText(`${SHOOT.length} photos in 4 folders`);
}

test('batch now: a nested folder, pause and resume, a restart mid-batch, a mirrored tree with metadata kept and nothing sent twice', async ({ page, loupe }) => {
  const dir = await mkdtemp(join(tmpdir(), 'loupe-e2e-batch-'));
  const inputDir = join(dir, 'wedding');
  const outputDir = join(dir, 'wedding-edited');
  await writeShoot(inputDir);
  loupe.fake.setOptions({ latencyMs: 1200 });
  await enterKey(page);

  // One photo at a time (Settings → Job queue).
  await page.getByRole('tab', { name: 'Settings' }).click();
  const queueSection = page.getByRole('region', { name: 'Job queue' });
  await queueSection.getByRole('spinbutton', { name: 'Jobs at once' }).fill('1');
  await queueSection.getByRole('button', { name: 'Save queue' }).click();
  await expect(queueSection.getByText('Saved: 1 at a time, 50 images a minute per model.')).toBeVisible();
  await queueSection.scrollIntoViewIfNeeded();
  await loupe.shot('batch-00-queue-settings');

  await fillRecipe(page, inputDir, outputDir);
  await expect(page.getByRole('region', { name: 'What will run' })).toContainText('1 file left out');
  await expect(page.getByRole('radio', { name: /Economy · \$/ })).toBeEnabled();
  await loupe.shot('batch-01-checked');

  await page.getByRole('button', { name: 'Start batch' }).click();
  const progress = page.getByRole('region', { name: /^Batch \d+$/ });
  await expect(progress).toBeVisible();
  await progress.getByRole('button', { name: 'Pause queue' }).click();
  await expect(progress.getByRole('button', { name: 'Resume queue' })).toBeVisible();
  await expect(page.getByRole('button', { name: /Queue paused .* Resume/ })).toBeVisible();
  await loupe.shot('batch-02-paused');
  // While paused, at most the photos already on their way are answered.
  await page.waitForTimeout(3000);
  const whilePaused = loupe.fake.requests.filter((r) => r.path === '/v1/images/edits').length;
  expect(whilePaused).toBeLessThanOrEqual(1);
  await progress.getByRole('button', { name: 'Resume queue' }).click();

  // Quit and reopen in the middle: photos in flight finish before the quit, the rest go on once the key is back.
  await expect(progress.getByText(/^\d+ done$/)).not.toHaveText('0 done', { timeout: 30_000 });
  await loupe.shot('batch-03-running');
  await loupe.restart();
  // The browser host keeps the key in memory only: the batch waits for it, then goes on.
  await enterKey(page);
  await page.getByRole('tab', { name: 'Batch' }).click();
  await page.getByRole('button', { name: /wedding/ }).first().click();
  await expect(page.getByRole('heading', { name: `Finished · ${SHOOT.length} of ${SHOOT.length} photos` })).toBeVisible({ timeout: 60_000 });

  // Review: approve one, reject another.
  await page.getByRole('group', { name: 'Review arrival.jpg' }).getByRole('button', { name: 'Approve' }).click();
  await page.getByRole('group', { name: 'Review party/dance.jpg' }).getByRole('button', { name: 'Reject' }).click();
  await expect(page.getByText('1 approved, 1 rejected')).toBeVisible();
  await expect(page.getByRole('img', { name: 'ceremony/vows.jpg after' })).toBeVisible();
  await loupe.shot('batch-04-finished');

  // The output tree mirrors the photos', each result keeps its camera's EXIF and IPTC.
  for (const rel of SHOOT) expect((await stat(join(outputDir, ...rel.split('/')))).isFile()).toBe(true);
  const cake = await exifr.parse(await readFile(join(outputDir, 'party', 'late', 'cake.jpg')), { tiff: true, iptc: true, translateValues: false });
  expect([cake.Make, cake.Model, cake.Byline]).toEqual(['Canon', 'EOS R5', 'Ada Lovelace']);
  // Each photo was answered once: nothing was sent twice across the restart.
  const edits = loupe.fake.requests.filter((r) => r.path === '/v1/images/edits');
  expect(edits.filter((r) => r.status === 200)).toHaveLength(SHOOT.length);
  expect(edits).toHaveLength(SHOOT.length);
});

test('batch economy: half price through the Batch API, results mapped back to each photo', async ({ page, loupe }) => {
  const dir = await mkdtemp(join(tmpdir(), 'loupe-e2e-economy-'));
  const inputDir = join(dir, 'catalogue');
  const outputDir = join(dir, 'catalogue-edited');
  await writeShoot(inputDir);
  loupe.fake.setOptions({ batchTimings: { validatingMs: 300, inProgressMs: 2500, finalizingMs: 300, expiresAfterMs: 24 * 3600 * 1000 } });
  await enterKey(page);

  await fillRecipe(page, inputDir, outputDir);
  const economy = page.getByRole('radio', { name: /Economy · \$/ });
  const now = page.getByRole('radio', { name: /Now · \$/ });
  const price = async (r: typeof now) => Number(/\$([\d.]+)/.exec((await r.locator('xpath=..').textContent()) ?? '')![1]);
  expect(await price(economy)).toBeCloseTo((await price(now)) / 2, 2);
  await economy.check();
  await page.getByRole('button', { name: 'Check folder' }).click();
  await expect(page.getByRole('region', { name: 'What will run' })).toBeVisible();
  await page.getByRole('button', { name: 'Start batch' }).click();
  await expect(page.getByRole('heading', { name: /Waiting for the Batch API/ })).toBeVisible();
  await expect(page.getByText(/Batch API: (validating|in_progress|finalizing)/)).toBeVisible();
  await loupe.shot('batch-05-economy-waiting');
  await expect(page.getByRole('heading', { name: `Finished · ${SHOOT.length} of ${SHOOT.length} photos` })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText(/Economy \(half price\)/)).toBeVisible();
  await loupe.shot('batch-06-economy-finished');

  expect(loupe.fake.batches.batches.size).toBe(1);
  expect(loupe.fake.requests.filter((r) => r.path.startsWith('/v1/images/') && !r.viaBatch)).toHaveLength(0);
  for (const rel of SHOOT) expect((await stat(join(outputDir, ...rel.split('/')))).isFile()).toBe(true);
});
