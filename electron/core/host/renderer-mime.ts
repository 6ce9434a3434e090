/**
 * Content types for the built renderer's files, shared by both ways of serving it (the
 * loupe-app scheme in Electron, HTTP in the web host) so they label files alike. Anything
 * unlisted goes out as application/octet-stream, which nosniff keeps from being run or rendered.
 */
import { extname } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

export function rendererMime(path: string): string {
  return MIME[extname(path)] ?? 'application/octet-stream';
}
