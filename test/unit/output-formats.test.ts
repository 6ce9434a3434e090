import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { JobViewSchema, type JobView } from '../../electron/shared';
import { makeHarness, type Harness } from './core-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

async function run(x: Harness, over: Record<string, unknown>): Promise<JobView> {
  const { jobId } = await x.ok<{ jobId: number }>('jobs:generate', { ...over });
  return JobViewSchema.parse(await x.settle(jobId));
}

const base = { prompt: 'a paper lantern', n: 1, size: 'auto', quality: 'low', background: 'auto', moderation: 'auto', stream: true, partialImages: 2 };

describe('GIF and SVG outputs from today’s models', () => {
  it('an animated GIF is asked for without streaming, stored, and saved as .gif with its XMP', async () => {
    h = await makeHarness();
    const job = await run(h, { ...base, model: 'gpt-image-2.6-flare', outputFormat: 'gif', gif: { frames: 4, frameMs: 120 } });
    expect(job.status).toBe('succeeded');
    const req = h.fake.requests.filter((r) => r.path.endsWith('/images/generations')).at(-1)!;
    expect(req.json).toMatchObject({ model: 'gpt-image-2.6-flare', output_format: 'gif', frame_count: 4, frame_duration_ms: 120 });
    expect((req.json as { stream?: boolean }).stream).not.toBe(true);
    expect(req.json).not.toHaveProperty('partial_images');
    const out = job.outputs[0]!;
    expect(out.mime).toBe('image/gif');
    expect(out.savedPath).toMatch(/\.gif$/);
    const saved = await readFile(out.savedPath!);
    const meta = await sharp(saved, { animated: true }).metadata();
    expect(meta.format).toBe('gif');
    expect(meta.pages).toBe(4);
    expect(saved.includes(Buffer.from('XMP DataXMP'))).toBe(true);
    expect(saved.includes(Buffer.from('a paper lantern'))).toBe(true);
    expect((await h.core.resolveAsset(out.assetHash, 'thumb'))?.mime).toBe('image/webp');
  });

  it('an SVG is sanitised before it is stored or saved', async () => {
    h = await makeHarness();
    const job = await run(h, { ...base, prompt: 'a lantern icon [fake:svg:hostile]', model: 'gpt-image-2.6-sunburst', outputFormat: 'svg' });
    expect(job.status).toBe('succeeded');
    const req = h.fake.requests.filter((r) => r.path.endsWith('/images/generations')).at(-1)!;
    expect(req.json).toMatchObject({ output_format: 'svg', n: 1 });
    expect((req.json as { stream?: boolean }).stream).not.toBe(true);
    const out = job.outputs[0]!;
    expect(out.mime).toBe('image/svg+xml');
    expect(out.savedPath).toMatch(/\.svg$/);
    for (const bytes of [await readFile(out.savedPath!), await readFile((await h.core.resolveAsset(out.assetHash, 'full'))!.path)]) {
      const text = bytes.toString('utf8');
      expect(text).toMatch(/<svg/);
      expect(text).not.toMatch(/<script|onload=|foreignObject|javascript:|href="http/i);
    }
    // Still a picture: it draws.
    const drawn = await sharp(await readFile(out.savedPath!)).png().toBuffer();
    expect((await sharp(drawn).metadata()).width).toBeGreaterThan(0);
  });
});
