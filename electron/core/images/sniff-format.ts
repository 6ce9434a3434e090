/*
 * Byte-level checks that run before sharp sees a file. They exist to give people a
 * precise reason ("a HEIC photo", "a Photoshop document") instead of sharp's generic
 * "unsupported image format", and to recognise HEIC before libheif tries to parse it
 * (the bundled libheif has no HEVC decoder, so it could only fail later and vaguely).
 */

/** ISO-BMFF brands (ftyp box) by what they mean for Loupe. */
const AVIF_BRANDS = new Set(['avif', 'avis']);
const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1', 'mif2']);

/** The brands of an ISO-BMFF file (major and compatible), or null when it has no ftyp box. */
function ftypBrands(b: Buffer): string[] | null {
  if (b.length < 16 || b.toString('latin1', 4, 8) !== 'ftyp') return null;
  const size = Math.min(b.readUInt32BE(0), b.length, 4096);
  const brands = [b.toString('latin1', 8, 12)];
  for (let o = 16; o + 4 <= size; o += 4) brands.push(b.toString('latin1', o, o + 4));
  return brands;
}

/** "avif", "heic", or null for anything that is not an HEIF container. */
export function heifKind(b: Buffer): 'avif' | 'heic' | null {
  const brands = ftypBrands(b);
  if (!brands) return null;
  if (brands.some((x) => AVIF_BRANDS.has(x))) return 'avif';
  if (brands.some((x) => HEIC_BRANDS.has(x))) return 'heic';
  return null;
}

/** Recognisable formats Loupe refuses, with the name people know them by. */
const UNSUPPORTED: readonly { name: string; test: (b: Buffer) => boolean }[] = [
  { name: 'a BMP image', test: (b) => b.toString('latin1', 0, 2) === 'BM' && b.length > 26 },
  { name: 'a PDF document', test: (b) => b.toString('latin1', 0, 5) === '%PDF-' },
  { name: 'a Photoshop document', test: (b) => b.toString('latin1', 0, 4) === '8BPS' },
  { name: 'an icon file', test: (b) => b.length > 6 && b.readUInt32BE(0) === 0x00000100 },
  { name: 'a JPEG XL image', test: (b) => (b[0] === 0xff && b[1] === 0x0a) || b.toString('latin1', 4, 8) === 'JXL ' },
  { name: 'a JPEG 2000 image', test: (b) => b.toString('latin1', 4, 8) === 'jP  ' },
  { name: 'a video', test: (b) => ['isom', 'mp41', 'mp42', 'qt  ', 'M4V '].includes(ftypBrands(b)?.[0] ?? '') },
];

/** The kind of a recognisably unsupported file ("a HEIC photo"), or null. */
export function unsupportedKind(b: Buffer): string | null {
  if (heifKind(b) === 'heic') return 'a HEIC photo';
  return UNSUPPORTED.find((u) => u.test(b))?.name ?? null;
}

/**
 * Whether a JPEG carries an MPF (multi-picture) index in an APP2 segment, as phones write
 * for depth maps and HDR pairs. Only the segments before the image data are scanned.
 */
export function isMultiPictureJpeg(b: Buffer): boolean {
  if (b[0] !== 0xff || b[1] !== 0xd8) return false;
  let o = 2;
  while (o + 4 <= b.length && b[o] === 0xff) {
    const marker = b[o + 1]!;
    if (marker === 0xda || marker === 0xd9) return false; // start of scan / end: no more headers
    const len = b.readUInt16BE(o + 2);
    if (marker === 0xe2 && b.toString('latin1', o + 4, o + 8) === 'MPF\0') return true;
    o += 2 + len;
  }
  return false;
}

/**
 * The description of an ICC profile ("Display P3"), or null. Reads the `desc` tag:
 * ICC v2 stores ASCII ('desc' type), v4 stores UTF-16BE records ('mluc' type).
 */
export function iccDescription(icc: Buffer | undefined): string | null {
  if (!icc || icc.length < 132) return null;
  const count = icc.readUInt32BE(128);
  for (let i = 0; i < count && 132 + i * 12 + 12 <= icc.length; i++) {
    const e = 132 + i * 12;
    if (icc.toString('latin1', e, e + 4) !== 'desc') continue;
    const off = icc.readUInt32BE(e + 4);
    if (off + 12 > icc.length) return null;
    const type = icc.toString('latin1', off, off + 4);
    if (type === 'desc') {
      const n = icc.readUInt32BE(off + 8);
      return icc.toString('latin1', off + 12, Math.min(off + 12 + n, icc.length)).replace(/\0+$/, '').trim() || null;
    }
    if (type === 'mluc' && off + 28 <= icc.length) {
      const len = icc.readUInt32BE(off + 20);
      const at = off + icc.readUInt32BE(off + 24);
      const end = Math.min(at + len, icc.length);
      const s = icc.subarray(at, end - ((end - at) % 2));
      return Buffer.from(s).swap16().toString('utf16le').replace(/\0+$/, '').trim() || null;
    }
    return null;
  }
  return null;
}
