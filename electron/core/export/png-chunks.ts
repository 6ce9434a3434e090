/**
 * Metadata chunks in a PNG, added without re-encoding. A PNG is an 8-byte signature then
 * chunks of length(4) type(4) data crc(4), the CRC covering type and data. Image data
 * (IDAT) is copied byte for byte.
 */
import { crc32 } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const XMP_KEYWORD = 'XML:com.adobe.xmp';

export interface Chunk {
  type: string;
  data: Buffer;
  /** As read: existing chunks are copied with their own CRC, byte for byte. */
  crc?: Buffer;
}

export function isPng(b: Buffer): boolean {
  return b.length > SIGNATURE.length && b.subarray(0, 8).equals(SIGNATURE);
}

export function readChunks(b: Buffer): Chunk[] {
  if (!isPng(b)) throw new RangeError('not a PNG');
  const chunks: Chunk[] = [];
  let i = 8;
  while (i + 12 <= b.length) {
    const len = b.readUInt32BE(i);
    if (i + 12 + len > b.length) throw new RangeError('PNG chunk runs past the end');
    const type = b.toString('latin1', i + 4, i + 8);
    chunks.push({ type, data: b.subarray(i + 8, i + 8 + len), crc: b.subarray(i + 8 + len, i + 12 + len) });
    i += 12 + len;
    if (type === 'IEND') break;
  }
  if (chunks[0]?.type !== 'IHDR' || chunks[chunks.length - 1]?.type !== 'IEND') throw new RangeError('PNG structure is damaged');
  return chunks;
}

export function writeChunks(chunks: readonly Chunk[]): Buffer {
  const parts: Buffer[] = [SIGNATURE];
  for (const c of chunks) {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(c.data.length, 0);
    head.write(c.type, 4, 'latin1');
    let crc = c.crc;
    if (!crc) {
      crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(c.data, crc32(head.subarray(4))), 0);
    }
    parts.push(head, c.data, crc);
  }
  return Buffer.concat(parts);
}

/** iTXt, uncompressed, no language: the form the XMP spec prescribes for PNG. */
export function xmpChunk(packet: string): Chunk {
  const head = Buffer.from(`${XMP_KEYWORD}\0\0\0\0\0`, 'latin1');
  return { type: 'iTXt', data: Buffer.concat([head, Buffer.from(packet, 'utf8')]) };
}

export function isXmpChunk(c: Chunk): boolean {
  return c.type === 'iTXt' && c.data.length > XMP_KEYWORD.length && c.data.toString('latin1', 0, XMP_KEYWORD.length + 1) === `${XMP_KEYWORD}\0`;
}

/** eXIf holds the TIFF block without the "Exif\0\0" prefix JPEG uses. */
export const exifChunk = (tiff: Buffer): Chunk => ({ type: 'eXIf', data: tiff });
export const isExifChunk = (c: Chunk): boolean => c.type === 'eXIf';

/** Metadata goes before the first IDAT: eXIf must, and readers that stop at IDAT still see the XMP. */
export function insertBeforeIdat(chunks: readonly Chunk[], add: readonly Chunk[]): Chunk[] {
  const at = chunks.findIndex((c) => c.type === 'IDAT');
  const i = at === -1 ? chunks.length - 1 : at;
  return [...chunks.slice(0, i), ...add, ...chunks.slice(i)];
}
