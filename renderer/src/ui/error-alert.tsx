/** A failure explained: a title per error code, the message, facts to quote to support, and what to do. */
import type { AppError } from '../../../electron/shared';
import { useNavigate } from '../app/navigation';
import { canRetry, errorTitle, fixedInSettings } from './error-info';

interface ErrorAlertProps {
  error: AppError;
  /** Request ids known for the job, when the error itself carries none. */
  requestIds?: readonly string[];
  onRetry?: () => void;
  retrying?: boolean;
  /** false inside Settings, where a "go to Settings" button would be silly. */
  offerSettings?: boolean;
  /** History rows are not urgent: render as a plain note instead of an alert. */
  quiet?: boolean;
  /** How many times the job was sent, when it was more than once. */
  attempts?: number;
}

export function ErrorAlert({ error, requestIds, onRetry, retrying, offerSettings = true, quiet, attempts }: ErrorAlertProps) {
  const navigate = useNavigate();
  const requestId = error.detail?.requestId ?? requestIds?.[requestIds.length - 1];
  const categories = error.detail?.categories ?? [];
  return (
    <div className="error-box" role={quiet ? undefined : 'alert'}>
      <p className="error-title">{errorTitle(error)}</p>
      <p className="error-message">{error.message}</p>
      {categories.length > 0 ? <p className="error-detail">Categories: {categories.join(', ')}</p> : null}
      {attempts && attempts > 1 ? <p className="error-detail">Gave up after {attempts} attempts.</p> : null}
      {requestId ? (
        <p className="error-detail">
          Request ID: <code>{requestId}</code>
        </p>
      ) : null}
      {(onRetry && canRetry(error)) || (offerSettings && fixedInSettings(error)) ? (
        <div className="error-actions">
          {onRetry && canRetry(error) ? (
            <button type="button" className="btn" onClick={onRetry} disabled={retrying}>
              Retry
            </button>
          ) : null}
          {offerSettings && fixedInSettings(error) ? (
            <button type="button" className="btn" onClick={() => navigate('settings')}>
              Open Settings
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
