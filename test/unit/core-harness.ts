/**
 * Shared set-up for the core's tests: a real core (SQLite, store, sharp) in a temp
 * folder, talking over HTTP to the fake OpenAI server. Nothing of ours is mocked.
 */
import { invokeHandler, type Core, type CoreDeps, type MemorySecretStore } from '../../electron/core';
import type { GenerateParams, JobEvent, JobView, Result } from '../../electron/shared';
import type { FakeOpenAI } from '../fake-openai/server';
import { startFakeCore } from './helpers/fake-core';
import { generateParams } from './helpers/params';

export const TEST_KEY = 'sk-test-0123456789abcdefWXYZ';

export const baseParams: GenerateParams = generateParams({ prompt: 'a red fox in fresh snow' });

export interface Harness {
  fake: FakeOpenAI;
  root: string;
  dataDir: string;
  outputDir: string;
  events: JobEvent[];
  secrets: MemorySecretStore;
  core: Core;
  /** Every value and error any call returned, to check the key never leaks. */
  transcript: unknown[];
  call<T = unknown>(channel: string, args?: unknown): Promise<Result<T>>;
  ok<T = unknown>(channel: string, args?: unknown): Promise<T>;
  generate(over?: Partial<GenerateParams>): Promise<number>;
  /** Waits until the queue is idle and returns the job. */
  settle(jobId: number): Promise<JobView>;
  reopen(): Promise<Core>;
  dispose(): Promise<void>;
}

export interface HarnessOptions {
  key?: string | null;
  env?: Record<string, string | undefined>;
  tuning?: CoreDeps['tuning'];
  chooseFolder?: CoreDeps['chooseFolder'];
  reveal?: CoreDeps['reveal'];
  chooseSaveFile?: CoreDeps['chooseSaveFile'];
  outputDir?: string;
}

export async function makeHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const events: JobEvent[] = [];
  const transcript: unknown[] = [];
  const setup = await startFakeCore({
    prefix: 'loupe-core-',
    key: opts.key === undefined ? TEST_KEY : opts.key,
    version: '0.0.0-test',
    emit: (e) => events.push(e),
    outputDir: opts.outputDir,
    env: opts.env,
    deps: {
      chooseFolder: opts.chooseFolder,
      reveal: opts.reveal,
      chooseSaveFile: opts.chooseSaveFile,
      // Generous: a stall or timeout is not retried on its own (it may have been billed), and a
      // busy 2-core machine can take seconds over a large edit.
      // A close waits at most 2 s for requests in flight (the app waits longer for paid-for answers).
      tuning: { streamIdleMs: 20_000, retryBaseDelayMs: 20, maxAttempts: 3, requestTimeoutMs: 30_000, shutdownDrainMs: 2_000, ...opts.tuning },
    },
  });
  const { fake, root, dataDir, outputDir, secrets, open } = setup;

  const h: Harness = {
    fake,
    root,
    dataDir,
    outputDir,
    events,
    secrets,
    transcript,
    core: await open(),
    async call<T>(channel: string, args?: unknown) {
      const r = (await invokeHandler(h.core.handlers, channel, args)) as Result<T>;
      transcript.push(r);
      return r;
    },
    async ok<T>(channel: string, args?: unknown) {
      const r = await h.call<T>(channel, args);
      if (!r.ok) throw new Error(`${channel} failed: ${r.error.code} ${r.error.message}`);
      return r.value;
    },
    async generate(over = {}) {
      const { jobId } = await h.ok<{ jobId: number }>('jobs:generate', { ...baseParams, ...over });
      return jobId;
    },
    async settle(jobId) {
      await h.core.whenIdle();
      return h.ok<JobView>('jobs:get', { jobId });
    },
    async reopen() {
      await h.core.close();
      h.core = await open();
      return h.core;
    },
    async dispose() {
      await h.core.close();
      await setup.dispose();
    },
  };
  return h;
}

export const jobEvents = (events: JobEvent[], jobId: number) =>
  events.filter((e): e is Extract<JobEvent, { type: 'job' }> => e.type === 'job' && e.job.id === jobId).map((e) => e.job);
