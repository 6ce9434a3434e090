/**
 * The fake's Files and Batches endpoints, driven with the official SDK as Loupe drives
 * them: upload JSONL, create, poll through validating → in_progress → finalizing →
 * completed, read the output and error files; expiry, cancel, and the refusals.
 */
import OpenAI, { toFile } from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_BATCH_TIMINGS } from '../fake-openai/batches';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { photoJpeg } from './edit-helpers';

let fake: FakeOpenAI;
let client: OpenAI;
beforeEach(async () => {
  fake = await startFakeOpenAI();
  client = new OpenAI({ apiKey: 'sk-test-batches-1234', baseURL: fake.url, maxRetries: 0 });
});
afterEach(async () => {
  await fake.close();
});

const gen = (id: string, body: Record<string, unknown>) => ({ custom_id: id, method: 'POST', url: '/v1/images/generations', body: { model: 'gpt-image-2', prompt: 'a lighthouse at dusk', size: '1024x1024', quality: 'low', ...body } });
const jsonl = (lines: unknown[]) => toFile(Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n')), 'input.jsonl', { type: 'application/jsonl' });

async function until(id: string, done: (s: string) => boolean): Promise<{ statuses: string[]; batch: OpenAI.Batches.Batch }> {
  const statuses: string[] = [];
  for (let i = 0; i < 400; i++) {
    const b = await client.batches.retrieve(id);
    if (statuses.at(-1) !== b.status) statuses.push(b.status);
    if (done(b.status)) return { statuses, batch: b };
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`batch ${id} never finished: ${statuses.join(' → ')}`);
}

const lines = async (fileId: string) => (await (await client.files.content(fileId)).text()).trim().split('\n').map((l) => JSON.parse(l) as { id: string; custom_id: string; response: { status_code: number; request_id: string; body: Record<string, unknown> } | null; error: { code: string } | null });

describe('fake Files and Batches', () => {
  it('runs an image batch through every status and returns each result under its custom_id', async () => {
    fake.setOptions({ batchTimings: { ...DEFAULT_BATCH_TIMINGS, validatingMs: 400, inProgressMs: 800, finalizingMs: 400 } });
    const file = await client.files.create({ file: await jsonl([gen('a', {}), gen('b', { quality: 'medium' }), gen('c', { quality: 'ultra' })]), purpose: 'batch' });
    expect(file).toMatchObject({ object: 'file', purpose: 'batch', filename: 'input.jsonl', status: 'processed' });
    expect(file.id).toMatch(/^file-/);
    const created = await client.batches.create({ input_file_id: file.id, endpoint: '/v1/images/generations', completion_window: '24h' });
    expect(created).toMatchObject({ object: 'batch', status: 'validating', request_counts: { total: 3, completed: 0, failed: 0 } });
    expect(created.expires_at! - created.created_at).toBe(24 * 3600);

    const { statuses, batch } = await until(created.id, (s) => s === 'completed');
    // Polled every 20 ms against phases of 400–800 ms: each is seen, in order (a very slow poll could only skip one).
    const order = ['validating', 'in_progress', 'finalizing', 'completed'];
    expect(statuses.map((st) => order.indexOf(st))).toEqual([...statuses.map((st) => order.indexOf(st))].sort());
    expect(statuses.at(-1)).toBe('completed');
    expect(statuses.length).toBeGreaterThanOrEqual(3);
    expect(batch.in_progress_at).not.toBeNull();
    expect(batch.finalizing_at).not.toBeNull();
    expect(batch.completed_at! >= batch.finalizing_at! && batch.finalizing_at! >= batch.in_progress_at!).toBe(true);
    expect(batch.request_counts).toEqual({ total: 3, completed: 2, failed: 1 });
    const out = await lines(batch.output_file_id!);
    expect(out.map((l) => l.custom_id).sort()).toEqual(['a', 'b']);
    for (const l of out) {
      expect(l.id).toMatch(/^batch_req_/);
      expect(l.error).toBeNull();
      expect(l.response!.status_code).toBe(200);
      expect(l.response!.request_id).toMatch(/^req_/);
      const body = l.response!.body as { data: Array<{ b64_json: string }>; usage: { output_tokens: number } };
      expect(Buffer.from(body.data[0]!.b64_json, 'base64').subarray(1, 4).toString()).toBe('PNG');
      expect(body.usage.output_tokens).toBeGreaterThan(0);
    }
    const err = await lines(batch.error_file_id!);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatchObject({ custom_id: 'c', response: { status_code: 400, body: { error: { param: 'quality', code: 'invalid_value' } } } });
    // The lines ran through the image endpoint, marked as the batch's.
    expect(fake.requests.filter((r) => r.viaBatch === created.id)).toHaveLength(3);
  });

  it('takes an edit line with its images as data URLs (the JSON edit body)', async () => {
    fake.setOptions({ batchTimings: { ...DEFAULT_BATCH_TIMINGS, validatingMs: 0, inProgressMs: 0, finalizingMs: 0 } });
    const url = `data:image/jpeg;base64,${(await photoJpeg(800, 600)).toString('base64')}`;
    const line = { custom_id: 'edit-1', method: 'POST', url: '/v1/images/edits', body: { model: 'gpt-image-2.6-sunburst', prompt: 'warmer light', images: [{ image_url: url }], size: '1024x1024', quality: 'low' } };
    const file = await client.files.create({ file: await jsonl([line]), purpose: 'batch' });
    const created = await client.batches.create({ input_file_id: file.id, endpoint: '/v1/images/edits', completion_window: '24h' });
    const { batch } = await until(created.id, (s) => s === 'completed');
    const [result] = await lines(batch.output_file_id!);
    expect(result).toMatchObject({ custom_id: 'edit-1', response: { status_code: 200 } });
    expect((result!.response!.body as { usage: { input_tokens_details: { image_tokens: number } } }).usage.input_tokens_details.image_tokens).toBeGreaterThan(0);
  });

  it('expires a batch that could not run in its window, and cancels on request', async () => {
    fake.setOptions({ batchTimings: { validatingMs: 0, inProgressMs: 500, finalizingMs: 0, expiresAfterMs: 100 } });
    const file = await client.files.create({ file: await jsonl([gen('x', {}), gen('y', {})]), purpose: 'batch' });
    const late = await client.batches.create({ input_file_id: file.id, endpoint: '/v1/images/generations', completion_window: '24h' });
    const { batch } = await until(late.id, (s) => s === 'expired');
    expect(batch.request_counts).toMatchObject({ failed: 2 });
    expect((await lines(batch.error_file_id!)).map((l) => [l.custom_id, l.error?.code])).toEqual([
      ['x', 'batch_expired'],
      ['y', 'batch_expired'],
    ]);

    fake.setOptions({ batchTimings: { ...DEFAULT_BATCH_TIMINGS, validatingMs: 10_000 } });
    const waiting = await client.batches.create({ input_file_id: file.id, endpoint: '/v1/images/generations', completion_window: '24h' });
    const cancelled = await client.batches.cancel(waiting.id);
    expect(['cancelling', 'cancelled']).toContain(cancelled.status);
    const { batch: after } = await until(waiting.id, (s) => s === 'cancelled');
    expect(after.output_file_id).toBeNull();
    expect((await lines(after.error_file_id!)).every((l) => l.error?.code === 'batch_cancelled')).toBe(true);
    expect(fake.requests.filter((r) => r.viaBatch === waiting.id)).toHaveLength(0);
  });

  it('refuses what the API refuses', async () => {
    const refusal = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (err) {
        return err as { status: number; code: string | null; message: string };
      }
      throw new Error('expected a refusal');
    };
    expect(await refusal(client.files.create({ file: await toFile(Buffer.from('{}'), 'input.json'), purpose: 'batch' }))).toMatchObject({ status: 400, code: 'invalid_file_format' });
    expect(await refusal(client.files.create({ file: await jsonl([gen('a', {})]), purpose: 'nonsense' as 'batch' }))).toMatchObject({ status: 400, code: 'invalid_value' });
    expect(await refusal(client.files.create({ file: await jsonl([gen('a', {}), gen('a', {})]), purpose: 'batch' }))).toMatchObject({ code: 'duplicate_custom_id' });
    const file = await client.files.create({ file: await jsonl([gen('a', {})]), purpose: 'batch' });
    expect(await refusal(client.batches.create({ input_file_id: file.id, endpoint: '/v1/images/edits', completion_window: '24h' }))).toMatchObject({ code: 'mismatched_endpoint' });
    expect(await refusal(client.batches.create({ input_file_id: file.id, endpoint: '/v1/images/generations', completion_window: '1h' as '24h' }))).toMatchObject({ param: 'completion_window' });
    expect(await refusal(client.batches.create({ input_file_id: 'file-nope', endpoint: '/v1/images/generations', completion_window: '24h' }))).toMatchObject({ status: 404 });
    expect(await refusal(client.batches.retrieve('batch_nope'))).toMatchObject({ status: 404 });
  });
});
