/**
 * Streams a file as an HTTP answer without letting a file-system error take the host down.
 *
 * Files can vanish at any moment: the store's derived previews are rebuilt, a restore
 * swaps the store, the person deletes a folder. A read stream's 'error' with no listener
 * is an uncaught exception, so the file is opened before the status line is written (gone
 * or unreadable: 404 or 500, answered properly), and an error after the headers went out
 * ends just that response.
 */
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';

// ENAMETOOLONG: a request path no file can have is simply not there.
const GONE = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'ELOOP', 'ENAMETOOLONG']);

export type Answer = (res: ServerResponse, status: number, body: string) => void;

/** Sends `path` with `headers` (status 200), or `answer`s 404/500; never throws. */
export async function sendFile(res: ServerResponse, path: string, headers: Record<string, string>, answer: Answer): Promise<void> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    const gone = GONE.has((err as NodeJS.ErrnoException).code ?? '');
    answer(res, gone ? 404 : 500, gone ? 'Not found.' : 'Could not read the file.');
    return;
  }
  try {
    const s = await fh.stat();
    if (!s.isFile()) {
      answer(res, 404, 'Not found.');
      return;
    }
    res.writeHead(200, { ...headers, 'content-length': String(s.size) });
    // The handle keeps the file readable even if its name is removed meanwhile; the range
    // keeps the body to the length announced even if the file grows.
    if (s.size > 0) await pipeline(fh.createReadStream({ autoClose: false, start: 0, end: s.size - 1 }), res);
    else res.end();
  } catch {
    if (!res.headersSent) answer(res, 500, 'Could not read the file.');
    else res.destroy();
  } finally {
    await fh.close().catch(() => undefined);
  }
}
