/** The CLI's progress bar and result printing: fitted to the terminal, silent off a terminal, JSON alone on stdout. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { printer, progressLine } from '../../electron/cli/output';

const stream = (isTTY: boolean, columns?: number) => {
  const s = new PassThrough() as PassThrough & { isTTY: boolean; columns?: number; text: string };
  s.isTTY = isTTY;
  s.columns = columns;
  s.text = '';
  s.on('data', (c: Buffer) => (s.text += c.toString('utf8')));
  return s as unknown as NodeJS.WriteStream & { text: string };
};

describe('loupe output', () => {
  it('draws a bar with counts and percentage that fits the terminal', () => {
    const line = progressLine('Batch 3', 12, 30, '2 failed', 80);
    expect(line).toMatch(/^Batch 3 \[█+░+\] 12\/30 {2}40% {2}2 failed$/);
    expect(line.length).toBeLessThanOrEqual(79);
    expect(progressLine('Batch 3', 30, 30, '', 60)).toContain('30/30 100%');
    expect(progressLine('Job 7 running', 0, 0, '12s', 40)).toBe('Job 7 running  12s');
  });

  it('draws on a terminal only, full width when the terminal reports none', () => {
    const tty = stream(true, 0);
    printer(false, stream(false), tty).progress('Batch 1', 3, 6, '');
    expect(tty.text).toContain('3/6  50%');
    const pipe = stream(false);
    printer(false, stream(false), pipe).progress('Batch 1', 3, 6, '');
    expect(pipe.text).toBe('');
  });

  it('--json prints one JSON document on stdout and nothing else', () => {
    const out = stream(false);
    const err = stream(true, 80);
    const p = printer(true, out, err);
    p.progress('Batch 1', 1, 2, '');
    p.result(['human line'], { job: { id: 1 } });
    expect(JSON.parse(out.text)).toEqual({ job: { id: 1 } });
    expect(out.text).not.toContain('human line');
  });
});
