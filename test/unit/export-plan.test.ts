import { describe, expect, it } from 'vitest';
import { exportMessage, fitLongEdge, isNameOf, placeFile, planExport, type ExportItem } from '../../electron/core/export/export-plan';
import type { ExportChoice } from '../../electron/shared';

const choice = (c: Partial<ExportChoice> = {}): ExportChoice => ({ format: 'original', longEdge: null, quality: 85, template: '', xmp: true, gps: false, zip: false, ...c });
const item = (outputId: number, mime = 'image/png', width = 1536, height = 1024, index = 1): ExportItem => ({
  outputId,
  mime,
  width,
  height,
  template: '{job}_{index}_{size}',
  name: { date: new Date(Date.UTC(2026, 11, 4)), prompt: 'a red fox', model: 'gpt-image-2', quality: 'high', jobId: 7, index, project: '', fidelity: '', kit: '' },
});

describe('planExport', () => {
  it('copies the stored bytes when nothing changes, under the job\'s own template', () => {
    const p = planExport([item(1)], choice());
    expect(p.files).toEqual([{ outputId: 1, format: 'png', reencode: false, width: 1536, height: 1024, stem: '7_1_1536x1024', ext: 'png' }]);
  });

  it('re-encodes to the chosen format and shrinks to the long edge, never enlarging', () => {
    const p = planExport([item(1), item(2, 'image/png', 800, 1200, 2)], choice({ format: 'jpeg', longEdge: 1024 }));
    expect(p.files.map((f) => [f.format, f.ext, f.reencode, f.width, f.height, f.stem])).toEqual([
      ['jpeg', 'jpg', true, 1024, 683, '7_1_1024x683'],
      ['jpeg', 'jpg', true, 683, 1024, '7_2_683x1024'],
    ]);
    expect(planExport([item(1, 'image/png', 600, 400)], choice({ longEdge: 1024 })).files[0]).toMatchObject({ reencode: false, width: 600, height: 400 });
    expect(fitLongEdge(4000, 3000, 1000)).toEqual({ width: 1000, height: 750 });
  });

  it('takes the dialog\'s template, and never gives two outputs one name', () => {
    const p = planExport([item(1), item(2), item(3)], choice({ template: 'fox' }));
    expect(p.files.map((f) => `${f.stem}.${f.ext}`)).toEqual(['fox.png', 'fox-2.png', 'fox-3.png']);
  });

  it('keeps an SVG and a GIF whole when only the size would change, and says so', () => {
    const p = planExport([item(1, 'image/svg+xml'), item(2, 'image/gif')], choice({ longEdge: 512 }));
    expect(p.files.map((f) => [f.format, f.reencode, f.width, f.note])).toEqual([
      ['svg', false, 1536, 'SVG kept as a vector: it has no pixel size to reduce'],
      ['gif', false, 1536, 'GIF kept at its size: resizing would drop its frames'],
    ]);
    expect(planExport([item(2, 'image/gif')], choice({ format: 'webp' })).files[0]).toMatchObject({ format: 'webp', reencode: true, note: 'Only the first frame of the GIF was exported' });
  });

  it('refuses an output of a type it cannot export, by output', () => {
    const p = planExport([item(1, 'image/tiff'), item(2)], choice());
    expect(p.failures).toEqual([{ outputId: 1, message: 'Output 1 is image/tiff, which Loupe does not export.' }]);
    expect(p.files.map((f) => f.outputId)).toEqual([2]);
  });
});

describe('placeFile', () => {
  it('finds identical bytes under the name or a numbered one, and writes nothing again', () => {
    expect(placeFile('fox', 'jpg', 'aaa', new Map([['fox.jpg', 'aaa']]))).toEqual({ action: 'identical', fileName: 'fox.jpg' });
    expect(placeFile('fox', 'jpg', 'bbb', new Map([['fox.jpg', 'aaa'], ['fox-2.jpg', 'bbb']]))).toEqual({ action: 'identical', fileName: 'fox-2.jpg' });
  });

  it('takes the first free name when the bytes differ', () => {
    expect(placeFile('fox', 'jpg', 'ccc', new Map())).toEqual({ action: 'write', fileName: 'fox.jpg' });
    expect(placeFile('fox', 'jpg', 'ccc', new Map([['fox.jpg', 'aaa'], ['fox-2.jpg', 'bbb']]))).toEqual({ action: 'write', fileName: 'fox-3.jpg' });
    expect(placeFile('fox', 'jpg', 'ccc', new Map([['FOX.jpg', '']]))).toEqual({ action: 'write', fileName: 'fox-2.jpg' });
  });

  it('counts only this file\'s names as its own', () => {
    expect(['fox.jpg', 'fox-2.jpg', 'fox-12.jpg'].every((n) => isNameOf(n, 'fox', 'jpg'))).toBe(true);
    expect(['fox-1.jpg', 'fox-02.jpg', 'foxy.jpg', 'fox-2.png', 'fox-a.jpg'].some((n) => isNameOf(n, 'fox', 'jpg'))).toBe(false);
    // A different file that merely shares the digest under another name is not this one.
    expect(placeFile('fox', 'jpg', 'aaa', new Map([['other.jpg', 'aaa']]))).toEqual({ action: 'write', fileName: 'fox.jpg' });
  });
});

describe('exportMessage', () => {
  it('says what was written, what was already there, and where', () => {
    expect(exportMessage({ written: 2, identical: 0, zipped: 0, failed: 0, where: '/out', zipName: null })).toBe('Exported 2 files to /out.');
    expect(exportMessage({ written: 0, identical: 2, zipped: 0, failed: 0, where: '/out', zipName: null })).toBe('2 files were already there with identical bytes, so they were not copied again.');
    expect(exportMessage({ written: 1, identical: 1, zipped: 0, failed: 1, where: '/out', zipName: null })).toBe(
      'Exported 1 file to /out. 1 file was already there with identical bytes, so it was not copied again. 1 file could not be exported.',
    );
    expect(exportMessage({ written: 0, identical: 0, zipped: 3, failed: 0, where: null, zipName: 'loupe-export.zip' })).toBe('Exported 3 files in loupe-export.zip.');
  });
});
