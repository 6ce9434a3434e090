/**
 * Content Credentials as a person meets them: the fake API signs its images as OpenAI
 * does; a generated image is edited with a painted mask and pixel-locked; History then
 * shows Loupe's manifest (valid, its own signer on no public trust list) naming the API
 * output as its source, and the API's manifest valid inside it. The raw manifest is one
 * click away, and a library file changed by hand reads "Tampered".
 */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { readCredentials } from '../../electron/core/credentials/read';
import { signedSample } from '../fixtures/credentials';
import { test, expect, enterKey } from './fixtures';

const details = (page: Page) => page.getByRole('complementary', { name: 'Job details' });
const jobs = (page: Page) => page.getByRole('list', { name: 'Jobs' }).or(page.getByRole('grid', { name: 'Jobs' })).first();

test('credentials: a generated then pixel-locked image shows both manifests in History; a file changed by hand is tampered', async ({ page, loupe }) => {
  loupe.fake.setOptions({ contentCredentials: true });
  await enterKey(page);

  // Generate: the API's image arrives with its credentials.
  const prompt = 'a paper boat on a still pond';
  await page.getByRole('tab', { name: 'Generate', exact: true }).click();
  await page.getByRole('textbox', { name: 'Prompt' }).fill(prompt);
  const stream = page.getByRole('checkbox', { name: /Stream previews/ });
  if (await stream.isChecked()) await stream.click();
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await expect(page.getByRole('img', { name: `Output 1 of 1: ${prompt}` })).toBeVisible({ timeout: 30_000 });
  const chip = page.getByRole('button', { name: /^Content Credentials: Valid, but the signer is not on the trust list · signed by OpenAI test signer/ });
  await expect(chip).toBeVisible({ timeout: 15_000 });
  await chip.click();
  await expect(chip).toHaveAttribute('aria-expanded', 'true');
  const apiPanel = page.getByRole('region', { name: /Content credentials of image 1/ });
  await expect(apiPanel.getByText('OpenAI-API')).toBeVisible();
  await expect(apiPanel.getByText(/Yes: made by an AI model/)).toBeVisible();
  await apiPanel.scrollIntoViewIfNeeded();
  await loupe.shot('credentials-01-generated');

  // Edit that output with a painted mask: the result is pixel-locked and signed by Loupe.
  await page.getByRole('button', { name: 'Edit this output' }).first().click();
  await expect(page.getByRole('tab', { name: 'Edit' })).toHaveAttribute('aria-selected', 'true');
  const painter = page.getByRole('img', { name: /Mask painter for/ });
  await expect(painter).toBeVisible();
  const box = (await painter.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.35, box.y + box.height * 0.35);
  await page.mouse.down();
  for (let i = 0; i <= 10; i++) await page.mouse.move(box.x + box.width * (0.35 + i * 0.02), box.y + box.height * (0.35 + i * 0.02));
  await page.mouse.up();
  await expect(page.getByText(/Mask covers \d+(\.\d+)?% of the image/)).toBeVisible();
  const edited = 'add a small red flag to the boat';
  await page.getByRole('textbox', { name: 'Prompt' }).fill(edited);
  await page.getByRole('button', { name: 'Run edit' }).click();
  await expect(page.getByRole('img', { name: `Output 1 of 1: ${edited}` })).toBeVisible({ timeout: 45_000 });
  await expect(page.getByRole('button', { name: /^Content Credentials: Valid, but the signer is not on the trust list · signed by Loupe on this computer/ })).toBeVisible({
    timeout: 15_000,
  });

  // History: the edit's details show Loupe's manifest and, inside it, the API's.
  await page.getByRole('tab', { name: 'History', exact: true }).click();
  await jobs(page).getByText(edited, { exact: true }).first().click();
  const panel = details(page).getByRole('region', { name: 'Content credentials of output 1 (pixel-locked)' });
  await expect(panel.getByText('Valid, but the signer is not on the trust list').first()).toBeVisible({ timeout: 15_000 });
  const manifests = panel.getByRole('list', { name: 'Manifests' }).getByRole('listitem').filter({ has: page.locator('.cred-manifest-head') });
  const loupeManifest = manifests.filter({ hasText: 'this image' });
  await expect(loupeManifest).toHaveCount(1);
  await expect(loupeManifest.getByText('Loupe on this computer', { exact: true })).toBeVisible();
  await expect(loupeManifest.getByText(/Edited: Pixel lock/)).toBeVisible();
  await expect(loupeManifest.getByText(/made from “API output, job 2 image 1” \(credentials signed by OpenAI test signer\)/)).toBeVisible();
  await expect(loupeManifest.getByText(/not on any public trust list/)).toBeVisible();
  await expect(loupeManifest.getByText(/Yes: a composite that includes AI-generated content/)).toBeVisible();
  const apiManifest = manifests.filter({ hasText: 'ingredient: API output, job 2 image 1' });
  await expect(apiManifest).toHaveCount(1);
  await expect(apiManifest.getByText('OpenAI test signer', { exact: true })).toBeVisible();
  await expect(apiManifest.getByText('Valid, but the signer is not on the trust list')).toBeVisible();
  await panel.scrollIntoViewIfNeeded();
  await loupe.shot('credentials-02-history-both-manifests');

  // The raw manifest, one click away; Escape closes it.
  await panel.getByRole('button', { name: 'View raw manifest' }).click();
  const dialog = page.getByRole('dialog', { name: /Raw manifest/ });
  await expect(dialog.getByLabel('Manifest store as JSON')).toContainText('"OpenAI-API"');
  await expect(dialog.getByLabel('Manifest store as JSON')).toContainText('c2pa.edited');
  await loupe.shot('credentials-03-raw-manifest');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // Export both jobs from History: every exported file keeps valid credentials. The API's image is
  // written byte for byte with its XMP beside it; Loupe's own is re-signed with its XMP inside.
  await page.getByRole('button', { name: 'Select all' }).click();
  await page.getByRole('button', { name: 'Export selected…' }).click();
  const exportDialog = page.getByRole('dialog', { name: 'Export 2 jobs' });
  await exportDialog.getByLabel('Subfolder').fill('credentials');
  await exportDialog.getByRole('button', { name: 'Export', exact: true }).click();
  const target = join(loupe.outputDir, 'credentials');
  await expect(exportDialog.getByRole('status').locator('.export-message')).toHaveText(`Exported 2 files to ${target}.`, { timeout: 15_000 });
  const exported = await readdir(target);
  const images = exported.filter((f) => f.endsWith('.png')).sort();
  expect(images).toHaveLength(2);
  const tools: string[][] = [];
  for (const f of images) {
    const verdict = (await readCredentials(await readFile(join(target, f)), 'image/png')).summary;
    expect(verdict.state).toBe('valid');
    tools.push(verdict.manifests.map((m) => m.tool ?? ''));
  }
  // The API's image as it came, its XMP beside it; Loupe's own signed again over its XMP, its history inside.
  expect(tools).toContainEqual(['OpenAI-API']);
  const loupes = tools.find((t) => t[0] === 'Loupe e2e');
  expect(loupes).toBeDefined();
  expect(loupes).toContain('OpenAI-API');
  expect(exported.filter((f) => f.endsWith('.xmp'))).toHaveLength(1);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Clear selection' }).click();

  // Someone changes the library file by hand: the next look says so.
  const list = await loupe.host.core.handlers['history:list']({ limit: 1 });
  const lockedHash = list.items[0]!.outputs[0]!.lockedHash!;
  const path = (await loupe.host.core.resolveAsset(lockedHash, 'full'))!.path;
  const bytes = await readFile(path);
  bytes[Math.floor(bytes.length * 0.8)]! ^= 0x5a;
  await writeFile(path, bytes);
  await jobs(page).getByText(prompt, { exact: true }).first().click();
  await jobs(page).getByText(edited, { exact: true }).first().click();
  const again = details(page).getByRole('region', { name: 'Content credentials of output 1 (pixel-locked)' });
  await expect(again.getByText('Tampered', { exact: true }).first()).toBeVisible({ timeout: 15_000 });
  await expect(again.getByText(/changed after they were signed/)).toBeVisible();
  await again.scrollIntoViewIfNeeded();
  await loupe.shot('credentials-04-tampered');
});

test('credentials: Settings names the signer, warns about embedding, and refuses a key that does not match its certificate', async ({ page, loupe }) => {
  await enterKey(page);
  await page.getByRole('tab', { name: 'Settings', exact: true }).click();
  const section = page.getByRole('region', { name: 'Content Credentials' });
  await expect(section.getByText(/Loupe on this computer \(issued by Loupe on this computer CA/)).toBeVisible();
  await expect(section.getByText(/not on any public trust list/)).toBeVisible();
  const embed = section.getByRole('checkbox', { name: 'Embed metadata in images that carry content credentials' });
  await expect(embed).not.toBeChecked();
  await expect(section.getByText(/invalidates the API’s credentials, so Loupe re-signs the file/)).toBeVisible();
  await embed.click();
  await expect(section.getByRole('status')).toContainText('Loupe re-signs the file');
  await expect(embed).toBeChecked();

  await section.getByRole('textbox', { name: 'Private key (PEM)' }).fill('-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----');
  await section.getByRole('textbox', { name: 'Certificates (PEM)' }).fill('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----');
  await section.getByRole('button', { name: 'Use this certificate' }).click();
  await expect(section.getByRole('alert')).toContainText(/private key could not be read: the text between its BEGIN and END lines is not a valid key/);
  await section.scrollIntoViewIfNeeded();
  await loupe.shot('credentials-05-settings');
});

test('credentials: a kit asset keeps the credentials it came with, shown on its card', async ({ page, loupe }) => {
  const dir = await mkdtemp(join(tmpdir(), 'loupe-e2e-cred-kit-'));
  const file = join(dir, 'signed-badge.png');
  await writeFile(file, await signedSample('png'));
  await enterKey(page);
  await page.getByRole('tab', { name: 'Kits' }).click();
  await page.getByRole('button', { name: 'New kit' }).click();
  await page.getByRole('textbox', { name: 'Kit name' }).fill('Signed Co');
  await page.getByRole('textbox', { name: 'Kit name' }).press('Enter');
  await page.getByLabel('Add assets').setInputFiles(file);
  await expect(page.getByRole('img', { name: 'signed-badge.png', exact: true })).toBeVisible();
  const chip = page.getByRole('button', { name: /^Content Credentials: Valid, but the signer is not on the trust list · signed by Sample Camera Co/ });
  await expect(chip).toBeVisible({ timeout: 15_000 });
  await chip.click();
  await expect(page.getByRole('region', { name: 'Content credentials of signed-badge.png' }).getByText('Sample Generator 2.0')).toBeVisible();
  await chip.scrollIntoViewIfNeeded();
  await loupe.shot('credentials-06-kit-asset');
});
