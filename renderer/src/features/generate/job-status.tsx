/** One line saying what an unfinished job is doing right now, including the wait before a retry. */
import type { JobView } from '../../../../electron/shared';
import type { RetryNotice } from '../../bridge/jobs-store';
import { errorTitle } from '../../ui/error-info';
import { plural } from '../../ui/format';
import { useNow } from '../../ui/use-now';
import { clock, expectation } from './job-timing';

export function statusText(job: JobView, notice: RetryNotice | undefined, now: number): string {
  const images = plural(job.params.n, 'image');
  if (notice && (job.status === 'retrying' || job.status === 'queued' || job.status === 'running')) {
    const left = Math.ceil((notice.receivedAt + notice.delayMs - now) / 1000);
    const attempt = `attempt ${notice.attempt} of ${notice.maxAttempts}`;
    return left > 0 ? `${errorTitle(notice.error)} — retrying in ${left} s (${attempt})` : `${errorTitle(notice.error)} — retrying now (${attempt})`;
  }
  switch (job.status) {
    case 'queued':
      return `Waiting to start ${images}…`;
    case 'running':
      return `${job.kind === 'edit' ? 'Editing' : 'Generating'} ${images}…`;
    case 'retrying':
      return `Retrying ${images}…`;
    default:
      return '';
  }
}

export function JobStatus({ job, notice }: { job: JobView; notice: RetryNotice | undefined }) {
  const now = useNow(true, 500);
  const since = job.startedAt ?? job.createdAt;
  const elapsed = Math.max(0, Math.floor((now - since) / 1000));
  const expected = expectation(job);
  const late = expected !== null && elapsed > expected.high && !notice;
  return (
    <div className="job-status-block">
      <p className="job-status" aria-live="polite">
        <span className="spinner" aria-hidden="true" />
        <span className="job-status-text">{statusText(job, notice, now)}</span>
      </p>
      {/* Ticks every second: kept out of the live region so screen readers are not flooded. */}
      <p className="job-timing">
        <span className="job-elapsed">{clock(elapsed)} elapsed</span>
        {expected ? <span> · usually {expected.text}</span> : null}
      </p>
      <p role="status" className={late ? 'job-late' : 'visually-hidden'}>
        {late ? 'Taking longer than usual — still waiting; nothing is lost.' : ''}
      </p>
    </div>
  );
}
