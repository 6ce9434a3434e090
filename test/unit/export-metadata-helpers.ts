/**
 * Builders for the metadata tests: small images with real pixel detail, and a camera-like
 * JPEG whose EXIF (with a thumbnail), IPTC and XMP are written byte by byte, because sharp
 * writes none of the thumbnail, IPTC or Photoshop blocks a camera or Lightroom leaves.
 */
import sharp from 'sharp';

export async function makeImage(
  format: 'png' | 'jpeg' | 'webp',
  o: { width?: number; height?: number; alpha?: boolean; lossless?: boolean } = {},
): Promise<Buffer> {
  const width = o.width ?? 64;
  const height = o.height ?? 48;
  const channels = o.alpha ? 4 : 3;
  const raw = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * channels;
      raw[i] = (x * 7 + y * 3) & 255;
      raw[i + 1] = (x * y) & 255;
      raw[i + 2] = (x ^ y) * 5 & 255;
      if (o.alpha) raw[i + 3] = (x * 4) & 255;
    }
  }
  const img = sharp(raw, { raw: { width, height, channels } });
  if (format === 'png') return img.png().toBuffer();
  if (format === 'jpeg') return img.jpeg({ quality: 85 }).toBuffer();
  return img.webp(o.lossless ? { lossless: true } : { quality: 80 }).toBuffer();
}

interface Entry {
  tag: number;
  type: 2 | 3 | 4;
  value: string | number;
}

/** A little-endian TIFF block: IFD0 → Exif IFD, and IFD1 with a "thumbnail" when given. */
export function tiffBlock(o: {
  make: string;
  model: string;
  orientation: number;
  dateTimeOriginal: string;
  pixelX: number;
  pixelY: number;
  thumbnail?: Buffer;
}): Buffer {
  const ifd0: Entry[] = [
    { tag: 0x010f, type: 2, value: o.make },
    { tag: 0x0110, type: 2, value: o.model },
    { tag: 0x0112, type: 3, value: o.orientation },
    { tag: 0x8769, type: 4, value: 0 },
  ];
  const exif: Entry[] = [
    { tag: 0x9003, type: 2, value: o.dateTimeOriginal },
    { tag: 0xa002, type: 4, value: o.pixelX },
    { tag: 0xa003, type: 4, value: o.pixelY },
  ];
  const ifd1: Entry[] = o.thumbnail
    ? [
        { tag: 0x0201, type: 4, value: 0 },
        { tag: 0x0202, type: 4, value: o.thumbnail.length },
      ]
    : [];
  const size = (n: number) => (n === 0 ? 0 : 2 + n * 12 + 4);
  const ifd0At = 8;
  const exifAt = ifd0At + size(ifd0.length);
  const ifd1At = exifAt + size(exif.length);
  let dataAt = ifd1At + size(ifd1.length);
  const thumbAt = dataAt;
  if (o.thumbnail) dataAt += o.thumbnail.length;
  ifd0[3]!.value = exifAt;
  if (o.thumbnail) ifd1[0]!.value = thumbAt;

  const buf = Buffer.alloc(dataAt + 256);
  buf.write('II', 0, 'latin1');
  buf.writeUInt16LE(42, 2);
  buf.writeUInt32LE(ifd0At, 4);
  if (o.thumbnail) o.thumbnail.copy(buf, thumbAt);
  const writeIfd = (at: number, entries: Entry[], next: number) => {
    buf.writeUInt16LE(entries.length, at);
    entries.forEach((e, i) => {
      const p = at + 2 + i * 12;
      buf.writeUInt16LE(e.tag, p);
      buf.writeUInt16LE(e.type, p + 2);
      if (e.type === 2) {
        const s = Buffer.from(`${String(e.value)}\0`, 'latin1');
        buf.writeUInt32LE(s.length, p + 4);
        if (s.length <= 4) s.copy(buf, p + 8);
        else {
          buf.writeUInt32LE(dataAt, p + 8);
          s.copy(buf, dataAt);
          dataAt += s.length + (s.length & 1);
        }
      } else {
        buf.writeUInt32LE(1, p + 4);
        if (e.type === 3) buf.writeUInt16LE(Number(e.value), p + 8);
        else buf.writeUInt32LE(Number(e.value), p + 8);
      }
    });
    buf.writeUInt32LE(next, at + 2 + entries.length * 12);
  };
  writeIfd(ifd0At, ifd0, o.thumbnail ? ifd1At : 0);
  writeIfd(exifAt, exif, 0);
  if (o.thumbnail) writeIfd(ifd1At, ifd1, 0);
  return buf.subarray(0, dataAt);
}

function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

function resource(id: number, data: Buffer): Buffer {
  const head = Buffer.alloc(12);
  head.write('8BIM', 0, 'latin1');
  head.writeUInt16BE(id, 4);
  // Empty Pascal name (length byte + pad byte), then the size.
  head.writeUInt32BE(data.length, 8);
  return Buffer.concat([head, data, Buffer.alloc(data.length & 1)]);
}

function iim(dataset: number, text: string): Buffer {
  const value = Buffer.from(text, 'utf8');
  const head = Buffer.from([0x1c, 2, dataset, 0, 0]);
  head.writeUInt16BE(value.length, 3);
  return Buffer.concat([head, value]);
}

/** Inserts camera-style segments after SOI: APP1 Exif, APP1 XMP, APP13 Photoshop (IPTC plus a Photoshop thumbnail). */
export function jpegWithSegments(jpeg: Buffer, add: { exif?: Buffer; iptc?: { byline: string; headline: string }; xmp?: string }): Buffer {
  const parts: Buffer[] = [];
  if (add.exif) parts.push(segment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), add.exif])));
  if (add.xmp) parts.push(segment(0xe1, Buffer.concat([Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1'), Buffer.from(add.xmp, 'utf8')])));
  if (add.iptc) {
    const records = Buffer.concat([iim(80, add.iptc.byline), iim(105, add.iptc.headline)]);
    const photoshop = Buffer.concat([
      Buffer.from('Photoshop 3.0\0', 'latin1'),
      resource(0x040c, Buffer.from('PHOTOSHOP-THUMBNAIL-OF-THE-ORIGINAL')),
      resource(0x0404, records),
    ]);
    parts.push(segment(0xed, photoshop));
  }
  return Buffer.concat([jpeg.subarray(0, 2), ...parts, jpeg.subarray(2)]);
}
