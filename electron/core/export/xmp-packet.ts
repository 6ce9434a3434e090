/**
 * The XMP packet Loupe writes into exported images. Standard properties are used where
 * one exists (dc:description, xmp:CreatorTool, xmp:CreateDate, the IPTC digital source
 * type) so Finder, Lightroom, exiftool and stock sites show them without knowing Loupe;
 * the rest lives in Loupe's own namespace.
 *
 * Every value is written as element content, never as an attribute: parsers normalise
 * whitespace in attribute values, which would change prompts with newlines or tabs.
 */
import type { OutputMetadata } from './output-metadata';

export const NS = {
  x: 'adobe:ns:meta/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  dc: 'http://purl.org/dc/elements/1.1/',
  xmp: 'http://ns.adobe.com/xap/1.0/',
  xmpNote: 'http://ns.adobe.com/xmp/note/',
  Iptc4xmpExt: 'http://iptc.org/std/Iptc4xmpExt/2008-02-29/',
  loupe: 'https://loupe.app/ns/1.0/',
} as const;

const SOURCE_TYPES = 'http://cv.iptc.org/newscodes/digitalsourcetype/';
/** The IPTC code for "created by a generative model". */
export const AI_SOURCE_TYPE = `${SOURCE_TYPES}trainedAlgorithmicMedia`;
/** A pixel-locked edit is the user's photo outside the mask and model output inside it. */
export const AI_COMPOSITE_SOURCE_TYPE = `${SOURCE_TYPES}compositeWithTrainedAlgorithmicMedia`;

export function digitalSourceType(meta: Pick<OutputMetadata, 'kind' | 'locked'>): string {
  return meta.kind === 'edit' && meta.locked ? AI_COMPOSITE_SOURCE_TYPE : AI_SOURCE_TYPE;
}

// Everything XML 1.0 cannot carry at all: C0 controls except tab/LF/CR, lone surrogates,
// U+FFFE/U+FFFF. Escaping cannot save these (&#0; is itself invalid), so they are dropped.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVALID_XML_RE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function stripInvalidXml(text: string): string {
  return text.replace(INVALID_XML_RE, '');
}

/** Safe as element content and inside either kind of quotes; CR kept as a reference so parsers do not fold it into LF. */
export function escapeXml(text: string): string {
  return stripInvalidXml(text).replace(/[&<>"'\r]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : c === "'" ? '&apos;' : '&#xD;',
  );
}

/** One property of our rdf:Description, already serialised; `heavy` ones may move to extended XMP in JPEG. */
export interface XmpProperty {
  xml: string;
  heavy: boolean;
}

const simple = (name: string, value: string, heavy = false): XmpProperty => ({ xml: `<${name}>${escapeXml(value)}</${name}>`, heavy });

export function loupeProperties(meta: OutputMetadata): XmpProperty[] {
  const props: XmpProperty[] = [
    {
      xml: `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(meta.prompt)}</rdf:li></rdf:Alt></dc:description>`,
      heavy: true,
    },
    simple('xmp:CreatorTool', meta.app),
    simple('xmp:CreateDate', xmpDate(meta.createdAt)),
    simple('Iptc4xmpExt:DigitalSourceType', digitalSourceType(meta)),
    simple('loupe:JobId', String(meta.jobId)),
    simple('loupe:OutputIndex', String(meta.outputIndex)),
    simple('loupe:Model', meta.model),
    simple('loupe:Kind', meta.kind),
    // XMP Booleans are spelled True/False.
    simple('loupe:Locked', meta.locked ? 'True' : 'False'),
    simple('loupe:Parameters', JSON.stringify(meta.params), true),
  ];
  if (meta.parentOutputId !== null) props.push(simple('loupe:ParentOutputId', String(meta.parentOutputId)));
  if (meta.requestIds.length > 0) {
    const items = meta.requestIds.map((id) => `<rdf:li>${escapeXml(id)}</rdf:li>`).join('');
    props.push({ xml: `<loupe:RequestIds><rdf:Seq>${items}</rdf:Seq></loupe:RequestIds>`, heavy: false });
  }
  return props;
}

/** ISO 8601 in UTC, which XMP dates allow; an unusable time becomes the epoch rather than "Invalid Date". */
export function xmpDate(ms: number): string {
  const d = new Date(Number.isFinite(ms) ? ms : 0);
  return Number.isNaN(d.getTime()) ? new Date(0).toISOString() : d.toISOString();
}

const DECLARATIONS = (['dc', 'xmp', 'xmpNote', 'Iptc4xmpExt', 'loupe'] as const).map((p) => `xmlns:${p}="${NS[p]}"`).join(' ');

export interface PacketOptions {
  /** Extra rdf:Description elements (a source photo's kept XMP), already serialised. */
  descriptions?: readonly string[];
  /** Omit the <?xpacket?> wrapper: required for the extended part of JPEG XMP. */
  bare?: boolean;
}

export function serializePacket(props: readonly XmpProperty[], opts: PacketOptions = {}): string {
  const ours = `<rdf:Description rdf:about="" ${DECLARATIONS}>${props.map((p) => p.xml).join('')}</rdf:Description>`;
  const body =
    `<x:xmpmeta xmlns:x="${NS.x}" x:xmptk="Loupe"><rdf:RDF xmlns:rdf="${NS.rdf}">` +
    `${ours}${(opts.descriptions ?? []).join('')}</rdf:RDF></x:xmpmeta>`;
  if (opts.bare) return body;
  // The id is the fixed value the XMP spec requires; begin holds a BOM to mark UTF-8.
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>${body}<?xpacket end="w"?>`;
}

/**
 * A complete XMP packet for one output. `descriptions` carries properties kept from a
 * source photo (see xmp-merge.ts); they sit in their own rdf:Description so their
 * namespace prefixes stay scoped to them.
 */
export function buildXmp(meta: OutputMetadata, descriptions: readonly string[] = []): string {
  return serializePacket(loupeProperties(meta), { descriptions });
}
