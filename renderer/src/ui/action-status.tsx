/**
 * What a useAction run said: a polite live region for its status (present while empty, so
 * screen readers hear the message when it arrives) and the error, if it failed.
 */
import type { AppError } from '../../../electron/shared';
import { ErrorAlert } from './error-alert';
import type { ActionState } from './use-action';

export function ActionStatus({ action, className }: { action: ActionState; className?: string }) {
  return (
    <>
      <p role="status" className={className ? `status-ok ${className}` : 'status-ok'}>
        {action.status}
      </p>
      {action.error ? <ErrorAlert error={action.error} offerSettings={false} /> : null}
    </>
  );
}

/** A settings panel's outcome once there is one: its error, then what was saved. */
export function OutcomeLines({ error, status }: { error: AppError | null; status: string | null }) {
  return (
    <>
      {error ? <ErrorAlert error={error} offerSettings={false} /> : null}
      {status ? (
        <p role="status" className="status-ok">
          {status}
        </p>
      ) : null}
    </>
  );
}
