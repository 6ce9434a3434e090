/**
 * One output's marks in the details panel: five stars, Pick and Reject, a colour label. The
 * image above them takes the judging keys too (0-5, P, X, U, 6-9) once it has the focus.
 */
import type { OutputView } from '../../../../../electron/shared';
import { useAction } from '../../../ui/use-action';
import { ErrorAlert } from '../../../ui/error-alert';
import { LABELS, markOutputs, type MarkChange } from '../marks';

export function OutputMarkControls({ output, name }: { output: OutputView; name: string }) {
  const action = useAction();
  const mark = (change: MarkChange) =>
    action.run(async () => {
      await markOutputs([output.id], change);
      return null;
    });
  return (
    <div className="output-marks">
      <div role="group" aria-label={`Rating of ${name}`} className="mark-stars-input">
        {[1, 2, 3, 4, 5].map((n) => (
          <button
            key={n}
            type="button"
            className={`star${n <= output.rating ? ' on' : ''}`}
            aria-label={`${n} ${n === 1 ? 'star' : 'stars'}`}
            aria-pressed={output.rating === n}
            title={output.rating === n ? 'Clear the rating (0)' : `Rate ${n} (${n})`}
            disabled={action.busy}
            // Clicking the rating it has clears it, as in Lightroom's filmstrip.
            onClick={() => void mark({ rating: output.rating === n ? 0 : n })}
          >
            {n <= output.rating ? '★' : '☆'}
          </button>
        ))}
      </div>
      <div role="group" aria-label={`Flag of ${name}`} className="toggle-group mark-flags">
        <button type="button" aria-pressed={output.flag === 'pick'} title="Pick (P); again to unflag (U)" disabled={action.busy} onClick={() => void mark({ flag: output.flag === 'pick' ? null : 'pick' })}>
          ⚑ Pick
        </button>
        <button type="button" aria-pressed={output.flag === 'reject'} title="Reject (X); again to unflag (U)" disabled={action.busy} onClick={() => void mark({ flag: output.flag === 'reject' ? null : 'reject' })}>
          ✕ Reject
        </button>
      </div>
      <label className="visually-hidden" htmlFor={`mark-label-${output.id}`}>
        Label of {name}
      </label>
      <select
        id={`mark-label-${output.id}`}
        className={`compact-select mark-label-select${output.label ? ` label-${output.label}` : ''}`}
        value={output.label ?? ''}
        disabled={action.busy}
        onChange={(e) => void mark({ label: e.target.value === '' ? null : (e.target.value as NonNullable<OutputView['label']>) })}
      >
        <option value="">No label</option>
        {LABELS.map((l) => (
          <option key={l.value} value={l.value}>
            {l.name}
            {l.key ? ` (${l.key})` : ''}
          </option>
        ))}
      </select>
      {action.error ? <ErrorAlert error={action.error} offerSettings={false} /> : null}
    </div>
  );
}
