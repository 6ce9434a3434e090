/**
 * One Loupe per data folder, across processes: a real web host in a child process holds the
 * folder; a second host (in this process, or another child) refuses naming its pid; once
 * the holder dies without cleaning up, its stale lock is taken over.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDataLock, LOCK_FILE } from '../../electron/core';
import { startWebHost } from '../../electron/web-host/server';
import { rejection } from './helpers/rejection';

const ROOT = resolve(import.meta.dirname, '../..');
let dir: string;
let dataDir: string;
let rendererDir: string;
const children: ChildProcess[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loupe-lock-'));
  dataDir = join(dir, 'data');
  rendererDir = join(dir, 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Loupe</title>');
});
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

/** `npm run web` in a child process; resolves with its first stdout line, or its exit code and stderr. */
function webHostChild(): { child: ChildProcess; started: Promise<{ line?: string; code?: number | null; stderr: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'electron/web-host/cli.ts'), '--port', '0', '--data-dir', dataDir, '--output-dir', join(dir, 'out')], { cwd: ROOT });
  children.push(child);
  const started = new Promise<{ line?: string; code?: number | null; stderr: string }>((done) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('\n')) done({ line: out.trim(), stderr: err });
    });
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => done({ code, stderr: err }));
  });
  return { child, started };
}

describe('the data folder lock', () => {
  it('a second host refuses while the first lives, naming its pid; a dead holder’s lock is taken over', async () => {
    const first = webHostChild();
    expect((await first.started).line).toMatch(/^Loupe is running at /);
    const pid = first.child.pid!;
    const held = JSON.parse(await readFile(join(dataDir, LOCK_FILE), 'utf8'));
    expect(held).toMatchObject({ pid, host: hostname(), app: 'web' });

    // In this process…
    const err = await rejection(startWebHost({ port: 0, dataDir, outputDir: join(dir, 'out'), rendererDir }), 'CONFLICT');
    expect(err.message).toContain(`Another Loupe is already using the data folder ${dataDir}: process ${pid} (Loupe's web host) on ${hostname()}`);
    // …and in another one.
    const second = webHostChild();
    const refused = await second.started;
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`process ${pid}`);

    // The holder dies without cleaning up: its lock file stays, naming a dead pid.
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    expect(JSON.parse(await readFile(join(dataDir, LOCK_FILE), 'utf8')).pid).toBe(pid);
    const host = await startWebHost({ port: 0, dataDir, outputDir: join(dir, 'out'), rendererDir });
    expect(JSON.parse(await readFile(join(dataDir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    await host.close();
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  }, 60_000);

  it('respects a lock from another machine, takes over an unreadable one, and releases only its own', async () => {
    await mkdir(dataDir, { recursive: true });
    const lockPath = join(dataDir, LOCK_FILE);
    await writeFile(lockPath, JSON.stringify({ pid: 1, host: 'studio-mac.local', startedAt: '2026-12-01T09:00:00.000Z', app: 'electron' }));
    expect((await rejection(acquireDataLock(dataDir, 'cli'), 'CONFLICT')).message).toMatch(/process 1 \(the Loupe app\) on studio-mac\.local.*If it is not running, delete .*loupe\.lock/);

    await writeFile(lockPath, 'half a lo');
    const lock = await acquireDataLock(dataDir, 'cli');
    expect(lock.holder).toMatchObject({ pid: process.pid, app: 'cli' });
    // The same process cannot open the folder twice either.
    await rejection(acquireDataLock(dataDir, 'web'), 'CONFLICT');
    await lock.release();
    expect(existsSync(lockPath)).toBe(false);

    // A lock naming this very pid that this process does not hold was left by an earlier
    // process that had the same pid (containers start every run at the same few pids).
    await writeFile(lockPath, JSON.stringify({ pid: process.pid, host: hostname(), startedAt: 'a previous run', app: 'web' }));
    const reused = await acquireDataLock(dataDir, 'cli');
    await reused.release();

    // A lock someone else took over is theirs: releasing ours leaves it.
    const again = await acquireDataLock(dataDir, 'cli');
    await writeFile(lockPath, JSON.stringify({ pid: 1, host: 'other', startedAt: 'x', app: 'web' }));
    await again.release();
    expect(existsSync(lockPath)).toBe(true);
  });

  it('of several processes finding the same stale lock, exactly one takes it over', async () => {
    // A pid that certainly ran here and is dead now.
    const gone = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => gone.once('exit', r));
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, LOCK_FILE), JSON.stringify({ pid: gone.pid, host: hostname(), startedAt: 'earlier', app: 'web' }));

    const racers = Array.from({ length: 4 }, () => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/unit/helpers/lock-child.ts'), dataDir], { cwd: ROOT });
      children.push(child);
      const line = new Promise<string>((done) => {
        let out = '';
        child.stdout!.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('\n')) done(out.trim());
        });
        child.on('exit', () => done(out.trim()));
      });
      return { child, line };
    });
    const lines = await Promise.all(racers.map((r) => r.line));
    const held = lines.filter((l) => l.startsWith('held '));
    expect(held, lines.join('\n')).toHaveLength(1);
    const winner = Number(held[0]!.slice('held '.length));
    for (const l of lines.filter((x) => !x.startsWith('held '))) expect(l).toContain(`process ${winner} (Loupe's test host)`);
    expect(JSON.parse(await readFile(join(dataDir, LOCK_FILE), 'utf8')).pid).toBe(winner);
    for (const r of racers) r.child.stdin!.end();
    await Promise.all(racers.map((r) => (r.child.exitCode === null ? new Promise((x) => r.child.once('exit', x)) : null)));
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    expect(existsSync(join(dataDir, 'loupe.lock.takeover'))).toBe(false);
  }, 60_000);
});
