import { LoupeError } from '../../shared';

// EFBIG: a file-size limit (RLIMIT_FSIZE, a quota) refuses the file's growth; the remedy is the same.
const FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);

/**
 * Turns a file-system failure into a LoupeError a person can act on. `where` picks the
 * wording: a full library disk loses nothing; a full export folder leaves the image in
 * the library.
 */
export function storageError(err: unknown, path: string, where: 'library' | 'export' = 'library'): LoupeError {
  if (err instanceof LoupeError) return err;
  const code = typeof err === 'object' && err !== null ? (err as NodeJS.ErrnoException).code : undefined;
  if (code !== undefined && FULL_CODES.has(code)) {
    return where === 'library'
      ? new LoupeError('STORAGE_FULL', `The disk holding Loupe's library is full (${path}). Free some space; nothing was lost.`, { path })
      : new LoupeError('STORAGE_FULL', `The disk holding ${path} is full. Free some space or choose another folder; the image is still in Loupe's library.`, { path });
  }
  const reason = err instanceof Error ? err.message : String(err);
  return where === 'library'
    ? new LoupeError('STORAGE_ERROR', `Loupe could not write to its library at ${path} (${reason}). Check that the folder exists and is writable.`, { path })
    : new LoupeError('STORAGE_ERROR', `Loupe could not save to ${path} (${reason}). Check that the folder exists and is writable, or choose another one.`, { path });
}
