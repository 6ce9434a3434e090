/**
 * File names for saved outputs, from a user template. Tokens fill in the facts; then the
 * whole name is made safe for every desktop OS, because the template text itself comes
 * from the user and may contain anything.
 */
export interface NameContext {
  date: Date;
  prompt: string;
  model: string;
  quality: string;
  size: string;
  jobId: number;
  /** 1-based, as people count. */
  index: number;
}

export const DEFAULT_TEMPLATE = '{date}_{prompt}_{model}_{index}';
export const MAX_NAME_CHARS = 120;
/*
 * ext4, APFS and NTFS cap a name at 255 bytes/units; 200 UTF-8 bytes leaves room for a
 * "-10000" collision suffix and the extension even when the template is all CJK or emoji.
 */
export const MAX_NAME_BYTES = 200;
const PROMPT_SLUG_MAX = 48;
const FALLBACK = 'untitled';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** ASCII slug: "Café au lait, please!" → "cafe-au-lait-please"; cut at a word boundary. */
export function slugify(text: string, max = PROMPT_SLUG_MAX): string {
  const slug = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= max) return slug || FALLBACK;
  const cut = slug.slice(0, max);
  // If the cut fell inside a word, back up to the last whole word (unless it is one long word).
  const lastDash = cut.lastIndexOf('-');
  const atBoundary = slug[max] === '-';
  const out = atBoundary || lastDash <= 0 ? cut : cut.slice(0, lastDash);
  return out.replace(/-+$/, '') || FALLBACK;
}

function tokenValue(token: string, ctx: NameContext): string {
  const d = ctx.date;
  switch (token) {
    case 'date':
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
    case 'time':
      return `${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
    case 'prompt':
      return slugify(ctx.prompt);
    case 'model':
      return ctx.model;
    case 'quality':
      return ctx.quality;
    case 'size':
      return ctx.size;
    case 'job':
      return String(ctx.jobId);
    case 'index':
      return String(ctx.index);
    default:
      return '';
  }
}

export function renderName(template: string, ctx: NameContext): string {
  // Tokens are matched case-insensitively ({Date} works); any other {word} is dropped.
  return safeFileName(template.replace(/\{(\w+)\}/g, (_, token: string) => tokenValue(token.toLowerCase(), ctx)));
}

// C0/C1 controls, DEL, and the invisible bidi/format marks that can disguise a name
// ("photo‮gnp.exe" shows as "photoexe.png").
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const FORBIDDEN_RE = /[<>:"/\\|?*]/g;
const RESERVED_RE = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;

/** Cuts to the char and byte limits without splitting a surrogate pair. */
function truncate(name: string, maxChars: number, maxBytes: number): string {
  let out = '';
  let chars = 0;
  let bytes = 0;
  for (const ch of name) {
    const len = ch.length;
    const b = Buffer.byteLength(ch, 'utf8');
    if (chars + len > maxChars || bytes + b > maxBytes) break;
    out += ch;
    chars += len;
    bytes += b;
  }
  return out;
}

const tidyEnds = (s: string): string => s.replace(/^[\s.-]+/, '').replace(/[\s.]+$/, '');

/**
 * A single path component that is valid and harmless on Windows, macOS and Linux: never
 * empty, never a separator or "..", never hidden, never a Windows device name.
 */
export function safeFileName(raw: string): string {
  let name = raw
    .normalize('NFC')
    .replace(LONE_SURROGATE_RE, '')
    .replace(CONTROL_RE, '')
    .replace(FORBIDDEN_RE, '')
    .replace(/\.{2,}/g, '.')
    .replace(/\s+/g, ' ');
  name = tidyEnds(name);
  name = tidyEnds(truncate(name, MAX_NAME_CHARS, MAX_NAME_BYTES));
  if (name === '') return FALLBACK;
  // Windows treats "CON.png" like "CON": check the part before the first dot.
  const stem = name.split('.')[0] ?? '';
  if (RESERVED_RE.test(stem.trim())) name = `_${truncate(name, MAX_NAME_CHARS - 1, MAX_NAME_BYTES - 1)}`;
  return name;
}
