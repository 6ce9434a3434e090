/**
 * Which file a shown output is on disk. A pixel-locked edit has two versions: the locked
 * one is saved as the result, the raw one only when asked (the "Also save the raw output"
 * setting or "Save raw" here), through the same folder, naming and metadata rules, its
 * name ending in "-raw". The line always names the file of the version on screen, or says
 * that version is not saved.
 */
import { useState } from 'react';
import type { AppError, JobView, OutputView } from '../../../../../electron/shared';
import { call, toAppError } from '../../../bridge/client';
import { refreshJob } from '../../../bridge/jobs-store';
import { ErrorAlert } from '../../../ui/error-alert';

export function savedLine(output: OutputView, raw: boolean): { text: string; path: string | null; error: boolean } {
  if (raw && output.lockedHash !== null) {
    if (output.rawSavedPath) return { text: `Saved to ${output.rawSavedPath}`, path: output.rawSavedPath, error: false };
    return { text: 'The raw output is not saved to your folder' + (output.savedPath ? ' (the saved file is the locked version)' : ''), path: null, error: false };
  }
  if (output.savedPath) return { text: `Saved to ${output.savedPath}`, path: output.savedPath, error: false };
  if (output.saveError) return { text: `Not saved to your folder: ${output.saveError}`, path: null, error: true };
  return { text: "Kept in Loupe's library", path: null, error: false };
}

export function SavedLine({ output, raw }: { job: JobView; output: OutputView; raw: boolean }) {
  const line = savedLine(output, raw);
  return (
    <span className={line.error ? 'output-save-error' : line.path ? 'output-saved' : 'output-saved muted'} title={line.path ?? undefined}>
      {line.text}
    </span>
  );
}

export function SaveRawButton({ job, output }: { job: JobView; output: OutputView }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  if (output.lockedHash === null) return null;
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await call('saveRawOutput', { outputId: output.id });
      await refreshJob(job.id);
    } catch (err) {
      setError(toAppError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="btn small" disabled={busy} aria-busy={busy || undefined} title="Save exactly what the model returned, beside the locked file" onClick={() => void save()}>
        {output.rawSavedPath ? 'Save raw again' : 'Save raw'}
      </button>
      {error ? <ErrorAlert error={error} /> : null}
    </>
  );
}
