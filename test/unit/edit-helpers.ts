/**
 * Shared pieces of the edit studio's core tests: pictures made in memory (a face-like
 * camera photo with hard edges, a logo with transparency, masks), imports through the
 * real channels, and the parameters of a typical edit.
 */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { expect } from 'vitest';
import type { AssetView, EditParams, LoupeError, MaskView } from '../../electron/shared';
import { ellipseAlpha, maskPng, sourceRgb } from '../fixtures/edits';
import { fixturePath } from '../fixtures/generate';
import { baseParams, type Harness } from './core-harness';

export const PHOTO = { width: 1600, height: 1200 } as const;

/** A camera-like JPEG (stands in for a portrait: the model is asked to keep it). */
export async function photoJpeg(width: number = PHOTO.width, height: number = PHOTO.height): Promise<Buffer> {
  const src = sourceRgb(width, height);
  return sharp(src.data, { raw: { width, height, channels: 3 } }).jpeg({ quality: 92 }).toBuffer();
}

/** A flat logo on a transparent canvas. */
export async function logoPng(width = 600, height = 300): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect x="${width * 0.1}" y="${height * 0.2}" width="${width * 0.8}" height="${height * 0.6}" rx="20" fill="#1e3cdc"/>
    <circle cx="${width / 2}" cy="${height / 2}" r="${height / 4}" fill="#f0c814"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** Alpha-0 ellipse (the edit) on an opaque canvas, the way Loupe's painter sends it. */
export const ellipseMask = (width: number, height: number): Promise<Buffer> => maskPng(ellipseAlpha(width, height), width, height);

export const b64 = (bytes: Buffer): string => bytes.toString('base64');

/**
 * A markup the way Loupe's painter exports it: a transparent PNG with a red ellipse
 * outline and an arrow pointing into it, over the right half of the picture.
 */
export async function markupPng(width: number, height: number): Promise<Buffer> {
  const line = Math.max(3, Math.round(width / 100));
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <ellipse cx="${width * 0.65}" cy="${height * 0.45}" rx="${width * 0.15}" ry="${height * 0.2}" fill="none" stroke="#ff2a2a" stroke-width="${line}"/>
    <path d="M${width * 0.2},${height * 0.85} L${width * 0.5},${height * 0.6}" stroke="#ff2a2a" stroke-width="${line}" fill="none"/></svg>`;
  return sharp(Buffer.from(svg)).ensureAlpha().png().toBuffer();
}

export async function importBytes(h: Harness, name: string, bytes: Buffer): Promise<AssetView> {
  return h.ok<AssetView>('assets:import', { name, dataBase64: b64(bytes) });
}

export async function importFixture(h: Harness, name: string): Promise<AssetView> {
  return importBytes(h, name, await readFile(fixturePath(name)));
}

export async function importMaskBytes(h: Harness, name: string, bytes: Buffer, firstHash: string, invert = false): Promise<MaskView> {
  return h.ok<MaskView>('masks:import', { name, dataBase64: b64(bytes), firstHash, invert });
}

/** An edit of `inputs` with everything else as a cheap, quick request. */
export function editParams(inputs: AssetView[], over: Partial<EditParams> = {}): EditParams {
  return {
    ...baseParams,
    prompt: 'put a red hat on the person',
    size: '1536x1024',
    inputs: inputs.map((a) => ({ hash: a.hash, name: a.name })),
    pixelLock: { enabled: true, feather: 6, grow: 3, resolution: 'original' },
    ...over,
  };
}

/** The error of a call that must fail, checked for its code. */
export async function refusal(h: Harness, channel: string, args: unknown, code: LoupeError['code']): Promise<string> {
  const r = await h.call(channel, args);
  if (r.ok) throw new Error(`${channel} should have failed`);
  expect(r.error.code).toBe(code);
  return r.error.message;
}

/** Raw pixels with a fixed channel count, for exact comparisons. */
export async function rawOf(bytes: Buffer, channels: 3 | 4 = 3): Promise<{ data: Buffer; width: number; height: number }> {
  const img = sharp(bytes).toColourspace('srgb');
  const { data, info } = await (channels === 3 ? img.removeAlpha() : img.ensureAlpha()).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}
