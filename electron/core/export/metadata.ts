/**
 * What Loupe embeds in an exported image: the prompt, model, parameters, lineage and job
 * id as XMP (standard properties where they exist), optionally a JSON sidecar with the
 * same facts, and on request a source photo's EXIF/IPTC/XMP kept on an edited output.
 *
 * Metadata is inserted at the byte level, never by re-encoding: the pixels of an export
 * are exactly the pixels in the library, and a JPEG does not lose quality to add a caption.
 */
import sharp from 'sharp';
import { LoupeError } from '../../shared';
import { cleanExif, withExifHeader } from './exif-clean';
import {
  exifSegment,
  extendedXmpGuid,
  extendedXmpSegments,
  fitsStandardXmp,
  insertionIndex,
  iptcOnly,
  iptcSegment,
  isExifSegment,
  isJpeg,
  isIptcSegment,
  isXmpSegment,
  joinJpeg,
  MAX_SEGMENT_PAYLOAD,
  splitJpeg,
  xmpSegment,
  type Segment,
} from './jpeg-segments';
import { isGif, setGifXmp } from './gif-blocks';
import { exifChunk, insertBeforeIdat, isExifChunk, isPng, isXmpChunk, readChunks, writeChunks, xmpChunk } from './png-chunks';
import { readSourceMetadata, type SourceMetadata } from './source-metadata';
import { isSvg, setSvgXmp } from './svg-metadata';
import { isWebp, setWebpMetadata } from './webp-chunks';
import type { OutputMetadata } from './output-metadata';
import { sourceDescriptions } from './xmp-merge';
import { digitalSourceType, loupeProperties, serializePacket, xmpDate, type XmpProperty } from './xmp-packet';

export { buildXmp, escapeXml, AI_SOURCE_TYPE, AI_COMPOSITE_SOURCE_TYPE } from './xmp-packet';
export type { OutputMetadata } from './output-metadata';

export type MetadataFormat = 'png' | 'jpeg' | 'webp' | 'gif' | 'svg';

export interface EmbedOptions {
  /**
   * The source photo whose EXIF, IPTC (JPEG outputs) and XMP to keep. Its ICC profile is
   * deliberately not copied: outputs are sRGB pixels, and tagging them with a camera's
   * Adobe RGB or Display P3 profile would shift every colour.
   */
  keepFrom?: Buffer;
  /** Keep the source's GPS position (EXIF GPS IFD, XMP GPS properties); dropped unless true. */
  keepGps?: boolean;
}

const SIGNATURE_CHECK: Record<MetadataFormat, (b: Buffer) => boolean> = { png: isPng, jpeg: isJpeg, webp: isWebp, gif: isGif, svg: isSvg };

/** Returns new bytes with the metadata in; the image data is copied unchanged. */
export async function embedMetadata(bytes: Buffer, format: MetadataFormat, meta: OutputMetadata, opts: EmbedOptions = {}): Promise<Buffer> {
  const check = SIGNATURE_CHECK[format];
  if (!check) throw new LoupeError('INVALID_ARGUMENTS', `Loupe cannot write metadata into ${String(format)} files.`);
  if (!check(bytes)) throw new LoupeError('INVALID_IMAGE', `These bytes are not a ${format.toUpperCase()} image; no metadata was written.`);

  const source = opts.keepFrom ? await readSourceMetadata(opts.keepFrom) : null;
  const keepGps = opts.keepGps === true;
  // XMP the file already carries (the API's) is kept beside Loupe's rather than replaced.
  const own = format === 'png' || format === 'jpeg' || format === 'webp' ? await readSourceMetadata(bytes).catch(() => null) : null;
  // Not into an SVG: a source photo's XMP is copied as XML, and in an SVG document an
  // element of the SVG namespace in it (a script) would be live markup, not metadata.
  const descriptions = [
    ...(own?.xmp ? sourceDescriptions(own.xmp, { keepGps, ownFile: true }) : []),
    ...(source?.xmp && format !== 'svg' ? sourceDescriptions(source.xmp, { keepGps }) : []),
  ];
  const props = loupeProperties(meta);
  // GIF and SVG carry XMP only (no EXIF): a source photo's XMP is kept, its EXIF is not.
  const xmpOnly = format === 'gif' ? setGifXmp : format === 'svg' ? setSvgXmp : null;
  const exif = !xmpOnly && source?.exif ? cleanExif(source.exif, await outputSize(bytes), { keepGps }) : null;
  try {
    if (xmpOnly) return xmpOnly(bytes, serializePacket(props, { descriptions }));
    if (format === 'jpeg') return embedJpeg(bytes, props, descriptions, exif, source);
    if (format === 'png') return embedPng(bytes, serializePacket(props, { descriptions }), exif);
    return setWebpMetadata(bytes, { xmp: Buffer.from(serializePacket(props, { descriptions }), 'utf8'), exif: exif ?? undefined, replaceExif: exif !== null });
  } catch (err) {
    if (err instanceof RangeError) {
      throw new LoupeError('INVALID_IMAGE', `The ${format.toUpperCase()} file is damaged (${err.message}); no metadata was written.`);
    }
    throw err;
  }
}

async function outputSize(bytes: Buffer): Promise<{ width: number; height: number }> {
  try {
    const m = await sharp(bytes).metadata();
    return { width: m.width ?? 0, height: m.height ?? 0 };
  } catch {
    throw new LoupeError('INVALID_IMAGE', 'The output image could not be read; no metadata was written.');
  }
}

function embedJpeg(bytes: Buffer, props: XmpProperty[], descriptions: string[], exif: Buffer | null, source: SourceMetadata | null): Buffer {
  const { segments, rest } = splitJpeg(bytes);
  const iptc = source?.iptc ? iptcOnly(source.iptc) : null;
  const exifPayload = exif ? withExifHeader(exif) : null;
  const keepExif = exifPayload !== null && exifPayload.length <= MAX_SEGMENT_PAYLOAD;
  const kept = segments.filter((s) => !isXmpSegment(s) && !(keepExif && isExifSegment(s)) && !(iptc && isIptcSegment(s)));

  const added: Segment[] = [];
  if (keepExif) added.push(exifSegment(exifPayload));
  added.push(...jpegXmp(props, descriptions));
  if (iptc) added.push(iptcSegment(iptc));
  const at = insertionIndex(kept);
  return joinJpeg([...kept.slice(0, at), ...added, ...kept.slice(at)], rest);
}

/**
 * One APP1 segment holds at most 64 KB, and a 32,000-character prompt of emoji is larger.
 * Then the bulky properties (prompt, parameters, kept source XMP) move to extended XMP,
 * the standard overflow that exiftool, Adobe's tools and exifr read back whole.
 */
function jpegXmp(props: XmpProperty[], descriptions: string[]): Segment[] {
  const whole = serializePacket(props, { descriptions });
  if (fitsStandardXmp(whole)) return [xmpSegment(whole)];
  const extended = serializePacket(props.filter((p) => p.heavy), { descriptions, bare: true });
  const guid = extendedXmpGuid(extended);
  const main = serializePacket([...props.filter((p) => !p.heavy), { xml: `<xmpNote:HasExtendedXMP>${guid}</xmpNote:HasExtendedXMP>`, heavy: false }]);
  if (!fitsStandardXmp(main)) throw new LoupeError('INVALID_ARGUMENTS', 'The metadata of this output is too large to embed in a JPEG.');
  return [xmpSegment(main), ...extendedXmpSegments(extended)];
}

function embedPng(bytes: Buffer, packet: string, exif: Buffer | null): Buffer {
  const chunks = readChunks(bytes).filter((c) => !isXmpChunk(c) && !(exif && isExifChunk(c)));
  return writeChunks(insertBeforeIdat(chunks, [...(exif ? [exifChunk(exif)] : []), xmpChunk(packet)]));
}

/** The same facts as the XMP, for a `name.json` beside the image; the prompt is never shortened here. */
export function buildSidecar(meta: OutputMetadata): string {
  const sidecar = {
    format: 'loupe-sidecar',
    version: 1,
    app: meta.app,
    jobId: meta.jobId,
    outputIndex: meta.outputIndex,
    kind: meta.kind,
    locked: meta.locked,
    model: meta.model,
    prompt: meta.prompt,
    params: meta.params,
    parentOutputId: meta.parentOutputId,
    requestIds: meta.requestIds,
    createdAt: xmpDate(meta.createdAt),
    digitalSourceType: digitalSourceType(meta),
  };
  return `${JSON.stringify(sidecar, null, 2)}\n`;
}
