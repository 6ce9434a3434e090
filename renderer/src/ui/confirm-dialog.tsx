/** The app's confirmation dialog (see confirm-store): native <dialog> for focus trapping and Escape. */
import { useEffect, useRef } from 'react';
import { useStore } from '../bridge/store';
import { answerConfirm, confirmStore } from './confirm-store';

export function ConfirmDialog() {
  const pending = useStore(confirmStore);
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (pending && !dialog.open) {
      dialog.showModal();
      // Destructive questions start on Cancel so a stray Enter cannot delete anything.
      (pending.danger ? cancelRef : confirmRef).current?.focus();
    } else if (!pending && dialog.open) {
      dialog.close();
    }
  }, [pending]);

  return (
    <dialog
      ref={ref}
      className="confirm"
      role={pending?.alert ? 'alertdialog' : undefined}
      aria-labelledby="confirm-title"
      aria-describedby="confirm-body"
      onClose={() => answerConfirm(false)}
    >
      {pending ? (
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            answerConfirm(true);
          }}
        >
          <h2 id="confirm-title">{pending.title}</h2>
          <div id="confirm-body" className="confirm-body">
            {pending.body}
          </div>
          <div className="confirm-actions">
            <button ref={cancelRef} type="button" className="btn" onClick={() => answerConfirm(false)}>
              {pending.cancelLabel ?? 'Cancel'}
            </button>
            <button ref={confirmRef} type="submit" className={`btn ${pending.danger ? 'danger-solid' : 'primary'}`}>
              {pending.confirmLabel}
            </button>
          </div>
        </form>
      ) : null}
    </dialog>
  );
}
