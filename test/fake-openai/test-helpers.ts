// Small helpers shared by the fake's own unit tests (test/unit/fake-openai*.test.ts):
// building input images and masks, decoding results, comparing pixels.
import OpenAI, { APIError } from 'openai';
import sharp from 'sharp';

export const KEY = 'sk-test-1234';

export function client(url: string, apiKey = KEY): OpenAI {
  return new OpenAI({ apiKey, baseURL: url, maxRetries: 0, timeout: 15_000 });
}

/** A detailed, deterministic RGB(A) test picture (gradients + stripes), so blur and noise show up. */
export async function photo(width: number, height: number, format: 'png' | 'jpeg' | 'webp' = 'png', alpha = false): Promise<Buffer> {
  const ch = alpha ? 4 : 3;
  const raw = Buffer.alloc(width * height * ch);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * ch;
      raw[o] = (x * 255) / width;
      raw[o + 1] = (y * 255) / height;
      raw[o + 2] = ((x >> 3) + (y >> 3)) % 2 ? 200 : 60;
      if (alpha) raw[o + 3] = 255;
    }
  }
  const img = sharp(raw, { raw: { width, height, channels: ch } });
  return format === 'png' ? img.png().toBuffer() : format === 'jpeg' ? img.jpeg().toBuffer() : img.webp().toBuffer();
}

/** RGBA PNG mask: alpha 0 (edit here) inside the rectangle, 255 elsewhere. */
export async function mask(width: number, height: number, hole: { left: number; top: number; width: number; height: number }): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 4, 0);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inside = x >= hole.left && x < hole.left + hole.width && y >= hole.top && y < hole.top + hole.height;
      raw[(y * width + x) * 4 + 3] = inside ? 0 : 255;
    }
  }
  return sharp(raw, { raw: { width, height, channels: 4 } }).png().toBuffer();
}

export interface Decoded {
  data: Buffer;
  width: number;
  height: number;
  channels: number;
  format: string;
  hasAlpha: boolean;
}

export async function decode(b64OrBuf: string | Buffer): Promise<Decoded> {
  const buf = typeof b64OrBuf === 'string' ? Buffer.from(b64OrBuf, 'base64') : b64OrBuf;
  const meta = await sharp(buf).metadata();
  const { data, info } = await sharp(buf).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 4, format: meta.format ?? '?', hasAlpha: !!meta.hasAlpha };
}

/** Mean absolute RGB difference over pixels where `where(x, y)` holds. */
export function meanAbsDiff(a: Decoded, b: Decoded, where: (x: number, y: number) => boolean = () => true): number {
  let sum = 0;
  let count = 0;
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      if (!where(x, y)) continue;
      const o = (y * a.width + x) * 4;
      for (let c = 0; c < 3; c++) sum += Math.abs(a.data[o + c]! - b.data[o + c]!);
      count += 3;
    }
  }
  return sum / count;
}

/** The rejection of a promise (an SDK APIError or subclass), for asserting on classes and fields. */
export async function failure(p: Promise<unknown>): Promise<APIError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof APIError) return e;
    throw e;
  }
  throw new Error('expected the request to fail');
}

/** The API's error object as the SDK kept it (err.error), with extra fields like moderation_details. */
export function body(err: APIError): Record<string, unknown> {
  return (err.error ?? {}) as Record<string, unknown>;
}

export interface RawReply {
  status: number;
  json: Record<string, unknown> & { error?: { message: string; type: string; param: string | null; code: string | null } };
}

/** POST a JSON body with fetch (for parameters the SDK types do not carry, or raw checks). */
export async function postJson(baseUrl: string, path: string, body: unknown): Promise<RawReply> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as RawReply['json'] };
}

/** POST multipart form data with fetch; file entries are [bytes, filename, type]. */
export async function postForm(baseUrl: string, path: string, entries: Array<[string, string | [Buffer, string, string]]>): Promise<RawReply> {
  const form = new FormData();
  for (const [name, v] of entries) {
    if (typeof v === 'string') form.append(name, v);
    else form.append(name, new Blob([new Uint8Array(v[0])], { type: v[2] }), v[1]);
  }
  const res = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${KEY}` }, body: form });
  return { status: res.status, json: (await res.json()) as RawReply['json'] };
}
