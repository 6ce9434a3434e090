/**
 * The API key: asked for on first run, afterwards only described by its last four
 * characters and where it lives. The key itself is never shown or read back.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiKeySchema, type AppError, type SettingsView } from '../../../../electron/shared';
import { call, toAppError } from '../../bridge/client';
import { applySettings } from '../../bridge/settings-store';
import { OutcomeLines } from '../../ui/action-status';
import { Field } from '../../ui/field';

export function keyWhere(key: SettingsView['key']): string {
  if (key.source === 'env') return 'from OPENAI_API_KEY';
  return key.storage === 'os' ? 'stored in the system keychain' : 'kept in memory for this browser session';
}

interface KeyPanelProps {
  settings: SettingsView;
  /** Saves pending connection fields too; returns false when they need fixing first. */
  beforeSave: () => boolean;
  /** Gets the key just saved: connection changes must carry it (see the settings service). */
  afterSave: (apiKey: string) => Promise<boolean>;
  status: string | null;
  onStatus: (message: string) => void;
  children?: ReactNode;
}

export function KeyPanel({ settings, beforeSave, afterSave, status, onStatus, children }: KeyPanelProps) {
  const { key } = settings;
  const [apiKey, setApiKey] = useState('');
  const [replacing, setReplacing] = useState(false);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const asking = !key.set || replacing;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = ApiKeySchema.safeParse(apiKey);
    setFieldError(parsed.success ? null : (parsed.error.issues[0]?.message ?? 'That does not look like an API key.'));
    // Check the connection fields too, so every problem shows at once.
    const connectionOk = beforeSave();
    if (!parsed.success || !connectionOk) return;
    setBusy(true);
    setError(null);
    try {
      applySettings(await call('setApiKey', { apiKey: parsed.data }));
      setApiKey('');
      setReplacing(false);
      const connectionSaved = await afterSave(parsed.data);
      onStatus(connectionSaved ? 'Key saved. Use Test connection to see which image models it can use.' : 'Key saved, but the connection settings were not: see below.');
    } catch (err) {
      const appError = toAppError(err);
      if (appError.code === 'INVALID_ARGUMENTS') setFieldError(appError.message);
      else setError(appError);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      applySettings(await call('clearApiKey', {}));
      onStatus('Key removed.');
    } catch (err) {
      setError(toAppError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className={`panel ${key.set ? '' : 'onboarding'}`}>
      <h2 id="key-title">{key.set ? 'OpenAI API key' : 'Welcome to Loupe'}</h2>
      {key.set ? null : (
        <p className="lead">
          Loupe talks to OpenAI's GPT Image models with your own API key. Create one at platform.openai.com under API keys, paste it
          below, and you are ready to generate. Your history, library and files stay on this machine.
        </p>
      )}
      {key.set ? (
        <div className="key-state">
          <p>
            Key ending in <span className="mono">…{key.last4 ?? '????'}</span> ({keyWhere(key)})
          </p>
          <div className="button-row">
            <button type="button" className="btn" onClick={() => setReplacing((r) => !r)} aria-expanded={replacing} disabled={busy}>
              Replace key
            </button>
            <button type="button" className="btn danger" onClick={() => void remove()} disabled={busy || key.source === 'env'} aria-describedby={key.source === 'env' ? 'key-env-note' : undefined}>
              Remove key
            </button>
          </div>
          {key.source === 'env' ? (
            <p id="key-env-note" className="field-note">
              This key comes from the environment: unset OPENAI_API_KEY and restart Loupe to remove it.
            </p>
          ) : null}
        </div>
      ) : null}
      {asking ? (
        <form className="key-form" onSubmit={(e) => void save(e)} noValidate>
          <Field
            id="set-api-key"
            label="OpenAI API key"
            error={fieldError}
            note={
              key.storage === 'os'
                ? 'Encrypted with the system keychain. It stays in Loupe’s main process and is never shown again.'
                : 'This browser session keeps it in memory only: it is never written to disk and is gone when Loupe stops.'
            }
          >
            {(control) => (
              <input
                {...control}
                type="password"
                autoComplete="off"
                spellCheck={false}
                placeholder="sk-…"
                value={apiKey}
                onChange={(e) => setApiKey(e.target.value)}
              />
            )}
          </Field>
          {children}
          <div className="button-row">
            <button type="submit" className="btn primary" disabled={busy}>
              Save key
            </button>
            {replacing ? (
              <button type="button" className="btn ghost" onClick={() => setReplacing(false)}>
                Keep current key
              </button>
            ) : null}
          </div>
        </form>
      ) : null}
      <OutcomeLines error={error} status={status} />
    </section>
  );
}
