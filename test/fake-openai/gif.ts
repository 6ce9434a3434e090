// Animated GIF bodies (reference 2026-12 §3.4): the still image (in the web
// palette) with a bright disc travelling around it, one position per frame, encoded by sharp from a
// tall "pages" raw image. sharp takes delays up to 65,535 ms; the format holds
// up to 655,350 ms (65,535 centiseconds), so the delays are written into the
// Graphic Control Extensions afterwards.
import sharp from 'sharp';

export interface GifSpec {
  width: number;
  height: number;
  frames: number;
  /** Per-frame delay in ms, already rounded to 10 ms and capped. */
  delayMs: number;
}

/** 0..255 → the nearest of 0, 51, …, 255: the 216-colour web palette, so the GIF encoder need not search for one. */
const web = (v: number) => Math.round(v / 51) * 51;
const DISC = [255, 204, 0];

/** Frame i: the still (flattened on white, posterised) with a disc at position i of a loop. */
function animatedFrames(raw: Buffer, s: GifSpec): Buffer {
  const { width: w, height: h, frames } = s;
  const still = Buffer.alloc(w * h * 4);
  for (let o = 0; o < still.length; o += 4) {
    const a = raw[o + 3]! / 255;
    for (let c = 0; c < 3; c++) still[o + c] = web(raw[o + c]! * a + 255 * (1 - a));
    still[o + 3] = 255;
  }
  const out = Buffer.alloc(w * h * 4 * frames);
  const r = Math.max(4, Math.round(Math.min(w, h) / 12));
  for (let f = 0; f < frames; f++) {
    const t = (2 * Math.PI * f) / frames;
    const cx = Math.round(w / 2 + (w / 2 - r * 1.5) * Math.cos(t));
    const cy = Math.round(h / 2 + (h / 2 - r * 1.5) * Math.sin(t));
    const page = f * w * h * 4;
    still.copy(out, page);
    for (let y = Math.max(0, cy - r); y <= Math.min(h - 1, cy + r); y++) {
      for (let x = Math.max(0, cx - r); x <= Math.min(w - 1, cx + r); x++) {
        if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) continue;
        const o = page + (y * w + x) * 4;
        out[o] = DISC[0]!;
        out[o + 1] = DISC[1]!;
        out[o + 2] = DISC[2]!;
      }
    }
  }
  return out;
}

/** A real animated GIF (loops forever) of `frames` pages of width × height. */
export async function encodeGif(raw: Buffer, s: GifSpec): Promise<Buffer> {
  const pages = animatedFrames(raw, s);
  const gif = await sharp(pages, { raw: { width: s.width, height: s.height * s.frames, channels: 4, pageHeight: s.height } })
    .gif({ loop: 0, effort: 1, dither: 0, delay: Array.from({ length: s.frames }, () => Math.min(s.delayMs, 65_535)) })
    .toBuffer();
  return setGifDelays(gif, s.delayMs);
}

/** Rewrites every frame's delay (Graphic Control Extension) to delayMs, in centiseconds. */
export function setGifDelays(gif: Buffer, delayMs: number): Buffer {
  const out = Buffer.from(gif);
  const cs = Math.min(65_535, Math.round(delayMs / 10));
  const table = (packed: number) => (packed & 0x80 ? 3 * 2 ** ((packed & 7) + 1) : 0);
  const skipSubBlocks = (i: number) => {
    while (i < out.length && out[i] !== 0) i += out[i]! + 1;
    return i + 1;
  };
  let i = 13 + table(out[10]!); // header (6) + logical screen descriptor (7) + global colour table
  while (i < out.length) {
    const b = out[i]!;
    if (b === 0x21) {
      if (out[i + 1] === 0xf9) out.writeUInt16LE(cs, i + 4);
      i = skipSubBlocks(i + 2);
    } else if (b === 0x2c) {
      i = skipSubBlocks(i + 10 + table(out[i + 9]!) + 1); // descriptor, local table, LZW code size
    } else {
      break; // 0x3b trailer (or something we do not understand)
    }
  }
  return out;
}
