/** "Edited from job #12, output 1": which output an edit continued from. */
import type { JobView } from '../../../../../electron/shared';
import { findOutput, useJobs } from '../../../bridge/jobs-store';

export function Lineage({ job }: { job: JobView }) {
  const { jobs } = useJobs();
  const id = job.parentOutputId ?? job.params.parentOutputId ?? null;
  if (id === null) return null;
  const found = findOutput(jobs, id);
  return (
    <p className="lineage">
      <span aria-hidden="true">↳ </span>
      {found ? `Edited from job #${found.job.id}, output ${found.output.index + 1}` : `Edited from output #${id}`}
    </p>
  );
}
