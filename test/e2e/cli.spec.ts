/**
 * The command line and the app share one library: while the app has it open, `loupe`
 * refuses and names it; once the app is closed, an image made with `loupe generate` is in
 * the app's History when it is opened again, with its picture, next to the one made in
 * the window. `loupe` runs as a real process (bin/loupe.mjs).
 */
import { test, expect, enterKey } from './fixtures';
import { runCli } from '../unit/helpers/run-cli';

const FROM_WINDOW = 'a teapot on a windowsill';
const FROM_TERMINAL = 'a lighthouse drawn from the command line';

test('cli: a job made with loupe generate shows in the app’s History', async ({ page, loupe }) => {
  await enterKey(page);
  await page.getByRole('tab', { name: 'Generate', exact: true }).click();
  await page.getByRole('textbox', { name: 'Prompt' }).fill(FROM_WINDOW);
  const stream = page.getByRole('checkbox', { name: /Stream previews/ });
  if (await stream.isChecked()) await stream.click();
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await expect(page.getByRole('img', { name: `Output 1 of 1: ${FROM_WINDOW}` })).toBeVisible({ timeout: 30_000 });

  const env = { OPENAI_BASE_URL: loupe.fake.url, OPENAI_API_KEY: 'sk-test-e2e-cli-5678' };
  const dir = ['--data-dir', loupe.dataDir, '--output-dir', loupe.outputDir];
  // The app is open on the library: the command line waits its turn, and says why.
  const refused = await runCli(['history', 'search', ...dir], { env });
  expect(refused.code).toBe(5);
  expect(refused.stderr).toContain("Loupe's web host");

  let made: { job: { id: number; status: string; files: string[] } } | undefined;
  await loupe.restart(async () => {
    const r = await runCli(['generate', '--json', '-q', 'low', '-s', '1536x1024', FROM_TERMINAL, ...dir], { env });
    expect(r.code, r.stderr).toBe(0);
    made = JSON.parse(r.stdout) as typeof made;
    const listed = await runCli(['history', 'search', ...dir], { env });
    expect(listed.stdout).toContain(FROM_TERMINAL);
    expect(listed.stdout).toContain(FROM_WINDOW);
    expect(listed.stdout).toContain('2 jobs.');
  });
  expect(made?.job.status).toBe('succeeded');
  expect(made?.job.files[0]?.startsWith(loupe.outputDir)).toBe(true);

  await page.getByRole('tab', { name: 'History', exact: true }).click();
  await expect(page.getByText(/^2 jobs$/)).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search' }).fill('lighthouse');
  await expect(page.getByText(/^1 job$/)).toBeVisible();
  const jobs = page.getByRole('list', { name: 'Jobs' }).or(page.getByRole('grid', { name: 'Jobs' })).first();
  await jobs.getByText(FROM_TERMINAL, { exact: true }).first().click();
  const details = page.getByRole('complementary', { name: 'Job details' });
  await expect(details.getByText(FROM_TERMINAL).first()).toBeVisible();
  await expect(details.getByRole('img').first()).toBeVisible();
  await loupe.shot('cli-01-job-from-the-command-line-in-history');
});
