/**
 * Writing an output to the person's folders: auto-save as an image arrives, "Export" of a
 * selection, "Reveal in folder" and drag-out. One path for all of them, so a file is
 * named, tagged and placed the same way however it got there:
 *   folder and template: the job's project's when it has them, else the general ones;
 *   bytes: the pixel-locked image when there is one (that is the result), else the raw;
 *   XMP (prompt, model, parameters, parent, job id) embedded without re-encoding, a
 *   source photo's EXIF/IPTC/XMP kept on edits, and a JSON sidecar, as the options say;
 *   never overwriting (save-output.ts);
 *   content credentials kept valid: an image carrying the API's C2PA manifest is saved
 *   byte for byte with Loupe's XMP in a sidecar (name.xmp), since anything embedded would
 *   break the manifest's hard binding; if the person chose to embed anyway, or the manifest
 *   is Loupe's own (a pixel-locked image), the XMP is embedded and the file re-signed by
 *   Loupe with the image as it was (manifests and all) as its parent.
 */
import { readFile } from 'node:fs/promises';
import type { CredentialSummary, ExportOptions, JobView, OutputView } from '../../shared';
import { LoupeError } from '../../shared';
import type { OrganiseRepo } from '../db/organise-repo';
import { effectiveFidelity } from '../jobs/fidelity';
import type { SettingsService } from '../settings/settings-service';
import type { ContentStore } from '../store/content-store';
import { buildSidecar, embedMetadata, type MetadataFormat, type OutputMetadata } from './metadata';
import { renderName } from './naming';
import { saveOutput, type SaveExt } from './save-output';
import { sniffImage } from '../store/content-store';
import type { CredentialsService } from '../credentials/credentials-service';
import { supportsCredentials } from '../credentials/read';
import { serializePacket, loupeProperties } from './xmp-packet';

export interface ExportDeps {
  store: ContentStore;
  settings: SettingsService;
  organise: OrganiseRepo;
  /** Written as the files' creator tool, e.g. "Loupe 0.1.0". */
  appName: string;
  /** The brand kit and its version a job used ("Acme v3"), for the {kit} token; '' when none. */
  kitLabel?: (jobId: number) => string;
  /** More folders Loupe writes outputs to (batches' output folders). */
  extraFolders?: () => string[];
  /** Content credentials: present, outputs carrying a manifest keep it valid. */
  credentials?: CredentialsService;
}

export interface SaveTarget {
  dir: string;
  template: string;
  projectName: string | null;
}

const FORMAT: Record<string, { ext: SaveExt; format: MetadataFormat }> = {
  'image/png': { ext: 'png', format: 'png' },
  'image/jpeg': { ext: 'jpg', format: 'jpeg' },
  'image/webp': { ext: 'webp', format: 'webp' },
  'image/gif': { ext: 'gif', format: 'gif' },
  // The store holds SVG outputs only once sanitised, so this is the sanitised text.
  'image/svg+xml': { ext: 'svg', format: 'svg' },
};

/** Where a batch's result goes instead of the usual folder: the mirrored subfolder, the batch's template. */
export interface OutputRoute {
  dir: string;
  template: string;
  /** The photo's name without its extension ({source}). */
  source: string;
  /** Recorded in the file's XMP: the batch, the photo it came from and the recipe. */
  record: Record<string, unknown>;
}

export class OutputExporter {
  constructor(private readonly d: ExportDeps) {}

  options(): ExportOptions {
    return this.d.settings.exportOptions();
  }

  /** The {kit} token of a job: its brand kit and version, or ''. */
  /** Content credentials, when this library reads and signs them (export keeps or re-signs them). */
  get credentials(): CredentialsService | undefined {
    return this.d.credentials;
  }

  kitLabel(jobId: number): string {
    return this.d.kitLabel?.(jobId) ?? '';
  }

  /** Every folder the person chose for output: saved files outside them are not trusted (saved-path.ts). */
  chosenFolders(): string[] {
    const projects = this.d.organise.projects().flatMap((p) => (p.outputDir ? [p.outputDir] : []));
    return [this.d.settings.output().outputDir, ...projects, ...(this.d.extraFolders?.() ?? [])];
  }

  /** The folder and naming template that apply to a job's outputs. */
  target(job: Pick<JobView, 'projectId'>): SaveTarget {
    const general = this.d.settings.output();
    const project = job.projectId === null ? null : this.d.organise.project(job.projectId);
    return {
      dir: project?.outputDir ?? general.outputDir,
      template: project?.namingTemplate ?? general.namingTemplate,
      projectName: project?.name ?? null,
    };
  }

  /**
   * Writes one output and returns its path. `bytes` saves a read when the caller has the
   * image in memory (auto-save); `dir` overrides the job's folder (an export elsewhere).
   */
  async write(job: JobView, output: OutputView, opts: { dir?: string; bytes?: Buffer; options?: ExportOptions; route?: OutputRoute; raw?: boolean; credentials?: CredentialSummary | null } = {}): Promise<string> {
    const options = opts.options ?? this.d.settings.exportOptions();
    const target = this.target(job);
    if (opts.route) {
      target.dir = opts.route.dir;
      target.template = opts.route.template;
    }
    // `raw`: what the model returned, even when the edit was pixel-locked (its name ends in "-raw").
    const locked = output.lockedHash !== null && !opts.raw;
    const hash = locked ? output.lockedHash! : output.assetHash;
    const path = this.d.store.pathOf(hash);
    if (!path && !opts.bytes) throw new LoupeError('NOT_FOUND', `The image of output ${output.index + 1} of job ${job.id} is no longer in the library.`);
    let bytes = opts.bytes ?? (await readFile(path!));
    const mime = locked ? mimeOfPath(path) ?? output.mime : output.mime;
    const kind = FORMAT[mime];
    if (!kind) throw new LoupeError('UNSUPPORTED', `Loupe saves PNG, JPEG, WebP, GIF and SVG outputs, not ${mime}.`);

    // The locked image is the first input's size as sent, which can differ from the raw output's.
    const size = locked ? await sniffImage(bytes) : null;
    const meta = this.metadataOf(job, output, locked);
    // A batch's recipe travels with each result (loupe:Parameters), beside the job's own parameters.
    if (opts.route) meta.params = { ...meta.params, batch: opts.route.record };
    let xmpSidecar: string | undefined;
    if (options.embedMetadata) {
      const keepFrom = options.keepSourceMetadata ? await this.sourcePhotoOf(job) : undefined;
      const embed = () => embedMetadata(bytes, kind.format, meta, keepFrom ? { keepFrom, keepGps: options.keepGps } : {});
      const credentials = this.d.credentials;
      // The verdict on these very bytes when the caller has just made it (auto-save), else made now.
      const signed = credentials && supportsCredentials(mime) ? (opts.credentials ?? (await credentials.record(hash, bytes, mime))) : null;
      const keep = signed !== null && (signed.state === 'valid' || signed.state === 'trusted');
      if (!keep || !credentials) bytes = await embed();
      else if (!credentials.options().embedOverCredentials && !(await credentials.isOwn(signed))) xmpSidecar = serializePacket(loupeProperties(meta));
      else {
        const original = bytes;
        bytes = await credentials.sign({
          bytes: await embed(),
          mime,
          title: `Loupe job ${job.id} image ${output.index + 1}`,
          actions: [{ action: 'c2pa.edited.metadata', description: 'Loupe embedded its XMP metadata: prompt, model, parameters, parent and job id.' }],
          ingredients: [{ bytes: original, mime, title: `Job ${job.id} image ${output.index + 1} as it was`, relationship: 'parentOf' }],
          sourceType: signed.manifests[0]?.digitalSourceType === 'compositeWithTrainedAlgorithmicMedia' ? 'compositeWithTrainedAlgorithmicMedia' : 'trainedAlgorithmicMedia',
        });
      }
    }
    const name = renderName(target.template, {
      // The job's time, not the save's: an output exported next week keeps the name it would have had.
      date: new Date(job.createdAt),
      prompt: job.prompt,
      model: job.model,
      quality: job.params.quality,
      size: `${size?.width ?? output.width}x${size?.height ?? output.height}`,
      jobId: job.id,
      index: output.index + 1, // people count from 1
      project: target.projectName ?? '',
      fidelity: effectiveFidelity(job.kind, job.model, job.params.inputFidelity) ?? '',
      kit: this.kitLabel(job.id),
      source: opts.route?.source,
    });
    const base = opts.raw && output.lockedHash !== null ? `${name}-raw` : name;
    return saveOutput(opts.dir ?? target.dir, base, kind.ext, bytes, { ...(options.sidecar ? { sidecar: buildSidecar(meta) } : {}), ...(xmpSidecar ? { xmpSidecar } : {}) });
  }

  /** What the file says about itself: prompt, model, parameters, parent, job id. */
  metadataOf(job: JobView, output: OutputView, locked: boolean): OutputMetadata {
    return {
      jobId: job.id,
      outputIndex: output.index,
      prompt: job.prompt,
      model: job.model,
      params: job.params,
      parentOutputId: job.parentOutputId,
      createdAt: job.createdAt,
      kind: job.kind,
      locked,
      requestIds: job.requestIds,
      app: this.d.appName,
    };
  }

  /** An edit's first input as the person imported it (camera EXIF and all); none when it is gone. */
  async sourcePhotoOf(job: JobView): Promise<Buffer | undefined> {
    if (job.kind !== 'edit') return undefined;
    const first = job.inputs.find((i) => i.role === 'image' && i.position === 0);
    const path = first ? this.d.store.pathOf(first.hash) : null;
    if (!path) return undefined;
    try {
      return await readFile(path);
    } catch {
      return undefined;
    }
  }
}

function mimeOfPath(path: string | null): string | null {
  if (!path) return null;
  const ext = path.slice(path.lastIndexOf('.') + 1);
  return ext === 'png' ? 'image/png' : ext === 'jpg' ? 'image/jpeg' : ext === 'webp' ? 'image/webp' : null;
}
