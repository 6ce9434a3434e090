/**
 * File names for saved outputs, from a user template. Tokens fill in the facts; then the
 * whole name is made safe for every desktop OS, because the template text itself comes
 * from the user and may contain anything.
 *
 * Pure (no Node imports): the core names the files it writes with it, and the renderer
 * shows an example name with the very same code.
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
  /** The job's project name; empty (or absent) outside a project. */
  project?: string;
  /** 'low' or 'high' for edits that use an input fidelity; empty otherwise. */
  fidelity?: string;
  /** The brand kit and version; empty until kits exist. */
  kit?: string;
  /** Batches: the photo's file name without its extension. */
  source?: string;
}

export const DEFAULT_TEMPLATE = '{date}_{prompt}_{model}_{index}';
export const MAX_NAME_CHARS = 120;
/*
 * ext4, APFS and NTFS cap a name at 255 bytes/units; 200 UTF-8 bytes leaves room for a
 * "-10000" collision suffix and the extension even when the template is all CJK or emoji.
 */
export const MAX_NAME_BYTES = 200;
const PROMPT_SLUG_MAX = 48;
const LABEL_MAX = 40;
const FALLBACK = 'untitled';
/** Stands for a token that came out empty until the separators around it are tidied. */
const EMPTY = '\u0000';
const encoder = new TextEncoder();

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

/**
 * A name people gave (a project): letters of any script kept as typed, everything else
 * a hyphen. Unlike the prompt's ASCII slug, "東京ロケ" stays "東京ロケ", not "untitled".
 */
export function labelToken(text: string, max = LABEL_MAX): string {
  const cleaned = text
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return truncate(cleaned, max, max * 4).replace(/-+$/, '');
}

function tokenValue(token: string, ctx: NameContext): string | null {
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
    case 'project':
      return labelToken(ctx.project ?? '');
    case 'fidelity':
      return ctx.fidelity ?? '';
    case 'kit':
      return labelToken(ctx.kit ?? '');
    case 'source':
      return ctx.source ?? '';
    default:
      return null;
  }
}

const SEPARATORS = /[\s_.-]/;

/**
 * An empty token takes one of the separators around it with it: "{date}_{kit}_{index}"
 * without a kit is "2026-03-07_3", not "2026-03-07__3"; at either end of the name the
 * separators go too.
 */
function closeGaps(name: string): string {
  // eslint-disable-next-line no-control-regex -- EMPTY (U+0000) marks where an empty token was
  return name.replace(/([\s_.-]*)(?:\u0000[\s_.-]*)+/g, (run: string, left: string, offset: number) => {
    if (offset === 0 || offset + run.length === name.length) return '';
    if (left) return left;
    const right = run.split(EMPTY).pop() ?? '';
    return SEPARATORS.test(right) ? right : '';
  });
}

export function renderName(template: string, ctx: NameContext): string {
  // Tokens are matched case-insensitively ({Date} works); any other {word} is dropped.
  const filled = template.replace(/\{(\w+)\}/g, (_, token: string) => {
    const value = tokenValue(token.toLowerCase(), ctx);
    return value === null || value === '' ? EMPTY : value;
  });
  return safeFileName(closeGaps(filled));
}

// C0/C1 controls, DEL, and the invisible bidi/format marks that can disguise a name
// ("photo‮gnp.exe" shows as "photoexe.png").
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const FORBIDDEN_RE = /[<>:"/\\|?*]/g;
/*
 * Windows device names: a file named so opens the device instead, in any case and with any
 * extension ("nul.tar.gz", "Com1 .png"). COM0/LPT0 and the superscript digits (COM¹) are on
 * Microsoft's list too, as are the console's CONIN$ and CONOUT$.
 */
const RESERVED_RE = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3])$/i;

/**
 * Whether Windows would take `name` for a device: it ignores everything from the first dot
 * and trailing spaces, so "CON.png", "con .txt" and "CON..." are all CON.
 */
export function isReservedName(name: string): boolean {
  const stem = (name.split('.')[0] ?? '').replace(/[\s.]+$/, '');
  return RESERVED_RE.test(stem);
}

/** Cuts to the char and byte limits without splitting a surrogate pair. */
function truncate(name: string, maxChars: number, maxBytes: number): string {
  let out = '';
  let chars = 0;
  let bytes = 0;
  for (const ch of name) {
    const len = ch.length;
    const b = encoder.encode(ch).length;
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
  if (isReservedName(name)) name = `_${truncate(name, MAX_NAME_CHARS - 1, MAX_NAME_BYTES - 1)}`;
  return name;
}
