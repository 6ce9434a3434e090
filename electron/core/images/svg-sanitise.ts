import type { DOMPurify, UponSanitizeAttributeHookEvent } from 'dompurify';
import { LoupeError } from '../../shared';
import { svgSize } from './svg-raster';
import { isSvgText, MAX_SVG_BYTES, svgUnsafeContent } from './svg-safety';

export { MAX_SVG_BYTES } from './svg-safety';

/*
 * An SVG the API returns (output_format "svg") is a document written by a model, so it is
 * untrusted: it could carry scripts, event handlers, links to files or servers, or entity
 * tricks. It is sanitised here before it is stored, shown or saved.
 *
 * DOMPurify's SVG profile does the sanitising: it is the maintained, widely audited
 * allow-list sanitiser, and it already drops script, foreignObject, animate/set, use and
 * on* handlers. It needs a DOM in Node. We use jsdom, on purpose, rather than linkedom or
 * happy-dom: jsdom is the DOM DOMPurify is tested on in Node and the one its authors
 * recommend (they call happy-dom unsafe with it; linkedom is not in their test matrix).
 * jsdom 29 is the newest release that runs on Node 20, which Loupe still supports.
 *
 * On top of the profile, Loupe's own rules (hooks below): links only to '#id' in the same
 * document, or to base64 PNG/JPEG/WebP data on images; no url() to anything else, no
 * @import or other CSS that loads, no CSS escapes (which can spell "url" in disguise), no
 * xml:base. Then a second, independent check over the serialised text
 * (svgUnsafeContent) refuses the SVG if anything still slipped through.
 */

export interface SanitisedSvg {
  /** UTF-8 SVG text, with an XML declaration. */
  bytes: Buffer;
  /** What was taken out, for a note to the user ("2 × script element"); empty when nothing was. */
  removed: string[];
  /** Declared size (at 72 dpi, as sharp reads it). */
  width: number;
  height: number;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/*
 * The few DOM shapes used here, declared locally: the main process's type program has no
 * DOM lib (see jsdom.d.ts), and these are all this file touches of jsdom's nodes.
 */
interface DomNode {
  nodeType: number;
  textContent: string | null;
}
interface DomElement extends DomNode {
  localName: string;
  namespaceURI: string | null;
  children: ArrayLike<DomElement>;
  remove(): void;
}
interface DomAttr {
  name: string;
}
const SAFE_IMAGE_DATA = /^data:image\/(?:png|jpeg|webp);base64,[a-z0-9+/=\s]*$/i;
/** CSS that fetches or hides what it fetches: @import/@font-face, image(), image-set(), src(), escapes. */
const CSS_LOADS = /@import|@font-face|@namespace|image-set\s*\(|(?<![\w-])image\s*\(|(?<![\w-])src\s*\(|expression\s*\(|\\/i;

const invalid = (message: string): LoupeError => new LoupeError('INVALID_IMAGE', message);

/*
 * Structure limits, checked on the text before any DOM is built. jsdom and DOMPurify take
 * about a millisecond per element on a busy machine, and parse5's nesting handling is
 * quadratic: 100,000 nested groups would hold the main process for minutes. libxml2 (in
 * librsvg) stops at 256 levels anyway, so a deeper SVG could not be drawn; and the SVGs
 * the API writes have hundreds of elements, not tens of thousands.
 */
export const MAX_SVG_DEPTH = 256;
export const MAX_SVG_ELEMENTS = 20_000;

/** Element count and nesting depth, from the tags alone (a quick scan, not a parse). */
export function svgStructure(text: string): { elements: number; depth: number } {
  let elements = 0;
  let depth = 0;
  let deepest = 0;
  const tags = text.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  for (const m of tags.matchAll(/<(\/?)[A-Za-z_][^<>]*?(\/?)>/g)) {
    if (m[1]) {
      depth--;
      continue;
    }
    elements++;
    if (!m[2]) deepest = Math.max(deepest, ++depth);
  }
  return { elements, depth: deepest };
}

/** Why a CSS text (a style attribute, a style element, a presentation attribute) may load something, or null. */
function cssProblem(css: string): string | null {
  const loads = CSS_LOADS.exec(css);
  if (loads) return loads[0] === '\\' ? 'CSS escapes' : `CSS ${loads[0].replace(/\s*\($/, '()')}`;
  // Only the start of each reference is read, so a ")" inside quotes cannot hide one.
  for (const m of css.matchAll(/url\s*\(\s*["']?\s*([^\s"')]*)/gi)) {
    const ref = m[1] ?? '';
    if (!ref.startsWith('#')) return `url(${ref.length > 60 ? `${ref.slice(0, 57)}...` : ref})`;
  }
  return null;
}

/**
 * Per-call findings, and the attributes our hooks dropped (so DOMPurify's log of them is
 * not repeated). sanitize() is synchronous, so one module-level slot is enough.
 */
let findings: string[] = [];
let dropped = new WeakMap<DomNode, Set<string>>();

function onAttribute(node: DomElement, data: UponSanitizeAttributeHookEvent): void {
  const name = data.attrName;
  const value = data.attrValue;
  const tag = node.localName;
  const drop = (why: string): void => {
    data.keepAttr = false;
    findings.push(`${why} on <${tag}>`);
    dropped.set(node, (dropped.get(node) ?? new Set()).add(name));
  };
  if (name === 'href' || name.endsWith(':href')) {
    const v = value.trim();
    const image = tag === 'image' || tag === 'feimage' || tag === 'feImage';
    if (v.startsWith('#') && !/\s/.test(v)) return;
    if (image && SAFE_IMAGE_DATA.test(v)) return;
    drop(`link to ${v.startsWith('data:') ? v.slice(0, v.indexOf(',') + 1 || 30) : v.slice(0, 80)}`);
    return;
  }
  if (name === 'xml:base' || name === 'xlink:base') return drop(name);
  if (/j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:/i.test(value)) return drop(`javascript: in ${name}`);
  const css = cssProblem(value);
  if (css) drop(`${css} in ${name}`);
}

function onElement(node: DomNode, data: { tagName: string }): void {
  if (data.tagName !== 'style') return;
  const problem = cssProblem(node.textContent ?? '');
  if (!problem) return;
  findings.push(`<style> with ${problem}`);
  (node as DomElement).remove();
}

interface Instance {
  purify: DOMPurify;
  xml: { serializeToString(node: DomNode): string };
}

/**
 * One DOM and one DOMPurify for the process, made on first use: loading jsdom takes a
 * good fraction of a second, which the app's start-up should not pay for a format most
 * sessions never see.
 */
let made: Promise<Instance> | null = null;

function instance(): Promise<Instance> {
  made ??= (async () => {
    const [{ JSDOM }, { default: createDOMPurify }] = await Promise.all([import('jsdom'), import('dompurify')]);
    const { window } = new JSDOM('');
    const purify = createDOMPurify(window);
    purify.addHook('uponSanitizeAttribute', onAttribute);
    purify.addHook('uponSanitizeElement', onElement);
    return { purify, xml: new window.XMLSerializer() };
  })();
  return made;
}

/** The wrapper DOMPurify parses into; its removal is bookkeeping, not the SVG's content. */
const WRAPPERS = new Set(['html', 'head', 'body', 'remove']);

/** Turns DOMPurify's removal log and our own findings into "N × what" lines. */
function summarise(purify: DOMPurify, extra: readonly string[]): string[] {
  const lines: string[] = [...extra];
  for (const r of purify.removed as ({ element: DomNode } | { attribute: DomAttr | null; from: DomNode })[]) {
    if ('element' in r) {
      const n = r.element;
      if (n.nodeType === 1 && !WRAPPERS.has((n as DomElement).localName)) lines.push(`<${(n as DomElement).localName}> element`);
    } else if (r.attribute && !dropped.get(r.from)?.has(r.attribute.name.toLowerCase())) {
      // Our hooks already said why for the ones they dropped.
      lines.push(`${r.attribute.name} attribute on <${(r.from as DomElement).localName}>`);
    }
  }
  const counts = new Map<string, number>();
  for (const l of lines) counts.set(l, (counts.get(l) ?? 0) + 1);
  return [...counts].map(([l, n]) => (n > 1 ? `${n} × ${l}` : l));
}

/**
 * Sanitises an SVG and returns the clean bytes and what was removed. Throws INVALID_IMAGE
 * when the bytes are not an SVG, are larger than MAX_SVG_BYTES, have no <svg> root left
 * after sanitising, cannot be drawn, or still hold anything unsafe (see svgUnsafeContent).
 */
export async function sanitiseSvg(bytes: Buffer): Promise<SanitisedSvg> {
  if (bytes.length > MAX_SVG_BYTES) throw invalid(`The SVG is ${(bytes.length / 1048576).toFixed(1)} MB, more than the ${MAX_SVG_BYTES / 1048576} MB Loupe accepts.`);
  if (!isSvgText(bytes)) throw invalid('These bytes are not an SVG document (no <svg> root element).');
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const shape = svgStructure(text);
  if (shape.depth > MAX_SVG_DEPTH) throw invalid(`The SVG nests elements ${shape.depth} deep, more than the ${MAX_SVG_DEPTH} Loupe can draw.`);
  if (shape.elements > MAX_SVG_ELEMENTS) throw invalid(`The SVG has ${shape.elements} elements, more than the ${MAX_SVG_ELEMENTS} Loupe accepts.`);
  const { purify, xml } = await instance();
  findings = [];
  dropped = new WeakMap();
  if (/<!DOCTYPE/i.test(text)) findings.push(/<!ENTITY/i.test(text) ? 'DOCTYPE with entity declarations' : 'DOCTYPE');
  let body: DomNode;
  let extra: string[] = [];
  try {
    body = purify.sanitize(text, {
      USE_PROFILES: { svg: true, svgFilters: true },
      // <use> is kept for same-document references (its href is held to '#id' above):
      // model-written SVGs reuse symbols, and dropping it would lose shapes. Links (<a>)
      // go, their content stays.
      ADD_TAGS: ['use'],
      FORBID_TAGS: ['foreignobject', 'script', 'a'],
      RETURN_DOM: true,
    }) as unknown as DomNode;
  } catch (err) {
    // A structure the scan above misjudged can still exhaust the stack; say so plainly.
    throw invalid(`The SVG is too complex to check (${err instanceof Error ? err.message : String(err)}).`);
  } finally {
    extra = findings;
    findings = [];
  }
  const roots = Array.from((body as DomElement).children);
  const svg = roots.find((e) => e.namespaceURI === SVG_NS && e.localName === 'svg');
  if (!svg || roots.length !== 1) throw invalid('The SVG has no drawable <svg> root left after removing unsafe content.');
  let out: string;
  try {
    out = `<?xml version="1.0" encoding="UTF-8"?>\n${xml.serializeToString(svg)}\n`;
  } catch (err) {
    throw invalid(`The SVG is too complex to check (${err instanceof Error ? err.message : String(err)}).`);
  }
  const leftover = svgUnsafeContent(out);
  if (leftover) throw invalid(`The SVG still contains ${leftover} after sanitising, so Loupe will not keep it.`);
  // Summarised before the await: the next call reuses DOMPurify's log and our slots.
  const removed = summarise(purify, extra);
  const clean = Buffer.from(out, 'utf8');
  return { bytes: clean, removed, ...(await svgSize(clean)) };
}
