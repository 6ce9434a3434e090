/**
 * Reading a request's JSON body within a cap, without holding a large upload several times
 * in memory. An image import is a JSON body with the file in base64 (up to ~270 MB);
 * collecting it as chunks, joining them, decoding to a string and parsing would hold it
 * three or four times at once, and a slow or endless upload would hold the chunks for as
 * long as it lasts. So:
 *   - a Content-Length over the cap is refused before a byte is read;
 *   - the cap is counted as bytes arrive (chunked bodies declare no length);
 *   - a body over SPOOL_ABOVE goes to a temporary file in the data folder as it arrives and
 *     is read back once, straight into the string JSON.parse needs.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { once } from 'node:events';

export const SPOOL_ABOVE = 1024 * 1024;
/** Temp files of uploads start with this; the core clears any a crash left (removeStaleWorkingDirs). */
export const UPLOAD_PREFIX = '.upload-';

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

const tooLarge = (limit: number) => new BodyError(413, `The request is larger than this call accepts (${limit} bytes).`);

/**
 * Hands each chunk to `sink` (waiting when it asks to) until the body ends; rejects with 413
 * at the first byte over `limit`. The request is paused, not destroyed, so the refusal can
 * still be sent on its socket (the server closes the connection after it).
 */
function receive(req: IncomingMessage, limit: number, sink: (chunk: Buffer) => boolean | Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = 0;
    let done = false;
    const fail = (err: unknown) => {
      if (done) return;
      done = true;
      req.pause();
      req.removeListener('data', onData);
      reject(err);
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > limit) return fail(tooLarge(limit));
      const r = sink(chunk);
      if (r instanceof Promise) {
        req.pause();
        r.then(() => !done && req.resume(), fail);
      }
    };
    req.on('data', onData);
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve();
    });
    req.on('error', fail);
    req.on('aborted', () => fail(new BodyError(400, 'The request was cut off.')));
  });
}

/** The parsed body ({} when empty), or BodyError (413 over the cap, 400 not JSON). */
export async function readJsonBody(req: IncomingMessage, limit: number, spoolDir: string): Promise<unknown> {
  const declared = req.headers['content-length'] === undefined ? null : Number(req.headers['content-length']);
  if (declared !== null && declared > limit) throw tooLarge(limit);
  const text = declared !== null && declared <= SPOOL_ABOVE ? await inMemory(req, limit) : await spooled(req, limit, spoolDir);
  if (text.length === 0) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new BodyError(400, 'The request body is not valid JSON.');
  }
}

async function inMemory(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  await receive(req, limit, (c) => chunks.push(c) > 0);
  return Buffer.concat(chunks).toString('utf8');
}

async function spooled(req: IncomingMessage, limit: number, spoolDir: string): Promise<string> {
  const tmp = join(spoolDir, `${UPLOAD_PREFIX}${randomBytes(8).toString('hex')}`);
  const file = createWriteStream(tmp, { flags: 'wx', mode: 0o600 });
  const failed = new Promise<never>((_, reject) => file.once('error', reject));
  failed.catch(() => undefined);
  try {
    await Promise.race([
      receive(req, limit, (c) => (file.write(c) ? true : Promise.race([once(file, 'drain').then(() => undefined), failed]))),
      failed,
    ]);
    await new Promise<void>((resolve, reject) => file.end((err?: Error | null) => (err ? reject(err) : resolve())));
    return await readFile(tmp, 'utf8');
  } finally {
    file.destroy();
    await rm(tmp, { force: true });
  }
}
