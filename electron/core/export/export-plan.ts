/**
 * The export dialog's plan, as pure functions: what each chosen output becomes (format,
 * size, re-encoded or copied as is, its file name), and where a finished file goes in a
 * folder that may already hold it. No disk, no pixels: export-run.ts does the work the
 * plan describes, so every rule here is a unit test away.
 */
import type { ExportChoice } from '../../shared';
import { renderName, type NameContext } from './naming';

/** A format a file is written in. */
export type FileFormat = 'png' | 'jpeg' | 'webp' | 'avif' | 'gif' | 'svg';

export const EXT: Record<FileFormat, string> = { png: 'png', jpeg: 'jpg', webp: 'webp', avif: 'avif', gif: 'gif', svg: 'svg' };

const FORMAT_OF_MIME: Record<string, FileFormat> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/webp': 'webp',
  'image/avif': 'avif',
  'image/gif': 'gif',
  'image/svg+xml': 'svg',
};

export interface ExportItem {
  outputId: number;
  /** The stored image exported: the pixel-locked one when there is one. */
  mime: string;
  width: number;
  height: number;
  /** Everything the naming template may use except the size, which the plan sets. */
  name: Omit<NameContext, 'size'>;
  /** The job's own naming template, used when the dialog's is empty. */
  template: string;
}

export interface PlannedFile {
  outputId: number;
  format: FileFormat;
  /** Decode and encode again (another format, a smaller size); false: the stored bytes are copied. */
  reencode: boolean;
  width: number;
  height: number;
  /** File name without extension, unique within this export. */
  stem: string;
  ext: string;
  /** Said in the result when the plan did something other than asked ("SVG kept as a vector"). */
  note?: string;
}

export interface ExportPlan {
  files: PlannedFile[];
  failures: { outputId: number; message: string }[];
}

/** Size after shrinking so the long edge is at most `longEdge`; never enlarged. */
export function fitLongEdge(width: number, height: number, longEdge: number | null): { width: number; height: number } {
  const long = Math.max(width, height);
  if (longEdge === null || long <= longEdge) return { width, height };
  const s = longEdge / long;
  return { width: Math.max(1, Math.round(width * s)), height: Math.max(1, Math.round(height * s)) };
}

/** Plans every chosen output. Unknown formats fail by output; two outputs never get one name. */
export function planExport(items: readonly ExportItem[], choice: ExportChoice): ExportPlan {
  const files: PlannedFile[] = [];
  const failures: ExportPlan['failures'] = [];
  const taken = new Set<string>();
  for (const item of items) {
    const source = FORMAT_OF_MIME[item.mime];
    if (!source) {
      failures.push({ outputId: item.outputId, message: `Output ${item.outputId} is ${item.mime}, which Loupe does not export.` });
      continue;
    }
    let note: string | undefined;
    let format: FileFormat = choice.format === 'original' ? source : choice.format;
    let size = fitLongEdge(item.width, item.height, choice.longEdge);
    // A vector has no pixels to resize, and an animation would lose its frames: kept as they are, and said so.
    if (choice.format === 'original' && (source === 'svg' || source === 'gif') && (size.width !== item.width || size.height !== item.height)) {
      size = { width: item.width, height: item.height };
      note = source === 'svg' ? 'SVG kept as a vector: it has no pixel size to reduce' : 'GIF kept at its size: resizing would drop its frames';
    }
    if (source === 'gif' && format !== 'gif') note = 'Only the first frame of the GIF was exported';
    if (source === 'svg' && format === 'svg') format = 'svg';
    const reencode = format !== source || size.width !== item.width || size.height !== item.height;
    const base = renderName(choice.template.trim() || item.template, { ...item.name, size: `${size.width}x${size.height}` });
    const ext = EXT[format];
    let stem = base;
    for (let n = 2; taken.has(`${stem}.${ext}`.toLowerCase()); n++) stem = `${base}-${n}`;
    taken.add(`${stem}.${ext}`.toLowerCase());
    files.push({ outputId: item.outputId, format, reencode, width: size.width, height: size.height, stem, ext, ...(note ? { note } : {}) });
  }
  return { files, failures };
}

/** `stem.ext`, `stem-2.ext`, `stem-3.ext`...: the names one file may have taken in a folder. */
export function isNameOf(fileName: string, stem: string, ext: string): boolean {
  if (!fileName.toLowerCase().endsWith(`.${ext}`)) return false;
  const s = fileName.slice(0, -(ext.length + 1));
  if (s === stem) return true;
  return s.startsWith(`${stem}-`) && /^(?:[2-9]|[1-9]\d+)$/.test(s.slice(stem.length + 1));
}

export type Placement = { action: 'identical'; fileName: string } | { action: 'write'; fileName: string };

/**
 * Where a finished file goes, given the files of its names already in the folder and the
 * digest of each (`existing`: file name → sha-256): the file itself when one of them has
 * identical bytes (nothing is copied again as "-2"), else the first free name.
 */
export function placeFile(stem: string, ext: string, digest: string, existing: ReadonlyMap<string, string>): Placement {
  for (const [fileName, d] of existing) if (d === digest && isNameOf(fileName, stem, ext)) return { action: 'identical', fileName };
  const taken = new Set([...existing.keys()].map((f) => f.toLowerCase()));
  for (let n = 1; ; n++) {
    const fileName = `${n === 1 ? stem : `${stem}-${n}`}.${ext}`;
    if (!taken.has(fileName.toLowerCase())) return { action: 'write', fileName };
  }
}

/** The sentence the dialog and the status line show. */
export function exportMessage(r: { written: number; identical: number; zipped: number; failed: number; where: string | null; zipName: string | null }): string {
  const files = (n: number) => `${n} ${n === 1 ? 'file' : 'files'}`;
  const parts: string[] = [];
  if (r.zipName) parts.push(`Exported ${files(r.zipped)} in ${r.zipName}${r.where ? ` to ${r.where}` : ''}.`);
  else {
    if (r.written > 0) parts.push(`Exported ${files(r.written)}${r.where ? ` to ${r.where}` : ''}.`);
    if (r.identical > 0) parts.push(`${files(r.identical)} ${r.identical === 1 ? 'was' : 'were'} already there with identical bytes, so ${r.identical === 1 ? 'it was' : 'they were'} not copied again.`);
  }
  if (r.failed > 0) parts.push(`${files(r.failed)} could not be exported.`);
  return parts.join(' ') || 'Nothing was exported.';
}
