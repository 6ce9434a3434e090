/** What a comparison shows: images of one picture (a source and its variants), same aspect. */
export interface CompareImage {
  /** Stable key (an output or asset id). */
  id: string;
  /** What the image is, as a person says it: "Source", "GPT Image 2.6 Flare · low". */
  label: string;
  src: string;
  /** Intrinsic size in pixels. The first image sets what "100%" means for every pane. */
  width: number;
  height: number;
}

export type CompareMode = 'side' | 'split' | 'onion' | 'flip';

export const MODE_LABELS: Record<CompareMode, string> = { side: 'Side by side', split: 'Split', onion: 'Onion skin', flip: 'Flip' };
