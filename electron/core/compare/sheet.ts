/**
 * The comparison sheet: one PNG with the source and every variant side by side, each
 * labelled with its settings and numbers. Text is drawn by libvips/Pango from a font file
 * Loupe ships (resources/fonts/DejaVuSansMono.ttf), not from whatever fonts the system has:
 * a fresh Debian machine without fonts would otherwise draw nothing, or empty boxes.
 * Every label is checked for ink after drawing, so a sheet never leaves with blank labels.
 */
import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp, { type OverlayOptions } from 'sharp';
import { LoupeError } from '../../shared';
import '../images/sharp-threads';

export interface SheetCell {
  /** The picture (any format the store holds), or null for a variant without a result. */
  image: Buffer | null;
  title: string;
  lines: string[];
  winner?: boolean;
}

/** Layout constants (pixels): the tests read pixels where these put labels. */
export const SHEET = {
  margin: 24,
  gap: 24,
  headerHeight: 56,
  cellWidth: 512,
  imageHeight: 384,
  titleHeight: 30,
  lineHeight: 20,
  textPad: 10,
  maxColumns: 3,
  background: '#f4f4f2',
  card: '#ffffff',
  ink: '#1d1d1f',
  winner: '#1f7a4d',
} as const;

const FONT_FILE = 'DejaVuSansMono.ttf';
const FONT_NAME = 'DejaVu Sans Mono';

/** The shipped font: resources/fonts above this module (source tree, built app; outside the asar, where the native code can read it). */
export function sheetFontFile(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'resources', 'fonts', FONT_FILE);
    const unpacked = candidate.replace(`app.asar${sep}`, `app.asar.unpacked${sep}`);
    if (existsSync(unpacked)) return unpacked;
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new LoupeError('INTERNAL', `The sheet's font (resources/fonts/${FONT_FILE}) is missing from this installation, so its labels cannot be drawn.`);
}

const escapePango = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One line of text as RGBA, checked for ink; cut to `width`. */
export async function drawText(text: string, opts: { size: number; width: number; colour: string; bold?: boolean; fontfile?: string }): Promise<{ png: Buffer; width: number; height: number }> {
  const fontfile = opts.fontfile ?? sheetFontFile();
  const markup = `<span foreground="${opts.colour}"${opts.bold ? ' weight="bold"' : ''}>${escapePango(text)}</span>`;
  const { data, info } = await sharp({ text: { text: markup, font: `${FONT_NAME} ${opts.size}`, fontfile, rgba: true, dpi: 96, wrap: 'none' } })
    .png()
    .toBuffer({ resolveWithObject: true });
  const width = Math.min(info.width, opts.width);
  const png = width < info.width ? await sharp(data).extract({ left: 0, top: 0, width, height: info.height }).png().toBuffer() : data;
  if (text.trim() !== '') {
    const alpha = (await sharp(png).stats()).channels[3];
    if (!alpha || alpha.max === 0) {
      throw new LoupeError('INTERNAL', `The sheet's labels could not be drawn with ${fontfile}: the font produced no ink, so no sheet was written.`);
    }
  }
  return { png, width, height: info.height };
}

/** Where each cell goes: the tests and the renderer of the sheet share this. */
export function sheetLayout(count: number, lineCount: number): { width: number; height: number; columns: number; cellHeight: number; cells: { left: number; top: number }[] } {
  const columns = Math.min(SHEET.maxColumns, Math.max(1, count));
  const rows = Math.ceil(count / columns);
  const cellHeight = SHEET.imageHeight + SHEET.textPad + SHEET.titleHeight + lineCount * SHEET.lineHeight + SHEET.textPad;
  const width = SHEET.margin * 2 + columns * SHEET.cellWidth + (columns - 1) * SHEET.gap;
  const height = SHEET.margin + SHEET.headerHeight + rows * cellHeight + (rows - 1) * SHEET.gap + SHEET.margin;
  const cells = Array.from({ length: count }, (_, i) => ({
    left: SHEET.margin + (i % columns) * (SHEET.cellWidth + SHEET.gap),
    top: SHEET.margin + SHEET.headerHeight + Math.floor(i / columns) * (cellHeight + SHEET.gap),
  }));
  return { width, height, columns, cellHeight, cells };
}

export async function renderSheet(cells: SheetCell[], opts: { title: string; fontfile?: string }): Promise<Buffer> {
  const fontfile = opts.fontfile ?? sheetFontFile();
  const lineCount = Math.max(1, ...cells.map((c) => c.lines.length));
  const layout = sheetLayout(cells.length, lineCount);
  const textWidth = SHEET.cellWidth - 2 * SHEET.textPad;
  const layers: OverlayOptions[] = [];

  const title = await drawText(opts.title, { size: 18, width: layout.width - 2 * SHEET.margin, colour: SHEET.ink, bold: true, fontfile });
  layers.push({ input: title.png, left: SHEET.margin, top: SHEET.margin + Math.round((SHEET.headerHeight - title.height) / 2) - 8 });

  for (const [i, cell] of cells.entries()) {
    const { left, top } = layout.cells[i]!;
    const border = cell.winner ? SHEET.winner : '#d8d8d4';
    const card = Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${SHEET.cellWidth}" height="${layout.cellHeight}"><rect x="0.5" y="0.5" width="${SHEET.cellWidth - 1}" height="${layout.cellHeight - 1}" fill="${SHEET.card}" stroke="${border}" stroke-width="${cell.winner ? 4 : 1}"/></svg>`,
    );
    layers.push({ input: card, left, top });
    if (cell.image) {
      const img = await sharp(cell.image)
        .rotate()
        .resize({ width: SHEET.cellWidth - 2, height: SHEET.imageHeight - 2, fit: 'contain', background: '#e9e9e6' })
        .png()
        .toBuffer();
      layers.push({ input: img, left: left + 1, top: top + 1 });
    } else {
      const none = await drawText('No result', { size: 14, width: textWidth, colour: '#6b6b6b', fontfile });
      layers.push({ input: none.png, left: left + SHEET.textPad, top: top + Math.round(SHEET.imageHeight / 2) });
    }
    const heading = await drawText(cell.winner ? `Winner: ${cell.title}` : cell.title, { size: 14, width: textWidth, colour: cell.winner ? SHEET.winner : SHEET.ink, bold: true, fontfile });
    layers.push({ input: heading.png, left: left + SHEET.textPad, top: top + SHEET.imageHeight + SHEET.textPad });
    for (const [j, line] of cell.lines.entries()) {
      const t = await drawText(line, { size: 11, width: textWidth, colour: '#3a3a3c', fontfile });
      layers.push({ input: t.png, left: left + SHEET.textPad, top: top + SHEET.imageHeight + SHEET.textPad + SHEET.titleHeight + j * SHEET.lineHeight });
    }
  }
  return sharp({ create: { width: layout.width, height: layout.height, channels: 3, background: SHEET.background } })
    .composite(layers)
    .png({ compressionLevel: 6 })
    .toBuffer();
}
