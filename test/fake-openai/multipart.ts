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

export interface ParsedMultipart {
  /** Non-file fields; repeated names become arrays. */
  fields: Record<string, string | string[]>;
  /** File parts in wire order. */
  files: UploadedFile[];
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
  return { fields, files };
}
