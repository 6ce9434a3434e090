/**
 * HEIC/HEIF photos (iPhones, many Android phones). sharp's prebuilt libvips reads the
 * header (size, EXIF) but has no HEVC decoder, so the pixels come from heic-decode.
 */
// heic-decode: libheif compiled to WebAssembly, so it needs no native build or download, and
// is the maintained wrapper of libheif-js (the decoder the reviewers named).
import decodeHeicBytes from 'heic-decode';
import sharp, { type Sharp } from 'sharp';

/**
 * Whether the HEIF file carries its own transformation properties (irot rotation, imir
 * mirror). libheif applies them while decoding, and the HEIF standard makes them the
 * authority: then EXIF orientation is only a record of how the camera was held and must
 * not be applied again (iPhones write both). Reads the box tree meta > iprp > ipco only.
 */
export function heifHasTransform(b: Buffer): boolean {
  const children = (start: number, end: number): { type: string; start: number; end: number }[] => {
    const out: { type: string; start: number; end: number }[] = [];
    let o = start;
    while (o + 8 <= end && out.length < 256) {
      let size = b.readUInt32BE(o);
      const type = b.toString('latin1', o + 4, o + 8);
      let header = 8;
      if (size === 1 && o + 16 <= end) {
        size = Number(b.readBigUInt64BE(o + 8));
        header = 16;
      } else if (size === 0) size = end - o;
      if (size < header || o + size > end) break;
      out.push({ type, start: o + header, end: o + size });
      o += size;
    }
    return out;
  };
  const meta = children(0, b.length).find((x) => x.type === 'meta');
  if (!meta) return false;
  // meta is a full box: 4 bytes of version and flags before its children.
  const iprp = children(meta.start + 4, meta.end).find((x) => x.type === 'iprp');
  const ipco = iprp && children(iprp.start, iprp.end).find((x) => x.type === 'ipco');
  return !!ipco && children(ipco.start, ipco.end).some((x) => x.type === 'irot' || x.type === 'imir');
}

/** The Orientation tag (1-8) of an EXIF block ("Exif\0\0" header optional, as HEIF stores it after a 4-byte offset), or undefined. */
export function exifOrientation(exif: Buffer | undefined): number | undefined {
  if (!exif) return undefined;
  let t = exif.indexOf('MM\0*', 0, 'latin1');
  const ii = exif.indexOf('II*\0', 0, 'latin1');
  if (t < 0 || (ii >= 0 && ii < t)) t = ii;
  if (t < 0 || t > 16) return undefined;
  const le = exif[t] === 0x49;
  const u16 = (at: number) => (at + 2 <= exif.length ? (le ? exif.readUInt16LE(at) : exif.readUInt16BE(at)) : -1);
  const u32 = (at: number) => (at + 4 <= exif.length ? (le ? exif.readUInt32LE(at) : exif.readUInt32BE(at)) : -1);
  const ifd = t + u32(t + 4);
  const count = u16(ifd);
  for (let i = 0; i < count && i < 512; i++) {
    const e = ifd + 2 + i * 12;
    if (u16(e) === 0x0112) {
      const v = u16(e + 8);
      return v >= 1 && v <= 8 ? v : undefined;
    }
  }
  return undefined;
}

/** The operations that turn stored pixels upright for each EXIF orientation (as sharp's autoOrient). */
export function orient(img: Sharp, orientation: number): Sharp {
  switch (orientation) {
    case 2:
      return img.flop();
    case 3:
      return img.rotate(180);
    case 4:
      return img.flip();
    case 5: // sharp mirrors before it rotates, whatever the call order
      return img.rotate(270).flop();
    case 6:
      return img.rotate(90);
    case 7:
      return img.rotate(90).flop();
    case 8:
      return img.rotate(270);
    default:
      return img;
  }
}

/**
 * The first image of a HEIC file as an upright RGBA sharp pipeline. `orientation` is the
 * EXIF orientation to apply (1 when the file's own transforms already did: heifHasTransform).
 * Throws when libheif cannot decode it; callers map that to the "damaged" message.
 */
export async function decodeHeic(bytes: Buffer, orientation: number, limitInputPixels: number): Promise<Sharp> {
  const { width, height, data } = await decodeHeicBytes({ buffer: bytes });
  const raw = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  // A fresh pipeline from the decoded pixels, so the rotation runs before any later resize.
  const upright = await orient(sharp(raw, { raw: { width, height, channels: 4 }, limitInputPixels }), orientation).raw().toBuffer({ resolveWithObject: true });
  return sharp(upright.data, { raw: { width: upright.info.width, height: upright.info.height, channels: 4 }, limitInputPixels });
}
