/**
 * What `loupe` prints. Results go to stdout (one JSON document with --json, lines of text
 * otherwise); progress and warnings go to stderr, and the progress bar only to a terminal,
 * so a pipe or a file never receives carriage returns. No API key is ever printed: the
 * messages come from the core, which redacts them, and nothing here echoes settings.
 */
export interface Printer {
  json: boolean;
  result(human: string[], data: unknown): void;
  warn(message: string): void;
  progress(label: string, done: number, total: number, extra?: string): void;
  endProgress(): void;
}

export function printer(json: boolean, stdout: NodeJS.WriteStream = process.stdout, stderr: NodeJS.WriteStream = process.stderr): Printer {
  const tty = stderr.isTTY === true;
  let drawn = false;
  return {
    json,
    result(human, data) {
      if (json) stdout.write(`${JSON.stringify(data, null, 2)}\n`);
      else if (human.length > 0) stdout.write(`${human.join('\n')}\n`);
    },
    warn(message) {
      if (drawn) stderr.write('\n');
      drawn = false;
      stderr.write(`loupe: ${message}\n`);
    },
    progress(label, done, total, extra = '') {
      if (!tty) return;
      stderr.write(`\r${progressLine(label, done, total, extra, stderr.columns || 80)}\x1b[K`);
      drawn = true;
    },
    endProgress() {
      if (tty && drawn) stderr.write('\n');
      drawn = false;
    },
  };
}

/** "Batch  [██████░░░░░░]  12/30  40%  3 failed", fitted to the terminal's width. */
export function progressLine(label: string, done: number, total: number, extra: string, columns: number): string {
  // One job: no bar to fill, only what it is doing and for how long.
  if (total === 0) return `${label}${extra ? `  ${extra}` : ''}`.slice(0, Math.max(20, columns - 1));
  const pct = total > 0 ? Math.floor((done / total) * 100) : 0;
  const tail = ` ${done}/${total} ${String(pct).padStart(3)}%${extra ? `  ${extra}` : ''}`;
  const width = Math.max(10, Math.min(40, columns - label.length - tail.length - 4));
  const filled = total > 0 ? Math.round((done / total) * width) : 0;
  return `${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}]${tail}`.slice(0, Math.max(20, columns - 1));
}

export function formatUsd(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : `$${v.toFixed(v < 0.1 ? 4 : 2)}`;
}
