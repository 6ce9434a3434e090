/**
 * Judging and finding (issue #14), as a person works through a day's images: Lightroom's keys
 * on a job and on one output (stars, pick, reject, colour label), filters by them, a bulk tag
 * and a bulk rating undone, stemmed search and #job numbers, a moderation refusal folded in
 * History, dismissed from Generate's feed (still dismissed after a restart), filtered and
 * exported as CSV for an appeal.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { test, expect, enterKey } from './fixtures';

async function tab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name, exact: true }).click();
}

async function generate(page: Page, prompt: string, n = 1): Promise<void> {
  await tab(page, 'Generate');
  await page.getByRole('textbox', { name: 'Prompt' }).fill(prompt);
  await page.getByLabel('Images', { exact: true }).fill(String(n));
  const stream = page.getByRole('checkbox', { name: /Stream previews/ });
  if (await stream.isChecked()) await stream.click();
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
}

const jobs = (page: Page) => page.getByRole('list', { name: 'Jobs' });
const item = (page: Page, text: string) => jobs(page).getByRole('listitem').filter({ hasText: text });
const details = (page: Page) => page.getByRole('complementary', { name: 'Job details' });
const count = (page: Page, n: number) => expect(page.getByText(new RegExp(`^${n} jobs?$`))).toBeVisible();
const notice = (page: Page) => page.locator('.history-notice');

const LILIES = 'white lilies in a glass jar';
const BOAT = 'a paper boat on a pond';
const TULIPS = 'red tulips on a windowsill';
const REFUSED = 'two knights fighting in a courtyard';

test('judging by keyboard, filters, bulk tag, stemmed search, #job, a refusal dismissed and exported', async ({ page, loupe }) => {
  await enterKey(page);
  await generate(page, LILIES, 2);
  await expect(page.getByRole('img', { name: `Output 2 of 2: ${LILIES}` })).toBeVisible({ timeout: 30_000 });
  await generate(page, BOAT);
  await expect(page.getByRole('img', { name: `Output 1 of 1: ${BOAT}` })).toBeVisible({ timeout: 30_000 });
  await generate(page, TULIPS);
  await expect(page.getByRole('img', { name: `Output 1 of 1: ${TULIPS}` })).toBeVisible({ timeout: 30_000 });

  // A refusal: shown with its category in Generate's feed, then dismissed from it.
  loupe.fake.queueFault({ kind: 'moderation', categories: ['violence'], stage: 'input', match: 'generations', times: 1 });
  await generate(page, REFUSED);
  const refusedCard = page.getByRole('article').filter({ hasText: REFUSED });
  await expect(refusedCard.getByRole('alert')).toContainText('violence', { timeout: 30_000 });
  await loupe.shot('organise-01-refusal-in-feed');
  await refusedCard.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByRole('article').filter({ hasText: REFUSED })).toHaveCount(0);
  await expect(page.getByRole('article').filter({ hasText: TULIPS })).toBeVisible();
  await loupe.shot('organise-02-feed-after-dismiss');

  await tab(page, 'History');
  await count(page, 4);
  // The failed job is folded to its reason, category and request id.
  const failed = item(page, REFUSED);
  await expect(failed.locator('.g-failed-box')).toContainText('Category: violence');
  await expect(failed.locator('.g-failed-box')).toContainText(/req_/);
  await expect(failed).toContainText('Dismissed from Generate');
  await page.getByRole('button', { name: 'List', exact: true }).click();
  await expect(item(page, REFUSED).locator('.g-failed-box')).toContainText('Category: violence');
  await loupe.shot('organise-02b-failed-row-in-list');
  await page.getByRole('button', { name: 'Grid', exact: true }).click();

  // Lightroom keys on a focused job: 4 stars, pick, green, on both of its images.
  const lilies = item(page, LILIES);
  await lilies.focus();
  await page.keyboard.press('4');
  await page.keyboard.press('p');
  await page.keyboard.press('8');
  await expect(lilies.getByRole('img', { name: 'Marks: 4 stars, picked, green' })).toHaveCount(2);
  await expect(notice(page)).toHaveText('Labelled 2 outputs green.');
  // 8 again takes the label off; 8 once more puts it back.
  // (A toggle reads what is shown, so each press waits for the last one to be answered.)
  await page.keyboard.press('8');
  await expect(notice(page)).toHaveText('Took the label off 2 outputs.');
  await expect(lilies.getByRole('img', { name: 'Marks: 4 stars, picked' })).toHaveCount(2);
  await page.keyboard.press('8');
  await expect(notice(page)).toHaveText('Labelled 2 outputs green.');
  await expect(lilies.getByRole('img', { name: 'Marks: 4 stars, picked, green' })).toHaveCount(2);
  await loupe.shot('organise-03-marked-by-keyboard');

  // One output in the details: 2 stars and rejected, by keyboard on the image.
  await item(page, BOAT).getByText(BOAT, { exact: true }).click();
  await expect(details(page).getByText(BOAT).first()).toBeVisible();
  const frame = details(page).getByRole('group', { name: /^Output 1 of 1/ });
  await frame.focus();
  await page.keyboard.press('2');
  await page.keyboard.press('x');
  await expect(details(page).getByRole('group', { name: 'Rating of output 1' }).getByRole('button', { name: '2 stars' })).toHaveAttribute('aria-pressed', 'true');
  await expect(details(page).getByRole('group', { name: 'Flag of output 1' }).getByRole('button', { name: /Reject/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(item(page, BOAT).getByRole('img', { name: 'Marks: 2 stars, rejected' })).toBeVisible();
  await loupe.shot('organise-04-details-marks');
  await details(page).getByRole('button', { name: 'Close details' }).click();

  // Filters by rating, flag and label; sort by best rating.
  await page.getByLabel('Rating').selectOption('4');
  await count(page, 1);
  await expect(item(page, LILIES)).toBeVisible();
  await page.getByLabel('Rating').selectOption('');
  await page.getByLabel('Flag').selectOption('reject');
  await count(page, 1);
  await expect(item(page, BOAT)).toBeVisible();
  await page.getByLabel('Flag').selectOption('pick');
  await count(page, 1);
  await page.getByRole('checkbox', { name: 'Favourites only' }).check(); // a pick is a favourite
  await count(page, 1);
  await page.getByRole('checkbox', { name: 'Favourites only' }).uncheck();
  await page.getByLabel('Flag').selectOption('');
  await page.getByLabel('Label').selectOption('green');
  await count(page, 1);
  await expect(item(page, LILIES)).toBeVisible();
  await loupe.shot('organise-05-filtered-by-label');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await count(page, 4);
  await page.getByLabel('Sort').selectOption('rating-desc');
  await expect(jobs(page).getByRole('listitem').first()).toContainText(LILIES);
  await expect(jobs(page).getByRole('listitem').nth(1)).toContainText(BOAT);
  await page.getByLabel('Sort').selectOption('newest');

  // Bulk: tag two jobs, then rate them and take the rating back.
  await page.getByRole('checkbox', { name: 'Select job 2' }).check();
  await page.getByRole('checkbox', { name: 'Select job 3' }).check();
  const bar = page.getByRole('group', { name: 'Selected jobs' });
  await bar.getByLabel('Tag to add').fill('spring');
  await bar.getByRole('button', { name: 'Add tag' }).click();
  await expect(notice(page)).toHaveText('Tagged 2 jobs "spring".');
  await expect(item(page, BOAT).getByText('spring')).toBeVisible();
  await expect(item(page, TULIPS).getByText('spring')).toBeVisible();
  await bar.getByLabel('Rate images').selectOption('5');
  await expect(notice(page)).toHaveText('Rated 2 outputs 5 stars.');
  await expect(item(page, TULIPS).getByRole('img', { name: 'Marks: 5 stars' })).toBeVisible();
  await loupe.shot('organise-06-bulk-tag-and-rate');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(notice(page)).toHaveText('Undone: rated 2 outputs 5 stars.');
  await expect(item(page, TULIPS).getByRole('img', { name: /^Marks:/ })).toHaveCount(0);
  await expect(item(page, BOAT).getByRole('img', { name: 'Marks: 2 stars, rejected' })).toBeVisible();
  await bar.getByRole('button', { name: 'Clear selection' }).click();
  await page.getByLabel('Tag').selectOption('spring');
  await count(page, 2);
  await page.getByRole('button', { name: 'Clear filters' }).click();

  // Search finds what people type: a singular finds the plural, #2 finds job 2.
  const search = page.getByRole('searchbox', { name: 'Search' });
  await search.fill('lily');
  await count(page, 1);
  await expect(item(page, LILIES)).toBeVisible();
  await loupe.shot('organise-07-lily-finds-lilies');
  await search.fill('#2');
  await count(page, 1);
  await expect(item(page, BOAT)).toBeVisible();
  await loupe.shot('organise-08-job-number');
  await search.fill('');
  await count(page, 4);

  // Moderation refusals: filtered, and saved as CSV with category and request id.
  await page.getByRole('checkbox', { name: 'Refused by moderation' }).check();
  await count(page, 1);
  await expect(item(page, REFUSED)).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export refusals (CSV)' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^loupe-refusals-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile(await file.path(), 'utf8');
  const [header, row, extra] = csv.trimEnd().split('\r\n');
  expect(header).toBe('Job,Date (UTC),Model,Kind,Stage,Categories,Request ids,Prompt,Message');
  expect(row).toMatch(new RegExp(`^4,.*,generate,input,violence,req_\\w+.*,${REFUSED},`));
  expect(extra).toBeUndefined();
  await expect(page.getByText('Saved 1 refusal as')).toBeVisible();
  await loupe.shot('organise-09-refusals-filter-and-csv');

  // After a restart the marks, the tag and the dismissal are all still there.
  await loupe.restart();
  await tab(page, 'History');
  await count(page, 4);
  await expect(item(page, LILIES).getByRole('img', { name: 'Marks: 4 stars, picked, green' })).toHaveCount(2);
  await expect(item(page, REFUSED)).toContainText('Dismissed from Generate');
  await loupe.shot('organise-10-after-restart');
});
