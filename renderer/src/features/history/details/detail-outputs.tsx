/**
 * A job's outputs in the details panel: locked or raw, with size and leakage figures, and
 * what can be done with each (edit it, reveal its saved file, drag it out of the app).
 */
import { useState } from 'react';
import type { JobView, OutputView } from '../../../../../electron/shared';
import { call, loupe } from '../../../bridge/client';
import { useSettings } from '../../../bridge/settings-store';
import { formatBytes, formatName, promptForName } from '../../../ui/format';
import { outputBadge, variantFor } from '../../../ui/output-kind';
import { openViewer } from '../../../ui/viewer-store';
import { EditOutputButton } from '../../edit/results/edit-output-button';
import { leakageSentence } from '../../edit/results/leakage-report';
import { VersionToggle } from '../../edit/results/version-toggle';
import { imageCount, sortedOutputs } from '../job-text';
import { dragOutput } from '../output-drag';
import { ActionStatus } from '../../../ui/action-status';
import { useAction } from '../../../ui/use-action';
import { markForKey, markOutputs, MarkBadges, marksText } from '../marks';
import { OutputMarkControls } from './output-marks';
import { CredentialsPanel } from '../../credentials/credentials-panel';

function OutputItem({ job, output, showRaw }: { job: JobView; output: OutputView; showRaw: boolean }) {
  const { appInfo } = useSettings();
  const action = useAction();
  const n = imageCount(job);
  const i = output.index + 1;
  const locked = output.lockedHash !== null && !showRaw;
  const hash = locked ? output.lockedHash! : output.assetHash;
  const desktop = appInfo?.host === 'electron';
  const badge = outputBadge(job, output);
  const wanted = job.outputs.length > 1 ? 'thumb' : 'preview';

  const reveal = () =>
    action.run(async () => {
      const r = await call('revealOutput', { outputId: output.id });
      return r.revealed ? `Shown in its folder: ${r.path}` : `Saved at ${r.path}`;
    });

  return (
    <li className="det-output">
      <div
        className="det-output-frame checker"
        // Focusable so the judging keys reach this one image, as in Lightroom's loupe view.
        tabIndex={0}
        role="group"
        aria-label={`Output ${i} of ${n}: ${marksText({ rating: output.rating, flag: output.flag, labels: output.label ? [output.label] : [] })}. Keys: 0-5 rate, P pick, X reject, U unflag, 6-9 label.`}
        onKeyDown={(e) => {
          if (e.target !== e.currentTarget) return;
          const change = markForKey(e);
          if (!change) return;
          e.preventDefault();
          void action.run(async () => {
            await markOutputs([output.id], change);
            return null;
          });
        }}
      >
        {badge ? <span className="output-badge">{badge}</span> : null}
        <MarkBadges rating={output.rating} flag={output.flag} labels={output.label ? [output.label] : []} className="on-frame" />
        <img
          // One output fills the panel's width (the preview size is sharp there); two share it.
          src={loupe.assetUrl(hash, locked ? wanted : variantFor(output.mime, wanted))}
          alt={`Job #${job.id} output ${i} of ${n}${locked ? ', pixel-locked' : output.lockedHash ? ', raw' : ''}`}
          decoding="async"
          title={desktop ? 'Drag to your desktop or a folder' : 'Drag into Edit, or to your desktop'}
          onDragStart={(e) => dragOutput(e, job, output, appInfo?.host)}
        />
        <button
          type="button"
          className="frame-action"
          aria-label={`View output ${i} full size`}
          title="View full size"
          onClick={() => openViewer({ src: loupe.assetUrl(hash, 'full'), title: promptForName(job.prompt), caption: `Job #${job.id} · ${i} of ${n}${badge ? ` · ${badge}` : ''}` })}
        >
          ⤢
        </button>
      </div>
      <p className="det-output-dims">
        {locked ? 'Pixel-locked to the source · PNG' : `${output.width}x${output.height} · ${formatName(output.mime)} · ${formatBytes(output.bytes)}`}
      </p>
      <OutputMarkControls output={output} name={`output ${i}`} />
      {output.metrics ? <p className="leakage-figures">{leakageSentence(output.metrics)}</p> : null}
      <CredentialsPanel key={hash} hash={hash} title={`output ${i}${locked ? ' (pixel-locked)' : output.lockedHash ? ' (raw)' : ''}`} />
      {output.savedPath ? (
        <p className="output-saved" title={output.savedPath}>
          {output.savedPath}
        </p>
      ) : output.saveError ? (
        <p className="output-save-error">Not saved to your folder: {output.saveError}</p>
      ) : null}
      <div className="button-row compact">
        <EditOutputButton job={job} output={output} />
        <button type="button" className="btn small" onClick={() => void reveal()} disabled={action.busy}>
          Reveal in folder
        </button>
      </div>
      <ActionStatus action={action} className="det-status" />
    </li>
  );
}

export function DetailOutputs({ job }: { job: JobView }) {
  const [showRaw, setShowRaw] = useState(false);
  const outputs = sortedOutputs(job);
  if (outputs.length === 0) return <p className="muted">No images{job.status === 'succeeded' ? ' were returned' : ' yet'}.</p>;
  return (
    <>
      {outputs.some((o) => o.lockedHash !== null) ? <VersionToggle showRaw={showRaw} onChange={setShowRaw} /> : null}
      <ul className={`det-outputs count-${Math.min(outputs.length, 2)}`} aria-label="Outputs">
        {outputs.map((o) => (
          <OutputItem key={o.id} job={job} output={o} showRaw={showRaw} />
        ))}
      </ul>
    </>
  );
}
