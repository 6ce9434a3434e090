// multipart/form-data parsing with the web-standard Request.formData() that
// Node 20 ships (undici), so the fake needs no extra dependency and parses the
// wire format the way a standards-compliant server would.
import { ApiError } from './errors';

export interface UploadedFile {
  field: string;
  filename: string;
  /** Declared MIME type of the part (undici reports '' → we keep what it gives). */
  type: string;
  data: Buffer;
}

/** The headers of one part, read off the wire (FormData drops text parts' Content-Type). */
export interface PartHeader {
  name: string;
  contentType: string | null;
  filename?: string;
  bytes: number;
}

export interface ParsedMultipart {
  /** Non-file fields; repeated names become arrays. */
  fields: Record<string, string | string[]>;
  /** File parts in wire order. */
  files: UploadedFile[];
  /** Every part, text or file, in wire order. */
  parts: PartHeader[];
}

export async function parseMultipart(body: Buffer, contentType: string): Promise<ParsedMultipart> {
  let form: FormData;
  try {
    const req = new Request('http://fake.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body });
    form = await req.formData();
  } catch (e) {
    throw new ApiError(400, {
      message: `Could not parse multipart form: ${(e as Error).message}`,
      type: 'invalid_request_error',
      param: null,
      code: null,
    });
  }
  const fields: Record<string, string | string[]> = {};
  const files: UploadedFile[] = [];
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') {
      const prev = fields[name];
      if (prev === undefined) fields[name] = value;
      else fields[name] = Array.isArray(prev) ? [...prev, value] : [prev, value];
    } else {
      const file = value as File;
      files.push({
        field: name,
        filename: file.name,
        type: file.type || 'application/octet-stream',
        data: Buffer.from(await file.arrayBuffer()),
      });
    }
  }
  return { fields, files, parts: scanParts(body, contentType) };
}

/** Names, Content-Types, filenames and sizes of all parts, by scanning the boundaries. */
export function scanParts(body: Buffer, contentType: string): PartHeader[] {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) return [];
  const delim = Buffer.from(`--${boundary}`);
  const out: PartHeader[] = [];
  let at = body.indexOf(delim);
  while (at >= 0) {
    const start = at + delim.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delim, start);
    if (next < 0) break;
    const headEnd = body.indexOf('\r\n\r\n', start);
    if (headEnd < 0 || headEnd > next) break;
    const head = body.subarray(start, headEnd).toString('utf8');
    const header = (n: string) => new RegExp(`^${n}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim();
    const disposition = header('content-disposition') ?? '';
    const name = /\bname="((?:[^"\\]|\\.)*)"/i.exec(disposition)?.[1] ?? '';
    const filename = /\bfilename="((?:[^"\\]|\\.)*)"/i.exec(disposition)?.[1];
    // The part body ends with the CRLF that precedes the next delimiter.
    const bytes = Math.max(0, next - 2 - (headEnd + 4));
    out.push({ name, contentType: header('content-type') ?? null, ...(filename !== undefined ? { filename } : {}), bytes });
    at = next;
  }
  return out;
}
