// What the fake remembers about each request, for tests to assert on: headers
// (with the key redacted), the JSON body (with big base64 cut short so logs and
// snapshots stay small) and the multipart fields/files with image metadata.
import type { IncomingHttpHeaders } from 'node:http';
import { probe } from './inputs';
import type { UploadedFile } from './multipart';
import type { RecordedFile } from './types';

export function redactHeaders(h: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    const value = Array.isArray(v) ? v.join(', ') : v;
    out[k.toLowerCase()] = k.toLowerCase() === 'authorization' ? redactAuth(value) : value;
  }
  return out;
}

/** "Bearer sk-test-1234" → "Bearer ****1234": enough to tell keys apart, never the key. */
function redactAuth(value: string): string {
  const m = /^(\S+\s+)?(.*)$/.exec(value);
  const scheme = m?.[1] ?? '';
  const secret = m?.[2] ?? '';
  return `${scheme}****${secret.slice(-4)}`;
}

const BIG = 256;
const BASE64ISH = /^[A-Za-z0-9+/=_-]+$/;

/** Deep copy with data URLs and long base64-looking strings shortened; prompts stay whole. */
export function truncateBig(v: unknown): unknown {
  if (typeof v === 'string') {
    if (v.length > BIG && (v.startsWith('data:') || BASE64ISH.test(v))) return `${v.slice(0, 64)}…[${v.length} chars]`;
    return v;
  }
  if (Array.isArray(v)) return v.map(truncateBig);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, truncateBig(x)]));
  }
  return v;
}

export async function recordFiles(files: UploadedFile[]): Promise<RecordedFile[]> {
  const out: RecordedFile[] = [];
  for (const f of files) {
    const meta = await probe(f.data);
    out.push({
      field: f.field,
      filename: f.filename,
      type: f.type,
      bytes: f.data.length,
      data: f.data,
      width: meta?.width,
      height: meta?.height,
      channels: meta?.channels,
      hasAlpha: meta?.hasAlpha,
      format: meta?.format,
    });
  }
  return out;
}
