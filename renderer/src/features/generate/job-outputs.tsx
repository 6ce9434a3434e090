/** Streamed previews while a job runs, and the stored outputs once they arrive. */
import { parseSize, type JobView, type OutputView } from '../../../../electron/shared';
import { loupe } from '../../bridge/client';
import { formatBytes, formatName, promptForName } from '../../ui/format';
import { ImageFrame } from '../../ui/image-frame';
import { outputBadge } from '../../ui/output-kind';
import { openViewer } from '../../ui/viewer-store';
import { startOutputDrag } from '../edit/from-output';
import { EditOutputButton } from '../edit/results/edit-output-button';
import { LeakageReport } from '../edit/results/leakage-report';
import { CredentialsLine } from '../credentials/credentials-panel';
import { SavedLine, SaveRawButton } from '../edit/results/raw-save';

/** The size asked for (auto counts as square): previews and placeholders take its shape. */
function requestedSize(job: JobView): { width: number; height: number } {
  return parseSize(job.params.size) ?? { width: 1024, height: 1024 };
}

export function JobPreviews({ job, partials }: { job: JobView; partials: ReadonlyMap<number, string> | undefined }) {
  const n = job.params.n;
  const { width, height } = requestedSize(job);
  // Images that already arrived are shown as outputs; preview only the ones still coming.
  const pending = Array.from({ length: n }, (_, index) => index).filter((index) => !job.outputs.some((o) => o.index === index));
  if (pending.length === 0) return null;
  return (
    <div className={`image-grid count-${Math.min(pending.length, 4)}`}>
      {pending.map((index) => {
        const url = partials?.get(index);
        return url ? (
          <ImageFrame key={index} src={url} alt={`Preview ${index + 1} of ${n}`} width={width} height={height} className="preview" />
        ) : (
          <div key={index} className="image-frame placeholder" style={{ aspectRatio: `${width} / ${height}` }}>
            <span>{job.params.stream && job.params.partialImages > 0 ? `Waiting for preview ${index + 1}` : `Image ${index + 1} of ${n}`}</span>
          </div>
        );
      })}
    </div>
  );
}

function OutputFigure({ job, output, showRaw }: { job: JobView; output: OutputView; showRaw: boolean }) {
  const n = Math.max(job.params.n, job.outputs.length);
  const i = output.index + 1;
  const prompt = promptForName(job.prompt);
  // A masked edit shows its pixel-locked version unless the user asks for the raw one.
  const locked = output.lockedHash !== null && !showRaw;
  const src = loupe.assetUrl(locked ? output.lockedHash! : output.assetHash, 'full');
  const version = output.lockedHash === null ? '' : locked ? ' · pixel-locked' : ' · raw from the model';
  const badge = outputBadge(job, output);
  return (
    <figure className="output" draggable onDragStart={(e) => startOutputDrag(e, job, output)}>
      <ImageFrame
        src={src}
        alt={`Output ${i} of ${n}: ${prompt}`}
        // The locked version is at the source's size, which the output's figures do not describe.
        width={locked ? undefined : output.width}
        height={locked ? undefined : output.height}
        overlay={
          <>
            {badge ? <span className="output-badge">{badge}</span> : null}
            <button
            type="button"
            className="frame-action"
            aria-label={`View image ${i} full size`}
            title="View full size"
            onClick={() => openViewer({ src, title: prompt, caption: `${i} of ${n}${version}${badge ? ` · ${badge}` : ''}` })}
            >
              ⤢
            </button>
          </>
        }
      />
      <figcaption>
        <span className="output-dims">
          {locked ? 'Pixel-locked to the source · PNG' : `${output.width}x${output.height} · ${formatName(output.mime)} · ${formatBytes(output.bytes)}`}
        </span>
        {/* The file of the version on screen: the raw one of a locked edit only once it is saved too. */}
        <SavedLine job={job} output={output} raw={!locked} />
        {output.lockedHash !== null && !locked ? <SaveRawButton job={job} output={output} /> : null}
      </figcaption>
      {output.metrics ? <LeakageReport metrics={output.metrics} /> : null}
      <CredentialsLine key={locked ? output.lockedHash! : output.assetHash} hash={locked ? output.lockedHash! : output.assetHash} title={`image ${i}${version}`} />
      <div className="output-actions">
        <EditOutputButton job={job} output={output} />
        {badge ? null : (
          <span className="drag-hint" aria-hidden="true">
            or drag into Edit
          </span>
        )}
      </div>
    </figure>
  );
}

export function JobOutputs({ job, showRaw = false }: { job: JobView; showRaw?: boolean }) {
  const outputs = [...job.outputs].sort((a, b) => a.index - b.index);
  return (
    <div className={`image-grid count-${Math.min(outputs.length, 4)}`}>
      {outputs.map((output) => (
        <OutputFigure key={output.id} job={job} output={output} showRaw={showRaw} />
      ))}
    </div>
  );
}
