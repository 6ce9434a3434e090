/**
 * Graphic or photo: whether an input should travel losslessly. JPEG blurs the hard edges,
 * flat colours and small type a logo, a screenshot or a diagram is made of, while a photo
 * loses nothing the eye or the model can use at quality 90 and is several times smaller.
 *
 * Read from the pixels, not the file type: a logo saved as JPEG is still a logo, and a
 * photo saved as PNG is still a photo. Three signs, cheapest first:
 * - transparency actually used (any alpha below 255): only PNG keeps it;
 * - few colours (at most 256 distinct, as a palette image or flat artwork has);
 * - flat areas: most neighbouring pixels exactly equal. Sensor noise makes exact equals
 *   rare in photos (a few percent), while artwork and screenshots are mostly flat even
 *   after scaling, which only softens their edges.
 */
export type ContentKind = 'graphic' | 'photo';

export interface Classified {
  kind: ContentKind;
  /** Why, for people: "only 6 colours", "transparent areas"... */
  reason: string;
  /** The measures behind it (for tests and tuning). */
  colours: number;
  flatShare: number;
  alphaUsed: boolean;
}

/** Colours counted up to here; past it, "thousands". */
const COLOUR_CAP = 4096;
/** At most this many distinct colours is a graphic (a palette image's limit). */
const FEW_COLOURS = 256;
/** Share of sampled neighbour pairs exactly equal from which an image is flat artwork. */
const FLAT_SHARE = 0.5;
/** About 250k samples: the answer is the same as over every pixel, in a few milliseconds. */
const SAMPLES = 250_000;

/** Classifies raw 8-bit pixels (3 or 4 channels, as sharp's raw output). */
export function classifyPixels(data: Buffer, width: number, height: number, channels: 3 | 4): Classified {
  let alphaUsed = false;
  if (channels === 4) {
    for (let i = 3; i < data.length; i += 4) {
      if (data[i]! !== 255) {
        alphaUsed = true;
        break;
      }
    }
  }
  const step = Math.max(1, Math.floor(Math.sqrt((width * height) / SAMPLES)));
  const colours = new Set<number>();
  let pairs = 0;
  let equal = 0;
  for (let y = 0; y < height; y += step) {
    const row = y * width;
    for (let x = 0; x + 1 < width; x += step) {
      const i = (row + x) * channels;
      const j = i + channels;
      const c = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
      if (colours.size <= COLOUR_CAP) colours.add(c);
      pairs++;
      if (data[i] === data[j] && data[i + 1] === data[j + 1] && data[i + 2] === data[j + 2]) equal++;
    }
  }
  const flatShare = pairs === 0 ? 1 : equal / pairs;
  const n = colours.size;
  const measures = { colours: n, flatShare, alphaUsed };
  if (alphaUsed) return { kind: 'graphic', reason: 'transparent areas', ...measures };
  if (n <= FEW_COLOURS) return { kind: 'graphic', reason: `only ${n} colour${n === 1 ? '' : 's'}`, ...measures };
  if (flatShare >= FLAT_SHARE) {
    return { kind: 'graphic', reason: `${Math.round(flatShare * 100)}% flat colour with hard edges, like a logo, text or a screenshot`, ...measures };
  }
  return { kind: 'photo', reason: `continuous tones, ${n > COLOUR_CAP ? 'thousands of' : n} colours`, ...measures };
}
