/**
 * XMP in a GIF, added without re-encoding, as Adobe's XMP Specification Part 3 (§1.1.2,
 * GIF) prescribes: an Application Extension block with the identifier "XMP Data" and
 * authentication code "XMP", whose data is the packet's UTF-8 bytes as they are (not cut
 * into sub-blocks), followed by a 258-byte "magic trailer" (0x01, 0xFF, 0xFE … 0x00, 0x00).
 * A GIF reader that knows nothing of XMP reads the packet as sub-blocks of arbitrary
 * lengths; whatever length it lands on, the trailer walks it to the final 0x00, so it
 * skips the block and sees the frames as before. Every other byte is copied unchanged.
 */

const HEADERS = ['GIF87a', 'GIF89a'];
const XMP_APP_ID = Buffer.from('XMP DataXMP', 'latin1');
const EXTENSION = 0x21;
const APPLICATION = 0xff;
const IMAGE = 0x2c;
const TRAILER = 0x3b;

/** 0x01, 0xFF, 0xFE, …, 0x01, 0x00, then the block terminator 0x00. */
export const MAGIC_TRAILER = Buffer.from([0x01, ...Array.from({ length: 256 }, (_, i) => 255 - i), 0x00]);

export function isGif(b: Buffer): boolean {
  return b.length >= 13 && HEADERS.includes(b.toString('latin1', 0, 6));
}

/** A top-level block: its kind and where it lies (end exclusive). */
interface Block {
  kind: 'extension' | 'image';
  label: number;
  start: number;
  end: number;
}

/** The offset just past a chain of sub-blocks starting at `o` (past its 0x00 terminator). */
function skipSubBlocks(b: Buffer, o: number): number {
  while (o < b.length) {
    const n = b[o]!;
    o += 1 + n;
    if (n === 0) return o;
  }
  throw new RangeError('GIF data runs past the end');
}

/** The offset of the first block: after the header, logical screen descriptor and global colour table. */
function firstBlock(b: Buffer): number {
  const packed = b[10]!;
  return 13 + (packed & 0x80 ? 3 * 2 ** ((packed & 0x07) + 1) : 0);
}

/** The blocks up to the trailer, and the trailer's offset. Throws RangeError on damage. */
export function readGifBlocks(b: Buffer): { blocks: Block[]; trailer: number } {
  if (!isGif(b)) throw new RangeError('not a GIF');
  const blocks: Block[] = [];
  let o = firstBlock(b);
  while (o < b.length) {
    const intro = b[o]!;
    if (intro === TRAILER) return { blocks, trailer: o };
    if (intro === EXTENSION) {
      if (o + 2 > b.length) break;
      blocks.push({ kind: 'extension', label: b[o + 1]!, start: o, end: (o = skipSubBlocks(b, o + 2)) });
    } else if (intro === IMAGE) {
      if (o + 11 > b.length) break;
      const packed = b[o + 9]!;
      const table = packed & 0x80 ? 3 * 2 ** ((packed & 0x07) + 1) : 0;
      // Descriptor (10), local colour table, LZW minimum code size (1), then the data sub-blocks.
      blocks.push({ kind: 'image', label: IMAGE, start: o, end: (o = skipSubBlocks(b, o + 10 + table + 1)) });
    } else {
      throw new RangeError(`unexpected byte 0x${intro.toString(16)} at ${o}`);
    }
  }
  throw new RangeError('GIF has no trailer');
}

function isXmpBlock(b: Buffer, block: Block): boolean {
  return block.kind === 'extension' && block.label === APPLICATION && b[block.start + 2] === 11 && b.subarray(block.start + 3, block.start + 14).equals(XMP_APP_ID);
}

/** The Application Extension block carrying `packet`. */
export function xmpBlock(packet: string): Buffer {
  const data = Buffer.from(packet, 'utf8');
  // A zero byte would end the block early for every reader; XML text never has one (xmp-packet strips U+0000).
  if (data.includes(0)) throw new RangeError('an XMP packet cannot contain a zero byte');
  return Buffer.concat([Buffer.from([EXTENSION, APPLICATION, 11]), XMP_APP_ID, data, MAGIC_TRAILER]);
}

/**
 * Returns the GIF with `packet` as its XMP, replacing any XMP block it had. The block goes
 * after the leading application extensions (the NETSCAPE2.0 loop block stays first, where
 * players look for it) and before the first frame, so readers find it without walking
 * the frames.
 */
export function setGifXmp(b: Buffer, packet: string): Buffer {
  const { blocks, trailer } = readGifBlocks(b);
  const ours = xmpBlock(packet);
  const start = firstBlock(b);
  // Extension blocks are a GIF89a feature: an 87a file is relabelled (the only other byte changed).
  const head = b.toString('latin1', 0, 6) === 'GIF87a' ? Buffer.concat([Buffer.from('GIF89a', 'latin1'), b.subarray(6, start)]) : b.subarray(0, start);
  const parts: Buffer[] = [head];
  let placed = false;
  for (const blk of blocks) {
    if (isXmpBlock(b, blk)) continue;
    if (!placed && !(blk.kind === 'extension' && blk.label === APPLICATION)) {
      parts.push(ours);
      placed = true;
    }
    parts.push(b.subarray(blk.start, blk.end));
  }
  if (!placed) parts.push(ours);
  // The trailer and anything a writer left after it, as they were.
  parts.push(b.subarray(trailer));
  return Buffer.concat(parts);
}

/** The XMP packet of a GIF, or null when it has none. */
export function readGifXmp(b: Buffer): string | null {
  const { blocks } = readGifBlocks(b);
  const blk = blocks.find((x) => isXmpBlock(b, x));
  if (!blk) return null;
  const end = blk.end - MAGIC_TRAILER.length;
  if (end < blk.start + 14 || !b.subarray(end, blk.end).equals(MAGIC_TRAILER)) throw new RangeError('the XMP block has no magic trailer');
  return b.toString('utf8', blk.start + 14, end);
}
