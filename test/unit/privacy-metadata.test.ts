/**
 * What a photo's metadata tells, and to whom. A camera JPEG carrying GPS, serial numbers
 * and the photographer's name in EXIF and XMP goes through the real edit intake to the
 * fake API over HTTP: the bytes the API receives carry none of it. The saved edit keeps
 * the photographer's credit (Artist, Copyright, dc:creator, dc:rights) but not where the
 * photo was taken, unless the person turns keepGps on.
 */
import { readFile } from 'node:fs/promises';
import exifr from 'exifr';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { SettingsView } from '../../electron/shared';
import { makeHarness, type Harness } from './core-harness';
import { editParams, importBytes } from './edit-helpers';

let h: Harness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

const SECRETS = ['SERIAL123456', 'LENS98765', 'XMPSERIAL998877', 'Ada Photographer', 'Paris', 'http://ns.adobe.com/xap/1.0/', 'GPS'];

const XMP = `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:exif="http://ns.adobe.com/exif/1.0/"
 xmlns:aux="http://ns.adobe.com/exif/1.0/aux/" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
 exif:GPSLatitude="48,51.4N" exif:GPSLongitude="2,21.1E" aux:SerialNumber="XMPSERIAL998877">
<dc:creator><rdf:Seq><rdf:li>Ada Photographer</rdf:li></rdf:Seq></dc:creator>
<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">(c) Ada Photographer</rdf:li></rdf:Alt></dc:rights>
<Iptc4xmpExt:LocationShown><rdf:Bag><rdf:li rdf:parseType="Resource">
<Iptc4xmpExt:City>Paris</Iptc4xmpExt:City><exif:GPSAltitude>35/1</exif:GPSAltitude>
</rdf:li></rdf:Bag></Iptc4xmpExt:LocationShown>
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

/** A phone-or-camera JPEG: credit, serials and position in EXIF (IFD0, Exif IFD, GPS IFD) and XMP. */
async function cameraJpeg(): Promise<Buffer> {
  const raw = Buffer.alloc(1200 * 900 * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 7) % 251;
  return sharp(raw, { raw: { width: 1200, height: 900, channels: 3 } })
    .jpeg({ quality: 90 })
    .withExif({
      IFD0: { Artist: 'Ada Photographer', Copyright: '(c) Ada Photographer', Make: 'Canon', Model: 'EOS R5' },
      IFD2: { BodySerialNumber: 'SERIAL123456', LensSerialNumber: 'LENS98765' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 2400/100', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 600/100' },
    })
    .withXmp(XMP)
    .toBuffer();
}

async function editAndSave(x: Harness, photoHash: string, name: string): Promise<Buffer> {
  const { jobId } = await x.ok<{ jobId: number }>('jobs:edit', editParams([{ hash: photoHash, name } as never], { size: '1024x1024', outputFormat: 'jpeg' }));
  const job = await x.settle(jobId);
  expect(job.status).toBe('succeeded');
  return readFile(job.outputs[0]!.savedPath!);
}

describe('metadata privacy', () => {
  it('the camera JPEG really carries the secrets (so the checks below mean something)', async () => {
    const src = await cameraJpeg();
    const parsed = await exifr.parse(src, { tiff: true, exif: true, gps: true, xmp: true });
    expect(parsed).toMatchObject({ Artist: 'Ada Photographer', SerialNumber: 'SERIAL123456', LensSerialNumber: 'LENS98765' });
    expect(parsed.latitude).toBeCloseTo(48.8567, 3);
    for (const s of SECRETS) expect(src.includes(s), s).toBe(true);
  });

  it('sends the API no EXIF or XMP at all: no GPS, serials or names in the bytes it receives', async () => {
    h = await makeHarness();
    const photo = await importBytes(h, 'IMG_0001.jpg', await cameraJpeg());
    await editAndSave(h, photo.hash, photo.name);
    const [req] = h.fake.requests.filter((r) => r.path === '/v1/images/edits');
    const files = req!.files!;
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      for (const s of SECRETS) expect(f.data.includes(s), `${f.field} carries ${s}`).toBe(false);
      const meta = await sharp(f.data).metadata();
      expect(meta.exif, `${f.field} EXIF`).toBeUndefined();
      expect(meta.xmp, `${f.field} XMP`).toBeUndefined();
      expect(await exifr.parse(f.data, { tiff: true, exif: true, gps: true, xmp: true, iptc: true })).toBeUndefined();
    }
  });

  it('saved edits keep the credit but not the position by default, and the position too with keepGps', async () => {
    h = await makeHarness();
    expect((await h.ok<SettingsView>('settings:get')).exportOptions).toMatchObject({ keepSourceMetadata: true, keepGps: false });
    const photo = await importBytes(h, 'IMG_0001.jpg', await cameraJpeg());

    const saved = await editAndSave(h, photo.hash, photo.name);
    const kept = await exifr.parse(saved, { tiff: true, exif: true, gps: true, xmp: true });
    expect(kept).toMatchObject({ Artist: 'Ada Photographer', Copyright: '(c) Ada Photographer', Make: 'Canon', SerialNumber: 'SERIAL123456' });
    expect(kept.creator).toBe('Ada Photographer');
    expect(kept.latitude).toBeUndefined();
    expect(kept.longitude).toBeUndefined();
    expect(Object.keys(kept).filter((k) => /gps/i.test(k))).toEqual([]);
    expect(saved.includes('GPS')).toBe(false); // neither EXIF GPS IFD bytes nor XMP GPS properties
    expect(saved.includes('Paris')).toBe(true); // the place name a person typed is a caption, not a position

    await h.ok('settings:update', { exportOptions: { keepGps: true } });
    const withGps = await exifr.parse(await editAndSave(h, photo.hash, photo.name), { tiff: true, exif: true, gps: true, xmp: true });
    expect(withGps).toMatchObject({ Artist: 'Ada Photographer', GPSLatitudeRef: 'N' });
    expect(withGps.latitude).toBeCloseTo(48.8567, 3);
    expect(withGps.longitude).toBeCloseTo(2.3517, 3);
  });
});
