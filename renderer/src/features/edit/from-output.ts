/**
 * Loupe's own outputs as edit inputs: "Edit this output" and drag and drop from Generate
 * and History. The pixel-locked version is used when there is one (that is what the user
 * sees and saved). Its size can differ from the raw output's (it is at the source's
 * size), so the real size is read from the image before the tray gets it.
 */
import type { DragEvent } from 'react';
import type { JobView, OutputView } from '../../../../electron/shared';
import { loupe } from '../../bridge/client';
import { findOutput, getJobs } from '../../bridge/jobs-store';
import { insertItems, type TrayItem } from './tray-store';
import { IMAGE_EXT } from '../../ui/output-kind';

/** Private drag type: only Loupe's own views produce it, so a drop can trust the ids and look them up. */
export const OUTPUT_DRAG_TYPE = 'application/x-loupe-output';

function measure(url: string, fallback: { width: number; height: number }): Promise<{ width: number; height: number }> {
  return new Promise((resolve) => {
    const img = new Image();
    const timer = setTimeout(() => resolve(fallback), 5000);
    img.onload = () => {
      clearTimeout(timer);
      resolve(img.naturalWidth > 0 ? { width: img.naturalWidth, height: img.naturalHeight } : fallback);
    };
    img.onerror = () => {
      clearTimeout(timer);
      resolve(fallback);
    };
    img.src = url;
  });
}

export async function trayItemFromOutput(job: JobView, output: OutputView): Promise<TrayItem> {
  const hash = output.lockedHash ?? output.assetHash;
  // The locked image is written as PNG at the source's size; the raw one as the job asked.
  const mime = output.lockedHash ? 'image/png' : output.mime;
  const size = output.lockedHash ? await measure(loupe.assetUrl(hash, 'full'), output) : { width: output.width, height: output.height };
  return {
    hash,
    name: `job-${job.id}-output-${output.index + 1}.${IMAGE_EXT[mime] ?? 'png'}`,
    width: size.width,
    height: size.height,
    bytes: output.lockedHash ? 0 : output.bytes,
    mime,
    kind: 'output',
    fromOutput: { outputId: output.id, jobId: job.id, index: output.index },
  };
}

/** Puts an output first in the tray (the image the edit and its mask apply to). */
export async function editOutput(job: JobView, output: OutputView): Promise<void> {
  insertItems([await trayItemFromOutput(job, output)], 0);
}

export function startOutputDrag(e: DragEvent, job: JobView, output: OutputView): void {
  e.dataTransfer.setData(OUTPUT_DRAG_TYPE, JSON.stringify({ jobId: job.id, outputId: output.id }));
  e.dataTransfer.effectAllowed = 'copy';
}

export function carriesOutput(dt: DataTransfer): boolean {
  return dt.types.includes(OUTPUT_DRAG_TYPE);
}

/** Adds the dragged output at `at`; false when the drop did not carry one Loupe knows. */
export async function dropOutput(dt: DataTransfer, at: number | null): Promise<boolean> {
  let outputId: unknown;
  try {
    outputId = (JSON.parse(dt.getData(OUTPUT_DRAG_TYPE)) as { outputId?: unknown }).outputId;
  } catch {
    return false;
  }
  if (typeof outputId !== 'number') return false;
  const found = findOutput(getJobs().jobs, outputId);
  if (!found) return false;
  insertItems([await trayItemFromOutput(found.job, found.output)], at);
  return true;
}
