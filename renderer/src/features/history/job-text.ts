/** Words for a job shared by the gallery and the details panel. */
import { costFromUsage, type JobView } from '../../../../electron/shared';
import { isTerminal } from '../../bridge/jobs-store';
import { formatUsd } from '../../ui/format';

export const STATUS_LABELS: Record<JobView['status'], string> = {
  queued: 'Queued',
  running: 'Running',
  retrying: 'Retrying',
  succeeded: 'Done',
  failed: 'Failed',
  interrupted: 'Interrupted',
  canceled: 'Canceled',
};

export function actualCost(job: JobView): number | null {
  return job.costUsd ?? (job.usage ? costFromUsage(job.model, job.usage) : null);
}

export function costText(job: JobView): string {
  const actual = actualCost(job);
  if (actual !== null) return formatUsd(actual);
  // An estimate next to a job that has ended would read as a charge; say what is known.
  if (isTerminal(job.status)) return 'no charge';
  if (job.estimate) return `est. ${formatUsd(job.estimate.costUsd)}`;
  return '—';
}

export function sortedOutputs(job: JobView): JobView['outputs'] {
  return [...job.outputs].sort((a, b) => a.index - b.index);
}

/** How many images the job has or asked for, as the "of n" in image names. */
export function imageCount(job: JobView): number {
  return Math.max(job.params.n, job.outputs.length);
}
