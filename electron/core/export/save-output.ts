import { mkdir, open, rm } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { LoupeError } from '../../shared';
import { storageError } from '../store/storage-error';

export type SaveExt = 'png' | 'jpeg' | 'webp' | 'jpg' | 'gif' | 'svg' | 'avif';
export const MAX_COLLISION_SUFFIX = 10000;

/**
 * Saves bytes as dir/<baseName>.<ext> and returns the absolute path. Never overwrites:
 * the file is created with O_EXCL ("wx"), so even another program writing the same name
 * at the same moment cannot be clobbered; a taken name becomes name-2, name-3, …
 * baseName should come from renderName; it is checked again here because this is the
 * last line before the disk.
 */
export interface SaveOptions {
  /** JSON written beside the image as <same name>.json; the pair shares one free name. */
  sidecar?: string;
  /** An XMP sidecar (<same name>.xmp), for metadata that must not go inside the file. */
  xmpSidecar?: string;
}

export async function saveOutput(dir: string, baseName: string, ext: SaveExt, bytes: Buffer, opts: SaveOptions = {}): Promise<string> {
  const root = resolve(dir);
  const extension = ext === 'jpeg' ? 'jpg' : ext;
  if (!['png', 'jpg', 'webp', 'gif', 'svg', 'avif'].includes(extension)) {
    throw new LoupeError('INVALID_ARGUMENTS', `Loupe does not save .${String(ext)} files.`);
  }
  if (baseName === '') throw new LoupeError('INVALID_ARGUMENTS', 'A file name is needed to save an image.');
  // A leading dot would hide the file (and ".." is no name at all).
  if (baseName.startsWith('.')) throw new LoupeError('INVALID_ARGUMENTS', `"${baseName}" would be a hidden file; choose another name.`);
  try {
    await mkdir(root, { recursive: true });
  } catch (err) {
    throw storageError(err, root, 'export');
  }

  for (let n = 1; n <= MAX_COLLISION_SUFFIX; n++) {
    const stem = n === 1 ? baseName : `${baseName}-${n}`;
    const file = resolve(join(root, `${stem}.${extension}`));
    assertDirectChild(root, file);
    if (!(await claim(file, bytes))) continue;
    const extras: Array<[string, string]> = [];
    if (opts.sidecar !== undefined) extras.push(['json', opts.sidecar]);
    if (opts.xmpSidecar !== undefined) extras.push(['xmp', opts.xmpSidecar]);
    const written: string[] = [file];
    let taken = false;
    for (const [ext, text] of extras) {
      const side = resolve(join(root, `${stem}.${ext}`));
      assertDirectChild(root, side);
      let claimed: boolean;
      try {
        claimed = await claim(side, Buffer.from(text, 'utf8'));
      } catch (err) {
        for (const w of written) await rm(w, { force: true }).catch(() => undefined);
        throw err;
      }
      if (!claimed) {
        taken = true;
        break;
      }
      written.push(side);
    }
    // Someone's photo.json (or .xmp) is there: give back what we wrote and try the next name.
    if (taken) {
      for (const w of written) await rm(w, { force: true }).catch(() => undefined);
      continue;
    }
    return file;
  }
  throw new LoupeError(
    'CONFLICT',
    `${join(root, baseName)}.${extension} and ${MAX_COLLISION_SUFFIX - 1} numbered variants already exist. Choose another folder or naming template.`,
    { path: root },
  );
}

/**
 * Creates `file` with O_EXCL and writes it whole (flushed); false when the name is taken.
 * A partial copy is removed: we created the file, so that cannot touch anyone else's.
 */
async function claim(file: string, bytes: Buffer): Promise<boolean> {
  let fh;
  try {
    fh = await open(file, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw storageError(err, file, 'export');
  }
  try {
    await fh.writeFile(bytes);
    await fh.sync();
    await fh.close();
  } catch (err) {
    await fh.close().catch(() => undefined);
    await rm(file, { force: true }).catch(() => undefined);
    throw storageError(err, file, 'export');
  }
  return true;
}

/** The file must sit directly in the chosen folder: no "..", no separators smuggled in the name. */
function assertDirectChild(root: string, file: string): void {
  const rel = relative(root, file);
  if (rel === '' || isAbsolute(rel) || rel === '..' || rel.startsWith(`..${sep}`) || rel.includes(sep) || rel.includes('/')) {
    throw new LoupeError('INVALID_ARGUMENTS', `Refusing to save outside the chosen folder: ${file}`, { path: file });
  }
}
