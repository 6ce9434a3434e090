/**
 * One confirmation dialog for the whole app, asked for with a promise: `if (await
 * askConfirm({...}))`. A store rather than per-component dialogs so a question can be
 * asked from plain functions (the over-budget resend) and never two at once.
 */
import type { ReactNode } from 'react';
import { createStore } from '../bridge/store';

export interface ConfirmRequest {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  /** Destructive: the confirm button is red and Cancel gets the initial focus. */
  danger?: boolean;
  /** role="alertdialog": the question interrupts something the user was doing (a send over budget). */
  alert?: boolean;
}

interface Pending extends ConfirmRequest {
  resolve: (ok: boolean) => void;
}

export const confirmStore = createStore<Pending | null>(null);

export function askConfirm(request: ConfirmRequest): Promise<boolean> {
  // A question still open is answered "no" rather than left hanging.
  confirmStore.get()?.resolve(false);
  return new Promise((resolve) => {
    confirmStore.set({ ...request, resolve });
  });
}

export function answerConfirm(ok: boolean): void {
  const pending = confirmStore.get();
  if (!pending) return;
  confirmStore.set(null);
  pending.resolve(ok);
}
