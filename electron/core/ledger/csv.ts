/**
 * CSV for spreadsheets and invoicing tools: RFC 4180 (comma separated, CRLF line ends,
 * fields with a comma, quote or line break in double quotes, quotes doubled), and safe to
 * open: a cell starting with = + - @ (or tab / CR) would be run as a formula by Excel,
 * LibreOffice and Google Sheets, so it gets a leading apostrophe, which they show as text.
 * A prompt like "=HYPERLINK(...)" then reads as what it is.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = typeof value === 'number' ? numberText(value) : value;
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: readonly (string | number | null)[]): string {
  return cells.map(csvCell).join(',');
}

export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  return [csvRow(header), ...rows.map(csvRow)].map((line) => `${line}\r\n`).join('');
}

/** Plain decimal notation (never 1e-7), at most 6 decimals: tokens are integers, costs are dollars. */
function numberText(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return n.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
}
