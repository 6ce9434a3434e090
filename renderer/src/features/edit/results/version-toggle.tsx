/**
 * Locked or raw: which version of a masked edit's outputs to show. Two pressed-state
 * buttons rather than one whose name flips, so each keeps its name and says whether it
 * is the one showing. `names` tells two toggles on one page apart.
 */
export function VersionToggle({
  showRaw,
  onChange,
  names = { locked: 'Show locked output', raw: 'Show raw output' },
}: {
  showRaw: boolean;
  onChange: (raw: boolean) => void;
  names?: { locked: string; raw: string };
}) {
  return (
    <div className="toggle-group version-toggle" role="group" aria-label="Which version to show">
      <button type="button" aria-pressed={!showRaw} aria-label={names.locked} title="Your original pixels restored outside the mask" onClick={() => onChange(false)}>
        Locked
      </button>
      <button type="button" aria-pressed={showRaw} aria-label={names.raw} title="Exactly what the model returned" onClick={() => onChange(true)}>
        Raw
      </button>
    </div>
  );
}
