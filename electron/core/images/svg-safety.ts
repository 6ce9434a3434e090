import { gunzipSync } from 'node:zlib';

/*
 * SVG is a document, not pixels: it can pull in files and URLs while it is drawn. Loupe
 * rasterises only self-contained SVGs, so drawing one can never read a local file or
 * tell a server that the user opened it. librsvg already refuses most of this when it
 * reads from a buffer, but "most" is not a promise we can make to users; these checks
 * are ours and are tested.
 */

/** The most SVG text we will inflate from an .svgz: bigger is a zip bomb, not artwork. */
const MAX_SVG_TEXT = 20 * 1024 * 1024;

/** Decodes SVG bytes to text: gzip (.svgz), UTF-16 with a BOM, else UTF-8. */
export function svgText(bytes: Buffer): string {
  let b = bytes;
  if (b[0] === 0x1f && b[1] === 0x8b) b = gunzipSync(b, { maxOutputLength: MAX_SVG_TEXT });
  if (b[0] === 0xff && b[1] === 0xfe) return new TextDecoder('utf-16le').decode(b);
  if (b[0] === 0xfe && b[1] === 0xff) return new TextDecoder('utf-16be').decode(b);
  return b.toString('utf8');
}

/** A reference is internal when it points into the same document or carries its data inline. */
function isInternal(ref: string): boolean {
  const r = ref.trim().replace(/^["']|["']$/g, '').trim();
  return r === '' || r.startsWith('#') || /^data:/i.test(r);
}

const shorten = (s: string): string => (s.length > 80 ? `${s.slice(0, 77)}...` : s);

/**
 * The first external reference in the SVG, described for a person, or null when the SVG
 * is self-contained. Covers href/xlink:href on any element (image, use, a, feImage,
 * xi:include...), CSS url(...) and @import, and XML entities (which can name files and
 * can expand exponentially).
 */
export function svgExternalReference(text: string): string | null {
  if (/<!ENTITY/i.test(text)) return 'an XML entity declaration';
  const href = /(?:^|[\s"'<])(?:[\w-]+:)?href\s*=\s*("([^"]*)"|'([^']*)')/gi;
  for (const m of text.matchAll(href)) {
    const ref = m[2] ?? m[3] ?? '';
    if (!isInternal(ref)) return shorten(ref.trim());
  }
  const imp = /@import\s+(?:url\()?\s*["']?([^"')\s;]+)/i.exec(text);
  if (imp) return shorten(imp[1]!);
  // CSS url() in style attributes, <style> blocks and presentation attributes (fill="url(...)").
  // Entities such as &quot; may wrap the reference inside attribute values.
  for (const m of text.matchAll(/url\(\s*((?:&quot;|&apos;|["'])?)([^)]*?)\1\s*\)/gi)) {
    const ref = m[2] ?? '';
    if (!isInternal(ref)) return shorten(ref.trim());
  }
  return null;
}

/** Far above any SVG the API writes (outputs; intake has its own limits); more is a bomb, not artwork. */
export const MAX_SVG_BYTES = 10 * 1024 * 1024;

/** Whether the bytes read as an SVG document: optional prolog (XML declaration, comments, DOCTYPE), then an <svg> root. */
export function isSvgText(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 64 * 1024).toString('utf8').replace(/^\uFEFF/, '');
  const rest = head.replace(/^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE(?:[^[>]|\[[\s\S]*?\])*>)*/i, '');
  return /^<svg[\s>/]/.test(rest);
}

/** data: URLs an SVG may carry: raster images in base64, nothing that is itself a document. */
const SAFE_DATA = /^data:image\/(?:png|jpeg|webp);base64,/i;

/**
 * The first thing in an SVG that a sanitised one must not have, described for a person,
 * or null. This is the check after DOMPurify (svg-sanitise.ts) and the store's gate for
 * SVG files: a different parser (regular expressions over the text) than the one that
 * sanitised, so a parser differential cannot slip past both. It is deliberately coarse:
 * text that merely mentions "javascript:" is refused too.
 */
export function svgUnsafeContent(text: string): string | null {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) return 'a DOCTYPE or entity declaration';
  if (/<(?:[\w-]+:)?script[\s>/]/i.test(text)) return 'a script';
  if (/<(?:[\w-]+:)?foreignObject[\s>/]/i.test(text)) return 'a foreignObject';
  if (/<[^<>]*\son[a-z]+\s*=/i.test(text)) return 'an event handler';
  if (/j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:/i.test(text)) return 'a javascript: URL';
  if (/\s(?:xml|xlink):base\s*=/i.test(text)) return 'an xml:base';
  // Stricter than svgExternalReference: only the start of each url() is read, so a ")"
  // inside quotes cannot end the match early and hide the reference.
  for (const m of text.matchAll(/url\(\s*(?:&quot;|&apos;|["'])?\s*([^\s"'&)]*)/gi)) {
    if (!(m[1] ?? '').startsWith('#')) return `url(${shorten(m[1] ?? '')})`;
  }
  for (const m of text.matchAll(/(?<![\w-])data:[^"'\s)]*/gi)) {
    if (!SAFE_DATA.test(m[0])) return `a data: URL (${shorten(m[0])})`;
  }
  return svgExternalReference(text);
}
