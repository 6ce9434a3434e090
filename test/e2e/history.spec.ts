/**
 * History at working-studio scale (issue #4), as a person uses it: three jobs, search,
 * filters, favourite, tag, details, an edit and its lineage tree, re-run, delete, a
 * backup restored; saved files carry their prompt in XMP read back by a standard
 * library; the cost ledger, its CSV, and a project budget warning.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as exifrModule from 'exifr';
import type { Page } from '@playwright/test';
import { test, expect, enterKey, type Loupe } from './fixtures';

// exifr ships CommonJS and ESM builds; the test runner may hand either shape.
const exifr = ((exifrModule as unknown as { default?: typeof exifrModule }).default ?? exifrModule) as typeof exifrModule;

const PROMPTS = ['a red bicycle against a brick wall', 'a bowl of ramen with a soft egg', 'a lighthouse on a cliff at dusk'];

async function tab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name, exact: true }).click();
}

async function generate(page: Page, prompt: string): Promise<void> {
  await tab(page, 'Generate');
  await page.getByRole('textbox', { name: 'Prompt' }).fill(prompt);
  const stream = page.getByRole('checkbox', { name: /Stream previews/ });
  if (await stream.isChecked()) await stream.click();
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await expect(page.getByRole('img', { name: `Output 1 of 1: ${prompt}` })).toBeVisible({ timeout: 30_000 });
}

const jobs = (page: Page) => page.getByRole('list', { name: 'Jobs' }).or(page.getByRole('grid', { name: 'Jobs' })).first();
const details = (page: Page) => page.getByRole('complementary', { name: 'Job details' });

async function openJob(page: Page, prompt: string): Promise<void> {
  await jobs(page).getByText(prompt, { exact: true }).first().click();
  await expect(details(page).getByText(prompt).first()).toBeVisible();
}

async function count(page: Page, n: number): Promise<void> {
  await expect(page.getByText(new RegExp(`^${n} jobs?$`))).toBeVisible();
}

test('history: search, filter, favourite, tag, details, lineage, re-run, delete, restore', async ({ page, loupe }) => {
  await enterKey(page);
  for (const p of PROMPTS) await generate(page, p);

  await tab(page, 'History');
  await count(page, 3);
  await loupe.shot('history-01-three-jobs');

  // Search narrows to one.
  await page.getByRole('searchbox', { name: 'Search' }).fill('ramen');
  await count(page, 1);
  await expect(jobs(page).getByText(PROMPTS[1]!)).toBeVisible();
  await expect(jobs(page).getByText(PROMPTS[0]!)).toHaveCount(0);
  await loupe.shot('history-02-search');
  await page.getByRole('searchbox', { name: 'Search' }).fill('');
  await count(page, 3);

  // Favourite and tag the bicycle; details show what it takes to reproduce it.
  await openJob(page, PROMPTS[0]!);
  await details(page).getByRole('button', { name: 'Favourite' }).click();
  await expect(details(page).getByRole('button', { name: 'Favourite' })).toHaveAttribute('aria-pressed', 'true');
  await details(page).getByRole('textbox', { name: 'Add tag' }).fill('client-acme');
  await details(page).getByRole('textbox', { name: 'Add tag' }).press('Enter');
  await expect(details(page).getByRole('button', { name: 'Remove tag client-acme' })).toBeVisible();
  await expect(details(page).getByText(/req_[0-9a-f]+/).first()).toBeVisible();
  await expect(details(page).getByText('GPT Image 2.6 Sunburst').first()).toBeVisible();
  await loupe.shot('history-03-details');

  // Filters: favourites only, then by tag; the tag is searchable too.
  await page.getByRole('checkbox', { name: 'Favourites only' }).check();
  await count(page, 1);
  await page.getByRole('checkbox', { name: 'Favourites only' }).uncheck();
  await page.getByLabel('Tag', { exact: true }).selectOption('client-acme');
  await count(page, 1);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await count(page, 3);
  await page.getByRole('searchbox', { name: 'Search' }).fill('acme');
  await count(page, 1);
  await page.getByRole('searchbox', { name: 'Search' }).fill('');

  // Edit an output of the lighthouse, then see the lineage tree.
  await openJob(page, PROMPTS[2]!);
  await details(page).getByRole('button', { name: /^Edit( this output)?$/ }).first().click();
  await expect(page.getByRole('tab', { name: 'Edit' })).toHaveAttribute('aria-selected', 'true');
  const edited = 'the same lighthouse under a starry sky';
  await page.getByRole('textbox', { name: 'Prompt' }).fill(edited);
  await page.getByRole('button', { name: 'Run edit' }).click();
  await expect(page.getByRole('img', { name: `Output 1 of 1: ${edited}` })).toBeVisible({ timeout: 30_000 });
  await tab(page, 'History');
  await count(page, 4);
  await openJob(page, edited);
  const tree = details(page).getByRole('tree', { name: 'Lineage' });
  await expect(tree.getByRole('treeitem')).toHaveCount(2);
  await expect(tree.getByText(PROMPTS[2]!)).toBeVisible();
  await loupe.shot('history-04-lineage');

  // Re-run the lighthouse with the same settings.
  await openJob(page, PROMPTS[2]!);
  await details(page).getByRole('button', { name: 'Re-run' }).click();
  await count(page, 5);
  await expect(jobs(page).getByText(PROMPTS[2]!, { exact: true })).toHaveCount(2);

  // Back up, delete the ramen job, restore the backup: it is back.
  await tab(page, 'Settings');
  await page.getByRole('button', { name: 'Back up library' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Backed up 5 jobs/ })).toBeVisible();
  await tab(page, 'History');
  await openJob(page, PROMPTS[1]!);
  await details(page).getByRole('button', { name: 'Delete job' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await count(page, 4);
  await expect(jobs(page).getByText(PROMPTS[1]!)).toHaveCount(0);

  await tab(page, 'Settings');
  await page.getByRole('button', { name: /^Restore .*\.loupe-backup$/ }).first().click();
  await page.getByRole('dialog').getByRole('button', { name: 'Restore' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Library restored: 5 jobs/ })).toBeVisible();
  await tab(page, 'History');
  await count(page, 5);
  await expect(jobs(page).getByText(PROMPTS[1]!)).toBeVisible();
  await loupe.shot('history-05-restored');

  // Saved files carry their prompt as XMP, read back by a standard library.
  const files = (await readdir(loupe.outputDir)).filter((f) => f.endsWith('.png'));
  expect(files.length).toBeGreaterThanOrEqual(5);
  const described: string[] = [];
  for (const f of files) {
    const meta = (await exifr.parse(await readFile(join(loupe.outputDir, f)), { xmp: true })) as Record<string, unknown> | undefined;
    const d = meta?.['description'];
    described.push(typeof d === 'string' ? d : String((d as { value?: string } | undefined)?.value ?? JSON.stringify(d)));
  }
  for (const p of PROMPTS) expect(described.some((d) => d.includes(p))).toBe(true);
});

async function costRows(loupe: Loupe): Promise<number> {
  const s = await loupe.host.core.handlers['ledger:summary']({ groupBy: 'model' });
  return s.totalUsd;
}

test('cost ledger with chart and CSV; a project budget warns before sending', async ({ page, loupe }) => {
  await enterKey(page);
  await generate(page, PROMPTS[0]!);
  await generate(page, PROMPTS[1]!);

  await tab(page, 'Costs');
  await page.getByRole('radiogroup', { name: 'Group by' }).getByRole('radio', { name: 'Model' }).check();
  const table = page.getByRole('table');
  await expect(table.getByText('GPT Image 2.6 Sunburst').first()).toBeVisible();
  const total = await costRows(loupe);
  expect(total).toBeGreaterThan(0);
  await expect(table.getByText(`$${total.toFixed(4)}`).or(table.getByText(`$${total.toFixed(2)}`)).first()).toBeVisible();
  await expect(page.getByRole('img', { name: /cost|Cost|\$/ }).first()).toBeVisible();
  await loupe.shot('costs-01-by-model');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const csv = await readFile(await (await download).path(), 'utf8');
  expect(csv.split('\n')[0]).toMatch(/date.*job.*model.*cost/i);
  expect(csv).toContain(PROMPTS[1]);

  // A project with a tiny budget: the next job asks before going over it.
  await tab(page, 'Settings');
  await page.getByLabel('Project name').fill('Acme shoot');
  await page.getByLabel('Budget (USD)').fill('0.05');
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByText('Acme shoot').first()).toBeVisible();
  await tab(page, 'Generate');
  await page.getByLabel('Project', { exact: true }).selectOption({ label: 'Acme shoot' });
  await page.getByLabel('Quality').selectOption('high');
  await page.getByRole('textbox', { name: 'Prompt' }).fill('a very detailed city map');
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  const dialog = page.getByRole('alertdialog', { name: /^Over budget/ });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Acme shoot');
  await loupe.shot('costs-02-over-budget');
  const before = loupe.fake.requests.length;
  await dialog.getByRole('button', { name: 'Send anyway' }).click();
  await expect(page.getByRole('img', { name: 'Output 1 of 1: a very detailed city map' })).toBeVisible({ timeout: 30_000 });
  expect(loupe.fake.requests.length).toBeGreaterThan(before);
});
