/** The images an edit was given (and its mask or markup), small, in the order they were sent. */
import type { JobView } from '../../../../../electron/shared';
import { loupe } from '../../../bridge/client';

export function JobSources({ job, prefix = '' }: { job: JobView; prefix?: string }) {
  const images = job.inputs.filter((i) => i.role === 'image').sort((a, b) => a.position - b.position);
  const mask = job.inputs.find((i) => i.role === 'mask');
  const markup = job.inputs.find((i) => i.role === 'markup');
  if (images.length === 0) return null;
  return (
    <div className="job-sources" role="group" aria-label={`${prefix}${prefix ? 'sources' : 'Sources'} of job #${job.id}`}>
      {images.map((i, n) => (
        <figure key={`${i.hash}:${i.position}`} className="source-thumb">
          <img className="checker" src={loupe.assetUrl(i.hash, 'thumb')} alt={`${prefix}${prefix ? 'source' : 'Source'} ${n + 1} of job #${job.id}: ${i.name ?? 'image'}`} loading="lazy" draggable={false} />
          {n === 0 ? <figcaption>primary</figcaption> : null}
        </figure>
      ))}
      {mask ? (
        <figure className="source-thumb">
          <img className="checker" src={loupe.assetUrl(mask.hash, 'thumb')} alt={`${prefix}${prefix ? 'mask' : 'Mask'} of job #${job.id}`} loading="lazy" draggable={false} />
          <figcaption>mask</figcaption>
        </figure>
      ) : null}
      {markup ? (
        <figure className="source-thumb">
          <img className="checker" src={loupe.assetUrl(markup.hash, 'thumb')} alt={`${prefix}${prefix ? 'markup' : 'Markup'} of job #${job.id}`} loading="lazy" draggable={false} />
          <figcaption>markup</figcaption>
        </figure>
      ) : null}
    </div>
  );
}
