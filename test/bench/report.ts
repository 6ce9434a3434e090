/** Bench rows, printed as a table and written to test-results/bench.json. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  /** The budget the value must stay under (or, for ratios marked `min`, above); null when informational. */
  budget: number | null;
  pass: boolean | null;
}

export function row(name: string, value: number, unit: string, budget: number | null, direction: 'max' | 'min' = 'max'): BenchRow {
  const v = Math.round(value * 1000) / 1000;
  return { name, value: v, unit, budget, pass: budget === null ? null : direction === 'max' ? v <= budget : v >= budget };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export async function writeReport(rows: BenchRow[]): Promise<string> {
  const dir = resolve(import.meta.dirname, '../../test-results');
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'bench.json');
  await writeFile(file, JSON.stringify(rows, null, 2));
  return file;
}
