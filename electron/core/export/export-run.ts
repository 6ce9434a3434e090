/**
 * Does what the export dialog asked (outputs:export-run), following the plan of
 * export-plan.ts: each output copied as stored or re-encoded (format, long edge, quality),
 * its XMP written or not, into a folder (never overwriting; a file already there with
 * identical bytes is reported, not copied as "-2") or into one zip. The answer names
 * every file's place.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, rm } from 'node:fs/promises';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import sharp from 'sharp';
import yazl from 'yazl';
import { LoupeError, type ExportChoice, type ExportRunRequest, type ExportRunResult, type JobView, type OutputView } from '../../shared';
import { effectiveFidelity } from '../jobs/fidelity';
import type { ContentStore } from '../store/content-store';
import { sniffImage } from '../images/sniff';
import { storageError } from '../store/storage-error';
import { exportMessage, placeFile, planExport, isNameOf, type ExportItem, type PlannedFile } from './export-plan';
import { buildXmp, embedMetadata, type MetadataFormat } from './metadata';
import { serializePacket, loupeProperties } from './xmp-packet';
import { mimeOfBytes, type CredentialsService } from '../credentials/credentials-service';
import { supportsCredentials } from '../credentials/read';
import type { CredentialAction } from '../credentials/sign';
import type { OutputExporter } from './output-export';
import { saveOutput } from './save-output';
import { isInside } from './saved-path';

/** Zips for the web host's download wait here until the browser has fetched them; emptied at each start. */
export const EXPORT_DOWNLOAD_DIR = 'exports';

export interface ExportRunDeps {
  store: ContentStore;
  exporter: OutputExporter;
  host: 'electron' | 'web' | 'cli';
  dataDir: string;
  /** Outputs with their jobs, in the order asked; an unknown id is null. */
  locate: (outputIds: readonly number[]) => ({ job: JobView; output: OutputView } | null)[];
  /** Called for each file written into a folder (the first copy in a chosen folder becomes the output's saved file). */
  written?: (outputId: number, path: string) => Promise<void>;
}

/**
 * The one place where an exported file's re-encoded bytes are produced: resized to the
 * plan's size, converted to sRGB, encoded in the plan's format at `quality`. A file copied
 * as stored never passes here. AVIF takes its XMP at encoding (`xmp`), the other formats
 * get theirs afterwards without another encode (metadata.ts).
 */
export async function renderExportFile(source: Buffer, file: PlannedFile, quality: number, xmp?: string): Promise<Buffer> {
  let img = sharp(source, { failOn: 'error', limitInputPixels: 100_000_000 }).resize({ width: file.width, height: file.height, fit: 'fill' }).toColourspace('srgb');
  switch (file.format) {
    case 'png':
      img = img.png({ compressionLevel: 6 });
      break;
    case 'jpeg':
      // JPEG has no transparency: transparent areas become white rather than black.
      img = img.flatten({ background: '#ffffff' }).jpeg({ quality, mozjpeg: true });
      break;
    case 'webp':
      img = img.webp({ quality });
      break;
    case 'avif':
      img = img.avif({ quality, effort: 4 });
      if (xmp) img = img.withXmp(xmp);
      break;
    default:
      throw new LoupeError('UNSUPPORTED', `Loupe does not re-encode to ${file.format.toUpperCase()}.`);
  }
  return img.toBuffer();
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** The folder an export may write to: any full path on the desktop and from the command line, one inside the output folders in the web host. */
export function exportFolder(dir: string, host: 'electron' | 'web' | 'cli', roots: readonly string[]): string {
  if (!isAbsolute(dir)) throw new LoupeError('INVALID_ARGUMENTS', `Export to a full folder path, not "${dir}".`, { path: dir });
  const resolved = resolve(dir);
  if (host === 'web' && !roots.some((r) => resolved === resolve(r) || isInside(resolved, resolve(r)))) {
    throw new LoupeError('INVALID_ARGUMENTS', `In the browser, Loupe exports only into your output folders (${roots.join(', ')}), not to ${resolved}.`, { path: resolved });
  }
  return resolved;
}

/** sha-256 of each file in `dir` that has one of the names `stem.ext`, `stem-N.ext`. */
async function digestsOf(dir: string, names: readonly string[], stem: string, ext: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const name of names) {
    if (!isNameOf(name, stem, ext)) continue;
    try {
      out.set(name, sha256(await readFile(join(dir, name))));
    } catch {
      // A folder or an unreadable file under the name: the name is taken, its bytes unknown.
      out.set(name, '');
    }
  }
  return out;
}

function stamp(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
}

async function zipBuffer(entries: readonly { name: string; bytes: Buffer }[], mtime: Date): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  // Images are compressed already; SVG text deflates well.
  for (const e of entries) zip.addBuffer(e.bytes, e.name, { mtime, compress: e.name.endsWith('.svg') });
  zip.end();
  const chunks: Buffer[] = [];
  zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
  await new Promise<void>((res, rej) => {
    zip.outputStream.on('end', res);
    zip.outputStream.on('error', rej);
  });
  return Buffer.concat(chunks);
}

/** Writes `bytes` as dir/<stem>.zip (or -2, -3…), never over another file. */
async function writeZip(dir: string, stem: string, bytes: Buffer): Promise<string> {
  await mkdir(dir, { recursive: true }).catch((err: unknown) => {
    throw storageError(err, dir, 'export');
  });
  for (let n = 1; n < 1000; n++) {
    const path = join(dir, `${n === 1 ? stem : `${stem}-${n}`}.zip`);
    let fh;
    try {
      fh = await open(path, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw storageError(err, path, 'export');
    }
    try {
      await fh.writeFile(bytes);
      await fh.close();
    } catch (err) {
      await fh.close().catch(() => undefined);
      await rm(path, { force: true });
      throw storageError(err, path, 'export');
    }
    return path;
  }
  throw new LoupeError('CONFLICT', `Too many ${stem} zips in ${dir}.`);
}

/** Runs an export; `now` names the zip. */
export async function runExport(d: ExportRunDeps, req: ExportRunRequest, now = new Date()): Promise<ExportRunResult> {
  const choice: ExportChoice = req.choice;
  const download = req.destination.kind === 'download';
  const dir = req.destination.kind === 'folder' ? exportFolder(req.destination.dir, d.host, d.exporter.chosenFolders()) : null;
  const zip = download || choice.zip;

  const failures: ExportRunResult['failures'] = [];
  const found = d.locate(req.outputIds);
  const items: ExportItem[] = [];
  const sources = new Map<number, { job: JobView; output: OutputView; path: string; hash: string; locked: boolean }>();
  for (const [i, item] of found.entries()) {
    const outputId = req.outputIds[i]!;
    if (!item) {
      failures.push({ outputId, message: `Output ${outputId} is not in the library.` });
      continue;
    }
    const { job, output } = item;
    const hash = output.lockedHash ?? output.assetHash;
    const path = d.store.pathOf(hash);
    if (!path) {
      failures.push({ outputId, message: `The image of output ${output.index + 1} of job ${job.id} is no longer in the library.` });
      continue;
    }
    // The locked image is the first input's size as sent, which can differ from the raw output's.
    const info = output.lockedHash ? await sniffImage(await readFile(path)) : null;
    const target = d.exporter.target(job);
    sources.set(outputId, { job, output, path, hash, locked: output.lockedHash !== null });
    items.push({
      outputId,
      mime: info?.mime ?? output.mime,
      width: info?.width ?? output.width,
      height: info?.height ?? output.height,
      template: target.template,
      name: {
        date: new Date(job.createdAt),
        prompt: job.prompt,
        model: job.model,
        quality: job.params.quality,
        jobId: job.id,
        index: output.index + 1,
        project: target.projectName ?? '',
        fidelity: effectiveFidelity(job.kind, job.model, job.params.inputFidelity) ?? '',
        kit: d.exporter.kitLabel(job.id),
      },
    });
  }
  const plan = planExport(items, choice);
  failures.push(...plan.failures);

  const files: ExportRunResult['files'] = [];
  const entries: { name: string; bytes: Buffer }[] = [];
  const names = dir && !zip ? await readdir(dir).catch(() => [] as string[]) : [];
  const keepSource = d.exporter.options().keepSourceMetadata;
  for (const f of plan.files) {
    const src = sources.get(f.outputId)!;
    try {
      const meta = d.exporter.metadataOf(src.job, src.output, src.locked);
      const stored = await readFile(src.path);
      let bytes = f.reencode ? await renderExportFile(stored, f, choice.quality, choice.xmp && f.format === 'avif' ? buildXmp(meta) : undefined) : stored;
      // Content Credentials follow the save rule: a file copied as stored keeps its manifest
      // byte for byte (Loupe's XMP goes to a sidecar unless the person chose to embed); a
      // re-encoded or re-embedded file is signed again, the stored file its parent.
      const credentials = await credentialsOf(d.exporter.credentials, src.hash, stored);
      let xmpSidecar: string | undefined;
      if (choice.xmp && f.format !== 'avif') {
        if (credentials && !f.reencode && !credentials.embedOver) xmpSidecar = serializePacket(loupeProperties(meta));
        else {
          const keepFrom = keepSource ? await d.exporter.sourcePhotoOf(src.job) : undefined;
          bytes = await embedMetadata(bytes, f.format as MetadataFormat, meta, keepFrom ? { keepFrom, keepGps: choice.gps } : {});
        }
      }
      if (credentials && bytes !== stored) bytes = await credentials.service.credentialsForReencode(stored, bytes, f.format as 'png', exportActions(f, src.output, bytes !== stored && !f.reencode));
      const fileName = `${f.stem}.${f.ext}`;
      if (zip) {
        entries.push({ name: fileName, bytes });
        if (xmpSidecar !== undefined) entries.push({ name: `${f.stem}.xmp`, bytes: Buffer.from(xmpSidecar) });
        files.push({ outputId: f.outputId, path: fileName, status: 'zipped' });
        continue;
      }
      const place = placeFile(f.stem, f.ext, sha256(bytes), await digestsOf(dir!, names, f.stem, f.ext));
      if (place.action === 'identical') {
        files.push({ outputId: f.outputId, path: join(dir!, place.fileName), status: 'identical' });
        continue;
      }
      // saveOutput takes the first free name itself (with O_EXCL), so a file another program
      // wrote a moment ago is still never overwritten.
      const path = await saveOutput(dir!, f.stem, f.ext as 'png', bytes, xmpSidecar !== undefined ? { xmpSidecar } : {});
      names.push(path.slice(path.lastIndexOf(sep) + 1));
      files.push({ outputId: f.outputId, path, status: 'written' });
      await d.written?.(f.outputId, path);
    } catch (err) {
      failures.push({ outputId: f.outputId, message: err instanceof Error ? err.message : String(err) });
    }
  }

  let zipResult: ExportRunResult['zip'] = null;
  if (zip && entries.length > 0) {
    const stem = `loupe-export-${stamp(now)}`;
    const bytes = await zipBuffer(entries, now);
    if (download) {
      const id = randomBytes(9).toString('base64url');
      const folder = join(d.dataDir, EXPORT_DOWNLOAD_DIR, id);
      await mkdir(folder, { recursive: true });
      const tmp = join(folder, `${stem}.zip.part`);
      await pipeline(async function* () {
        yield bytes;
      }, createWriteStream(tmp, { flags: 'wx' }));
      await rename(tmp, join(folder, `${stem}.zip`));
      zipResult = { path: null, downloadUrl: `/${EXPORT_DOWNLOAD_DIR}/${id}/${stem}.zip`, fileName: `${stem}.zip`, bytes: bytes.length };
    } else {
      const path = await writeZip(dir!, stem, bytes);
      zipResult = { path, downloadUrl: null, fileName: path.slice(path.lastIndexOf(sep) + 1), bytes: bytes.length };
    }
  }
  const count = (s: string) => files.filter((x) => x.status === s).length;
  const message = exportMessage({
    written: count('written'),
    identical: count('identical'),
    zipped: count('zipped'),
    failed: failures.length,
    where: zipResult ? (zipResult.path ? dir : null) : dir,
    zipName: zipResult?.fileName ?? null,
  });
  return { files, failures, zip: zipResult, message };
}

/** The stored file's valid credentials, if it carries any: then export keeps or re-signs them. */
async function credentialsOf(service: CredentialsService | undefined, hash: string, stored: Buffer): Promise<{ service: CredentialsService; embedOver: boolean } | null> {
  if (!service) return null;
  const mime = mimeOfBytes(stored);
  if (!mime || !supportsCredentials(mime)) return null;
  const summary = await service.record(hash, stored, mime);
  if (summary.state !== 'valid' && summary.state !== 'trusted') return null;
  // Loupe's own manifests are always signed again; the API's are kept unless the person chose to embed.
  return { service, embedOver: service.options().embedOverCredentials || (await service.isOwn(summary)) };
}

/** What the export did to the stored file, as C2PA actions. */
function exportActions(f: PlannedFile, output: OutputView, metadataOnly: boolean): CredentialAction[] {
  if (metadataOnly) return [{ action: 'c2pa.edited.metadata', description: 'Loupe embedded its XMP metadata: prompt, model, parameters, parent and job id.' }];
  const actions: CredentialAction[] = [];
  if (f.width !== output.width || f.height !== output.height) actions.push({ action: 'c2pa.resized', description: `Loupe resized the image to ${f.width}x${f.height} on export.` });
  actions.push({ action: 'c2pa.transcoded', description: `Loupe encoded the image as ${f.format.toUpperCase()} on export.` });
  return actions;
}
