import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as exifr from 'exifr';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { MAGIC_TRAILER, readGifBlocks, readGifXmp, setGifXmp } from '../../electron/core/export/gif-blocks';
import { embedMetadata, type OutputMetadata } from '../../electron/core/export/metadata';
import { saveOutput } from '../../electron/core/export/save-output';
import { readSvgXmp, setSvgXmp } from '../../electron/core/export/svg-metadata';
import { buildXmp } from '../../electron/core/export/xmp-packet';
import { svgUnsafeContent } from '../../electron/core/images/svg-safety';
import { sanitiseSvg } from '../../electron/core/images/svg-sanitise';
import { rasteriseSvg } from '../../electron/core/images/svg-raster';
import { jpegWithSegments, makeImage } from './export-metadata-helpers';
import { animatedGif } from './helpers/animated-gif';
import { rejection } from './helpers/rejection';
import { tempDirEachTest } from './helpers/temp-dir';

const tmp = tempDirEachTest('loupe-export-media-');
const BENIGN = readFileSync(join(__dirname, '../fixtures/svg/benign.svg'));
/** Everything that must be escaped, a newline, a tab, emoji, and markup that would close the element. */
const NASTY = 'a fox & a "hound" <b>\n\tat dusk 🦊 </metadata><script>alert(1)</script> ]]> é';

const meta = (over: Partial<OutputMetadata> = {}): OutputMetadata => ({
  jobId: 7,
  outputIndex: 0,
  prompt: NASTY,
  model: 'gpt-image-2.6-flare',
  params: { output_format: 'gif', frame_count: 3 },
  parentOutputId: null,
  createdAt: Date.UTC(2026, 11, 4, 12, 0, 0),
  kind: 'generate',
  locked: false,
  requestIds: ['req_1'],
  app: 'Loupe 0.1.0',
  ...over,
});

/** The packet as a standard XMP reader parses it (exifr reads XMP text, though it does not open GIF or SVG files). */
async function promptIn(packet: string): Promise<string> {
  const x = (await exifr.sidecar(Buffer.from(packet, 'utf8'), { mergeOutput: false }, 'xmp')) as Record<string, Record<string, unknown>>;
  const value = String((x.dc?.description as { value: string }).value);
  // exifr hands values back still escaped; standard tools decode them.
  return value.replace(/&(#x[0-9a-f]+|amp|lt|gt|quot|apos);/gi, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(parseInt(e.slice(2), 16)) : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e]!,
  );
}

/** The frames as decoded pixels, and the animation's timing. */
async function animation(gif: Buffer): Promise<{ pixels: Buffer; pages?: number; delay?: number[]; loop?: number }> {
  const { pages, delay, loop } = await sharp(gif).metadata();
  return { pixels: await sharp(gif, { animated: true }).raw().toBuffer(), pages, delay, loop };
}

describe('GIF: XMP Application Extension', () => {
  it('embeds the packet without touching a frame: same bytes but the block, still animated', async () => {
    const gif = await animatedGif({ delays: [100, 200, 300], loop: 2 });
    const out = await embedMetadata(gif, 'gif', meta());
    const packet = readGifXmp(out)!;
    expect(packet).toBe(buildXmp(meta()));
    expect(await promptIn(packet)).toBe(NASTY);

    // Removing exactly the inserted block gives back the original, byte for byte.
    const at = out.indexOf(Buffer.concat([Buffer.from([0x21, 0xff, 0x0b]), Buffer.from('XMP DataXMP')]));
    const block = 14 + Buffer.byteLength(packet) + MAGIC_TRAILER.length;
    expect(Buffer.concat([out.subarray(0, at), out.subarray(at + block)]).equals(gif)).toBe(true);
    expect(out.subarray(at + block - 258, at + block).equals(MAGIC_TRAILER)).toBe(true);

    const before = await animation(gif);
    const after = await animation(out);
    expect(after).toEqual(before);
    expect(after).toMatchObject({ pages: 3, delay: [100, 200, 300], loop: 2 });
  });

  it('puts the block after the loop extension and before the first frame', async () => {
    const out = setGifXmp(await animatedGif(), buildXmp(meta()));
    const { blocks } = readGifBlocks(out);
    const id = (i: number) => out.toString('latin1', blocks[i]!.start + 3, blocks[i]!.start + 14);
    expect([id(0), id(1)]).toEqual(['NETSCAPE2.0', 'XMP DataXMP']);
    expect(blocks.slice(2).every((b) => b.kind === 'image' || b.label !== 0xff)).toBe(true);
    expect(blocks.filter((b) => b.kind === 'image')).toHaveLength(3);
  });

  it('any packet length is skipped by a reader that knows nothing of XMP', async () => {
    // readGifBlocks walks the XMP block as plain sub-blocks; whatever lengths it meets,
    // the magic trailer must bring it to the block's end and the frames after it.
    const gif = await animatedGif();
    for (let n = 0; n < 300; n += 7) {
      const packet = `<x>${'é'.repeat(n % 5)}${'x'.repeat(n)}</x>`;
      const out = setGifXmp(gif, packet);
      expect(readGifXmp(out)).toBe(packet);
      expect(readGifBlocks(out).blocks.filter((b) => b.kind === 'image')).toHaveLength(3);
    }
  });

  it('relabels a GIF87a file as GIF89a, which extension blocks need', async () => {
    const gif = await animatedGif();
    const old = Buffer.concat([Buffer.from('GIF87a', 'latin1'), gif.subarray(6)]);
    const out = setGifXmp(old, '<x/>');
    expect(out.toString('latin1', 0, 6)).toBe('GIF89a');
    expect(readGifXmp(out)).toBe('<x/>');
  });

  it('replaces its own block rather than adding a second one', async () => {
    const once = await embedMetadata(await animatedGif(), 'gif', meta({ prompt: 'first' }));
    const twice = await embedMetadata(once, 'gif', meta({ prompt: 'second' }));
    expect(twice.toString('latin1').split('XMP DataXMP')).toHaveLength(2);
    expect(await promptIn(readGifXmp(twice)!)).toBe('second');
    expect(readGifXmp(await animatedGif())).toBeNull();
  });

  it('refuses what is not a GIF, or a damaged one, writing nothing', async () => {
    const png = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#000' } }).png().toBuffer();
    expect((await rejection(embedMetadata(png, 'gif', meta()), 'INVALID_IMAGE')).message).toMatch(/not a GIF/);
    const gif = await animatedGif();
    const cut = gif.subarray(0, gif.length - 40);
    expect((await rejection(embedMetadata(cut, 'gif', meta()), 'INVALID_IMAGE')).message).toMatch(/GIF file is damaged/);
  });
});

describe('SVG: XMP in <metadata>', () => {
  it('inserts the escaped packet as the first child of the root; the drawing is unchanged', async () => {
    const clean = (await sanitiseSvg(BENIGN)).bytes;
    const out = await embedMetadata(clean, 'svg', meta({ params: { output_format: 'svg' } }));
    const packet = readSvgXmp(out)!;
    expect(packet).toBe(buildXmp(meta({ params: { output_format: 'svg' } })));
    expect(await promptIn(packet)).toBe(NASTY);
    // The prompt cannot close the element or add markup: the result is as safe as before.
    expect(svgUnsafeContent(out.toString('utf8'))).toBeNull();
    expect(out.toString('utf8')).not.toContain('<script>');
    expect(out.toString('utf8').replace(`<metadata id="loupe-xmp">${packet}</metadata>`, '')).toBe(clean.toString('utf8'));
    expect(out.toString('utf8')).toMatch(/<svg [^>]*><metadata id="loupe-xmp"><\?xpacket begin/);
    // librsvg parses it (strict XML) and draws the same pixels.
    const a = await rasteriseSvg(clean, 300);
    const b = await rasteriseSvg(out, 300);
    expect(b.png.equals(a.png)).toBe(true);
  });

  it('handles a self-closing root, a prolog, and replaces its own earlier metadata', async () => {
    const svg = Buffer.from('<?xml version="1.0"?>\n<!-- c --><svg xmlns="http://www.w3.org/2000/svg" width="4" height="4" data-x="a>b"/>\n');
    const out = setSvgXmp(svg, '<x:xmpmeta xmlns:x="adobe:ns:meta/"/>');
    expect(out.toString()).toBe('<?xml version="1.0"?>\n<!-- c --><svg xmlns="http://www.w3.org/2000/svg" width="4" height="4" data-x="a>b"><metadata id="loupe-xmp"><x:xmpmeta xmlns:x="adobe:ns:meta/"/></metadata></svg>\n');
    const again = setSvgXmp(out, '<y/>');
    expect(readSvgXmp(again)).toBe('<y/>');
    expect(again.toString().split('<metadata')).toHaveLength(2);
  });

  it("never copies a source photo's XMP into an SVG, where its XML would be live markup", async () => {
    const xmp =
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
      '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:s="http://www.w3.org/2000/svg">' +
      '<dc:creator><rdf:Seq><rdf:li>Ada</rdf:li></rdf:Seq></dc:creator><s:script>alert(1)</s:script>' +
      '</rdf:Description></rdf:RDF></x:xmpmeta>';
    const photo = jpegWithSegments(await makeImage('jpeg'), { xmp });
    const clean = (await sanitiseSvg(BENIGN)).bytes;
    const svg = (await embedMetadata(clean, 'svg', meta({ kind: 'edit' }), { keepFrom: photo })).toString('utf8');
    expect(svg).not.toContain('s:script');
    expect(svg).not.toContain('Ada');
    expect(svgUnsafeContent(svg)).toBeNull();
    // A GIF keeps it (its XMP is never parsed as a document), as PNG, JPEG and WebP do.
    const gif = await embedMetadata(await animatedGif(), 'gif', meta({ kind: 'edit' }), { keepFrom: photo });
    expect(readGifXmp(gif)).toContain('<rdf:li>Ada</rdf:li>');
  });

  it('refuses bytes that are not an SVG', async () => {
    expect((await rejection(embedMetadata(Buffer.from('<html/>'), 'svg', meta()), 'INVALID_IMAGE')).message).toMatch(/not a SVG/);
  });
});

describe('saveOutput: GIF and SVG', () => {
  it('saves .gif and .svg files', async () => {
    const gif = await saveOutput(tmp.path, 'anim', 'gif', Buffer.from('GIF89a'));
    const svg = await saveOutput(tmp.path, 'logo', 'svg', Buffer.from('<svg/>'));
    expect([gif.endsWith('anim.gif'), svg.endsWith('logo.svg')]).toEqual([true, true]);
    expect((await readFile(svg)).toString()).toBe('<svg/>');
  });
});
