import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rasteriseSvg, svgSharp } from '../../electron/core/images/svg-raster';
import { isSvgText, svgUnsafeContent } from '../../electron/core/images/svg-safety';
import { MAX_SVG_BYTES, MAX_SVG_DEPTH, MAX_SVG_ELEMENTS, sanitiseSvg, svgStructure } from '../../electron/core/images/svg-sanitise';
import { HOSTILE } from '../fixtures/svg/hostile';
import { rejection } from './helpers/rejection';

const BENIGN = readFileSync(join(__dirname, '../fixtures/svg/benign.svg'));

/** A loopback server that counts every request: any reference an SVG leaks would land here. */
let server: Server;
let host = '';
const requests: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'image/png' }).end();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

const pixels = async (svg: Buffer, width: number): Promise<Buffer> => (await svgSharp(svg, width)).ensureAlpha().raw().toBuffer();

describe('sanitiseSvg: hostile SVGs', () => {
  for (const h of HOSTILE) {
    it(`neutralises: ${h.name}`, async () => {
      const r = await sanitiseSvg(Buffer.from(h.svg(host)));
      const text = r.bytes.toString('utf8');
      for (const bad of h.evil(host)) expect(text.toLowerCase()).not.toContain(bad.toLowerCase());
      expect(svgUnsafeContent(text)).toBeNull();
      expect(r.removed.length).toBeGreaterThan(0);
      // The harmless part is still there, and it draws.
      expect(text).toContain('<rect x="8" y="8" width="48" height="48" fill="#2a7"/>');
      const png = await rasteriseSvg(r.bytes, 64);
      expect(png).toMatchObject({ width: 64, height: 64 });
    });
  }

  it('says what it removed, once per kind, with counts', async () => {
    const r = await sanitiseSvg(Buffer.from(HOSTILE.find((h) => h.name === 'onclick and onmouseover')!.svg(host)));
    expect(r.removed).toEqual(['onmouseover attribute on <circle>', 'onclick attribute on <circle>']);
    const two = await sanitiseSvg(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><script>a()</script><script>b()</script></svg>`));
    expect(two.removed).toEqual(['2 × <script> element']);
    const ext = await sanitiseSvg(Buffer.from(HOSTILE.find((h) => h.name === 'use of an external file')!.svg(host)));
    expect(ext.removed).toEqual([`link to ${host}/sprite.svg#icon on <use>`, `link to ${host}/s2.svg#i on <use>`]);
  });

  it('never lets a reference reach the network, sanitising or drawing', async () => {
    for (const h of HOSTILE) await rasteriseSvg((await sanitiseSvg(Buffer.from(h.svg(host)))).bytes, 128);
    expect(requests).toEqual([]);
  });
});

describe('sanitiseSvg: benign SVGs', () => {
  it('keeps every shape: the sanitised SVG draws the same pixels', async () => {
    const r = await sanitiseSvg(BENIGN);
    expect(r.removed).toEqual([]);
    expect(r).toMatchObject({ width: 200, height: 120 });
    const before = await pixels(BENIGN, 400);
    const after = await pixels(r.bytes, 400);
    expect(after.length).toBe(before.length);
    let worst = 0;
    for (let i = 0; i < before.length; i++) worst = Math.max(worst, Math.abs(before[i]! - after[i]!));
    expect(worst).toBe(0);
    // And the drawing is not blank: the gradient, sun, trees and embedded PNG are there.
    const stats = await sharp(after, { raw: { width: 400, height: 240, channels: 4 } }).stats();
    expect(stats.channels[0]!.stdev).toBeGreaterThan(20);
    expect(r.bytes.toString()).toContain('href="#tree"');
    expect(r.bytes.toString()).toContain('data:image/png;base64,');
  });

  it('is idempotent', async () => {
    const once = await sanitiseSvg(BENIGN);
    const twice = await sanitiseSvg(once.bytes);
    expect(twice.bytes.equals(once.bytes)).toBe(true);
    expect(twice.removed).toEqual([]);
  });
});

describe('sanitiseSvg: refusals', () => {
  it('refuses what is not an SVG', async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } }).png().toBuffer();
    for (const bytes of [png, Buffer.from('<html><body><svg></svg></body></html>'), Buffer.from(''), Buffer.from('hello')]) {
      const e = await rejection(sanitiseSvg(bytes), 'INVALID_IMAGE');
      expect(e.message).toMatch(/not an SVG/);
    }
  });

  it('refuses more than the size cap before parsing', async () => {
    const big = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><!--${'x'.repeat(MAX_SVG_BYTES)}--></svg>`);
    expect((await rejection(sanitiseSvg(big), 'INVALID_IMAGE')).message).toMatch(/more than the 10 MB/);
  });

  it('refuses structures that would hold the process before any DOM is built', async () => {
    const nest = (n: number) => `<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9">${'<g>'.repeat(n)}<rect width="1" height="1"/>${'</g>'.repeat(n)}</svg>`;
    const t = Date.now();
    const deep = await rejection(sanitiseSvg(Buffer.from(nest(100_000))), 'INVALID_IMAGE');
    expect(deep.message).toBe(`The SVG nests elements 100001 deep, more than the ${MAX_SVG_DEPTH} Loupe can draw.`);
    const many = `<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9">${'<rect width="1" height="1"/>'.repeat(MAX_SVG_ELEMENTS)}</svg>`;
    expect((await rejection(sanitiseSvg(Buffer.from(many)), 'INVALID_IMAGE')).message).toMatch(/has 20001 elements, more than the 20000/);
    expect(Date.now() - t).toBeLessThan(2000);
    expect(svgStructure('<svg><g a="1"><rect/><path d="M0 0"></path></g><!-- <x> --></svg>')).toEqual({ elements: 4, depth: 3 });
    // Still deep enough for any real drawing.
    expect((await sanitiseSvg(Buffer.from(nest(MAX_SVG_DEPTH - 2)))).removed).toEqual([]);
  });

  it('refuses an SVG whose text still mentions an unsafe thing, and one with no size', async () => {
    const text = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><text>javascript:alert(1)</text></svg>');
    expect((await rejection(sanitiseSvg(text), 'INVALID_IMAGE')).message).toMatch(/still contains a javascript: URL/);
    const empty = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"></svg>');
    expect((await rejection(sanitiseSvg(empty), 'INVALID_IMAGE')).message).toMatch(/cannot be drawn/);
  });
});

describe('rasteriseSvg', () => {
  it('draws at the density that fits the long edge, enlarging small vectors', async () => {
    const svg = (await sanitiseSvg(BENIGN)).bytes;
    expect(await rasteriseSvg(svg, 384)).toMatchObject({ width: 384, height: 230 });
    expect(await rasteriseSvg(svg, 50)).toMatchObject({ width: 50, height: 30 });
    const meta = await sharp((await rasteriseSvg(svg, 1000)).png).metadata();
    expect(meta).toMatchObject({ format: 'png', width: 1000, height: 600, hasAlpha: true });
  });

  it('refuses an SVG that was not sanitised', async () => {
    const raw = Buffer.from(HOSTILE[0]!.svg(host));
    expect((await rejection(rasteriseSvg(raw, 64), 'INVALID_IMAGE')).message).toMatch(/contains a script/);
    await rejection(rasteriseSvg(BENIGN, 0), 'INVALID_ARGUMENTS');
  });

  it('recognises SVG text', () => {
    expect(isSvgText(BENIGN)).toBe(true);
    expect(isSvgText(Buffer.from('\uFEFF  <!-- c --><!DOCTYPE svg [<!ENTITY a "b">]><svg/>'))).toBe(true);
    expect(isSvgText(Buffer.from('<svgx/>'))).toBe(false);
    expect(isSvgText(Buffer.from('GIF89a'))).toBe(false);
  });
});
