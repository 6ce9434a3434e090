/**
 * The renderer's memory while a person scrolls the whole History gallery of 100,000 jobs
 * in Chromium: the gallery virtualises over the job ids and keeps a bounded cache of rows,
 * so the JS heap and the DOM must stay flat from the first screen to the last. Measured
 * with the DevTools protocol after a forced garbage collection at each point.
 */
import { chromium } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { openDatabase } from '../../electron/core/db/connection';
import { ContentStore } from '../../electron/core/store/content-store';
import { startWebHost } from '../../electron/web-host/server';
import { generateLibrary } from './history';
import { row, type BenchRow } from './report';
import { findBrowser } from '../support/find-browser';

const ROOT = resolve(import.meta.dirname, '../..');
const CHROMIUM = findBrowser().path ?? '/usr/bin/chromium';

/** Outputs of the generated library point at a few real images, so thumbnails load as they would. */
async function seed(dataDir: string): Promise<number> {
  const db = openDatabase(join(dataDir, 'loupe.sqlite'));
  const outputs = generateLibrary(db);
  const store = new ContentStore(join(dataDir, 'store'));
  const hashes: string[] = [];
  for (let i = 0; i < 16; i++) {
    const png = await sharp({ create: { width: 256, height: 256, channels: 3, background: { r: (i * 53) % 256, g: (i * 97) % 256, b: (i * 151) % 256 } } }).png().toBuffer();
    const put = await store.put(png, 'image/png');
    db.prepare('INSERT OR IGNORE INTO assets (hash, mime, width, height, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(put.hash, put.mime, put.width, put.height, put.bytes, Date.now());
    hashes.push(put.hash);
  }
  db.pragma('foreign_keys = OFF');
  const set = db.prepare('UPDATE outputs SET asset_hash = ? WHERE id % 16 = ?');
  db.transaction(() => hashes.forEach((h, i) => set.run(h, i)))();
  db.close();
  return outputs;
}

export async function benchGalleryMemory(): Promise<BenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'loupe-bench-gallery-'));
  const dataDir = join(dir, 'data');
  await seed(dataDir);
  const host = await startWebHost({ port: 0, dataDir, outputDir: join(dir, 'out'), rendererDir: join(ROOT, 'out/renderer'), env: { OPENAI_API_KEY: 'sk-bench-0000' } });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const measure = async (): Promise<{ heapMb: number; nodes: number }> => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const get = (n: string) => metrics.find((m) => m.name === n)?.value ?? 0;
      return { heapMb: get('JSHeapUsedSize') / 1024 ** 2, nodes: get('Nodes') };
    };
    await page.goto(host.url);
    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByText(/^100,000 jobs$|^100000 jobs$/).waitFor({ timeout: 60_000 });
    const jobs = page.getByRole('list', { name: 'Jobs' }).or(page.getByRole('grid', { name: 'Jobs' })).first();
    await jobs.waitFor();
    await page.waitForTimeout(500);
    const start = await measure();

    // Scroll the gallery's scroll container from top to bottom in screen-sized steps.
    const steps = 400;
    let peak = start;
    for (let i = 1; i <= steps; i++) {
      // Runs in the page; typed loosely because this file is checked without the DOM library.
      await jobs.evaluate((el, f) => {
        type Box = { scrollHeight: number; clientHeight: number; scrollTop: number; parentElement: Box | null };
        let s = el as unknown as Box | null;
        while (s && s.scrollHeight <= s.clientHeight) s = s.parentElement;
        if (s) s.scrollTop = (s.scrollHeight - s.clientHeight) * f;
      }, i / steps);
      await page.waitForTimeout(15);
      if (i % 100 === 0) {
        const m = await measure();
        if (m.heapMb > peak.heapMb) peak = m;
      }
    }
    await page.waitForTimeout(500);
    const end = await measure();
    return [
      row('gallery 100k (Chromium): JS heap on the first screen', start.heapMb, 'MB', null),
      row('gallery 100k (Chromium): JS heap after scrolling to the last job', end.heapMb, 'MB', null),
      row('gallery 100k (Chromium): heap after the whole scroll / first screen', end.heapMb / start.heapMb, 'ratio', 1.5),
      row('gallery 100k (Chromium): peak heap while scrolling / first screen', peak.heapMb / start.heapMb, 'ratio', 1.5),
      row('gallery 100k (Chromium): DOM nodes first screen', start.nodes, 'nodes', null),
      row('gallery 100k (Chromium): DOM nodes after the whole scroll', end.nodes, 'nodes', null),
    ];
  } finally {
    await browser.close();
    await host.close();
    await rm(dir, { recursive: true, force: true });
  }
}
