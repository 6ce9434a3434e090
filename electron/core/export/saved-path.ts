/**
 * Whether an output's saved path (read from the database) may be handed to the OS for
 * "Reveal" or drag-out. The database is not a trusted source of paths: a restored backup or
 * an edited file can put any path in an output row, and drag-out would then hand that file
 * (/etc/passwd, a key file) to whatever the person drops it on. So a saved path is used only
 * when, resolved through every symlink, it is a regular file inside one of the folders the
 * person chose for Loupe's output (the output folder in Settings, the projects' folders),
 * and Loupe itself recorded it in this library (its seal verifies, path-seal.ts): a
 * project's folder can come from a restored backup too.
 */
import { realpath, stat } from 'node:fs/promises';
import { sep } from 'node:path';
import { LoupeError } from '../../shared';

async function real(path: string): Promise<string | null> {
  try {
    return await realpath(path);
  } catch {
    return null;
  }
}

export function isInside(child: string, parent: string): boolean {
  const p = parent.endsWith(sep) ? parent : parent + sep;
  return child.startsWith(p);
}

/**
 * The saved file's real path when it is safe to use; null when there is no file there any
 * more (the caller writes a fresh copy). Throws when the path exists but is not one of
 * Loupe's saved files in a chosen folder, naming it.
 */
export async function trustedSavedFile(savedPath: string, folders: readonly string[], outputId: number, sealed: boolean): Promise<string | null> {
  const resolved = await real(savedPath);
  if (resolved === null) return null;
  const roots = (await Promise.all(folders.map(real))).filter((r): r is string => r !== null);
  const isFile = (await stat(resolved).catch(() => null))?.isFile() ?? false;
  const refuse = (why: string) =>
    new LoupeError('INVALID_ARGUMENTS', `The saved file of output ${outputId} (${savedPath}${why}, so Loupe will not reveal or drag it. Export the output again to save a fresh copy.`, {
      path: savedPath,
      stage: 'saved-path',
    });
  if (!isFile || !roots.some((root) => isInside(resolved, root))) {
    throw refuse(`${resolved !== savedPath ? `, which leads to ${resolved}` : ''}) is not inside a folder you chose for Loupe's output`);
  }
  if (!sealed) throw refuse(') was not recorded by Loupe in this library');
  return resolved;
}
