/**
 * The comparison sheet: where each picture and label goes, and that the labels really
 * carry ink, also on a machine with no fonts installed (the sheet ships its own).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { drawText, inkColumns, renderSheet, SHEET, sheetFontFile, sheetLayout } from '../../electron/core/compare/sheet';

const solid = (r: number, g: number, b: number) => sharp({ create: { width: 300, height: 200, channels: 3, background: { r, g, b } } }).png().toBuffer();

const tmp: string[] = [];
const TEXT = 'SSIM 0.998 ΔE 1.80';

function correlation(a: number[], b: number[]): number {
  const n = Math.min(a.length, b.length);
  const ma = a.slice(0, n).reduce((s, v) => s + v, 0) / n;
  const mb = b.slice(0, n).reduce((s, v) => s + v, 0) / n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}
afterAll(async () => {
  for (const d of tmp) await rm(d, { recursive: true, force: true });
});

describe('sheetLayout', () => {
  it('puts up to three cells on a row, with margins and gaps', () => {
    const l = sheetLayout(5, 4);
    expect(l.columns).toBe(3);
    expect(l.cells[0]).toEqual({ left: SHEET.margin, top: SHEET.margin + SHEET.headerHeight });
    expect(l.cells[1]!.left).toBe(SHEET.margin + SHEET.cellWidth + SHEET.gap);
    expect(l.cells[3]).toEqual({ left: SHEET.margin, top: SHEET.margin + SHEET.headerHeight + l.cellHeight + SHEET.gap });
    expect(l.width).toBe(2 * SHEET.margin + 3 * SHEET.cellWidth + 2 * SHEET.gap);
    expect(l.cellHeight).toBe(SHEET.imageHeight + 2 * SHEET.textPad + SHEET.titleHeight + 4 * SHEET.lineHeight);
  });
});

describe('renderSheet', () => {
  it('draws each picture in its cell and ink where its labels go, and nothing where none go', async () => {
    const cells = [
      { image: await solid(200, 30, 30), title: 'Source', lines: ['A prompt'] },
      { image: await solid(30, 160, 60), title: '2.6 Sunburst · high · mask', lines: ['SSIM 0.998  ΔE 1.80', 'Cost $0.22'], winner: true },
      { image: null, title: '2.6 Flare · low · mask', lines: ['Status: failed'] },
    ];
    const png = await renderSheet(cells, { title: 'Comparison: test' });
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    const layout = sheetLayout(3, 2);
    expect([info.width, info.height]).toEqual([layout.width, layout.height]);
    const c = info.channels;
    const px = (x: number, y: number) => [...data.subarray((y * info.width + x) * c, (y * info.width + x) * c + 3)];
    // Dark pixels in a band: text.
    const ink = (x0: number, y0: number, w: number, h: number) => {
      let n = 0;
      for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) { const [r, g, b] = px(x, y); if (0.299 * r! + 0.587 * g! + 0.114 * b! < 110) n++; }
      return n;
    };
    // The pictures, letterboxed into their cells.
    const mid = (i: number) => [layout.cells[i]!.left + SHEET.cellWidth / 2, layout.cells[i]!.top + SHEET.imageHeight / 2] as const;
    expect(px(...mid(0))).toEqual([200, 30, 30]);
    expect(px(...mid(1))).toEqual([30, 160, 60]);
    // The header, each cell's title and each of its lines carry ink.
    expect(ink(SHEET.margin, SHEET.margin, 300, SHEET.headerHeight - 8)).toBeGreaterThan(150);
    for (const [i, cell] of cells.entries()) {
      const { left, top } = layout.cells[i]!;
      const textTop = top + SHEET.imageHeight + SHEET.textPad;
      expect(ink(left + SHEET.textPad, textTop, 300, SHEET.titleHeight - 6), `title of ${cell.title}`).toBeGreaterThan(100);
      for (let j = 0; j < cell.lines.length; j++) {
        expect(ink(left + SHEET.textPad, textTop + SHEET.titleHeight + j * SHEET.lineHeight, 300, SHEET.lineHeight - 4), `line ${j} of ${cell.title}`).toBeGreaterThan(40);
      }
      // Below its last line the card is blank.
      if (cell.lines.length < 2) expect(ink(left + SHEET.textPad, textTop + SHEET.titleHeight + cell.lines.length * SHEET.lineHeight + 2, 300, SHEET.lineHeight - 6)).toBe(0);
    }
    // The winner's card has the winner's border.
    const { left, top } = layout.cells[1]!;
    expect(px(left + 1, top + SHEET.imageHeight + 40)).toEqual([0x1f, 0x7a, 0x4d]);
    expect(px(left + 1, top + SHEET.imageHeight / 2)).toEqual([0x1f, 0x7a, 0x4d]);
  }, 60_000);

  it('draws its labels with its own font on a machine without any fonts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loupe-fonts-'));
    tmp.push(dir);
    // A fontconfig that knows no font directory at all: what a minimal Debian has.
    const conf = join(dir, 'fonts.conf');
    await writeFile(conf, `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig><dir>${join(dir, 'none')}</dir><cachedir>${join(dir, 'cache')}</cachedir></fontconfig>`);
    const script = join(dir, 'draw.mts');
    const sheetTs = JSON.stringify(resolve(__dirname, '../../electron/core/compare/sheet.ts'));
    await writeFile(
      script,
      `import { drawText, inkColumns } from ${sheetTs};
       const t = await drawText(${JSON.stringify(TEXT)}, { size: 14, width: 400, colour: '#000000' });
       console.log(JSON.stringify({ width: t.width, columns: await inkColumns(t.png) }));`,
    );
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, FONTCONFIG_FILE: conf }, cwd: resolve(__dirname, '../..') });
    const bare = JSON.parse(stdout.trim().split('\n').at(-1)!) as { width: number; columns: number[] };
    const here = await drawText(TEXT, { size: 14, width: 400, colour: '#000000' });
    // 18 characters of the shipped monospace font: the same advance, so the same width...
    expect(bare.width).toBeGreaterThan(100);
    expect(bare.width).toBe(here.width);
    // ...and the same glyphs (ink column by column), not boxes standing in for missing ones.
    expect(correlation(bare.columns, await inkColumns(here.png))).toBeGreaterThan(0.9);
  }, 60_000);

  it('refuses to draw a label that comes out blank, rather than write a sheet without its text', async () => {
    await expect(drawText('SSIM 0.998', { size: 14, width: 400, colour: '#00000000' })).rejects.toThrow(/labels could not be drawn/);
    expect(sheetFontFile()).toMatch(/resources[/\\]fonts[/\\]DejaVuSansMono\.ttf$/);
  });
});
