/**
 * What Loupe writes about an output (XMP, sidecar). Its own module so that metadata.ts and
 * the XMP writers it uses can both import it without importing each other.
 */
export interface OutputMetadata {
  jobId: number;
  /** 0-based, as stored. */
  outputIndex: number;
  prompt: string;
  model: string;
  params: Record<string, unknown>;
  parentOutputId: number | null;
  /** Epoch milliseconds. */
  createdAt: number;
  kind: 'generate' | 'edit';
  /** True for the pixel-locked (pasted-back) variant of an edit. */
  locked: boolean;
  requestIds: string[];
  /** Written as xmp:CreatorTool, e.g. "Loupe 0.1.0". */
  app: string;
}
