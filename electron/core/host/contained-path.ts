/**
 * Resolves a URL path inside a folder, for both hosts serving the built renderer: null when
 * it would escape the folder (.., an absolute path, an encoded separator, a NUL) or names
 * the folder itself. Paths are compared after joining, never by prefix.
 */
import * as nodePath from 'node:path';

/** The path functions used; tests pass path.win32 to check Windows rules on any machine. */
export type PathOps = Pick<typeof nodePath, 'join' | 'relative' | 'isAbsolute'>;

export function containedPath(root: string, requestPath: string, path: PathOps = nodePath): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = path.join(root, decoded);
  const rel = path.relative(root, full);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return full;
}
