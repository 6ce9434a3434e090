/**
 * Settings, which is also the first-run screen: while no key is set, the key panel leads
 * as a welcome and carries the optional connection fields with it.
 */
import { useState, type FormEvent } from 'react';
import type { SettingsView as Settings } from '../../../../electron/shared';
import type { AppInfo } from '../../bridge/settings-store';
import { OutcomeLines } from '../../ui/action-status';
import { ErrorAlert } from '../../ui/error-alert';
import { KeyPanel } from '../onboarding/key-panel';
import { ConnectionFields, KeyAgainField, useConnectionDraft } from './connection-fields';
import { ConnectionTest } from './connection-test';
import { DefaultModelLine } from './default-model-line';
import { LibrarySection } from './library-section';
import { CredentialsSettings } from '../credentials/credentials-settings';
import { OutputSettings } from './output-settings';
import { ProjectsSection } from './projects-section';
import { QueueSettings } from './queue-settings';
import { checkPatch, useSettingsSaver } from './use-saver';

type Section = 'key' | 'connection' | 'output';

export function SettingsView({ settings, appInfo }: { settings: Settings; appInfo: AppInfo | null }) {
  const connection = useConnectionDraft(settings);
  const saver = useSettingsSaver();
  // One confirmation at a time, shown beside the section that was saved.
  const [status, setStatus] = useState<{ section: Section; message: string } | null>(null);
  const statusFor = (section: Section) => (status?.section === section ? status.message : null);
  const onboarding = !settings.key.set;
  const [keyAgain, setKeyAgain] = useState('');

  const saveConnection = async (e: FormEvent) => {
    e.preventDefault();
    if (!connection.dirty) {
      setStatus({ section: 'connection', message: 'Connection settings saved (nothing had changed).' });
      return;
    }
    if (keyAgain.trim() === '') {
      saver.setFieldErrors({ apiKey: 'Enter your API key again to change where it is sent.' });
      return;
    }
    const next = await saver.save({ ...connection.patch, apiKey: keyAgain });
    if (next) {
      connection.reset(next);
      setKeyAgain('');
      setStatus({ section: 'connection', message: 'Connection settings saved.' });
    }
  };

  const fields = (
    <ConnectionFields draft={connection.draft} update={connection.update} errors={saver.fieldErrors} effectiveBaseURL={settings.effectiveBaseURL} />
  );

  return (
    <div className="page-column settings-view">
      <header className="view-head">
        <h1>Settings</h1>
        <p className="muted">Your key, where Loupe connects, where your images go, projects and backups.</p>
      </header>
      <KeyPanel
        settings={settings}
        status={statusFor('key')}
        onStatus={(message) => setStatus({ section: 'key', message })}
        beforeSave={() => {
          if (!onboarding || !connection.dirty) return true;
          const errors = checkPatch(connection.patch);
          saver.setFieldErrors(errors);
          return Object.keys(errors).length === 0;
        }}
        afterSave={async (apiKey) => {
          if (!onboarding || !connection.dirty) return true;
          // The key just typed confirms where it may be sent.
          const next = await saver.save({ ...connection.patch, apiKey });
          if (next) connection.reset(next);
          return next !== null;
        }}
      >
        {onboarding ? (
          <fieldset className="subgroup">
            <legend>Connection (optional)</legend>
            {fields}
          </fieldset>
        ) : null}
      </KeyPanel>
      {onboarding && saver.error ? <ErrorAlert error={saver.error} offerSettings={false} /> : null}

      <section className="panel">
        <h2 id="connection-title">Connection</h2>
        {onboarding ? null : (
          <form onSubmit={(e) => void saveConnection(e)} noValidate>
            {fields}
            {connection.dirty ? <KeyAgainField value={keyAgain} onChange={setKeyAgain} error={saver.fieldErrors.apiKey} /> : null}
            <div className="button-row">
              <button type="submit" className="btn primary" disabled={saver.saving}>
                Save connection
              </button>
            </div>
            <OutcomeLines error={saver.error} status={statusFor('connection')} />
          </form>
        )}
        <ConnectionTest keySet={settings.key.set} endpoint={settings.effectiveBaseURL} />
        <DefaultModelLine settings={settings} />
      </section>

      <OutputSettings
        settings={settings}
        canChooseFolders={appInfo?.canChooseFolders ?? false}
        status={statusFor('output')}
        onStatus={(message) => setStatus({ section: 'output', message })}
      />

      <QueueSettings settings={settings} />

      <ProjectsSection canChooseFolders={appInfo?.canChooseFolders ?? false} />

      <LibrarySection backupsDir={settings.backupsDir} />

      <CredentialsSettings />

      {appInfo ? (
        <section className="panel about">
          <h2 id="about-title">About</h2>
          <dl className="facts">
            <dt>Version</dt>
            <dd>{appInfo.version}</dd>
            <dt>Running as</dt>
            <dd>{appInfo.host === 'electron' ? 'Desktop app' : 'Browser host (local service)'}</dd>
            <dt>Library folder</dt>
            <dd className="mono">{appInfo.dataDir}</dd>
          </dl>
        </section>
      ) : null}
    </div>
  );
}
