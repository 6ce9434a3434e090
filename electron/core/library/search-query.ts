/**
 * Turns what a person types in the history search box into an FTS5 MATCH expression.
 *
 * User text is never passed to MATCH as is: FTS5 has its own syntax (AND/OR/NOT/NEAR,
 * column filters "prompt:", "*", "^", parentheses), and a stray quote or hyphen makes the
 * whole query a syntax error. Every term is wrapped as an FTS5 string (double quotes,
 * inner quotes doubled), so it can only ever mean "this text":
 *   red fox            → "red" "fox"            (both words, anywhere; implicit AND)
 *   "red fox"          → "red fox"              (the phrase)
 *   OR -prompt:x       → "OR" "-prompt:x"       (the tokenizer drops the punctuation)
 * With `prefix`, the last bare word also matches longer words ("ligh" finds "lighthouse"),
 * for search as you type.
 */
export interface FtsQueryOptions {
  prefix?: boolean;
}

/**
 * A one-letter prefix ("a*") matches most of a large history and costs more than it
 * helps; the star waits for the second letter.
 */
export const MIN_PREFIX_CHARS = 2;

/** Far more than anyone types; bounds the work a pasted essay can cause. */
export const MAX_TERMS = 16;

/**
 * A bare word that is a file name ("IMG_4031.HEIC", "2026-12-04_harbour_0042_1.png") or the
 * start of one: it has an underscore, or ends with an image extension. It is looked up as the
 * compact token migration 010 indexes beside each file name's words.
 */
const FILE_LIKE = /_|\.(png|jpe?g|webp|gif|avif|svg|heic|heif|tiff?)$/i;
/** The separators migration 010 takes out of a file name for its compact token; keep the two lists equal. */
const FILE_SEPARATORS = /[ _\-.()[\]{},+'&#!@=~;%$]/g;

export function compactFileName(word: string): string | null {
  if (!FILE_LIKE.test(word)) return null;
  const compact = word.replace(FILE_SEPARATORS, '');
  return /^[\p{L}\p{N}]+$/u.test(compact) ? compact : null;
}

/** Null when the text holds nothing to search for (the caller lists without a filter). */
export function toFtsQuery(text: string, opts: FtsQueryOptions = {}): string | null {
  const terms: { text: string; phrase: boolean }[] = [];
  // "quoted phrases" or runs of non-space; an unclosed quote runs to the end.
  for (const m of text.normalize('NFC').matchAll(/"([^"]*)"?|[^\s"]+/g)) {
    const phrase = m[1] !== undefined;
    const t = (phrase ? m[1]! : m[0]).trim();
    if (t !== '' && /[\p{L}\p{N}]/u.test(t)) terms.push({ text: t, phrase });
    if (terms.length === MAX_TERMS) break;
  }
  if (terms.length === 0) return null;
  return terms
    .map((t, i) => {
      const file = t.phrase ? null : compactFileName(t.text);
      // A file name typed whole or from its start: one prefix look-up of its compact token.
      if (file !== null) return `"${file}"*`;
      const quoted = `"${t.text.replace(/"/g, '""')}"`;
      // A prefix star applies to the last token of a string, so only a bare last word gets one.
      const star = opts.prefix && !t.phrase && i === terms.length - 1 && [...t.text].length >= MIN_PREFIX_CHARS;
      return star ? `${quoted}*` : quoted;
    })
    .join(' ');
}

/**
 * The search page query, newest first. Ordering by the FTS rowid (= jobs.id) lets FTS5
 * walk its index backwards and stop after `limit` hits, instead of collecting every match
 * and sorting it: a common word matches tens of thousands of jobs.
 * Parameters: (match, before, limit).
 */
export const SEARCH_PAGE_SQL = `
  SELECT j.id FROM jobs_fts f JOIN jobs j ON j.id = f.rowid
  WHERE jobs_fts MATCH ? AND f.rowid < ?
  ORDER BY f.rowid DESC LIMIT ?`;
