/** "New edit" above the guide, and what it just cleared with an Undo. */
import { dismissNewEditStatus, startNewEdit, undoNewEdit, useNewEditStatus } from './new-edit';

export function NewEditBar() {
  const status = useNewEditStatus();
  return (
    <div className="new-edit-bar">
      <button type="button" className="btn small" title="Clear the images, mask, markup and prompt (settings stay)" onClick={() => startNewEdit()}>
        New edit
      </button>
      <div role="status" className="new-edit-status">
        {status ? (
          <>
            <span>{status.message}</span>
            {status.canUndo ? (
              <button type="button" className="btn small" onClick={undoNewEdit}>
                Undo
              </button>
            ) : null}
            <button type="button" className="btn small ghost" aria-label="Dismiss" title="Dismiss" onClick={dismissNewEditStatus}>
              ×
            </button>
          </>
        ) : null}
      </div>
    </div>
  );
}
