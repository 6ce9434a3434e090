/**
 * The C2PA reference implementation (c2pa-rs, as @contentauth/c2pa-wasm) loaded once in
 * this process. Chosen over a TypeScript port because it is what platforms validate with,
 * it reads and writes JPEG, PNG and WebP alike, and it ships its WebAssembly in the npm
 * package (no download at install or at run time).
 *
 * Its builder reads the asset through the browser's Blob and FileReaderSync. Node has
 * Blob but no FileReaderSync, and the builder only ever asks a blob for `size`, `slice`
 * and a synchronous read; BytesBlob and the reader below answer exactly those calls from
 * bytes already in memory. The reader refuses anything else, so no other code can come
 * to depend on it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as wasm from '@contentauth/c2pa-wasm';

export class BytesBlob {
  constructor(readonly bytes: Uint8Array) {}
  get size(): number {
    return this.bytes.length;
  }
  slice(start = 0, end = this.bytes.length): BytesBlob {
    return new BytesBlob(this.bytes.subarray(start, end));
  }
}

class BytesReaderSync {
  readAsArrayBuffer(blob: unknown): ArrayBuffer {
    if (!(blob instanceof BytesBlob)) throw new TypeError('Only in-memory image bytes can be read here.');
    // A copy of exactly these bytes: Buffer#slice shares memory (a small Buffer sits in a shared pool).
    const copy = new Uint8Array(blob.bytes.length);
    copy.set(blob.bytes);
    return copy.buffer;
  }
}

let ready: typeof wasm | null = null;

/** The initialised module; the first call compiles the WebAssembly (about 9 MB, once). */
export function c2pa(): typeof wasm {
  if (ready) return ready;
  const g = globalThis as { FileReaderSync?: unknown };
  g.FileReaderSync ??= BytesReaderSync;
  const file = createRequire(import.meta.url).resolve('@contentauth/c2pa-wasm/c2pa.wasm');
  wasm.initSync({ module: readFileSync(file) });
  ready = wasm;
  return ready;
}

/** A blob the builder can read, typed as the Blob its declarations ask for. */
export function blobOf(bytes: Uint8Array): Blob {
  return new BytesBlob(bytes) as unknown as Blob;
}
