/**
 * Every API failure of issue #2 from the person's side: the message shown, that retries
 * happen only where they can help, and that nothing is lost (the prompt stays, the job is
 * in History, outputs already received stay visible).
 */
import type { Page } from '@playwright/test';
import { test, expect, enterKey, type Loupe } from './fixtures';

async function openGenerate(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Generate' }).or(page.getByRole('link', { name: 'Generate' })).first().click();
}

async function run(page: Page, prompt: string, opts: { n?: number; stream?: boolean } = {}): Promise<void> {
  await openGenerate(page);
  await page.getByRole('textbox', { name: 'Prompt' }).fill(prompt);
  await page.getByLabel('Images', { exact: true }).fill(String(opts.n ?? 1));
  const stream = page.getByRole('checkbox', { name: /Stream previews/ });
  if ((await stream.isChecked()) !== (opts.stream ?? true)) await stream.click();
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
}

/** Nothing lost: the prompt is still in the field and the job is in History with its status. */
async function expectKept(page: Page, loupe: Loupe, prompt: string, name: string): Promise<void> {
  await expect(page.getByRole('textbox', { name: 'Prompt' })).toHaveValue(prompt);
  await loupe.shot(name);
  await page.getByRole('tab', { name: 'History' }).or(page.getByRole('link', { name: 'History' })).first().click();
  await expect(page.getByRole('list', { name: 'Jobs' }).getByText(prompt)).toBeVisible();
  await openGenerate(page);
}

const generations = (loupe: Loupe) => loupe.fake.requests.filter((r) => r.path.endsWith('/images/generations'));

test('bad key (401): explained, with a way to Settings', async ({ page, loupe }) => {
  await enterKey(page, 'sk-bad-key-00001234');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByRole('alert')).toContainText('API key rejected');
  const prompt = 'a quiet harbour at dawn';
  await run(page, prompt);
  const alert = page.getByRole('alert').filter({ hasText: 'API key rejected' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(/401|key/i);
  await expect(alert).not.toContainText('sk-bad-key-00001234');
  expect(generations(loupe)).toHaveLength(1);
  await expectKept(page, loupe, prompt, 'fail-401');
});

test('organization not verified (403): says how to verify', async ({ page, loupe }) => {
  loupe.fake.setOptions({ requireVerification: true });
  await enterKey(page);
  const prompt = 'a product shot of a ceramic mug';
  await run(page, prompt);
  const alert = page.getByRole('alert').filter({ hasText: 'Organization not verified' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(/verif/i);
  expect(generations(loupe)).toHaveLength(1);
  await expectKept(page, loupe, prompt, 'fail-403');
});

test('moderation refusal: categories shown, never retried, the other image kept', async ({ page, loupe }) => {
  await enterKey(page);
  loupe.fake.queueFault({ kind: 'moderation', categories: ['violence'], stage: 'input', match: 'generations', times: 1 });
  const prompt = 'two knights in a sunlit courtyard';
  await run(page, prompt, { n: 2, stream: true });
  const alert = page.getByRole('alert').filter({ hasText: "Blocked by OpenAI's safety system" });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('violence');
  // Two streamed requests (one per image); the blocked one is not sent again.
  expect(generations(loupe)).toHaveLength(2);
  await expect(page.getByRole('img', { name: new RegExp(`^Output \\d of 2: ${prompt}`) })).toHaveCount(1);
  await expectKept(page, loupe, prompt, 'fail-moderation');
});

test('rate limit (429): retried after Retry-After, then explained when it persists', async ({ page, loupe }) => {
  await enterKey(page);
  loupe.fake.queueFault({ kind: 'rate_limit', retryAfterSeconds: 1, match: 'generations', times: 1 });
  const ok = 'a lemon on a blue plate';
  await run(page, ok, { stream: false });
  await expect(page.getByRole('img', { name: `Output 1 of 1: ${ok}` })).toBeVisible();
  expect(generations(loupe)).toHaveLength(2);

  loupe.fake.queueFault({ kind: 'rate_limit', retryAfterSeconds: 1, match: 'generations', times: 3 });
  const prompt = 'a lime on a red plate';
  await run(page, prompt, { stream: false });
  await expect(page.getByText(/retrying/i).first()).toBeVisible();
  const alert = page.getByRole('alert').filter({ hasText: 'Rate limited' });
  await expect(alert).toBeVisible({ timeout: 30_000 });
  expect(generations(loupe)).toHaveLength(5);
  await expectKept(page, loupe, prompt, 'fail-429-rate-limit');
});

test('quota exhausted (429 insufficient_quota): told apart from a rate limit and not retried', async ({ page, loupe }) => {
  await enterKey(page);
  loupe.fake.queueFault({ kind: 'insufficient_quota', match: 'generations', times: 3 });
  const prompt = 'a paper boat on a puddle';
  await run(page, prompt, { stream: false });
  const alert = page.getByRole('alert').filter({ hasText: 'Out of credit' });
  await expect(alert).toBeVisible();
  await expect(alert).not.toContainText('Rate limited');
  expect(generations(loupe)).toHaveLength(1);
  await expectKept(page, loupe, prompt, 'fail-429-quota');
});

test('server errors (5xx): retried, then explained', async ({ page, loupe }) => {
  await enterKey(page);
  loupe.fake.queueFault({ kind: 'server_error', status: 503, match: 'generations', times: 3 });
  const prompt = 'an orchard in autumn';
  await run(page, prompt, { stream: false });
  await expect(page.getByRole('alert').filter({ hasText: 'OpenAI had a server error' })).toBeVisible({ timeout: 30_000 });
  expect(generations(loupe)).toHaveLength(3);
  await expectKept(page, loupe, prompt, 'fail-5xx');
});

test('network loss after sending: not retried on its own (it may have been billed), explained, offered as a retry', async ({ page, loupe }) => {
  await enterKey(page);
  loupe.fake.queueFault({ kind: 'drop', match: 'generations', times: 1 });
  const prompt = 'a lighthouse in fog';
  await run(page, prompt, { stream: false });
  const alert = page.getByRole('alert').filter({ hasText: 'Network problem: outcome unknown' });
  await expect(alert).toBeVisible({ timeout: 30_000 });
  await expect(alert).toContainText('may still have made (and billed) the image');
  expect(generations(loupe)).toHaveLength(1);
  await expectKept(page, loupe, prompt, 'fail-network');
  await page.getByRole('button', { name: 'Retry' }).first().click();
  await expect(page.getByRole('img', { name: `Output 1 of 1: ${prompt}` })).toBeVisible();
  expect(generations(loupe)).toHaveLength(2);
});

test.describe('with short time limits', () => {
  test.use({ tuning: { streamIdleMs: 800, retryBaseDelayMs: 100, maxAttempts: 2, requestTimeoutMs: 1000 } });

  test('timeout: explained as an unknown outcome, never resent on its own', async ({ page, loupe }) => {
    await enterKey(page);
    loupe.fake.queueFault({ kind: 'latency', ms: 4000, match: 'generations', times: 1 });
    const prompt = 'a slow snail on a leaf';
    await run(page, prompt, { stream: false });
    await expect(page.getByRole('alert').filter({ hasText: 'The request timed out: outcome unknown' })).toBeVisible({ timeout: 30_000 });
    expect(generations(loupe)).toHaveLength(1);
    await expectKept(page, loupe, prompt, 'fail-timeout');
  });

  test('a stream that stalls: the watchdog stops waiting and explains; Retry is the person\'s choice', async ({ page, loupe }) => {
    await enterKey(page);
    loupe.fake.queueFault({ kind: 'stall', afterPartials: 1, match: 'generations', times: 1 });
    const prompt = 'a frozen waterfall';
    await run(page, prompt, { stream: true });
    await expect(page.getByRole('alert').filter({ hasText: 'The stream stalled: outcome unknown' })).toBeVisible({ timeout: 30_000 });
    expect(generations(loupe)).toHaveLength(1);
    await expectKept(page, loupe, prompt, 'fail-stall');
    // Retry from the card once the API is healthy again: the job completes.
    await page.getByRole('button', { name: 'Retry' }).first().click();
    await expect(page.getByRole('img', { name: `Output 1 of 1: ${prompt}` })).toBeVisible();
  });
});
