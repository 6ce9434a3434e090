/**
 * Dragging an output out of History. In the desktop app the main process starts a native
 * file drag (Electron's startDrag), so the file lands in Finder or Explorer. In the browser
 * host the browser drags the image itself; Chromium's DownloadURL also saves it when it
 * is dropped on the desktop. Either way the private output type lets the Edit tab take it.
 */
import type { DragEvent } from 'react';
import type { JobView, OutputView } from '../../../../electron/shared';
import { call, loupe } from '../../bridge/client';
import { upsertJobs } from '../../bridge/jobs-store';
import { startOutputDrag } from '../edit/from-output';
import { IMAGE_EXT } from '../../ui/output-kind';

export function dragOutput(e: DragEvent, job: JobView, output: OutputView, host: 'electron' | 'web' | 'cli' | undefined): void {
  // Drops inside the app look the output up in the jobs store; History's rows live in their own cache.
  upsertJobs([job]);
  if (host === 'electron') {
    e.preventDefault();
    void call('startDrag', { outputId: output.id }).catch(() => undefined);
    return;
  }
  startOutputDrag(e, job, output);
  const hash = output.lockedHash ?? output.assetHash;
  const mime = output.lockedHash ? 'image/png' : output.mime;
  const url = new URL(loupe.assetUrl(hash, 'full'), window.location.href).href;
  e.dataTransfer.setData('DownloadURL', `${mime}:loupe-job-${job.id}-${output.index + 1}.${IMAGE_EXT[mime] ?? 'png'}:${url}`);
}
