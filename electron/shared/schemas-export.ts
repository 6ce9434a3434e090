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
