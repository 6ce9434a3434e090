/**
 * Metadata segments in a JPEG, written without touching the compressed image data (a
 * re-encode would lose quality on every export).
 *
 * A JPEG is SOI, then marker segments (FFxx + 2-byte length that counts itself), then the
 * entropy-coded scan after SOS. Only the segments before SOS are read or rewritten; the
 * scan is copied byte for byte.
 */
import { createHash } from 'node:crypto';

const SOI = 0xd8;
const SOS = 0xda;
const EOI = 0xd9;
const APP0 = 0xe0;
const APP1 = 0xe1;
const APP13 = 0xed;
/** A segment's length field is 16 bits and counts its own two bytes. */
export const MAX_SEGMENT_PAYLOAD = 0xffff - 2;

export const XMP_SIG = Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1');
export const XMP_EXT_SIG = Buffer.from('http://ns.adobe.com/xmp/extension/\0', 'latin1');
const EXIF_SIG = Buffer.from('Exif\0\0', 'latin1');
const PHOTOSHOP_SIG = Buffer.from('Photoshop 3.0\0', 'latin1');
/** Signature, 32-char GUID, full length and offset precede each extended XMP chunk. */
const EXT_CHUNK = MAX_SEGMENT_PAYLOAD - XMP_EXT_SIG.length - 32 - 8;

export interface Segment {
  marker: number;
  payload: Buffer;
}

export function isJpeg(b: Buffer): boolean {
  return b.length > 4 && b[0] === 0xff && b[1] === SOI && b[2] === 0xff;
}

/** The header segments, and the rest of the file from SOS on (copied untouched). */
export function splitJpeg(b: Buffer): { segments: Segment[]; rest: Buffer } {
  if (!isJpeg(b)) throw new RangeError('not a JPEG');
  const segments: Segment[] = [];
  let i = 2;
  for (;;) {
    if (i + 4 > b.length || b[i] !== 0xff) throw new RangeError('JPEG header is damaged');
    let marker = b[i + 1]!;
    // Fill bytes (FF FF …) may pad between segments.
    while (marker === 0xff && i + 2 < b.length) marker = b[++i + 1]!;
    if (marker === SOS || marker === EOI) return { segments, rest: b.subarray(i) };
    const len = b.readUInt16BE(i + 2);
    if (len < 2 || i + 2 + len > b.length) throw new RangeError('JPEG header is damaged');
    segments.push({ marker, payload: b.subarray(i + 4, i + 2 + len) });
    i += 2 + len;
  }
}

export function joinJpeg(segments: readonly Segment[], rest: Buffer): Buffer {
  const parts: Buffer[] = [Buffer.from([0xff, SOI])];
  for (const s of segments) {
    if (s.payload.length > MAX_SEGMENT_PAYLOAD) throw new RangeError('JPEG segment too large');
    const head = Buffer.alloc(4);
    head[0] = 0xff;
    head[1] = s.marker;
    head.writeUInt16BE(s.payload.length + 2, 2);
    parts.push(head, s.payload);
  }
  parts.push(rest);
  return Buffer.concat(parts);
}

const startsWith = (p: Buffer, sig: Buffer) => p.length >= sig.length && p.subarray(0, sig.length).equals(sig);
export const isXmpSegment = (s: Segment) => s.marker === APP1 && (startsWith(s.payload, XMP_SIG) || startsWith(s.payload, XMP_EXT_SIG));
export const isExifSegment = (s: Segment) => s.marker === APP1 && startsWith(s.payload, EXIF_SIG);
export const isIptcSegment = (s: Segment) => s.marker === APP13 && startsWith(s.payload, PHOTOSHOP_SIG);

export const exifSegment = (tiffWithHeader: Buffer): Segment => ({ marker: APP1, payload: tiffWithHeader });
export const xmpSegment = (packet: string): Segment => ({ marker: APP1, payload: Buffer.concat([XMP_SIG, Buffer.from(packet, 'utf8')]) });
export const iptcSegment = (payload: Buffer): Segment => ({ marker: APP13, payload });

/** Whether a standard XMP packet fits in one APP1 segment. */
export function fitsStandardXmp(packet: string): boolean {
  return XMP_SIG.length + Buffer.byteLength(packet, 'utf8') <= MAX_SEGMENT_PAYLOAD;
}

/** The GUID that ties extended XMP to its main packet: MD5 of the extended serialisation, upper-case hex. */
export function extendedXmpGuid(extended: string): string {
  return createHash('md5').update(extended, 'utf8').digest('hex').toUpperCase();
}

/** Extended XMP (XMP spec part 3, 1.1.3.1): the overflow packet split over APP1 segments. */
export function extendedXmpSegments(extended: string): Segment[] {
  const bytes = Buffer.from(extended, 'utf8');
  const guid = Buffer.from(extendedXmpGuid(extended), 'latin1');
  const out: Segment[] = [];
  for (let offset = 0; offset < bytes.length; ) {
    let end = Math.min(offset + EXT_CHUNK, bytes.length);
    // The spec allows any split, but some readers decode each chunk on its own: never cut a UTF-8 character.
    while (end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end--;
    const head = Buffer.alloc(8);
    head.writeUInt32BE(bytes.length, 0);
    head.writeUInt32BE(offset, 4);
    out.push({ marker: APP1, payload: Buffer.concat([XMP_EXT_SIG, guid, head, bytes.subarray(offset, end)]) });
    offset = end;
  }
  return out;
}

/**
 * Keeps only the IPTC-NAA record (and its digest) from a Photoshop APP13 block. The block
 * can also carry a Photoshop thumbnail of the original photo and layer data that mean
 * nothing on the output.
 */
export function iptcOnly(app13: Buffer): Buffer | null {
  if (!startsWith(app13, PHOTOSHOP_SIG)) return null;
  const keep: Buffer[] = [];
  let i = PHOTOSHOP_SIG.length;
  while (i + 12 <= app13.length && app13.toString('latin1', i, i + 4) === '8BIM') {
    const id = app13.readUInt16BE(i + 4);
    const nameLen = app13[i + 6]!;
    // Pascal name, padded so length byte + name is even.
    const sizeAt = i + 6 + ((nameLen + 2) & ~1);
    if (sizeAt + 4 > app13.length) break;
    const size = app13.readUInt32BE(sizeAt);
    const end = sizeAt + 4 + size + (size & 1);
    if (end > app13.length + (size & 1)) break;
    if (id === 0x0404 || id === 0x0425) keep.push(app13.subarray(i, Math.min(end, app13.length)));
    i = end;
  }
  if (!keep.some((b) => b.readUInt16BE(4) === 0x0404)) return null;
  return Buffer.concat([PHOTOSHOP_SIG, ...keep]);
}

/** Where new metadata goes: after SOI and any JFIF/JFXX APP0, which must come first. */
export function insertionIndex(segments: readonly Segment[]): number {
  let i = 0;
  while (i < segments.length && segments[i]!.marker === APP0) i++;
  return i;
}
