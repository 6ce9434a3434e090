/**
 * Carries a source photo's XMP (creator, rights, keywords, captions…) over to an edited
 * output. A file holds one XMP packet, so the source's rdf:Description elements are
 * re-emitted next to Loupe's, minus the properties that would be wrong or conflicting on
 * the output. Values are copied as raw, already-escaped XML, never re-interpreted.
 *
 * Unless the person keeps GPS, every GPS property goes too, wherever it is nested
 * (exif:GPSLatitude, a GPS field inside Iptc4xmpExt:LocationShown, a drone's GpsLatitude).
 *
 * The parser is deliberately small: XMP is plain namespaced XML without DTDs. Anything it
 * does not understand (a DOCTYPE, an unknown entity, unbalanced tags) makes it keep no
 * source XMP at all rather than write a packet that might be malformed.
 */
import { NS, stripInvalidXml } from './xmp-packet';

interface Attr {
  name: string;
  raw: string;
  quote: string;
}
interface Element {
  name: string;
  attrs: Attr[];
  children: Node[];
}
type Node = Element | { text: string };

/** A source packet larger than this is not a photographer's metadata; it is a document's history. */
export const MAX_SOURCE_XMP = 256 * 1024;

const CAMERA_RAW = 'http://ns.adobe.com/camera-raw-settings/1.0/';
const XMP_MM = 'http://ns.adobe.com/xap/1.0/mm/';
const TIFF = 'http://ns.adobe.com/tiff/1.0/';
const EXIF = 'http://ns.adobe.com/exif/1.0/';
const PHOTOSHOP = 'http://ns.adobe.com/photoshop/1.0/';

/*
 * Dropped from the source: everything Loupe writes itself (one value per property), the
 * document identity and history (the output is a new document), Camera Raw settings
 * (Lightroom would re-apply the photo's develop settings to the output), thumbnails of
 * the original picture, and facts about the source's pixels that the output's differ from.
 */
const DROP_NAMESPACES = new Set<string>([NS.loupe, XMP_MM, CAMERA_RAW, NS.xmpNote]);
const DROP_PROPERTIES = new Set<string>([
  `${NS.dc}description`,
  `${NS.dc}format`,
  `${NS.xmp}CreatorTool`,
  `${NS.xmp}CreateDate`,
  `${NS.xmp}ModifyDate`,
  `${NS.xmp}MetadataDate`,
  `${NS.xmp}Thumbnails`,
  `${NS.Iptc4xmpExt}DigitalSourceType`,
  `${TIFF}Orientation`,
  `${TIFF}ImageWidth`,
  `${TIFF}ImageLength`,
  `${EXIF}PixelXDimension`,
  `${EXIF}PixelYDimension`,
  `${PHOTOSHOP}ICCProfile`,
  `${PHOTOSHOP}DocumentAncestors`,
  `${PHOTOSHOP}History`,
]);

const NAME = String.raw`[A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?`;
const TAG_RE = new RegExp(String.raw`^<(/?)(${NAME})((?:\s+${NAME}\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(/?)>`);
const ATTR_RE = new RegExp(String.raw`(${NAME})\s*=\s*(?:"([^"<]*)"|'([^'<]*)')`, 'g');
// Without a DTD only the five predefined entities and character references are defined.
const BAD_AMP_RE = /&(?!(?:amp|lt|gt|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});)/;

class Unsupported extends Error {}

function parse(xml: string): Element {
  const root: Element = { name: '#root', attrs: [], children: [] };
  const stack: Element[] = [root];
  let i = 0;
  while (i < xml.length) {
    const top = stack[stack.length - 1]!;
    const lt = xml.indexOf('<', i);
    if (lt !== i) {
      const text = xml.slice(i, lt === -1 ? xml.length : lt);
      if (BAD_AMP_RE.test(text)) throw new Unsupported('entity');
      top.children.push({ text });
      if (lt === -1) break;
      i = lt;
      continue;
    }
    if (xml.startsWith('<?', i)) i = after(xml, '?>', i);
    else if (xml.startsWith('<!--', i)) i = after(xml, '-->', i);
    else if (xml.startsWith('<![CDATA[', i)) {
      const end = after(xml, ']]>', i);
      // Re-escaped as ordinary text so the copy needs no CDATA handling.
      top.children.push({ text: xml.slice(i + 9, end - 3).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') });
      i = end;
    } else if (xml.startsWith('<!', i)) throw new Unsupported('doctype');
    else {
      const m = TAG_RE.exec(xml.slice(i, i + 64 * 1024));
      if (!m) throw new Unsupported('tag');
      const [whole, close, name, attrText, selfClose] = m as unknown as [string, string, string, string, string];
      i += whole.length;
      if (close) {
        if (top.name !== name || stack.length === 1) throw new Unsupported('unbalanced');
        stack.pop();
        continue;
      }
      const attrs: Attr[] = [];
      for (const a of attrText.matchAll(ATTR_RE)) {
        const raw = a[2] ?? a[3] ?? '';
        if (BAD_AMP_RE.test(raw)) throw new Unsupported('entity');
        attrs.push({ name: a[1]!, raw, quote: a[2] !== undefined ? '"' : "'" });
      }
      const el: Element = { name, attrs, children: [] };
      top.children.push(el);
      if (!selfClose) stack.push(el);
    }
  }
  if (stack.length !== 1) throw new Unsupported('unclosed');
  return root;
}

function after(xml: string, end: string, from: number): number {
  const at = xml.indexOf(end, from);
  if (at === -1) throw new Unsupported('unterminated');
  return at + end.length;
}

function serialize(n: Node): string {
  if ('text' in n) return n.text;
  const attrs = n.attrs.map((a) => ` ${a.name}=${a.quote}${a.raw}${a.quote}`).join('');
  return n.children.length === 0 ? `<${n.name}${attrs}/>` : `<${n.name}${attrs}>${n.children.map(serialize).join('')}</${n.name}>`;
}

type Scope = Map<string, string>;

function withDeclarations(el: Element, outer: Scope): Scope {
  const decls = el.attrs.filter((a) => a.name.startsWith('xmlns:'));
  if (decls.length === 0) return outer;
  const scope = new Map(outer);
  for (const d of decls) scope.set(d.name.slice(6), d.raw);
  return scope;
}

function uriOf(name: string, scope: Scope): string | null {
  const colon = name.indexOf(':');
  if (colon === -1) return null;
  const ns = scope.get(name.slice(0, colon));
  return ns === undefined ? null : ns + name.slice(colon + 1);
}

/** exif:GPSLatitude, exif:GPSTimeStamp, drone-dji:GpsLongitude…: any namespace, by local name. */
const isGps = (name: string): boolean => /^gps/i.test(name.slice(name.indexOf(':') + 1));

/** A copy of `el` without GPS attributes or elements at any depth. */
function withoutGps(el: Element): Element {
  return {
    name: el.name,
    attrs: el.attrs.filter((a) => a.name.startsWith('xmlns') || !isGps(a.name)),
    children: el.children.filter((c) => 'text' in c || !isGps(c.name)).map((c) => ('text' in c ? c : withoutGps(c))),
  };
}

function keep(name: string, scope: Scope, ownFile = false): boolean {
  const full = uriOf(name, scope);
  if (full === null) return false;
  // The file's own document identity (xmpMM) stays with it: it is the same document.
  for (const ns of DROP_NAMESPACES) if (full.startsWith(ns) && !(ownFile && ns === XMP_MM)) return false;
  return !DROP_PROPERTIES.has(full);
}

/**
 * Serialised rdf:Description elements holding the source properties worth keeping; [] when none or unreadable.
 * `ownFile`: the XMP already in the file being written (the API's), not a source photo's.
 */
export function sourceDescriptions(sourceXmp: string, opts: { keepGps?: boolean; ownFile?: boolean } = {}): string[] {
  if (sourceXmp.length > MAX_SOURCE_XMP) return [];
  let root: Element;
  try {
    root = parse(stripInvalidXml(sourceXmp));
  } catch (err) {
    if (err instanceof Unsupported) return [];
    throw err;
  }
  const out: string[] = [];
  const visit = (el: Element, scope: Scope, inRdf: boolean): void => {
    const here = withDeclarations(el, scope);
    const full = uriOf(el.name, here);
    if (inRdf && full === `${NS.rdf}Description`) {
      const d = copyDescription(opts.keepGps ? el : withoutGps(el), here, opts.ownFile === true);
      if (d) out.push(d);
      return;
    }
    for (const c of el.children) if (!('text' in c)) visit(c, here, full === `${NS.rdf}RDF`);
  };
  visit(root, new Map(), false);
  return out;
}

function copyDescription(el: Element, scope: Scope, ownFile: boolean): string | null {
  // Our wrapper is spelled rdf:Description, so "rdf" must mean RDF for the copied children.
  if (scope.has('rdf') && scope.get('rdf') !== NS.rdf) return null;
  const props = el.attrs.filter((a) => !a.name.startsWith('xmlns:') && a.name !== 'xmlns' && uriOf(a.name, scope) !== `${NS.rdf}about` && keep(a.name, scope, ownFile));
  const children = el.children.filter((c): c is Element => !('text' in c) && keep(c.name, scope, ownFile));
  if (props.length === 0 && children.length === 0) return null;
  // Every prefix in scope is re-declared here: the copied children may use any of them.
  const decls = [...scope].filter(([p]) => p !== 'rdf' && p !== 'x').map(([p, uri]) => ` xmlns:${p}="${uri.replace(/"/g, '&quot;')}"`);
  const attrs = props.map((a) => ` ${a.name}=${a.quote}${a.raw}${a.quote}`).join('');
  return `<rdf:Description rdf:about=""${decls.join('')}${attrs}>${children.map(serialize).join('')}</rdf:Description>`;
}
