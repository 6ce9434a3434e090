/**
 * Logos often arrive as SVG, and an SVG is a document: scripts, event handlers, foreign
 * HTML, entities and references to other files or servers. A kit keeps the vector (so an
 * export carries it and a refreshed logo can be drawn at another size), so it is cleaned
 * before it is stored, and what cannot be cleaned safely is refused with a reason.
 *
 * Refused, not stripped: external references (svg-safety.ts, the same check every edit
 * input passes), entities and DOCTYPEs, <script>, <foreignObject>, on* handlers and
 * javascript: URLs. A brand's own logo has none of these; a file that does is not one to
 * quietly "fix". Stripped: comments, processing instructions and <metadata>, which carry
 * nothing drawn and are where editors leave paths and user names.
 *
 * What passes is then sanitised by images/svg-sanitise.ts (DOMPurify's SVG allow-list,
 * the same sanitiser every SVG output goes through) and that result is what is kept: two
 * independent checks, ours refusing with a reason, DOMPurify's keeping only what it knows.
 * Only sharp (librsvg, no network, no scripts) ever draws it, and only the PNG it draws
 * reaches the store, the renderer or the API.
 */
import { LoupeError } from '../../shared';
import { sanitiseSvg } from '../images/svg-sanitise';
import { svgExternalReference, svgText } from '../images/svg-safety';

/** Far above any logo; a bigger "logo" is artwork or an attack. */
export const MAX_SVG_BYTES = 2 * 1024 * 1024;

const FORBIDDEN: ReadonlyArray<[RegExp, string]> = [
  [/<!DOCTYPE/i, 'a DOCTYPE (which can declare entities)'],
  [/<!ENTITY/i, 'an XML entity declaration'],
  [/<\s*script\b/i, 'a script'],
  [/<\s*foreignObject\b/i, 'embedded HTML (foreignObject)'],
  [/<\s*(iframe|embed|object|audio|video)\b/i, 'embedded content'],
  [/\son[a-z]+\s*=/i, 'an event handler (on… attribute)'],
  [/javascript\s*:/i, 'a javascript: URL'],
];

export function refuseSvg(fileName: string, reason: string): LoupeError {
  return new LoupeError('INVALID_IMAGE', `"${fileName}" is an SVG Loupe will not keep: it contains ${reason}. Export the logo as a plain SVG (or a PNG) and add it again.`);
}

/** The SVG's text, cleaned; throws INVALID_IMAGE naming the file and what it contains. */
export function cleanSvg(bytes: Buffer, fileName: string): string {
  if (bytes.length > MAX_SVG_BYTES) throw refuseSvg(fileName, `${Math.round(bytes.length / 1024)} KB of text, more than the ${MAX_SVG_BYTES / 1024 / 1024} MB a logo needs`);
  let text: string;
  try {
    text = svgText(bytes);
  } catch {
    throw refuseSvg(fileName, 'compressed data that does not inflate to a logo');
  }
  if (text.length > MAX_SVG_BYTES * 2) throw refuseSvg(fileName, 'more text than a logo needs');
  for (const [pattern, reason] of FORBIDDEN) if (pattern.test(text)) throw refuseSvg(fileName, reason);
  const external = svgExternalReference(text);
  if (external) throw refuseSvg(fileName, `a reference to something outside the file (${external})`);
  const cleaned = text
    .replace(/^\uFEFF/, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<\?(?!xml\s)[\s\S]*?\?>/g, '')
    .replace(/<metadata\b[\s\S]*?<\/metadata\s*>/gi, '')
    .trim();
  if (!/<svg[\s>]/i.test(cleaned)) throw new LoupeError('INVALID_IMAGE', `"${fileName}" is not an SVG image.`);
  return cleaned;
}

/** cleanSvg, then DOMPurify's sanitiser over the result: the text a kit keeps. */
export async function safeSvg(bytes: Buffer, fileName: string): Promise<string> {
  const cleaned = cleanSvg(bytes, fileName);
  try {
    return (await sanitiseSvg(Buffer.from(cleaned, 'utf8'))).bytes.toString('utf8');
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new LoupeError('INVALID_IMAGE', `"${fileName}" is an SVG Loupe will not keep: ${reason}`);
  }
}
