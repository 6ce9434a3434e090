/** "Edit this output": the output becomes the first image of the Edit view, and the edit records where it came from. */
import { useState } from 'react';
import type { JobView, OutputView } from '../../../../../electron/shared';
import { useNavigate } from '../../../app/navigation';
import { editOutput } from '../from-output';
import { isAnimated, isVector } from '../../../ui/output-kind';

export function EditOutputButton({ job, output, compact = false }: { job: JobView; output: OutputView; compact?: boolean }) {
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  // The edits endpoint takes PNG, WebP or JPEG inputs only.
  const unusable = output.lockedHash === null && (isAnimated(output.mime) || isVector(output.mime));
  if (unusable) {
    return <span className="field-note edit-unusable">{isVector(output.mime) ? 'An SVG' : 'An animated GIF'} cannot be edited: edits take PNG, WebP or JPEG.</span>;
  }
  return (
    <button
      type="button"
      className={compact ? 'btn small ghost thumb-action' : 'btn small'}
      aria-label="Edit this output"
      title={`Open output ${output.index + 1} in Edit as the first image`}
      disabled={busy}
      onClick={() => {
        setBusy(true);
        navigate('edit');
        void editOutput(job, output).finally(() => setBusy(false));
      }}
    >
      {compact ? 'Edit' : 'Edit this output'}
    </button>
  );
}
