/**
 * Kill faults: the web host runs as a child process over a data folder, 50 jobs against the
 * fake API with latency, and is killed with SIGKILL at seeded random moments, then started
 * again; at the end it runs to completion and the interrupted jobs are retried. Then:
 *   - every job succeeded, or was interrupted and succeeded when retried;
 *   - every output the fake returned is in the store (bytes matching their hash) and in
 *     History, unless the host died between the answer and storing it (then its job was
 *     interrupted: those are counted and bounded by the requests in flight at the kills);
 *   - no image request was sent more than once beyond the ones in flight at a kill;
 *   - PRAGMA integrity_check is ok.
 * Real processes, real SIGKILL, real SQLite, the fake over HTTP. The seed is printed; set
 * KILL_SEED to replay a run.
 */
import { createHash } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobView, Result } from '../../electron/shared';
import { ContentStore } from '../../electron/core/store/content-store';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { BIN, cleanEnv, collect } from './helpers/run-cli';
import { generateParams } from './helpers/params';

const ROOT = resolve(import.meta.dirname, '../..');
const SEED = Number(process.env.KILL_SEED ?? 1204);
const JOBS = 50;
const KILLS = 4;
const CONCURRENCY = 3;
const KEY = 'sk-test-kill-faults-0000';

/** mulberry32: a small seeded generator, so a failing run can be replayed exactly. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Host {
  child: ChildProcess;
  base: string;
  token: string;
}

async function startHost(dataDir: string, outputDir: string, fakeUrl: string): Promise<Host> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'electron/web-host/cli.ts'), '--port', '0', '--data-dir', dataDir, '--output-dir', outputDir], {
    cwd: ROOT,
    env: cleanEnv({
      OPENAI_BASE_URL: fakeUrl,
      OPENAI_API_KEY: KEY,
      LOUPE_CONCURRENCY: String(CONCURRENCY),
      LOUPE_IMAGES_PER_MINUTE: '10000',
      LOUPE_RETRY_BASE_MS: '20',
      LOUPE_REQUEST_TIMEOUT_MS: '30000',
      LOUPE_STREAM_IDLE_MS: '20000',
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.resume();
  const line = await new Promise<string>((done, fail) => {
    createInterface({ input: child.stdout! }).once('line', done);
    child.once('exit', (code) => fail(new Error(`the web host exited (${code}) before it was ready`)));
  });
  const url = new URL(/(http:\/\/\S+)/.exec(line)![1]!);
  return { child, base: `${url.protocol}//${url.host}`, token: url.searchParams.get('token')! };
}

async function call<T>(host: Host, channel: string, args: unknown = {}): Promise<Result<T>> {
  const res = await fetch(`${host.base}/api/${channel}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  return (await res.json()) as Result<T>;
}
async function ok<T>(host: Host, channel: string, args: unknown = {}): Promise<T> {
  const r = await call<T>(host, channel, args);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

function kill(host: Host): Promise<void> {
  return new Promise((done) => {
    host.child.once('exit', () => done());
    host.child.kill('SIGKILL');
  });
}

async function untilSettled(host: Host, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const r = await ok<{ total: number }>(host, 'history:search', { filter: { statuses: ['queued', 'running', 'retrying'] } });
    if (r.total === 0) return;
    if (Date.now() > end) throw new Error(`${r.total} jobs still not finished`);
    await new Promise((w) => setTimeout(w, 200));
  }
}

describe('SIGKILL at random moments during 50 jobs', () => {
  let fake: FakeOpenAI;
  let root: string;
  let dataDir: string;
  let outputDir: string;

  beforeAll(async () => {
    fake = await startFakeOpenAI({ latencyMs: 250 });
    root = await mkdtemp(join(tmpdir(), 'loupe-kill-'));
    dataDir = join(root, 'data');
    outputDir = join(root, 'out');
  });
  afterAll(async () => {
    await fake?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('loses no output, sends nothing twice beyond what was in flight, and keeps the database sound', async () => {
    const random = seeded(SEED);
    console.log(`kill-faults seed ${SEED}`);
    const prompts = Array.from({ length: JOBS }, (_, i) => `kill fault ${i}`);
    const ids = new Map<string, number>();
    const generations = () => fake.requests.filter((r) => r.path === '/v1/images/generations');
    let inFlightAtKills = 0;

    let host = await startHost(dataDir, outputDir, fake.url);
    for (const p of prompts) ids.set(p, (await ok<{ jobId: number }>(host, 'jobs:generate', generateParams({ prompt: p }))).jobId);
    for (let k = 0; k < KILLS; k++) {
      await new Promise((w) => setTimeout(w, 300 + random() * 1500));
      // Requests the fake has received but not answered yet: the ones a kill may cut off.
      inFlightAtKills += generations().filter((r) => r.status === null).length;
      await kill(host);
      host = await startHost(dataDir, outputDir, fake.url);
    }
    await untilSettled(host);
    // What the kills interrupted: retried by the person (here, by the test).
    const all = await ok<JobView[]>(host, 'history:get-many', { ids: [...ids.values()] });
    const interrupted = all.filter((j) => j.status === 'interrupted');
    expect(all.every((j) => j.status === 'succeeded' || j.status === 'interrupted'), JSON.stringify(all.map((j) => [j.id, j.status, j.error?.code]))).toBe(true);
    for (const j of interrupted) expect(j.error?.code).toBe('INTERRUPTED');
    // An interrupted job's answer never arrived (or never got stored): at most the requests in flight at the kills.
    expect(interrupted.length).toBeLessThanOrEqual(KILLS * CONCURRENCY);
    for (const j of interrupted) await ok(host, 'jobs:retry', { jobId: j.id });
    await untilSettled(host);

    const final = await ok<JobView[]>(host, 'history:get-many', { ids: [...ids.values()] });
    expect(final.map((j) => j.status)).toEqual(final.map(() => 'succeeded'));
    const found = await ok<{ ids: number[] }>(host, 'history:search', { filter: { query: 'kill fault' } });
    expect(new Set(found.ids)).toEqual(new Set(ids.values()));
    await new Promise<void>((done) => {
      host.child.once('exit', () => done());
      host.child.kill('SIGTERM');
    });

    // Every job's output is in the store, its bytes matching their hash (and in History, above).
    const interruptedPrompts = new Set(interrupted.map((j) => j.prompt));
    const store = new ContentStore(join(dataDir, 'store'));
    for (const j of final) {
      expect(j.outputs.length, `job ${j.id}`).toBe(1);
      const hash = j.outputs[0]!.assetHash;
      const file = store.pathOf(hash);
      expect(file, `output of job ${j.id} in the store`).not.toBeNull();
      expect(createHash('sha256').update(await readFile(file!)).digest('hex')).toBe(hash);
    }
    // A kill in the middle of a write leaves its temp file (never renamed, so never used): counted, for information.
    const orphans = readdirSync(join(dataDir, 'store'), { recursive: true }).map(String).filter((f) => f.endsWith('.tmp')).length;
    console.log(`kill-faults: ${KILLS} kills, ${inFlightAtKills} requests in flight at them, ${interrupted.length} jobs interrupted and retried, ${generations().length} image requests for ${JOBS} jobs, ${orphans} temp files left in the store`);

    // Nothing sent twice beyond what was in flight at a kill: each prompt once, plus the retried interrupted.
    const sent = generations();
    const perPrompt = new Map<string, number>();
    for (const r of sent) {
      const p = (r.json as { prompt: string }).prompt;
      perPrompt.set(p, (perPrompt.get(p) ?? 0) + 1);
    }
    for (const [p, n] of perPrompt) expect(n, p).toBeLessThanOrEqual(interruptedPrompts.has(p) ? 2 : 1);
    expect(perPrompt.size).toBe(JOBS);

    const db = new Database(join(dataDir, 'loupe.sqlite'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      db.close();
    }
  }, 240_000);
});

describe('SIGKILL at random moments during a loupe batch', () => {
  let fake: FakeOpenAI;
  let root: string;
  beforeAll(async () => {
    fake = await startFakeOpenAI({ latencyMs: 300 });
    root = await mkdtemp(join(tmpdir(), 'loupe-kill-cli-'));
  });
  afterAll(async () => {
    await fake?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('resumes after every kill, ends with one output per photo, nothing sent twice beyond what was in flight', async () => {
    const random = seeded(SEED + 1);
    const sharp = (await import('sharp')).default;
    const { mkdir } = await import('node:fs/promises');
    const input = join(root, 'shoot');
    const photos: string[] = [];
    for (let i = 0; i < 16; i++) {
      const rel = `${i % 2 ? 'day-2/' : ''}photo-${i}.jpg`;
      await mkdir(join(input, 'day-2'), { recursive: true });
      await sharp({ create: { width: 320 + 16 * (i % 4), height: 240, channels: 3, background: { r: 40 + i * 12, g: 90, b: 200 - i * 10 } } }).jpeg().toFile(join(input, rel));
      photos.push(rel);
    }
    const output = join(root, 'edited');
    const dataDir = join(root, 'data');
    const args = [BIN, 'batch', '--input', input, '--output', output, '--prompt', 'warm light', '-q', 'low', '-s', '1024x1024', '--concurrency', String(CONCURRENCY), '--data-dir', dataDir];
    const env = cleanEnv({ OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: KEY, LOUPE_IMAGES_PER_MINUTE: '10000', LOUPE_RETRY_BASE_MS: '20' });
    const edits = () => fake.requests.filter((r) => r.path === '/v1/images/edits');
    let inFlightAtKills = 0;

    for (let k = 0; k < 3; k++) {
      const before = edits().length;
      const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: 'ignore' });
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      // Once it is sending (tsx takes a while to start on a loaded machine), a random moment later.
      const sending = Date.now() + 60_000;
      while (edits().length === before && child.exitCode === null && Date.now() < sending) await new Promise((w) => setTimeout(w, 50));
      await new Promise((w) => setTimeout(w, random() * 1500));
      inFlightAtKills += edits().filter((r) => r.status === null).length;
      child.kill('SIGKILL');
      await exited;
    }
    const final = await collect(spawn(process.execPath, [...args, '--json'], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] }), { timeoutMs: 120_000 });
    const { batch } = JSON.parse(final.stdout) as { batch: { status: string; counts: { total: number; succeeded: number; failed: number }; items: { relPath: string; status: string; error: { code: string } | null }[] } };
    console.log(`kill-faults (CLI batch): exit ${final.code}, ${JSON.stringify(batch.counts)}, ${edits().length} edit requests for ${photos.length} photos, ${inFlightAtKills} in flight at the kills`);
    expect(final.code, final.stderr).toBe(0);
    expect(batch.status).toBe('done');
    expect(batch.counts).toMatchObject({ total: photos.length, succeeded: photos.length, failed: 0 });
    // One output per photo, mirrored: a photo edited twice would have left a "-2" file beside the first.
    const files = (await readdir(output, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(output.length + 1));
    expect(files.sort()).toEqual(photos.map((p) => p.replace(/\.jpg$/, '.png')).sort());
    // Sent again only what a kill cut off.
    // At most CONCURRENCY requests are in flight when a kill lands.
    expect(edits().length).toBeLessThanOrEqual(photos.length + 3 * CONCURRENCY);
    const db = new Database(join(dataDir, 'loupe.sqlite'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  }, 240_000);
});
