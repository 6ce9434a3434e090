/**
 * Bench rows, printed as a table and written to test-results/bench.json. Every row is
 * written, whatever happened: a missed budget is a row marked FAILED, a bench section
 * that threw is a FAILED row naming the error, and a row with no budget is information.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export interface BenchRow {
  name: string;
  /** null only when the measurement could not be made (see note). */
  value: number | null;
  unit: string;
  /** The budget the value must stay under (`direction` max) or above (min); null when informational. */
  budget: number | null;
  direction: 'max' | 'min';
  /** null: information, no budget. */
  pass: boolean | null;
  /** What was measured and how, the profile of a missed budget, or the error of a section that failed. */
  note: string;
  /** The same measure the naive way (same unit), and value / naive; null where there is no naive way. */
  naive: { value: number; way: string } | null;
  ratio: number | null;
}

export interface RowOptions {
  direction?: 'max' | 'min';
  note?: string;
  naive?: { value: number; way: string };
}

const round = (v: number, places = 3): number => Math.round(v * 10 ** places) / 10 ** places;

export function row(name: string, value: number, unit: string, budget: number | null, opts: RowOptions = {}): BenchRow {
  const direction = opts.direction ?? 'max';
  const v = round(value);
  const naive = opts.naive ? { value: round(opts.naive.value), way: opts.naive.way } : null;
  return {
    name,
    value: v,
    unit,
    budget,
    direction,
    pass: budget === null ? null : direction === 'max' ? v <= budget : v >= budget,
    note: opts.note ?? '',
    naive,
    ratio: opts.naive && opts.naive.value !== 0 ? round(value / opts.naive.value, 4) : null,
  };
}

/** The row for a bench section that could not run to the end. */
export function failedSection(section: string, err: unknown): BenchRow {
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return { name: `${section}: did not run`, value: null, unit: '', budget: null, direction: 'max', pass: false, note: message, naive: null, ratio: null };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export const verdict = (r: BenchRow): string => (r.pass === null ? 'info' : r.pass ? 'PASS' : 'FAILED');

function budgetText(r: BenchRow): string {
  return r.budget === null ? '' : `${r.direction === 'max' ? '≤' : '≥'} ${r.budget}`;
}

/** The table people read: one line per row, the note and the naive comparison indented beneath. */
export function formatTable(rows: readonly BenchRow[]): string {
  const lines: string[] = [];
  const nameWidth = Math.min(96, Math.max(...rows.map((r) => r.name.length)));
  lines.push(`${'result'.padEnd(7)} ${'measure'.padEnd(nameWidth)} ${'value'.padStart(10)} ${'unit'.padEnd(6)} budget`);
  for (const r of rows) {
    const value = r.value === null ? '—' : String(r.value);
    lines.push(`${verdict(r).padEnd(7)} ${r.name.padEnd(nameWidth)} ${value.padStart(10)} ${r.unit.padEnd(6)} ${budgetText(r)}`);
    if (r.naive) lines.push(`${''.padEnd(8)}  naive: ${r.naive.way} = ${r.naive.value} ${r.unit}; ratio ${r.ratio}`);
    if (r.note) lines.push(`${''.padEnd(8)}  ${r.note}`);
  }
  const failed = rows.filter((r) => r.pass === false).length;
  const passed = rows.filter((r) => r.pass === true).length;
  lines.push(`${rows.length} rows: ${passed} within budget, ${failed} FAILED, ${rows.length - passed - failed} information`);
  return lines.join('\n');
}

export async function writeReport(rows: readonly BenchRow[]): Promise<string> {
  const dir = resolve(import.meta.dirname, '../../test-results');
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'bench.json');
  await writeFile(file, `${JSON.stringify(rows, null, 2)}\n`);
  return file;
}
