/** Number, money and date formatting shared by every view (en-US so tests and docs agree). */

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatInt(n: number): string {
  return integer.format(n);
}

/**
 * Image calls cost fractions of a cent to a few dollars: show four decimals below a dollar
 * (trailing zeros trimmed to at least three) so small differences between estimate and
 * actual stay visible.
 */
export function formatUsd(usd: number): string {
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  let text = usd.toFixed(4);
  while (text.endsWith('0') && text.split('.')[1]!.length > 3) text = text.slice(0, -1);
  return `$${text}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const dateTime = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });
export function formatDateTime(ms: number): string {
  return dateTime.format(new Date(ms));
}

const dateOnly = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' });
/** The day alone, where a narrow card has no room for the time (the full moment goes in a title). */
export function formatDate(ms: number): string {
  return dateOnly.format(new Date(ms));
}

export function formatDuration(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/** Host (and port) of a URL, or the text itself if it is not one. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatInt(n)} ${n === 1 ? one : many}`;
}

/** Prompts are long; image names keep their start (whole up to 200 characters). */
export function promptForName(prompt: string): string {
  const p = prompt.trim().replace(/\s+/g, ' ');
  return p.length > 200 ? `${p.slice(0, 199)}…` : p;
}

const FORMAT_NAMES: Record<string, string> = {
  png: 'PNG',
  jpeg: 'JPEG',
  webp: 'WebP',
  gif: 'GIF',
  svg: 'SVG',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/webp': 'WebP',
  'image/gif': 'GIF',
  'image/svg+xml': 'SVG',
};
export function formatName(format: string): string {
  return FORMAT_NAMES[format] ?? format;
}
