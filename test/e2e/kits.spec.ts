/**
 * Brand kits as a brand team uses them: make a kit with the real logo, export it (a
 * download), delete it, import the file back, apply a preset to an edit with a photo,
 * and check what the API received (the logo first, on the policy's model and quality,
 * the preservation sentence in the prompt), the kit version in History and the job in
 * the kit's Where used.
 */
import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_POLICY } from '../../electron/shared';
import { test, expect, enterKey } from './fixtures';
import { writeLogo, writePortrait } from './images';

test('kit: create with a logo, export, delete, import, apply a preset to an edit, History and Where used', async ({ page, loupe }) => {
  const dir = await mkdtemp(join(tmpdir(), 'loupe-e2e-kit-'));
  const logo = await writeLogo(dir, 'logo.png', 400);
  const portrait = await writePortrait(dir, 'cafe.png', 1200, 900);
  await enterKey(page);

  // Create the kit and give it its logo.
  await page.getByRole('tab', { name: 'Kits' }).click();
  await page.getByRole('button', { name: 'New kit' }).click();
  const name = page.getByRole('textbox', { name: 'Kit name' });
  await expect(name).toHaveValue('New kit');
  await name.fill('Acme Coffee');
  await name.press('Enter');
  await expect(page.getByRole('button', { name: /Acme Coffee/ })).toBeVisible();
  await page.getByLabel('Add assets').setInputFiles(logo);
  await expect(page.getByRole('img', { name: 'logo.png', exact: true })).toBeVisible();
  await page.getByLabel('Brand colours').fill('Roast #5b3a29\nFoam #f4efe6');
  await page.getByRole('button', { name: 'Save notes' }).click();
  await expect(page.getByRole('region', { name: 'Brand notes' }).getByRole('status')).toHaveText('Saved.');
  await page.getByRole('textbox', { name: 'Kit name' }).scrollIntoViewIfNeeded();
  await loupe.shot('kits-01-kit-with-logo');

  // Export: a download of one file.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export kit' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('Acme-Coffee.loupe-kit');
  const file = join(dir, download.suggestedFilename());
  await download.saveAs(file);
  expect((await stat(file)).size).toBeGreaterThan(1000);

  // Delete, with confirmation.
  await page.getByRole('button', { name: 'Delete kit' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Delete kit Acme Coffee?');
  await loupe.shot('kits-02-delete-confirm');
  await dialog.getByRole('button', { name: 'Delete kit' }).click();
  await expect(page.getByText(/No kits yet/)).toBeVisible();

  // Import the file: the same kit comes back.
  await page.getByLabel('Import kit').setInputFiles(file);
  await expect(page.getByRole('status').filter({ hasText: 'Imported Acme Coffee with 1 asset.' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Kit name' })).toHaveValue('Acme Coffee');
  await expect(page.getByRole('img', { name: 'logo.png', exact: true })).toBeVisible();
  await expect(page.getByLabel('Brand colours')).toHaveValue('Roast #5b3a29\nFoam #f4efe6');

  // Apply the hero banner preset: Edit opens with the logo first and the prompt ready.
  await page.getByRole('textbox', { name: 'Hero banner: scene' }).fill('a barista pouring latte art at dawn');
  await page.getByRole('button', { name: 'Apply preset Hero banner' }).scrollIntoViewIfNeeded();
  await loupe.shot('kits-03-presets');
  await page.getByRole('button', { name: 'Apply preset Hero banner' }).click();
  await expect(page.getByRole('tab', { name: 'Edit' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('img', { name: 'Input 1: logo.png' })).toBeVisible();
  await page.getByLabel('Add images').setInputFiles(portrait);
  await expect(page.getByRole('img', { name: 'Input 2: cafe.png' })).toBeVisible();
  const policy = page.getByRole('region', { name: /Brand kit: Acme Coffee/ });
  await expect(policy).toContainText('GPT Image 2.6 Sunburst, quality at least high');
  await expect(policy).toContainText("This edit follows the kit's policy.");
  const prompt = page.getByRole('textbox', { name: 'Prompt' });
  await expect(prompt).toHaveValue(/^A wide hero banner for Acme Coffee: a barista pouring latte art at dawn\./);
  await expect(prompt).toHaveValue(new RegExp(`${DEFAULT_POLICY.preservation.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  await loupe.shot('kits-04-edit-with-policy');

  // Changing the model away from the policy is flagged before sending, and one click restores it.
  await page.getByLabel('Model').selectOption('gpt-image-2');
  await expect(policy).toContainText("The kit's policy asks for model GPT Image 2.6 Sunburst");
  await loupe.shot('kits-05-policy-drift');
  await policy.getByRole('button', { name: 'Apply policy' }).click();
  await expect(policy).toContainText("This edit follows the kit's policy.");

  await page.getByRole('button', { name: 'Run edit' }).click();
  await expect(page.getByRole('img', { name: /^Output 1 of 1: A wide hero banner for Acme Coffee/ })).toBeVisible({ timeout: 60_000 });

  // What the fake API received.
  const edits = loupe.fake.requests.filter((r) => r.path.endsWith('/images/edits'));
  expect(edits).toHaveLength(1);
  const sent = edits[0]!;
  const images = sent.files!.filter((f) => f.field === 'image[]');
  expect(images).toHaveLength(2);
  expect([images[0]!.width, images[0]!.height]).toEqual([400, 400]);
  expect(images[0]!.hasAlpha).toBe(true);
  expect(sent.fields!['model']).toBe(DEFAULT_POLICY.model);
  expect(sent.fields!['quality']).toBe('high');
  expect(sent.fields!['prompt']).toContain(DEFAULT_POLICY.preservation);
  expect(sent.fields!['prompt']).toContain('Roast #5B3A29');

  // History shows the kit and the version of its logo.
  await page.getByRole('tab', { name: 'History' }).click();
  await page.getByRole('list', { name: 'Jobs' }).getByText(/A wide hero banner for Acme Coffee/).first().click();
  const details = page.getByRole('complementary', { name: 'Job details' });
  const kitFacts = details.getByRole('region', { name: 'Brand kit' });
  await expect(kitFacts).toContainText('Acme Coffee version 1 · Hero banner preset');
  await expect(kitFacts).toContainText('logo.png version 1');
  await kitFacts.scrollIntoViewIfNeeded();
  await loupe.shot('kits-06-history-kit-version');

  // Where used lists the job under the logo's version.
  await page.getByRole('tab', { name: 'Kits' }).click();
  const where = page.getByRole('list', { name: 'Where used' });
  await expect(where).toContainText('logo.png version 1');
  await expect(where.getByRole('button', { name: /^Job #\d+$/ })).toHaveCount(1);
  await where.scrollIntoViewIfNeeded();
  await loupe.shot('kits-07-where-used');

  // A brand refresh: replacing the logo adds version 2; the job stays under version 1, flagged to redo.
  const refreshed = await writeLogo(dir, 'logo-2027.png', 480);
  await page.getByLabel('Replace logo.png').setInputFiles(refreshed);
  await expect(page.getByRole('status').filter({ hasText: 'logo-2027.png is version 2 of logo.png' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'logo-2027.png', exact: true })).toBeVisible();
  await expect(where).toContainText('logo.png version 1');
  await expect(where).toContainText('older');
  await expect(page.getByText('1 job uses an older version of an asset')).toBeVisible();
  await page.getByRole('textbox', { name: 'Kit name' }).scrollIntoViewIfNeeded();
  await loupe.shot('kits-08-brand-refresh');
});

test('kit: drag an asset onto the Edit tab, the edit names the kit; Costs totals by kit', async ({ page, loupe }) => {
  const dir = await mkdtemp(join(tmpdir(), 'loupe-e2e-kit-'));
  const logo = await writeLogo(dir, 'mark.png', 300);
  await enterKey(page);
  await page.getByRole('tab', { name: 'Kits' }).click();
  await page.getByRole('button', { name: 'New kit' }).click();
  await page.getByRole('textbox', { name: 'Kit name' }).fill('Northwind');
  await page.getByRole('textbox', { name: 'Kit name' }).press('Enter');
  await page.getByLabel('Add assets').setInputFiles(logo);
  const tile = page.getByRole('img', { name: 'mark.png', exact: true });
  await expect(tile).toBeVisible();

  // The team's own preset next to the cookbook's.
  await page.getByRole('button', { name: 'Add preset' }).click();
  await page.getByRole('button', { name: 'Edit preset New preset' }).click();
  await page.getByRole('textbox', { name: 'Preset name' }).fill('Cap');
  await page.getByRole('textbox', { name: 'Prompt template' }).fill('The {brand} mark embroidered on a {colour} cap.');
  await loupe.shot('kits-10-preset-edit');
  await page.getByRole('button', { name: 'Save preset' }).click();
  await expect(page.getByRole('textbox', { name: 'Cap: colour' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Apply preset Cap' })).toBeDisabled();

  await tile.dragTo(page.getByRole('tab', { name: 'Edit' }));
  await expect(page.getByRole('tab', { name: 'Edit' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('img', { name: 'Input 1: mark.png' })).toBeVisible();
  const policy = page.getByRole('region', { name: /Brand kit: Northwind/ });
  await expect(policy).toContainText("The kit's policy asks for");
  await policy.getByRole('button', { name: 'Apply policy' }).click();
  await expect(policy).toContainText("This edit follows the kit's policy.");
  await page.getByRole('textbox', { name: 'Prompt' }).fill('the Northwind mark embroidered on a navy cap');
  await expect(policy).toContainText('the preservation sentence at the end of the prompt');
  await policy.getByRole('button', { name: 'Apply policy' }).click();
  await expect(policy).toContainText("This edit follows the kit's policy.");
  await page.getByRole('button', { name: 'Run edit' }).click();
  await expect(page.getByRole('img', { name: /^Output 1 of 1: the Northwind mark/ })).toBeVisible({ timeout: 60_000 });
  const sent = loupe.fake.requests.filter((r) => r.path.endsWith('/images/edits'))[0]!;
  expect(sent.fields!['prompt']).toMatch(/navy cap\. Keep the logo exactly/);

  // A kit made when GPT Image 1.5 was current (say, imported from an old export) proposes the replacement.
  const [kit] = await loupe.host.core.handlers['kits:list']({});
  await loupe.host.core.handlers['kits:update']({ kitId: kit!.id, policy: { ...kit!.policy, model: 'gpt-image-1.5' } });
  await page.reload();
  await page.getByRole('tab', { name: 'Kits' }).click();
  const banner = page.getByRole('alert').filter({ hasText: 'GPT Image 1.5 was shut down on 2026-12-01' });
  await expect(banner).toContainText('kit edits will use GPT Image 2.6');
  await banner.scrollIntoViewIfNeeded();
  await loupe.shot('kits-11-shut-down-model');
  await banner.getByRole('button', { name: /^Use GPT Image 2\.6 \w+ in this kit$/ }).click();
  await expect(banner).toHaveCount(0);
  await expect(page.getByLabel('Policy model')).toHaveValue(/^gpt-image-2\.6-/);

  await page.getByRole('tab', { name: 'Costs' }).click();
  await page.getByRole('radio', { name: 'Kit' }).check();
  await expect(page.getByRole('table').getByText('Northwind')).toBeVisible();
  await loupe.shot('kits-09-costs-by-kit');
});
