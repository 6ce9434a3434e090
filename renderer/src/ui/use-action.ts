/** Runs one async action at a time for a part of a view (a details section, a settings panel), with its status line and error. */
import { useState } from 'react';
import type { AppError } from '../../../electron/shared';
import { toAppError } from '../bridge/client';

export function useAction() {
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  /** `work` returns the status to show, or null for none. */
  const run = async (work: () => Promise<string | null>): Promise<void> => {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      setStatus(await work());
    } catch (err) {
      setError(toAppError(err));
    } finally {
      setBusy(false);
    }
  };

  return { busy, status, error, run, setStatus, setError };
}

export type ActionState = ReturnType<typeof useAction>;
