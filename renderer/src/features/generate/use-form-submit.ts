/**
 * Sending a Generate or Edit form: Enter submits, Ctrl/⌘+Enter submits from anywhere in
 * the form (the prompt is a textarea, where Enter is a new line), a second press while one
 * is on its way does nothing, and a failure is kept to show under the button.
 */
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import type { AppError } from '../../../../electron/shared';
import { toAppError } from '../../bridge/client';

/** `params` is null while the form cannot be sent; `send` gets them when it can. */
export function useFormSubmit<P>(params: P | null, send: (params: P) => Promise<unknown>) {
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  const submit = async () => {
    if (params === null || submitting) return;
    setSubmitting(true);
    setError(null);
    try {
      await send(params);
    } catch (err) {
      setError(toAppError(err));
    } finally {
      setSubmitting(false);
    }
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void submit();
    }
  };
  return { submitting, error, onSubmit, onKeyDown };
}
