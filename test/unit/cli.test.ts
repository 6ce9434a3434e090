/**
 * The `loupe` command as a real process (bin/loupe.mjs, as `npx loupe` runs it) against the
 * fake OpenAI server over HTTP, on a temp data folder: --help on every command, exit codes,
 * --json output, the files it saves, the data folder's lock, and a key that is never printed.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { ROOT, runCli, type CliRun } from './helpers/run-cli';

const KEY = 'sk-test-cli-never-printed-9QZ';

interface JobJson {
  job: { id: number; status: string; files: string[]; outputs: { id: number; savedPath: string | null }[]; error: { code: string } | null; costUsd: number | null };
}

describe('loupe (the command line)', () => {
  let fake: FakeOpenAI;
  let root: string;
  let dataDir: string;
  let outputDir: string;
  const runs: CliRun[] = [];
  const env = () => ({ OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: KEY, LOUPE_RETRY_BASE_MS: '10' });
  const loupe = async (args: string[], opts: { env?: Record<string, string | undefined>; stdin?: string } = {}): Promise<CliRun> => {
    const r = await runCli([...args, '--data-dir', dataDir, '--output-dir', outputDir], { env: opts.env ?? env(), stdin: opts.stdin });
    runs.push(r);
    return r;
  };

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    root = await mkdtemp(join(tmpdir(), 'loupe-cli-'));
    dataDir = join(root, 'data');
    outputDir = join(root, 'out');
  });
  afterAll(async () => {
    await fake?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('--help lists the commands and the exit codes, and each command has its own', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    for (const c of ['generate', 'edit', 'batch', 'history search', 'export']) expect(top.stdout).toContain(c);
    expect(top.stdout).toMatch(/Exit codes:[\s\S]*5 +another Loupe is using the data folder/);
    for (const c of ['generate', 'edit', 'batch', 'history', 'export']) {
      const r = await runCli([c, '--help']);
      expect(r.code, c).toBe(0);
      expect(r.stdout).toContain(`Usage: loupe ${c}`);
      expect(r.stdout).toContain('--json');
    }
  }, 120_000);

  it('a wrong command line exits 2 and says what is wrong', async () => {
    const none = await runCli([]);
    expect(none.code).toBe(2);
    const unknown = await runCli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const option = await loupe(['generate', '--bogus', 'x']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("Unknown option '--bogus'");
    const quality = await loupe(['generate', '--quality', 'ultra', 'x']);
    expect(quality.code).toBe(2);
    expect(quality.stderr).toContain('--quality must be one of low, medium, high');
    const batch = await loupe(['batch', '--output', join(root, 'b-out'), '--prompt', 'x']);
    expect(batch.code).toBe(2);
    expect(batch.stderr).toContain('--input DIR');
    const missing = await loupe(['edit', '--image', join(root, 'nope.jpg'), 'x']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Cannot read');
  }, 120_000);

  it('generate saves the image, records it in History and prints the job as JSON', async () => {
    const r = await loupe(['generate', '--json', '-q', 'low', '-s', '1024x1024', 'a lighthouse in fog']);
    expect(r.code, r.stderr).toBe(0);
    const { job } = JSON.parse(r.stdout) as JobJson;
    expect(job.status).toBe('succeeded');
    expect(job.costUsd).toBeGreaterThan(0);
    expect(job.files).toHaveLength(1);
    expect(job.files[0]!.startsWith(outputDir)).toBe(true);
    expect(existsSync(job.files[0]!)).toBe(true);
    // The request reached the fake with the options given.
    const sent = fake.requests.filter((q) => q.path === '/v1/images/generations');
    expect(sent.at(-1)?.json).toMatchObject({ prompt: 'a lighthouse in fog', quality: 'low', size: '1024x1024' });

    const h = await loupe(['history', 'search', '--json', 'lighthouse']);
    expect(h.code).toBe(0);
    const found = JSON.parse(h.stdout) as { total: number; jobs: { id: number; prompt: string }[] };
    expect(found.total).toBe(1);
    expect(found.jobs[0]).toMatchObject({ id: job.id, prompt: 'a lighthouse in fog' });

    const text = await loupe(['history', 'search', 'lighthouse']);
    expect(text.stdout).toMatch(new RegExp(`^\\s+${job.id}\\s+\\d{4}-\\d\\d-\\d\\d .*succeeded .*a lighthouse in fog`, 'm'));

    const to = join(root, 'exported');
    const e = await loupe(['export', '--job', String(job.id), '--to', to, '--json']);
    expect(e.code, e.stderr).toBe(0);
    const exported = JSON.parse(e.stdout) as { files: string[]; failures: unknown[] };
    expect(exported.failures).toEqual([]);
    expect(await readdir(to)).toHaveLength(1);
    expect(exported.files[0]!.startsWith(to)).toBe(true);
  }, 120_000);

  it('edit imports the photos, applies the mask and saves a pixel-locked result', async () => {
    const { writeFile } = await import('node:fs/promises');
    const { photoJpeg, ellipseMask } = await import('./edit-helpers');
    const photo = join(root, 'portrait.jpg');
    const mask = join(root, 'mask.png');
    await writeFile(photo, await photoJpeg(800, 600));
    await writeFile(mask, await ellipseMask(800, 600));
    const r = await loupe(['edit', '--json', '--image', photo, '--mask', mask, '-q', 'low', '-s', '1536x1024', 'a red scarf']);
    expect(r.code, r.stderr).toBe(0);
    const { job } = JSON.parse(r.stdout) as { job: JobJson['job'] & { outputs: { locked: boolean }[] } };
    expect(job.status).toBe('succeeded');
    expect(job.outputs[0]!.locked).toBe(true);
    expect(existsSync(job.files[0]!)).toBe(true);
    const sent = fake.requests.filter((q) => q.path === '/v1/images/edits').at(-1);
    expect(sent?.files?.map((f) => f.field)).toEqual(['image', 'mask']);
  }, 120_000);

  it('exit codes say why a job failed: 3 refused, 4 no key, 7 unavailable', async () => {
    const moderated = await loupe(['generate', '-q', 'low', 'a scene [fake:moderation]']);
    expect(moderated.code).toBe(3);
    expect(moderated.stdout).toContain('MODERATION_BLOCKED');

    const noKey = await loupe(['generate', 'a kite'], { env: { OPENAI_BASE_URL: fake.url } });
    expect(noKey.code).toBe(4);
    expect(noKey.stderr).toContain('OPENAI_API_KEY');

    const limited = await loupe(['generate', '--json', '-q', 'low', 'a kite [fake:429:0]'], { env: { ...env(), LOUPE_MAX_ATTEMPTS: '2' } });
    expect(limited.code).toBe(7);
    expect((JSON.parse(limited.stdout) as JobJson).job.error?.code).toBe('RATE_LIMITED');

    fake.setOptions({ revokedKeys: ['sk-test-revoked-0000'] });
    const revoked = await loupe(['generate', '-q', 'low', 'a kite'], { env: { ...env(), OPENAI_API_KEY: 'sk-test-revoked-0000' } });
    expect(revoked.code).toBe(4);
    expect(revoked.stdout).toContain('AUTH_INVALID_KEY');
  }, 120_000);

  it('takes the key from stdin with --api-key-stdin, and never prints a key', async () => {
    const r = await loupe(['generate', '--api-key-stdin', '--json', '-q', 'low', 'a paper boat'], { env: { OPENAI_BASE_URL: fake.url }, stdin: `${KEY}\n` });
    expect(r.code, r.stderr).toBe(0);
    // The fake records only the last four characters of the key it received.
    const auth = fake.requests.filter((q) => q.path === '/v1/images/generations').at(-1)?.headers?.authorization;
    expect(auth).toContain(KEY.slice(-4));
    for (const run of runs) {
      expect(run.stdout + run.stderr).not.toContain(KEY);
      expect(run.stdout + run.stderr).not.toContain(KEY.slice(8, 20));
    }
  }, 120_000);

  it('refuses with exit 5 while another Loupe holds the data folder, naming it', async () => {
    const holder = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/unit/helpers/lock-child.ts'), dataDir], { cwd: ROOT });
    const line = await new Promise<string>((resolve) => createInterface({ input: holder.stdout! }).once('line', resolve));
    expect(line).toMatch(/^held \d+$/);
    try {
      const r = await loupe(['history', 'search']);
      expect(r.code).toBe(5);
      expect(r.stderr).toContain('Another Loupe is already using the data folder');
      expect(r.stderr).toContain(line.slice('held '.length));
    } finally {
      holder.stdin!.end();
      await new Promise((resolve) => holder.on('close', resolve));
    }
    // Released: the next run works again.
    expect((await loupe(['history', 'search'])).code).toBe(0);
  }, 120_000);
});

describe('loupe batch', () => {
  let fake: FakeOpenAI;
  let root: string;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    root = await mkdtemp(join(tmpdir(), 'loupe-cli-batch-'));
  });
  afterAll(async () => {
    await fake?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('edits every photo of a folder tree into a mirrored tree, and a second run resumes without sending anything', async () => {
    const { mkdir, writeFile } = await import('node:fs/promises');
    const { photoJpeg } = await import('./edit-helpers');
    const input = join(root, 'shoot');
    await mkdir(join(input, 'day-2'), { recursive: true });
    for (const p of ['one.jpg', 'two.jpg', 'day-2/three.jpg']) await writeFile(join(input, p), await photoJpeg(480, 360));
    const output = join(root, 'edited');
    const args = ['batch', '--input', input, '--output', output, '--prompt', 'warm evening light', '-q', 'low', '-s', '1024x1024', '--data-dir', join(root, 'data'), '--json'];
    const env = { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: KEY };

    const first = await runCli(args, { env });
    expect(first.code, first.stderr).toBe(0);
    const { batch } = JSON.parse(first.stdout) as { batch: { id: number; status: string; counts: { total: number; succeeded: number }; items: { relPath: string; outputPath: string | null }[] } };
    expect(batch.status).toBe('done');
    expect(batch.counts).toMatchObject({ total: 3, succeeded: 3 });
    expect((await readdir(output, { recursive: true })).map(String).sort()).toEqual(['day-2', 'day-2/three.png', 'one.png', 'two.png']);
    const sent = fake.requests.filter((r) => r.path === '/v1/images/edits').length;
    expect(sent).toBe(3);

    const again = await runCli(args.filter((a) => a !== '--json'), { env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`resuming batch ${batch.id} (3 done)`);
    expect(again.stdout).toContain('3 succeeded, 0 failed');
    expect(fake.requests.filter((r) => r.path === '/v1/images/edits').length).toBe(sent);
  }, 180_000);

  it('--economy sends the batch through the Batch API at half price and waits for it', async () => {
    const { mkdir, writeFile } = await import('node:fs/promises');
    const { photoJpeg } = await import('./edit-helpers');
    const input = join(root, 'economy');
    await mkdir(input, { recursive: true });
    for (const p of ['a.jpg', 'b.jpg']) await writeFile(join(input, p), await photoJpeg(400, 300));
    const output = join(root, 'economy-out');
    const r = await runCli(['batch', '--economy', '--json', '--input', input, '--output', output, '--prompt', 'soft light', '-q', 'low', '-s', '1024x1024', '--data-dir', join(root, 'data-economy')], {
      env: { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: KEY, LOUPE_BATCH_POLL_MS: '100' },
    });
    expect(r.code, r.stderr).toBe(0);
    const { batch } = JSON.parse(r.stdout) as { batch: { mode: string; status: string; counts: { succeeded: number }; remote: unknown[] } };
    expect(batch).toMatchObject({ mode: 'economy', status: 'done', counts: { succeeded: 2 } });
    expect(batch.remote.length).toBeGreaterThan(0);
    expect(fake.requests.some((q) => q.method === 'POST' && q.path === '/v1/batches')).toBe(true);
    expect((await readdir(output)).sort()).toEqual(['a.png', 'b.png']);
  }, 180_000);
});
