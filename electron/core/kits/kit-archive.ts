/**
 * A kit as one file: a zip holding manifest.json and the asset files, named by their
 * SHA-256 (so a file shared by two versions is in the archive once, and an import can
 * check every byte against its name).
 *
 * yazl and yauzl (same author, both small, no dependencies, maintained for a decade) and
 * not a do-everything zip library: they stream (the exporter pipes store files into the
 * zip without holding them; the importer reads the central directory first and inflates
 * one entry at a time with a byte cap), and yauzl exposes the raw entry facts that hostile
 * input checks need (names as bytes, declared sizes, external attributes for symlinks,
 * encryption), where higher-level libraries "helpfully" extract to disk.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile as ReadZip } from 'yauzl';
import yazl from 'yazl';
import { z } from 'zod';
import { KitColourSchema, KitPolicySchema, KitPresetSchema, LoupeError } from '../../shared';

export const KIT_FORMAT = 'loupe-kit';
export const KIT_FORMAT_VERSION = 1;
export const KIT_EXTENSION = '.loupe-kit';

/** Limits on what an import will read; each is far above a real kit (a few logos and photos). */
export const ARCHIVE_LIMITS = {
  maxEntries: 400,
  maxEntryBytes: 50 * 1024 * 1024,
  maxTotalBytes: 300 * 1024 * 1024,
  maxManifestBytes: 1024 * 1024,
  /** Images barely compress; text maybe 20x. Past this, an entry is a bomb, not a kit. */
  maxRatio: 100,
  /** Below this size the ratio is not judged (a tiny JSON file can compress 100x). */
  ratioFloorBytes: 64 * 1024,
};
export type ArchiveLimits = typeof ARCHIVE_LIMITS;

const Sha = z.string().regex(/^[0-9a-f]{64}$/);
const FilePath = z.string().regex(/^assets\/[0-9a-f]{64}\.(png|jpg|webp|svg)$/, 'Asset files are named assets/<sha256>.<ext>.');

export const ManifestSchema = z
  .object({
    format: z.literal(KIT_FORMAT),
    formatVersion: z.number().int(),
    exportedAt: z.number(),
    kit: z
      .object({
        uid: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
        name: z.string().trim().min(1).max(120),
        description: z.string().max(4000),
        colours: z.array(KitColourSchema).max(40),
        typography: z.string().max(4000),
        presets: z.array(KitPresetSchema).max(40),
        policy: KitPolicySchema,
        revision: z.number().int().nonnegative(),
        createdAt: z.number(),
      })
      .strict(),
    assets: z
      .array(
        z
          .object({
            name: z.string().trim().min(1).max(255),
            role: z.enum(['logo', 'image']),
            versions: z
              .array(
                z
                  .object({
                    version: z.number().int().positive(),
                    fileName: z.string().trim().min(1).max(255),
                    file: FilePath,
                    sha256: Sha,
                    sourceMime: z.enum(['image/png', 'image/jpeg', 'image/webp', 'image/svg+xml']),
                    svgFile: FilePath.optional(),
                    width: z.number().int().positive(),
                    height: z.number().int().positive(),
                    createdAt: z.number(),
                  })
                  .strict(),
              )
              .min(1)
              .max(100),
          })
          .strict(),
      )
      .max(200),
  })
  .strict();
export type KitManifest = z.infer<typeof ManifestSchema>;

/** Refusals all say the same first words, so the person knows nothing was imported. */
export function refuseArchive(reason: string): LoupeError {
  return new LoupeError('INVALID_ARGUMENTS', `This kit file was not imported: ${reason} Nothing was added to your library.`);
}

export interface ArchiveFile {
  /** Path inside the zip, e.g. assets/<sha>.png */
  name: string;
  source: { path: string } | { buffer: Buffer };
}

/** Writes the archive to `target` through a temporary file, so a failed export never leaves half a file under the real name. */
export async function writeKitArchive(target: string, manifest: KitManifest, files: readonly ArchiveFile[]): Promise<number> {
  const zip = new yazl.ZipFile();
  const mtime = new Date(manifest.exportedAt);
  zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2), 'utf8'), 'manifest.json', { mtime });
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.name)) continue;
    seen.add(f.name);
    // Images are compressed already: deflating them again costs time for nothing. SVG text deflates well.
    const compress = f.name.endsWith('.svg');
    if ('path' in f.source) zip.addFile(f.source.path, f.name, { mtime, compress });
    else zip.addBuffer(f.source.buffer, f.name, { mtime, compress });
  }
  zip.end();
  const tmp = `${target}.${process.pid}.${Date.now()}.part`;
  let bytes = 0;
  zip.outputStream.on('data', (c: Buffer) => (bytes += c.length));
  try {
    await pipeline(zip.outputStream, createWriteStream(tmp, { flags: 'wx' }));
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return bytes;
}

export interface ReadArchive {
  manifest: KitManifest;
  /** Every file the manifest names, checked against its SHA-256 (SVG text by the hash in its name). */
  files: Map<string, Buffer>;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;

function openZip(buffer: Buffer): Promise<ReadZip> {
  return new Promise((resolve, reject) => {
    // decodeStrings off: names arrive as bytes and are judged here, with our messages.
    yauzl.fromBuffer(buffer, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true }, (err, zip) => (err || !zip ? reject(err ?? new Error('no zip')) : resolve(zip)));
  });
}

function entries(zip: ReadZip, limits: ArchiveLimits): Promise<Array<{ name: string; entry: Entry }>> {
  return new Promise((resolve, reject) => {
    const out: Array<{ name: string; entry: Entry }> = [];
    if (zip.entryCount > limits.maxEntries) {
      reject(refuseArchive(`it has ${zip.entryCount} entries; a kit has at most ${limits.maxEntries}.`));
      return;
    }
    zip.on('entry', (entry: Entry) => {
      out.push({ name: (entry.fileName as unknown as Buffer).toString('utf8'), entry });
      zip.readEntry();
    });
    zip.on('end', () => resolve(out));
    zip.on('error', reject);
    zip.readEntry();
  });
}

/** The first problem with an entry's name or kind, or null. Checked before any byte is inflated. */
export function entryProblem(name: string, entry: Entry): string | null {
  const shown = JSON.stringify(name.length > 80 ? `${name.slice(0, 77)}...` : name);
  if (name.includes('\0')) return `an entry name contains a NUL byte.`;
  if (name.startsWith('/') || name.startsWith('\\') || /^[A-Za-z]:/.test(name)) return `the entry ${shown} has an absolute path.`;
  if (name.includes('\\')) return `the entry ${shown} uses backslashes in its path.`;
  if (name.split('/').some((part) => part === '..')) return `the entry ${shown} points outside the kit (a ".." path).`;
  const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
  if (mode === S_IFLNK) return `the entry ${shown} is a symbolic link; kits contain files only.`;
  if (mode !== 0 && mode !== S_IFREG && mode !== S_IFDIR) return `the entry ${shown} is not a plain file.`;
  if (entry.isEncrypted()) return `the entry ${shown} is encrypted.`;
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) return `the entry ${shown} uses a compression method Loupe does not read.`;
  return null;
}

async function readEntry(zip: ReadZip, entry: Entry, cap: number, shown: string): Promise<Buffer> {
  const stream = await new Promise<Readable>((resolve, reject) => zip.openReadStream(entry, (err, s) => (err || !s ? reject(err ?? new Error('no stream')) : resolve(s))));
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      // The declared size is checked by yauzl too; this cap holds whatever the header says.
      if (size > cap) {
        stream.destroy();
        throw refuseArchive(`the entry ${shown} inflates to more than its declared size.`);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    if (err instanceof LoupeError) throw err;
    throw refuseArchive(`the entry ${shown} is damaged (${err instanceof Error ? err.message : String(err)}).`);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads and checks a kit archive held in memory. Refuses, with a LoupeError saying why:
 * not a zip; too many entries; absolute, "..", backslash or NUL names; symbolic links and
 * other non-files; encrypted entries; duplicate names; entries or a total over the
 * limits; compression ratios of a zip bomb; files the manifest does not name and files
 * it names that are missing; a manifest that is not JSON or not this format; bytes that
 * do not match their SHA-256.
 */
export async function readKitArchive(buffer: Buffer, limits: ArchiveLimits = ARCHIVE_LIMITS): Promise<ReadArchive> {
  let zip: ReadZip;
  try {
    zip = await openZip(buffer);
  } catch {
    throw refuseArchive('it is not a kit file (not a zip archive, or a damaged one).');
  }
  try {
    let list: Array<{ name: string; entry: Entry }>;
    try {
      list = await entries(zip, limits);
    } catch (err) {
      if (err instanceof LoupeError) throw err;
      throw refuseArchive(`its table of contents is damaged (${err instanceof Error ? err.message : String(err)}).`);
    }
    const byName = new Map<string, Entry>();
    let total = 0;
    for (const { name, entry } of list) {
      const problem = entryProblem(name, entry);
      if (problem) throw refuseArchive(problem);
      if (name.endsWith('/')) continue; // a directory entry carries no bytes
      const shown = JSON.stringify(name);
      if (byName.has(name)) throw refuseArchive(`the entry ${shown} appears twice.`);
      if (entry.uncompressedSize > limits.maxEntryBytes) throw refuseArchive(`the entry ${shown} is ${Math.round(entry.uncompressedSize / 1048576)} MB, more than the ${Math.round(limits.maxEntryBytes / 1048576)} MB a kit file may hold.`);
      const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
      if (entry.uncompressedSize > limits.ratioFloorBytes && ratio > limits.maxRatio) {
        throw refuseArchive(`the entry ${shown} would inflate ${Math.round(ratio)} times (a zip bomb).`);
      }
      total += entry.uncompressedSize;
      if (total > limits.maxTotalBytes) throw refuseArchive(`its files add up to more than ${Math.round(limits.maxTotalBytes / 1048576)} MB.`);
      if (name !== 'manifest.json' && !FilePath.safeParse(name).success) throw refuseArchive(`it contains ${shown}, which is not part of a kit.`);
      byName.set(name, entry);
    }
    const manifestEntry = byName.get('manifest.json');
    if (!manifestEntry) throw refuseArchive('it has no manifest.json.');
    if (manifestEntry.uncompressedSize > limits.maxManifestBytes) throw refuseArchive('its manifest is too large.');
    let raw: unknown;
    try {
      raw = JSON.parse((await readEntry(zip, manifestEntry, limits.maxManifestBytes, '"manifest.json"')).toString('utf8'));
    } catch (err) {
      if (err instanceof LoupeError) throw err;
      throw refuseArchive('its manifest.json is not valid JSON.');
    }
    const parsed = ManifestSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.map(String).join('.') || 'manifest';
      if ((raw as { format?: unknown } | null)?.format !== KIT_FORMAT) throw refuseArchive('its manifest is not a Loupe kit manifest.');
      throw refuseArchive(`its manifest is broken at ${where}: ${issue?.message ?? 'not valid'}.`);
    }
    const manifest = parsed.data;
    if (manifest.formatVersion > KIT_FORMAT_VERSION) throw refuseArchive(`it was written by a newer Loupe (kit format ${manifest.formatVersion}). Update Loupe to import it.`);

    const named = new Set<string>();
    for (const a of manifest.assets) {
      for (const v of a.versions) {
        if (v.file !== `assets/${v.sha256}.${v.file.split('.').pop()}`) throw refuseArchive(`the manifest names ${v.file} for an image whose hash is ${v.sha256.slice(0, 12)}….`);
        named.add(v.file);
        if (v.svgFile) named.add(v.svgFile);
      }
    }
    for (const name of byName.keys()) if (name !== 'manifest.json' && !named.has(name)) throw refuseArchive(`it contains "${name}", which its manifest does not list.`);
    const files = new Map<string, Buffer>();
    for (const name of named) {
      const entry = byName.get(name);
      if (!entry) throw refuseArchive(`its manifest lists "${name}", which is missing from the file.`);
      const bytes = await readEntry(zip, entry, entry.uncompressedSize, JSON.stringify(name));
      const sha = createHash('sha256').update(bytes).digest('hex');
      if (!name.includes(sha)) throw refuseArchive(`"${name}" does not match its checksum: the file is damaged or was changed.`);
      files.set(name, bytes);
    }
    return { manifest, files };
  } finally {
    zip.close();
  }
}
