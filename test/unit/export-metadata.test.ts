import * as exifr from 'exifr';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { buildSidecar, buildXmp, embedMetadata, type MetadataFormat, type OutputMetadata } from '../../electron/core/export/metadata';
import { LoupeError } from '../../electron/shared';
import { jpegWithSegments, makeImage, tiffBlock } from './export-metadata-helpers';

const meta = (over: Partial<OutputMetadata> = {}): OutputMetadata => ({
  jobId: 4242,
  outputIndex: 1,
  prompt: 'a lighthouse at dusk, oil painting',
  model: 'gpt-image-1.5',
  params: { size: '1024x1024', quality: 'high', n: 2, background: 'auto' },
  parentOutputId: 77,
  createdAt: Date.UTC(2025, 0, 2, 3, 4, 5),
  kind: 'generate',
  locked: false,
  requestIds: ['req_abc', 'req_def'],
  app: 'Loupe 0.1.0',
  ...over,
});

/** exifr's XML reader hands values back still escaped; standard tools decode them. */
const unxml = (s: string): string =>
  s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e]!,
  );

type Xmp = Record<string, Record<string, unknown>>;

/** XMP as a standard reader sees it: exifr for PNG/JPEG; exifr does not open WebP, so sharp (libwebp) extracts the packet. */
async function readXmp(buf: Buffer, format: MetadataFormat): Promise<Xmp> {
  if (format === 'webp') {
    const xmp = (await sharp(buf).metadata()).xmp;
    expect(xmp).toBeDefined();
    return (await exifr.sidecar(xmp!, { mergeOutput: false }, 'xmp')) as Xmp;
  }
  return (await exifr.parse(buf, { xmp: true, tiff: false, mergeOutput: false, multiSegment: true })) as Xmp;
}

const promptOf = (x: Xmp): string => unxml(String((x.dc?.description as { value: string }).value));

async function pixels(buf: Buffer): Promise<Buffer> {
  return sharp(buf).raw().toBuffer();
}

const FORMATS: Exclude<MetadataFormat, 'gif' | 'svg'>[] = ['png', 'jpeg', 'webp'];

describe('buildXmp', () => {
  it('writes a packet with standard and Loupe properties', () => {
    const x = buildXmp(meta());
    expect(x.startsWith('<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta')).toBe(true);
    expect(x.endsWith('</x:xmpmeta><?xpacket end="w"?>')).toBe(true);
    expect(x).toContain('<rdf:li xml:lang="x-default">a lighthouse at dusk, oil painting</rdf:li>');
    expect(x).toContain('<xmp:CreateDate>2025-01-02T03:04:05.000Z</xmp:CreateDate>');
    expect(x).toContain('<Iptc4xmpExt:DigitalSourceType>http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia</Iptc4xmpExt:DigitalSourceType>');
    expect(x).toContain('<loupe:Parameters>{&quot;size&quot;:&quot;1024x1024&quot;');
    expect(x).toContain('xmlns:loupe="https://loupe.app/ns/1.0/"');
  });

  it('marks a pixel-locked edit as a composite and omits absent lineage', () => {
    const x = buildXmp(meta({ kind: 'edit', locked: true, parentOutputId: null, requestIds: [] }));
    expect(x).toContain('compositeWithTrainedAlgorithmicMedia');
    expect(x).toContain('<loupe:Locked>True</loupe:Locked>');
    expect(x).not.toContain('ParentOutputId');
    expect(x).not.toContain('RequestIds');
  });

  it('cannot be broken out of by the prompt', () => {
    const x = buildXmp(meta({ prompt: '</rdf:li></rdf:Alt></dc:description></x:xmpmeta><?xpacket end="w"?>\u0000\u0007\uFFFF' }));
    expect(x.match(/<\/x:xmpmeta>/g)).toHaveLength(1);
    expect(x.match(/<\?xpacket/g)).toHaveLength(2);
    for (const bad of ['\u0000', '\u0007', '\uFFFF']) expect(x.includes(bad)).toBe(false);
  });
});

describe('embedMetadata', () => {
  for (const format of FORMATS) {
    it(`${format}: standard readers see the prompt and Loupe's facts; pixels are identical`, async () => {
      const before = await makeImage(format);
      const after = await embedMetadata(before, format, meta());
      const x = await readXmp(after, format);
      expect(promptOf(x)).toBe('a lighthouse at dusk, oil painting');
      expect(x.xmp?.CreatorTool).toBe('Loupe 0.1.0');
      expect(x.loupe?.JobId).toBe(4242);
      expect(x.loupe?.Model).toBe('gpt-image-1.5');
      expect(x.loupe?.ParentOutputId).toBe(77);
      expect(x.loupe?.RequestIds).toEqual(['req_abc', 'req_def']);
      expect(JSON.parse(unxml(String(x.loupe?.Parameters)))).toEqual(meta().params);
      expect(x.Iptc4xmpExt?.DigitalSourceType).toBe('http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia');

      const m = await sharp(after).metadata();
      expect([m.format, m.width, m.height]).toEqual([format, 64, 48]);
      expect(m.xmp?.toString('utf8')).toContain('<loupe:JobId>4242</loupe:JobId>');
      expect((await pixels(after)).equals(await pixels(before))).toBe(true);
    });

    it(`${format}: hostile prompts round-trip safely`, async () => {
      const hostile = `</x:xmpmeta><?xpacket end="w"?> & "double" 'single' <b>bold</b> ]]> café 🎨👩‍🎨 NUL:\u0000: ${'long '.repeat(400)}end`;
      const after = await embedMetadata(await makeImage(format), format, meta({ prompt: hostile, model: 'model "<&>"' }));
      const x = await readXmp(after, format);
      expect(promptOf(x)).toBe(hostile.replace('\u0000', ''));
      expect(unxml(String(x.loupe?.Model))).toBe('model "<&>"');
      expect(x.loupe?.JobId).toBe(4242);
    });

    it(`${format}: embedding twice replaces the packet instead of adding a second one`, async () => {
      const once = await embedMetadata(await makeImage(format), format, meta());
      const twice = await embedMetadata(once, format, meta({ jobId: 9 }));
      const x = await readXmp(twice, format);
      expect(x.loupe?.JobId).toBe(9);
      expect(twice.toString('latin1').match(/x:xmpmeta xmlns/g)).toHaveLength(1);
    });
  }

  it('png with alpha and lossless webp with alpha keep their transparency', async () => {
    for (const format of ['png', 'webp'] as const) {
      const before = await makeImage(format, { alpha: true, lossless: true });
      const after = await embedMetadata(before, format, meta());
      expect((await sharp(after).metadata()).hasAlpha).toBe(true);
      expect((await pixels(after)).equals(await pixels(before))).toBe(true);
    }
  });

  it('jpeg: a prompt too big for one segment goes to extended XMP and reads back whole', async () => {
    const before = await makeImage('jpeg');
    // 32,000 characters is the longest prompt the API takes; escaping makes it longer still.
    // Shifting by 0–3 bytes puts a segment boundary inside a 4-byte emoji at least once.
    for (const pad of ['', 'a', 'ab', 'abc']) {
      const prompt = `${pad}${'🌊 & '.repeat(6399)}waves`;
      expect(Buffer.byteLength(buildXmp(meta({ prompt })))).toBeGreaterThan(65536);
      const after = await embedMetadata(before, 'jpeg', meta({ prompt }));
      const x = await readXmp(after, 'jpeg');
      expect(promptOf(x) === prompt).toBe(true);
      expect(x.loupe?.JobId).toBe(4242);
      expect(String(x.xmpNote?.HasExtendedXMP)).toMatch(/^[0-9A-F]{32}$/);
      expect((await pixels(after)).equals(await pixels(before))).toBe(true);
    }
  });

  it('refuses bytes that are not the named format', async () => {
    const png = await makeImage('png');
    await expect(embedMetadata(png, 'jpeg', meta())).rejects.toBeInstanceOf(LoupeError);
    await expect(embedMetadata(Buffer.from('nope'), 'webp', meta())).rejects.toMatchObject({ code: 'INVALID_IMAGE' });
    const truncated = png.subarray(0, png.length - 20);
    await expect(embedMetadata(truncated, 'png', meta())).rejects.toMatchObject({ code: 'INVALID_IMAGE' });
  });
});

describe('keeping a source photo', () => {
  const SOURCE_XMP =
    '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:tiff="http://ns.adobe.com/tiff/1.0/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" xmlns:crs="http://ns.adobe.com/camera-raw-settings/1.0/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"' +
    ' tiff:Orientation="6" crs:Exposure2012="+1.00" photoshop:City="Lisbon" xmpMM:DocumentID="xmp.did:123">' +
    '<dc:creator><rdf:Seq><rdf:li>Ada Lovelace</rdf:li></rdf:Seq></dc:creator>' +
    '<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">© 2025 Ada &amp; Co</rdf:li></rdf:Alt></dc:rights>' +
    '<dc:description><rdf:Alt><rdf:li xml:lang="x-default">the original caption</rdf:li></rdf:Alt></dc:description>' +
    '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>';

  async function cameraJpeg(): Promise<Buffer> {
    // Built by hand: sharp cannot write an EXIF thumbnail or IPTC.
    return jpegWithSegments(await makeImage('jpeg', { width: 96, height: 64 }), {
      exif: tiffBlock({ make: 'Canon', model: 'EOS R5', orientation: 6, dateTimeOriginal: '2024:05:06 07:08:09', pixelX: 6000, pixelY: 4000, thumbnail: Buffer.from('THUMBNAIL-OF-THE-ORIGINAL') }),
      iptc: { byline: 'Ada Lovelace', headline: 'Harbour' },
      xmp: SOURCE_XMP,
    });
  }

  it('the test source really has what we claim to strip', async () => {
    const src = await cameraJpeg();
    const e = await exifr.parse(src, { tiff: true, ifd1: true, iptc: true, translateValues: false });
    expect([e.Make, e.Orientation, e.ExifImageWidth, e.Byline]).toEqual(['Canon', 6, 6000, 'Ada Lovelace']);
    expect(src.includes('THUMBNAIL-OF-THE-ORIGINAL')).toBe(true);
  });

  for (const format of FORMATS) {
    it(`${format}: EXIF is kept without Orientation or the original's thumbnail; source XMP is merged`, async () => {
      const before = await makeImage(format);
      const after = await embedMetadata(before, format, meta({ kind: 'edit', locked: true }), { keepFrom: await cameraJpeg() });
      const exifSource = format === 'webp' ? (await sharp(after).metadata()).exif! : after;
      const e = await exifr.parse(exifSource, { tiff: true, ifd1: true, translateValues: false });
      expect(e.Make).toBe('Canon');
      expect(e.Model).toBe('EOS R5');
      expect(e.DateTimeOriginal).toEqual(new Date('2024-05-06T07:08:09'));
      expect(e.Orientation).toBeUndefined();
      expect([e.ExifImageWidth, e.ExifImageHeight]).toEqual([64, 48]);
      expect(after.includes('THUMBNAIL-OF-THE-ORIGINAL')).toBe(false);
      expect((await sharp(after).metadata()).orientation ?? 1).toBe(1);

      const x = await readXmp(after, format);
      expect(promptOf(x)).toBe('a lighthouse at dusk, oil painting');
      expect(x.dc?.creator).toBe('Ada Lovelace');
      expect(unxml(String((x.dc?.rights as { value: string }).value))).toBe('© 2025 Ada & Co');
      expect(x.photoshop?.City).toBe('Lisbon');
      expect(x.loupe?.Locked).toBe(true);
      expect(x.crs).toBeUndefined();
      expect(x.xmpMM).toBeUndefined();
      expect(x.tiff?.Orientation).toBeUndefined();
      expect((await pixels(after)).equals(await pixels(before))).toBe(true);
    });
  }

  it('jpeg: IPTC travels to a JPEG output', async () => {
    const after = await embedMetadata(await makeImage('jpeg'), 'jpeg', meta(), { keepFrom: await cameraJpeg() });
    const e = await exifr.parse(after, { iptc: true });
    expect(e.Byline).toBe('Ada Lovelace');
    expect(e.Headline).toBe('Harbour');
    expect(after.includes('PHOTOSHOP-THUMBNAIL-OF-THE-ORIGINAL')).toBe(false);
  });

  it('a source without metadata, or not an image at all, adds only Loupe\'s', async () => {
    for (const keepFrom of [await makeImage('png'), Buffer.from('not an image')]) {
      const after = await embedMetadata(await makeImage('jpeg'), 'jpeg', meta(), { keepFrom });
      const e = await exifr.parse(after, { tiff: true, xmp: true, mergeOutput: false });
      expect(e.ifd0).toBeUndefined();
      expect(e.loupe.JobId).toBe(4242);
    }
  });

  it('a malformed source XMP is dropped, never copied half-way', async () => {
    const src = jpegWithSegments(await makeImage('jpeg'), { xmp: SOURCE_XMP.replace('</dc:creator>', '</dc:creatorX>') });
    const after = await embedMetadata(await makeImage('png'), 'png', meta(), { keepFrom: src });
    const x = await readXmp(after, 'png');
    expect(x.dc?.creator).toBeUndefined();
    expect(x.loupe?.JobId).toBe(4242);
  });
});

describe('buildSidecar', () => {
  it('is pretty JSON with the same facts and the full prompt', () => {
    const prompt = `${'x'.repeat(5000)} "quoted" \n newline`;
    const s = JSON.parse(buildSidecar(meta({ prompt })));
    expect(s).toMatchObject({ format: 'loupe-sidecar', version: 1, jobId: 4242, outputIndex: 1, prompt, model: 'gpt-image-1.5', parentOutputId: 77, createdAt: '2025-01-02T03:04:05.000Z', requestIds: ['req_abc', 'req_def'] });
    expect(s.params).toEqual(meta().params);
    expect(buildSidecar(meta())).toContain('\n  "jobId": 4242,');
  });
});
