/** How outputs are written to the person's folders. */
import { z } from 'zod';

export const ExportOptionsSchema = z.object({
  /** Save each output to the output folder as soon as it arrives. */
  autoSave: z.boolean(),
  /** Prompt, model, parameters, parent and job id as XMP inside the file. */
  embedMetadata: z.boolean(),
  /** The same facts in a JSON file beside the image. */
  sidecar: z.boolean(),
  /** Keep the source photo's EXIF/IPTC/XMP on edited outputs. */
  keepSourceMetadata: z.boolean(),
  /** With keepSourceMetadata: keep its GPS position too (off: where a photo was taken is dropped). */
  keepGps: z.boolean(),
  /** With a pixel-locked edit, also save exactly what the model returned, beside the locked file. */
  saveRaw: z.boolean(),
});
export type ExportOptions = z.infer<typeof ExportOptionsSchema>;

/* The export dialog (outputs:export-run): one request with every choice, one answer that says where each file went. */
export const ExportFormatSchema = z.enum(['original', 'png', 'jpeg', 'webp', 'avif']);
export type ExportFormat = z.infer<typeof ExportFormatSchema>;

export const ExportChoiceSchema = z
  .object({
    format: ExportFormatSchema,
    /** Shrink so the long edge is at most this; null keeps the size (never enlarges). */
    longEdge: z.number().int().min(16).max(16384).nullable(),
    /** JPEG, WebP and AVIF quality. */
    quality: z.number().int().min(1).max(100),
    /** Naming template ({date}, {prompt}, {model}, {index}...); empty: the job's own. */
    template: z.string().max(500),
    /** Prompt, model and parameters as XMP inside the file. */
    xmp: z.boolean(),
    /** Keep a source photo's GPS position on edits (dropped unless asked). */
    gps: z.boolean(),
    zip: z.boolean(),
  })
  .strict();
export type ExportChoice = z.infer<typeof ExportChoiceSchema>;

export const ExportRunRequestSchema = z
  .object({
    outputIds: z.array(z.number().int().positive()).min(1).max(10_000),
    /** A folder (desktop: any; web host: inside the output folders), or a zip download (web host). */
    destination: z.discriminatedUnion('kind', [z.object({ kind: z.literal('folder'), dir: z.string().trim().min(1).max(4096) }).strict(), z.object({ kind: z.literal('download') }).strict()]),
    choice: ExportChoiceSchema,
  })
  .strict();
export type ExportRunRequest = z.infer<typeof ExportRunRequestSchema>;

export const ExportedFileSchema = z.object({
  outputId: z.number().int(),
  /** Where it is now: the file written, the identical file already there, or the name inside the zip. */
  path: z.string(),
  status: z.enum(['written', 'identical', 'zipped']),
});
export const ExportRunResultSchema = z.object({
  files: z.array(ExportedFileSchema),
  failures: z.array(z.object({ outputId: z.number().int(), message: z.string() })),
  /** The zip written (folder) or to download (web host), when zip was chosen. */
  zip: z.object({ path: z.string().nullable(), downloadUrl: z.string().nullable(), fileName: z.string(), bytes: z.number().int() }).nullable(),
  /** One sentence for people: what was written, skipped and where. */
  message: z.string(),
});
export type ExportRunResult = z.infer<typeof ExportRunResultSchema>;
