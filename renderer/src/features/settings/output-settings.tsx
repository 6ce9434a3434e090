/** Where outputs are saved, how they are named, and what goes into the files. */
import { useState, type FormEvent } from 'react';
import { NAMING_TOKENS, defaultModel, type AppError, type SettingsView } from '../../../../electron/shared';
import { lifecycleOf } from '../generate/model-choice';
import { call, toAppError } from '../../bridge/client';
import { OutcomeLines } from '../../ui/action-status';
import { ErrorAlert } from '../../ui/error-alert';
import { Field } from '../../ui/field';
import { draftStore } from '../generate/draft';
import { ExportOptionsFields } from './export-options';
import { FolderField } from './folder-field';
import { exampleName, TOKEN_HELP } from './naming-example';
import { useSettingsSaver } from './use-saver';

interface OutputSettingsProps {
  settings: SettingsView;
  canChooseFolders: boolean;
  status: string | null;
  onStatus: (message: string) => void;
}

export function OutputSettings({ settings, canChooseFolders, status, onStatus }: OutputSettingsProps) {
  const [outputDir, setOutputDir] = useState(settings.outputDir);
  const [template, setTemplate] = useState(settings.namingTemplate);
  const [chooseError, setChooseError] = useState<AppError | null>(null);
  const { save, saving, fieldErrors, error } = useSettingsSaver();
  const prompt = draftStore.get().prompt.trim() || 'A red fox asleep in fresh snow';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const patch: { outputDir?: string; namingTemplate?: string } = {};
    if (outputDir.trim() !== settings.outputDir) patch.outputDir = outputDir;
    if (template.trim() !== settings.namingTemplate) patch.namingTemplate = template;
    if (Object.keys(patch).length === 0) {
      onStatus('Output settings saved (nothing had changed).');
      return;
    }
    const next = await save(patch);
    if (next) {
      setOutputDir(next.outputDir);
      setTemplate(next.namingTemplate);
      onStatus('Output settings saved.');
    }
  };

  // The native folder dialog; the chosen folder is saved at once (it was picked, not typed).
  const choose = async () => {
    setChooseError(null);
    try {
      const { path } = await call('chooseFolder', {});
      if (path === null || path === settings.outputDir) return;
      const next = await save({ outputDir: path });
      if (next) {
        setOutputDir(next.outputDir);
        onStatus(`Output folder set to ${next.outputDir}.`);
      }
    } catch (err) {
      setChooseError(toAppError(err));
    }
  };

  const insertToken = (token: string) => setTemplate((t) => (t.trim() === '' ? token : `${t}_${token}`));

  return (
    <section className="panel">
      <h2 id="output-title">Saving</h2>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <FolderField
          id="set-output-dir"
          label="Output folder"
          error={fieldErrors.outputDir}
          note="Every output is also kept in Loupe's library; files are never overwritten."
          value={outputDir}
          onChange={setOutputDir}
          canChoose={canChooseFolders}
          onChoose={choose}
        />
        {chooseError ? <ErrorAlert error={chooseError} offerSettings={false} /> : null}
        <Field
          id="set-naming"
          label="File names"
          error={fieldErrors.namingTemplate}
          note={
            <>
              Example: <span className="mono">{exampleName(template, { prompt, model: defaultModel(settings.availableModels, 'generate', lifecycleOf(settings)) })}</span>
            </>
          }
        >
          {(control) => <input {...control} spellCheck={false} autoComplete="off" value={template} onChange={(e) => setTemplate(e.target.value)} />}
        </Field>
        <div className="token-list" aria-label="Name tokens" role="group">
          {NAMING_TOKENS.map((token) => (
            <button key={token} type="button" className="token" onClick={() => insertToken(token)} title={`Add ${token}: ${TOKEN_HELP[token]}`}>
              <code>{token}</code> <span>{TOKEN_HELP[token]}</span>
            </button>
          ))}
        </div>
        <div className="button-row">
          <button type="submit" className="btn primary" disabled={saving}>
            Save output settings
          </button>
        </div>
      </form>
      <ExportOptionsFields settings={settings} onStatus={onStatus} />
      <OutcomeLines error={error} status={status} />
    </section>
  );
}
