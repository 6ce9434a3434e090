/**
 * Reads the metadata of a source photo that the user asked to keep on an edited output.
 * JPEG (what cameras and phones write) is read segment by segment, which gives the exact
 * blocks, including IPTC; other formats go through sharp's header reader.
 */
import sharp from 'sharp';
import { stripExifHeader } from './exif-clean';
import { isExifSegment, isIptcSegment, isJpeg, isXmpSegment, splitJpeg, XMP_SIG } from './jpeg-segments';

export interface SourceMetadata {
  /** TIFF block, without the "Exif\0\0" prefix. */
  exif: Buffer | null;
  /** Photoshop APP13 payload (IPTC-IIM inside); JPEG sources only. */
  iptc: Buffer | null;
  xmp: string | null;
}

const NONE: SourceMetadata = { exif: null, iptc: null, xmp: null };

/**
 * Never throws for a source it cannot read: keeping a photo's metadata is a courtesy, and
 * an export must not fail because a camera wrote an odd header.
 */
export async function readSourceMetadata(src: Buffer): Promise<SourceMetadata> {
  if (isJpeg(src)) {
    try {
      const { segments } = splitJpeg(src);
      const exif = segments.find(isExifSegment);
      const iptc = segments.find(isIptcSegment);
      // Only the standard packet: extended XMP of a source is mostly depth maps and panoramas.
      const xmp = segments.find((s) => isXmpSegment(s) && s.payload.subarray(0, XMP_SIG.length).equals(XMP_SIG));
      return {
        exif: exif ? stripExifHeader(exif.payload) : null,
        iptc: iptc ? iptc.payload : null,
        xmp: xmp ? xmp.payload.subarray(XMP_SIG.length).toString('utf8') : null,
      };
    } catch {
      return NONE;
    }
  }
  try {
    const m = await sharp(src).metadata();
    return { exif: m.exif ? stripExifHeader(m.exif) : null, iptc: null, xmp: m.xmp ? m.xmp.toString('utf8') : null };
  } catch {
    return NONE;
  }
}
