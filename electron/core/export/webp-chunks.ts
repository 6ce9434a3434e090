/**
 * Metadata chunks in a WebP, added without re-encoding. A WebP is a RIFF container:
 * "RIFF" size "WEBP", then chunks of fourcc(4) size(4, little-endian) data, each padded to
 * an even length. Metadata needs the extended layout: a VP8X header chunk whose flags say
 * EXIF/XMP are present, with the EXIF and "XMP " chunks after the image data.
 */
const FLAG_ALPHA = 0x10;
const FLAG_EXIF = 0x08;
const FLAG_XMP = 0x04;

export interface RiffChunk {
  fourcc: string;
  data: Buffer;
}

export function isWebp(b: Buffer): boolean {
  return b.length >= 20 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP';
}

export function readRiff(b: Buffer): RiffChunk[] {
  if (!isWebp(b)) throw new RangeError('not a WebP');
  // The RIFF size may promise less than the buffer holds (trailing bytes are ignored by decoders too).
  const end = Math.min(b.length, 8 + b.readUInt32LE(4));
  const chunks: RiffChunk[] = [];
  let i = 12;
  while (i + 8 <= end) {
    const size = b.readUInt32LE(i + 4);
    if (i + 8 + size > end) throw new RangeError('WebP chunk runs past the end');
    chunks.push({ fourcc: b.toString('latin1', i, i + 4), data: b.subarray(i + 8, i + 8 + size) });
    i += 8 + size + (size & 1);
  }
  return chunks;
}

export function writeRiff(chunks: readonly RiffChunk[]): Buffer {
  const parts: Buffer[] = [];
  for (const c of chunks) {
    const head = Buffer.alloc(8);
    head.write(c.fourcc, 0, 'latin1');
    head.writeUInt32LE(c.data.length, 4);
    parts.push(head, c.data);
    if (c.data.length & 1) parts.push(Buffer.alloc(1));
  }
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length + 4, 4);
  head.write('WEBP', 8, 'latin1');
  return Buffer.concat([head, body]);
}

/** Canvas size and alpha, read from the bitstream header of a simple (VP8 or VP8L) WebP. */
function simpleInfo(c: RiffChunk): { width: number; height: number; alpha: boolean } {
  const d = c.data;
  if (c.fourcc === 'VP8L') {
    if (d.length < 5 || d[0] !== 0x2f) throw new RangeError('bad VP8L header');
    const bits = d.readUInt32LE(1);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, alpha: ((bits >>> 28) & 1) === 1 };
  }
  if (c.fourcc === 'VP8 ') {
    if (d.length < 10 || d[3] !== 0x9d || d[4] !== 0x01 || d[5] !== 0x2a) throw new RangeError('bad VP8 header');
    return { width: d.readUInt16LE(6) & 0x3fff, height: d.readUInt16LE(8) & 0x3fff, alpha: false };
  }
  throw new RangeError(`unexpected WebP chunk ${c.fourcc}`);
}

function vp8x(width: number, height: number, flags: number): RiffChunk {
  const data = Buffer.alloc(10);
  data[0] = flags;
  data.writeUIntLE(width - 1, 4, 3);
  data.writeUIntLE(height - 1, 7, 3);
  return { fourcc: 'VP8X', data };
}

/**
 * Replaces any EXIF/XMP already present with the given ones (either may be absent), in
 * extended layout. Image chunks are copied untouched.
 */
export function setWebpMetadata(b: Buffer, add: { xmp?: Buffer; exif?: Buffer; replaceExif: boolean }): Buffer {
  let chunks = readRiff(b);
  const first = chunks[0];
  if (!first) throw new RangeError('empty WebP');
  if (first.fourcc !== 'VP8X') {
    const info = simpleInfo(first);
    chunks = [vp8x(info.width, info.height, info.alpha ? FLAG_ALPHA : 0), ...chunks];
  }
  const drop = (c: RiffChunk) => c.fourcc === 'XMP ' || (add.replaceExif && c.fourcc === 'EXIF');
  const kept = chunks.filter((c) => !drop(c));
  const extra: RiffChunk[] = [];
  if (add.exif) extra.push({ fourcc: 'EXIF', data: add.exif });
  if (add.xmp) extra.push({ fourcc: 'XMP ', data: add.xmp });
  const out = [...kept, ...extra];

  const header = Buffer.from(out[0]!.data);
  let flags = header[0]! & ~(FLAG_EXIF | FLAG_XMP);
  if (out.some((c) => c.fourcc === 'EXIF')) flags |= FLAG_EXIF;
  if (out.some((c) => c.fourcc === 'XMP ')) flags |= FLAG_XMP;
  header[0] = flags;
  out[0] = { fourcc: 'VP8X', data: header };
  return writeRiff(out);
}
