/**
 * Prepares a source photo's EXIF (a TIFF structure) for an edited output.
 *
 * Edits happen in place, on a copy: entries are removed or patched inside their IFD and
 * nothing moves, because camera maker notes hold absolute offsets that a rebuilt block
 * would silently break. What changes:
 * - Orientation is removed: Loupe's outputs are already upright, and a kept "rotate 90°"
 *   would turn them sideways in every viewer.
 * - The embedded thumbnail (IFD1) is unlinked and its bytes zeroed: it is a picture of the
 *   original, unedited photo, which must not ride along hidden in the edited file.
 * - PixelXDimension/PixelYDimension are set to the output's size.
 * - The GPS IFD is unlinked and its bytes zeroed unless the person chose to keep GPS:
 *   where a photo was taken (often a home) should not travel with every shared edit.
 */
const ORIENTATION = 0x0112;
const EXIF_IFD_POINTER = 0x8769;
const PIXEL_X = 0xa002;
const PIXEL_Y = 0xa003;
const THUMB_OFFSET = 0x0201;
const THUMB_LENGTH = 0x0202;
const GPS_IFD_POINTER = 0x8825;
/** Bytes per value of each TIFF field type (BYTE, ASCII, SHORT, LONG, RATIONAL, … DOUBLE). */
const TYPE_BYTES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8 };
const SHORT = 3;
const LONG = 4;
const EXIF_HEADER = Buffer.from('Exif\0\0', 'latin1');

class Tiff {
  readonly le: boolean;
  constructor(readonly buf: Buffer) {
    const order = buf.toString('latin1', 0, 2);
    if (order !== 'II' && order !== 'MM') throw new RangeError('not TIFF');
    this.le = order === 'II';
    if (this.u16(2) !== 42) throw new RangeError('not TIFF');
  }
  u16(at: number): number {
    this.check(at, 2);
    return this.le ? this.buf.readUInt16LE(at) : this.buf.readUInt16BE(at);
  }
  u32(at: number): number {
    this.check(at, 4);
    return this.le ? this.buf.readUInt32LE(at) : this.buf.readUInt32BE(at);
  }
  w16(at: number, v: number): void {
    this.check(at, 2);
    if (this.le) this.buf.writeUInt16LE(v, at);
    else this.buf.writeUInt16BE(v, at);
  }
  w32(at: number, v: number): void {
    this.check(at, 4);
    if (this.le) this.buf.writeUInt32LE(v, at);
    else this.buf.writeUInt32BE(v, at);
  }
  /** Offsets of an IFD's entries, and where its next-IFD pointer sits. */
  ifd(at: number): { entries: number[]; next: number } {
    const count = this.u16(at);
    this.check(at + 2, count * 12 + 4);
    return { entries: Array.from({ length: count }, (_, i) => at + 2 + i * 12), next: at + 2 + count * 12 };
  }
  tag(entry: number): number {
    return this.u16(entry);
  }
  /** A SHORT or LONG count-1 value, which always sits inline in the entry. */
  value(entry: number): number | null {
    const type = this.u16(entry + 2);
    if (this.u32(entry + 4) !== 1) return null;
    return type === SHORT ? this.u16(entry + 8) : type === LONG ? this.u32(entry + 8) : null;
  }
  private check(at: number, len: number): void {
    if (at < 0 || at + len > this.buf.length) throw new RangeError('EXIF offset out of range');
  }
}

/** Accepts a raw TIFF block or one prefixed "Exif\0\0" (as JPEG and sharp carry it). */
export function stripExifHeader(exif: Buffer): Buffer {
  return exif.subarray(0, 6).equals(EXIF_HEADER) ? exif.subarray(6) : exif;
}

export function withExifHeader(tiff: Buffer): Buffer {
  return Buffer.concat([EXIF_HEADER, tiff]);
}

/**
 * Returns a cleaned copy of the TIFF block (no "Exif\0\0" prefix), or null when the block
 * is not readable EXIF: keeping nothing is better than writing a block viewers choke on.
 */
export function cleanExif(exif: Buffer, size: { width: number; height: number }, opts: { keepGps?: boolean } = {}): Buffer | null {
  const buf = Buffer.from(stripExifHeader(exif));
  try {
    const t = new Tiff(buf);
    const ifd0At = t.u32(4);
    const ifd0 = t.ifd(ifd0At);
    zeroThumbnail(t, t.u32(ifd0.next));
    t.w32(ifd0.next, 0);

    const dropped = new Set([ORIENTATION]);
    if (!opts.keepGps) {
      dropped.add(GPS_IFD_POINTER);
      const gps = ifd0.entries.find((e) => t.tag(e) === GPS_IFD_POINTER);
      const gpsAt = gps === undefined ? null : t.value(gps);
      if (gpsAt) zeroIfd(t, gpsAt);
    }
    const kept = ifd0.entries.filter((e) => !dropped.has(t.tag(e)));
    if (kept.length !== ifd0.entries.length) {
      // Shift the remaining entries up; the freed 12 bytes at the end are zeroed, not reused.
      const entries = kept.map((e) => Buffer.from(buf.subarray(e, e + 12)));
      entries.forEach((bytes, i) => bytes.copy(buf, ifd0At + 2 + i * 12));
      t.w16(ifd0At, kept.length);
      const next = ifd0At + 2 + kept.length * 12;
      t.w32(next, 0);
      buf.fill(0, next + 4, ifd0.next + 4);
    }

    const exifPtr = t.ifd(ifd0At).entries.find((e) => t.tag(e) === EXIF_IFD_POINTER);
    const exifAt = exifPtr === undefined ? null : t.value(exifPtr);
    if (exifAt !== null) {
      for (const e of t.ifd(exifAt).entries) {
        const tag = t.tag(e);
        if (tag !== PIXEL_X && tag !== PIXEL_Y) continue;
        const v = tag === PIXEL_X ? size.width : size.height;
        if (t.u16(e + 2) === SHORT && v <= 0xffff) t.w16(e + 8, v);
        else if (t.u16(e + 2) === LONG) t.w32(e + 8, v);
      }
    }
    return buf;
  } catch (err) {
    if (err instanceof RangeError) return null;
    throw err;
  }
}

/** Zeroes an IFD and the values it points to (those over 4 bytes live outside the entry). */
function zeroIfd(t: Tiff, at: number): void {
  const ifd = t.ifd(at);
  for (const e of ifd.entries) {
    const bytes = (TYPE_BYTES[t.u16(e + 2)] ?? 1) * t.u32(e + 4);
    if (bytes <= 4) continue;
    const offset = t.u32(e + 8);
    if (offset + bytes <= t.buf.length) t.buf.fill(0, offset, offset + bytes);
  }
  t.buf.fill(0, at, ifd.next + 4);
}

function zeroThumbnail(t: Tiff, ifd1At: number): void {
  if (ifd1At === 0 || ifd1At + 2 > t.buf.length) return;
  const ifd1 = t.ifd(ifd1At);
  let offset: number | null = null;
  let length: number | null = null;
  for (const e of ifd1.entries) {
    if (t.tag(e) === THUMB_OFFSET) offset = t.value(e);
    if (t.tag(e) === THUMB_LENGTH) length = t.value(e);
  }
  if (offset !== null && length !== null && offset + length <= t.buf.length) t.buf.fill(0, offset, offset + length);
  t.buf.fill(0, ifd1At, ifd1.next + 4);
}
