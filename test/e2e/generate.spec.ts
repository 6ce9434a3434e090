/**
 * The first-run journey of issue #2, as a person would do it: enter a key, test the
 * connection, generate two images with streaming previews, see the cost, find the files
 * in the output folder, restart Loupe and find the job in History.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { test, expect, enterKey } from './fixtures';

test('first run: key, generate two streamed images, files saved, job in History after restart', async ({ page, loupe }) => {
  // First run opens on the key form; the key never comes back to the page.
  await expect(page.getByLabel('OpenAI API key')).toBeVisible();
  await loupe.shot('01-first-run');
  await enterKey(page, 'sk-test-e2e-1234');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByText('GPT Image 2.6 Sunburst').first()).toBeVisible();
  // Which model new work starts on, and why.
  await expect(page.getByText(/Default model for new work:.*GPT Image 2\.6 Sunburst is the newest active model/)).toBeVisible();
  await loupe.shot('02-settings-connected');
  expect(await page.content()).not.toContain('sk-test-e2e-1234');

  // Changing where the key goes asks for the key again, in the same form.
  await page.getByLabel('Organization').fill('org-e2e');
  await page.getByRole('button', { name: 'Save connection' }).click();
  await expect(page.getByText('Enter your API key again to change where it is sent.')).toBeVisible();
  await loupe.shot('02b-connection-asks-for-key');
  await page.getByLabel('API key (again)').fill('sk-test-e2e-1234');
  await page.getByRole('button', { name: 'Save connection' }).click();
  await expect(page.getByText('Connection settings saved.')).toBeVisible();
  await expect(page.getByLabel('API key (again)')).toHaveCount(0);
  expect(await page.content()).not.toContain('sk-test-e2e-1234');

  // Slow the fake down so the partial previews are visible while the job streams.
  loupe.fake.setOptions({ latencyMs: 3000 });
  await page.getByRole('tab', { name: 'Generate' }).or(page.getByRole('link', { name: 'Generate' })).first().click();
  const prompt = 'a red fox curled up in fresh snow, soft morning light';
  await page.getByRole('textbox', { name: 'Prompt' }).fill(prompt);
  await page.getByLabel('Images', { exact: true }).fill('2');
  const stream = page.getByRole('checkbox', { name: /Stream previews/ });
  if (!(await stream.isChecked())) await stream.check();
  await page.getByLabel(/Partial images/).selectOption('2').catch(async () => page.getByLabel(/Partial images/).fill('2'));
  await expect(page.getByText(/Estimated \$/)).toBeVisible();
  await page.getByRole('button', { name: 'Generate', exact: true }).click();

  await expect(page.getByRole('img', { name: /^Preview/ }).first()).toBeVisible();
  await loupe.shot('03-streaming-previews');

  const out1 = page.getByRole('img', { name: `Output 1 of 2: ${prompt}` });
  const out2 = page.getByRole('img', { name: `Output 2 of 2: ${prompt}` });
  await expect(out1).toBeVisible({ timeout: 30_000 });
  await expect(out2).toBeVisible();
  await expect(page.getByText(/Actual:/)).toBeVisible();
  await expect(page.getByText(/\$\d+\.\d+/).first()).toBeVisible();
  await page.getByRole('textbox', { name: 'Prompt' }).scrollIntoViewIfNeeded();
  await loupe.shot('04-generated');

  // The fake received what the model takes: streaming, one image per request.
  const gens = loupe.fake.requests.filter((r) => r.path.endsWith('/images/generations'));
  expect(gens).toHaveLength(2);
  for (const r of gens) {
    const body = r.json as Record<string, unknown>;
    expect(body['model']).toBe('gpt-image-2.6-sunburst');
    expect(body['stream']).toBe(true);
    expect(body['partial_images']).toBe(2);
    expect(r.headers['openai-organization']).toBe('org-e2e');
    expect(body).not.toHaveProperty('response_format');
    expect(body).not.toHaveProperty('input_fidelity');
  }

  // Two distinct files in the output folder, real PNGs of the requested size.
  const files = (await readdir(loupe.outputDir)).sort();
  expect(files).toHaveLength(2);
  for (const f of files) {
    expect(f).toMatch(/red-fox.*gpt-image-2\.6-sunburst.*\.png$/);
    const meta = await sharp(await readFile(join(loupe.outputDir, f))).metadata();
    expect(meta.format).toBe('png');
    expect(meta.width).toBe(1024);
  }

  // Restart: the job is still there, with its thumbnails and cost.
  loupe.fake.setOptions({ latencyMs: 0 });
  await loupe.restart();
  await page.getByRole('tab', { name: 'History' }).or(page.getByRole('link', { name: 'History' })).first().click();
  const jobs = page.getByRole('list', { name: 'Jobs' });
  await expect(jobs.getByText(prompt).first()).toBeVisible();
  await expect(jobs.getByRole('img', { name: new RegExp(`History output 1 of 2: ${prompt}`) })).toBeVisible();
  await expect(jobs.getByRole('img', { name: new RegExp(`History output 2 of 2: ${prompt}`) })).toBeVisible();
  await loupe.shot('05-history-after-restart');
});

test('a model\'s unsupported controls are disabled and explained; sizes follow its rules', async ({ page, loupe }) => {
  await enterKey(page);
  await page.getByRole('tab', { name: 'Generate' }).or(page.getByRole('link', { name: 'Generate' })).first().click();
  await page.getByLabel('Format').selectOption('png');
  await expect(page.getByLabel(/Compression/)).toBeDisabled();
  await page.getByLabel('Format').selectOption('jpeg');
  await expect(page.getByLabel(/Compression/)).toBeEnabled();
  // Transparent needs PNG or WebP.
  await expect(page.getByRole('option', { name: /transparent/i })).toBeDisabled();
  await loupe.shot('06-controls-explained');
});
