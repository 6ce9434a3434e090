/**
 * The folders of a batch: which ones may be read and written, and the photos in them.
 *
 * - Both must be absolute. The input must exist and be a folder; the output is created.
 * - Neither may be inside the other (outputs would be read back as photos on the next
 *   start, or a photo's folder overwritten by its own results), nor inside Loupe's data folder.
 * - The web host (a browser tab, where anyone who reaches the page could type any path)
 *   reads only folders under an allowed root: the user's home folder and the folders listed
 *   in LOUPE_BATCH_ROOTS. The desktop app reads any folder the person picked or typed:
 *   it runs as that person, with their own rights.
 * - Every path is compared after resolving symbolic links, and the walk never follows a
 *   link (a link inside the folder could point anywhere).
 */
import { lstat, mkdir, readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { LoupeError, MAX_BATCH_ITEMS } from '../../shared';

export const PHOTO_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff', '.avif', '.gif']);
const REFUSED: Record<string, string> = {
  '.heic': 'HEIC photos are not read yet: export them as JPEG first.',
  '.heif': 'HEIF photos are not read yet: export them as JPEG first.',
  '.svg': 'Drawings (SVG) are not photos: edit them one by one.',
};

export interface FolderRules {
  /** null: any folder (desktop); otherwise the input must be under one of these. */
  roots: string[] | null;
  dataDir: string;
}

export interface CheckedFolders {
  inputDir: string;
  outputDir: string;
}

function inside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** The deepest existing ancestor, resolved: where a folder that does not exist yet would really be. */
async function realOrNearest(path: string): Promise<string> {
  let p = resolve(path);
  const rest: string[] = [];
  for (;;) {
    try {
      return join(await realpath(p), ...rest.reverse());
    } catch {
      const up = dirname(p);
      if (up === p) return resolve(path);
      rest.push(basename(p));
      p = up;
    }
  }
}

export async function allowedRoots(host: 'electron' | 'web' | 'cli', home: string, env: Record<string, string | undefined>): Promise<string[] | null> {
  // The command line's folders are typed by the person running it, like the app's dialogs.
  if (host === 'electron' || host === 'cli') return null;
  const listed = (env.LOUPE_BATCH_ROOTS ?? '')
    .split(process.platform === 'win32' ? ';' : ':')
    .map((s) => s.trim())
    .filter((s) => s && isAbsolute(s));
  const out: string[] = [];
  for (const r of [home, ...listed]) {
    try {
      out.push(await realpath(r));
    } catch {
      // a root that does not exist allows nothing
    }
  }
  return out;
}

export async function checkFolders(inputDir: string, outputDir: string, rules: FolderRules): Promise<CheckedFolders> {
  for (const [what, p] of [
    ['photo folder', inputDir],
    ['output folder', outputDir],
  ] as const) {
    if (!isAbsolute(p)) throw new LoupeError('INVALID_ARGUMENTS', `The ${what} must be a full path, not "${p}".`, { path: p });
    if (p.includes('\0')) throw new LoupeError('INVALID_ARGUMENTS', `The ${what} is not a valid path.`);
  }
  let input: string;
  try {
    input = await realpath(inputDir);
    if (!(await stat(input)).isDirectory()) throw new Error('not a folder');
  } catch {
    throw new LoupeError('NOT_FOUND', `The photo folder ${inputDir} does not exist or is not a folder.`, { path: inputDir });
  }
  const output = await realOrNearest(outputDir);
  const data = await realOrNearest(rules.dataDir);
  if (rules.roots !== null && !rules.roots.some((r) => inside(input, r))) {
    throw new LoupeError('PERMISSION_DENIED', `Loupe in the browser reads photos only from your home folder${rules.roots.length > 1 ? ' and the folders in LOUPE_BATCH_ROOTS' : ''}; ${inputDir} is outside.`, {
      path: inputDir,
    });
  }
  if (inside(output, input)) throw new LoupeError('INVALID_ARGUMENTS', 'The output folder cannot be inside the photo folder: its results would be read as photos next time. Choose a folder beside it.', { param: 'outputDir' });
  if (inside(input, output)) throw new LoupeError('INVALID_ARGUMENTS', 'The photo folder cannot be inside the output folder. Choose an output folder beside it.', { param: 'outputDir' });
  if (inside(input, data) || inside(output, data)) throw new LoupeError('INVALID_ARGUMENTS', "Loupe's own data folder cannot be used for a batch. Choose another folder.", { param: 'outputDir' });
  return { inputDir: input, outputDir: output };
}

/** Creates the output folder (after checkFolders) and proves it can be written. */
export async function ensureOutputDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw new LoupeError('STORAGE_ERROR', `Loupe cannot create the output folder ${dir} (${(err as NodeJS.ErrnoException).code ?? String(err)}).`, { path: dir });
  }
}

export interface Walk {
  /** Relative paths with forward slashes, sorted. */
  files: string[];
  folders: number;
  skipped: Array<{ relPath: string; reason: string }>;
}

/** Every photo under `root`, depth first; hidden files and folders and links are left out. */
export async function walkPhotos(root: string, max = MAX_BATCH_ITEMS): Promise<Walk> {
  const files: string[] = [];
  const skipped: Walk['skipped'] = [];
  let folders = 0;
  const visit = async (dir: string, rel: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      skipped.push({ relPath: rel || '.', reason: `The folder cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      const full = join(dir, e.name);
      if (e.isSymbolicLink()) {
        skipped.push({ relPath: childRel, reason: 'A link: Loupe does not follow links out of the folder.' });
        continue;
      }
      if (e.isDirectory()) {
        folders++;
        await visit(full, childRel);
        continue;
      }
      if (!e.isFile()) continue;
      const ext = extname(e.name).toLowerCase();
      if (PHOTO_EXTENSIONS.has(ext)) {
        if (files.length >= max) throw new LoupeError('INVALID_ARGUMENTS', `The folder holds more than ${max} photos: split it into smaller batches.`);
        files.push(childRel);
      } else if (REFUSED[ext]) skipped.push({ relPath: childRel, reason: REFUSED[ext] });
      else skipped.push({ relPath: childRel, reason: 'Not a photo.' });
    }
  };
  await visit(root, '');
  files.sort();
  return { files, folders, skipped };
}

/**
 * The absolute path of an item's photo, checked again: relative paths come from the
 * database, which is a file anyone could edit.
 */
export async function photoPath(inputDir: string, relPath: string): Promise<string> {
  const full = resolve(inputDir, ...relPath.split('/'));
  if (relPath.includes('\0') || !inside(full, inputDir) || full === inputDir) throw new LoupeError('INVALID_ARGUMENTS', `"${relPath}" is not inside the photo folder.`);
  const info = await lstat(full).catch(() => null);
  if (!info) throw new LoupeError('NOT_FOUND', `${relPath} is no longer in the photo folder.`, { path: full });
  if (!info.isFile()) throw new LoupeError('INVALID_ARGUMENTS', `${relPath} is not a plain file.`, { path: full });
  return full;
}

/** The folder an item's results go to: the output folder plus the photo's subfolders, contained. */
export function mirroredDir(outputDir: string, relPath: string): string {
  const parts = relPath.split('/').slice(0, -1);
  const dir = resolve(outputDir, ...parts);
  if (!inside(dir, outputDir)) throw new LoupeError('INVALID_ARGUMENTS', `"${relPath}" would be saved outside the output folder.`);
  return dir;
}

/** The photo's file name without its extension: the {source} of a naming template. */
export function sourceStem(relPath: string): string {
  const name = relPath.split('/').pop() ?? relPath;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}
