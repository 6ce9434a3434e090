/**
 * Today's Images API in the UI, as a person meets it: GPT Image 2.6 Flare at Extra high
 * with planned complexity and the wait shown against what is usual; an animated GIF and
 * an SVG made, shown and saved; and an old job on the shut-down GPT Image 1.5, which
 * History re-runs (and reuses) on its replacement, saying so.
 */
import { readdir } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { test, expect, enterKey, DEFAULT_TUNING, type Loupe } from './fixtures';
import { seedOldJob } from './seed-library';

async function tab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name, exact: true }).click();
}

const generations = (loupe: Loupe) => loupe.fake.requests.filter((r) => r.path.endsWith('/images/generations')).map((r) => r.json as Record<string, unknown>);

/** What the page gets when it loads an image's src: the type the host serves it as. */
async function servedType(page: Page, src: string): Promise<string> {
  return page.evaluate(async (url) => (await fetch(url)).headers.get('content-type') ?? '', src);
}

test('GPT Image 2.6 Flare at Extra high with complexity High: sent as chosen, the wait shown against the usual', async ({ page, loupe }) => {
  await enterKey(page);
  // Settings say which model new work uses and why, and which listed models are retired.
  await page.getByRole('button', { name: 'Test connection' }).click();
  const listed = page.getByRole('list', { name: 'Image models for this key' });
  await expect(listed.getByRole('listitem').filter({ hasText: 'gpt-image-1.5' }).first()).toContainText('Shut down on 2026-12-01');
  await expect(page.getByText(/Default model for new work:.*GPT Image 2\.6 Sunburst is the newest active model your key can use/)).toBeVisible();
  await page.locator('#default-model-line').scrollIntoViewIfNeeded();
  await loupe.shot('today-00-settings-default-model');
  await tab(page, 'Generate');
  const model = page.getByLabel('Model');
  // New work starts on the newest detail model; shut-down models are not offered at all.
  await expect(model).toHaveValue('gpt-image-2.6-sunburst');
  await expect(model.locator('option', { hasText: 'GPT Image 1.5' })).toHaveCount(0);
  await expect(page.getByText('Detail and edit consistency: small type, logos, faces.')).toBeVisible();

  await model.selectOption('gpt-image-2.6-flare');
  await expect(page.getByText('Speed: quick drafts and many variations.')).toBeVisible();
  await page.getByLabel('Quality').selectOption({ label: 'Extra high' });
  await expect(page.getByText(/Token counts for this quality aren't published.*actual cost is read back after the run/)).toBeVisible();
  await page.getByLabel('Complexity').selectOption({ label: 'High' });
  await expect(page.getByText('How much the model plans the picture before drawing, separate from quality.')).toBeVisible();
  const prompt = 'a lighthouse keeper reading by lamplight, fine engraving style';
  await page.getByRole('textbox', { name: 'Prompt' }).fill(prompt);
  await expect(page.getByText(/Token counts for xhigh are not published/)).toBeVisible();
  await page.getByRole('button', { name: /About GPT Image 2.6 Flare/ }).or(page.getByText('About GPT Image 2.6 Flare')).first().click();
  await loupe.shot('today-01-flare-xhigh-form');

  loupe.fake.setOptions({ latencyMs: 4000 });
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await expect(page.getByText(/\d:\d\d elapsed/)).toBeVisible();
  await expect(page.getByText(/usually .* for Extra high at 1024x1024/)).toBeVisible();
  await loupe.shot('today-02-flare-waiting');
  await expect(page.getByRole('img', { name: `Output 1 of 1: ${prompt}` })).toBeVisible({ timeout: 30_000 });

  const sent = generations(loupe);
  expect(sent).toHaveLength(1);
  expect(sent[0]).toMatchObject({ model: 'gpt-image-2.6-flare', quality: 'xhigh', complexity: 'high' });
});

test.describe('a job past its usual time', () => {
  // The request itself may take longer than the usual range: only the wait is slow here.
  test.use({ tuning: { ...DEFAULT_TUNING, requestTimeoutMs: 90_000, streamIdleMs: 90_000 } });

  test('says it is taking longer than usual, and still finishes', async ({ page, loupe }) => {
    test.setTimeout(120_000);
    await enterKey(page);
    await tab(page, 'Generate');
    await page.getByLabel('Model').selectOption('gpt-image-2.6-flare');
    await page.getByLabel('Quality').selectOption({ label: 'Low' });
    await page.getByRole('checkbox', { name: 'Stream previews' }).uncheck();
    const prompt = 'a quick pencil sketch of a cat';
    await page.getByRole('textbox', { name: 'Prompt' }).fill(prompt);
    // Flare at Low is usually done within 24 s; this one takes 30.
    loupe.fake.setOptions({ latencyMs: 30_000 });
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await expect(page.getByText(/usually 5–24 s for Low at 1024x1024/)).toBeVisible();
    const late = page.getByRole('status').filter({ hasText: 'Taking longer than usual — still waiting; nothing is lost.' });
    await expect(late).toBeVisible({ timeout: 40_000 });
    await loupe.shot('today-02b-taking-longer');
    await expect(page.getByRole('img', { name: `Output 1 of 1: ${prompt}` })).toBeVisible({ timeout: 40_000 });
    await expect(late).toHaveCount(0);
  });
});

test('an animated GIF: frames limit the size, nothing streams, it plays and is saved as .gif', async ({ page, loupe }) => {
  await enterKey(page);
  await tab(page, 'Generate');
  await page.getByLabel('Format').selectOption({ label: 'GIF (animated)' });
  await expect(page.getByLabel('Frames')).toHaveValue('9');
  await expect(page.getByLabel('Frame duration (ms)')).toHaveValue('200');
  await expect(page.getByRole('checkbox', { name: 'Stream previews' })).toBeDisabled();
  await expect(page.getByText('Animated GIFs do not stream.').first()).toBeVisible();
  await expect(page.getByLabel(/Compression/)).toBeDisabled();
  // The still image's 1024x1024 is too big for GIF frames: the largest square that fits is chosen.
  await expect(page.getByLabel('Size')).toHaveValue('960x960');
  await page.getByLabel('Frame duration (ms)').scrollIntoViewIfNeeded();
  await loupe.shot('today-03-gif-settings');

  // More frames, smaller frames: the size chosen for 9 no longer fits 12, and the form says why.
  await page.getByLabel('Frames').fill('12');
  await expect(page.getByText(/An animated GIF of 12 frames takes frames of at most/).first()).toBeVisible();
  await page.getByRole('textbox', { name: 'Prompt' }).fill('a paper boat bobbing on small waves');
  await expect(page.getByRole('button', { name: 'Generate', exact: true })).toBeDisabled();
  await loupe.shot('today-03-gif-size-limit');
  await page.getByLabel('Size').selectOption('816x816');
  await expect(page.getByText(/GIF pricing is not published/)).toBeVisible();
  await page.getByRole('button', { name: 'Generate', exact: true }).click();

  const out = page.getByRole('img', { name: 'Output 1 of 1: a paper boat bobbing on small waves' });
  await expect(out).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('GIF · 12 frames').first()).toBeVisible();
  expect(await servedType(page, (await out.getAttribute('src'))!)).toBe('image/gif');
  await expect(page.getByText('An animated GIF cannot be edited: edits take PNG, WebP or JPEG.')).toBeVisible();
  await loupe.shot('today-04-gif-output');
  // The viewer plays it full size.
  await page.getByRole('button', { name: 'View image 1 full size' }).click();
  const enlarged = page.getByRole('dialog', { name: 'Image viewer' }).getByRole('img', { name: /^Enlarged: a paper boat/ });
  await expect(enlarged).toBeVisible();
  expect(await servedType(page, (await enlarged.getAttribute('src'))!)).toBe('image/gif');
  await expect(page.getByRole('dialog', { name: 'Image viewer' }).getByText(/GIF · 12 frames/)).toBeVisible();
  await page.getByRole('dialog', { name: 'Image viewer' }).getByRole('button', { name: 'Close' }).click();

  const sent = generations(loupe);
  expect(sent[0]).toMatchObject({ model: 'gpt-image-2.6-sunburst', output_format: 'gif', frame_count: 12, frame_duration_ms: 200, size: '816x816' });
  expect(sent[0]).not.toHaveProperty('stream', true);
  expect(sent[0]).not.toHaveProperty('output_compression');

  // History plays it too, badge and all.
  await tab(page, 'History');
  const item = page.getByRole('img', { name: /History output 1 of 1: a paper boat/ });
  await expect(item).toBeVisible();
  expect(await servedType(page, (await item.getAttribute('src'))!)).toBe('image/gif');
  await expect(page.getByRole('list', { name: 'Jobs' }).getByText('GIF · 12 frames')).toBeVisible();
  await loupe.shot('today-05-gif-history');

  // Saved to the output folder as a GIF.
  const files = await readdir(loupe.outputDir).catch(() => [] as string[]);
  expect(files.filter((f) => f.endsWith('.gif'))).toHaveLength(1);
});

test('an SVG: one image, no streaming, shown as an image (never inline) and saved as .svg', async ({ page, loupe }) => {
  await enterKey(page);
  await tab(page, 'Generate');
  await page.getByLabel('Format').selectOption({ label: 'SVG (vector)' });
  await expect(page.getByLabel('Images', { exact: true })).toBeDisabled();
  await expect(page.getByText('SVG output makes one image per request.')).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Stream previews' })).toBeDisabled();
  await expect(page.getByLabel('SVG author model')).toHaveValue('');
  await expect(page.getByText('Only for projects with SVG model selection; leave empty otherwise.')).toBeVisible();
  await expect(page.getByLabel('Author reasoning')).toBeDisabled();
  await page.getByRole('textbox', { name: 'Prompt' }).fill('a flat two-colour fox logo');
  await expect(page.getByText(/SVG authoring is billed separately/)).toBeVisible();
  await page.getByLabel('Author reasoning').scrollIntoViewIfNeeded();
  await loupe.shot('today-06-svg-form');
  await page.getByRole('button', { name: 'Generate', exact: true }).click();

  const out = page.getByRole('img', { name: 'Output 1 of 1: a flat two-colour fox logo' });
  await expect(out).toBeVisible({ timeout: 30_000 });
  expect(await out.evaluate((el) => (el as unknown as { tagName: string }).tagName)).toBe('IMG');
  expect(await servedType(page, (await out.getAttribute('src'))!)).toContain('image/svg+xml');
  // Shown through <img> only: no inline <svg>, <object> or <iframe> carries the output.
  await expect(page.locator('.results-pane svg, .results-pane object, .results-pane iframe')).toHaveCount(0);
  await expect(page.locator('.output-badge', { hasText: 'SVG' })).toBeVisible();
  await loupe.shot('today-07-svg-output');

  const sent = generations(loupe);
  expect(sent[0]).toMatchObject({ output_format: 'svg', n: 1 });
  expect(sent[0]).not.toHaveProperty('svg');
  const files = await readdir(loupe.outputDir).catch(() => [] as string[]);
  expect(files.filter((f) => f.endsWith('.svg'))).toHaveLength(1);
});

test('an old job on the shut-down GPT Image 1.5: Re-run and Use these settings move to 2.6 Sunburst, visibly', async ({ page, loupe }) => {
  const prompt = 'a product shot of a ceramic teapot on linen';
  // The key lives with the running host: seed the library first, then enter it.
  await loupe.restart(async () => {
    await seedOldJob(loupe.dataDir, { model: 'gpt-image-1.5', prompt, at: Date.parse('2026-11-20T10:00:00Z') });
  });
  await enterKey(page);
  await tab(page, 'History');
  const jobs = page.getByRole('list', { name: 'Jobs' });
  await expect(jobs.getByText(prompt)).toBeVisible();
  // Old work keeps its model's name.
  await expect(jobs.getByText('GPT Image 1.5', { exact: true })).toBeVisible();
  await jobs.getByText(prompt, { exact: true }).click();
  const details = page.getByRole('complementary', { name: 'Job details' });
  await expect(details.getByText(/GPT Image 1.5 \(gpt-image-1.5\) — Shut down on 2026-12-01/)).toBeVisible();

  await details.getByRole('button', { name: 'Re-run' }).click();
  const notice = 'GPT Image 1.5 was shut down on 2026-12-01: this uses GPT Image 2.6 Sunburst instead.';
  await expect(details.getByRole('status').filter({ hasText: notice })).toBeVisible();
  await expect(jobs.getByText('GPT Image 2.6 Sunburst', { exact: true })).toBeVisible();
  await loupe.shot('today-08-rerun-swapped');
  const jobsNow = await loupe.host.core.handlers['history:list']({ limit: 5 });
  expect(jobsNow.items[0]!.model).toBe('gpt-image-2.6-sunburst');
  expect(jobsNow.items[0]!.params.size).toBe('1536x1024');

  // "Use these settings" on the old job: the form names the replacement and says why.
  await jobs.getByText(prompt, { exact: true }).last().click();
  await expect(details.getByText(/gpt-image-1.5/)).toBeVisible();
  await details.getByRole('button', { name: 'Use these settings' }).click();
  await expect(page.getByRole('tab', { name: 'Generate' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByLabel('Model')).toHaveValue('gpt-image-2.6-sunburst');
  await expect(page.getByRole('status').filter({ hasText: notice })).toBeVisible();
  await expect(page.getByLabel('Size')).toHaveValue('1536x1024');
  await expect(page.getByRole('textbox', { name: 'Prompt' })).toHaveValue(prompt);
  await loupe.shot('today-09-reuse-swapped');

  // The shut-down id never reached the API.
  expect(loupe.fake.requests.some((r) => JSON.stringify(r.json ?? r.fields ?? {}).includes('gpt-image-1.5'))).toBe(false);
});
