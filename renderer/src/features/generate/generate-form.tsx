/** The left column of Generate: prompt, every parameter the model takes, the estimate, and the button. */
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { defaultModel, findModel, MODELS, type AppError, type ModelInfo } from '../../../../electron/shared';
import { toAppError } from '../../bridge/client';
import { startGenerate } from '../../bridge/jobs-store';
import { useLibrary } from '../../bridge/library-store';
import { useSettings } from '../../bridge/settings-store';
import { useNavigate } from '../../app/navigation';
import { ErrorAlert } from '../../ui/error-alert';
import { Field } from '../../ui/field';
import { sendWithBudget } from '../../ui/over-budget';
import { chosenProject, ProjectField, withProject } from '../projects/project-field';
import { CostEstimate } from './cost-estimate';
import { buildParams, patchForModel, useDraft } from './draft';
import { ModelField } from './model-field';
import { OutputFields, QualityField, StreamFields } from './output-fields';
import { SizeField } from './size-field';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function GenerateForm() {
  const { settings } = useSettings();
  const navigate = useNavigate();
  const [draft, update] = useDraft();
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<AppError | null>(null);
  const { projects } = useLibrary();
  const project = chosenProject(projects, draft.projectId);

  const available = settings?.availableModels ?? null;
  const model: ModelInfo = findModel(draft.model ?? defaultModel(available)) ?? MODELS[0]!;
  const { request, params, issues } = buildParams(draft, model.id);
  const promptEmpty = draft.prompt.trim() === '';
  const reason = promptEmpty ? 'Write a prompt first.' : params ? null : Object.values(issues)[0] ?? null;
  const sizeOrNumberIssue = issues.size ?? issues.n ?? issues.partialImages ?? null;

  const submit = async () => {
    if (!params || submitting) return;
    setSubmitting(true);
    setSubmitError(null);
    try {
      // Over budget: ask, and send again only if the person agrees; the form keeps everything either way.
      await sendWithBudget((confirm) => startGenerate(withProject(params, project, confirm)), project?.name);
    } catch (err) {
      setSubmitError(toAppError(err));
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

  return (
    <form className="generate-form" onSubmit={onSubmit} onKeyDown={onKeyDown} aria-label="Generate settings" noValidate>
      <div className="form-scroll">
        {settings && !settings.key.set ? (
          <div className="banner">
            <p>Loupe needs your OpenAI API key before it can generate.</p>
            <button type="button" className="btn small" onClick={() => navigate('settings')}>
              Add key in Settings
            </button>
          </div>
        ) : null}
        <Field
          id="gen-prompt"
          label="Prompt"
          className="prompt-field"
          error={promptEmpty ? null : issues.prompt}
          aside={<span className="kbd-hint">{isMac ? '⌘' : 'Ctrl'}+Enter to generate</span>}
        >
          {(control) => (
            <textarea
              {...control}
              rows={6}
              placeholder="Describe the whole image: subject, setting, light, style…"
              value={draft.prompt}
              onChange={(e) => update({ prompt: e.target.value })}
            />
          )}
        </Field>
        <ProjectField id="gen-project" value={draft.projectId} onChange={(projectId) => update({ projectId })} />
        <section className="form-section">
          <h2 id="gen-sec-model" className="section-title">
            Model and size
          </h2>
          <ModelField model={model} available={available} onChange={(m) => update(patchForModel(draft, m))} />
          <SizeField model={model} draft={draft} size={request.size} problem={issues.size} onChange={update} />
          <div className="field-grid">
            <Field id="gen-n" label="Images" error={issues.n} note={`1 to ${model.maxN} per request.`}>
              {(control) => (
                <input
                  {...control}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={model.maxN}
                  value={draft.n}
                  onChange={(e) => update({ n: e.target.value })}
                />
              )}
            </Field>
            <QualityField model={model} draft={draft} error={issues.quality} onChange={update} />
          </div>
        </section>
        <section className="form-section">
          <h2 id="gen-sec-output" className="section-title">
            Output
          </h2>
          <OutputFields model={model} draft={draft} issues={issues} onChange={update} />
        </section>
        <section className="form-section">
          <h2 id="gen-sec-previews" className="section-title">
            Previews
          </h2>
          <StreamFields model={model} draft={draft} issues={issues} onChange={update} />
        </section>
      </div>
      <div className="form-footer">
        <CostEstimate model={model} request={sizeOrNumberIssue ? null : request} blocked={sizeOrNumberIssue} />
        {submitError ? <ErrorAlert error={submitError} /> : null}
        <div className="submit-row">
          <button
            type="submit"
            className="btn primary wide"
            disabled={!params || submitting}
            aria-describedby={reason ? 'gen-submit-reason' : undefined}
            aria-busy={submitting || undefined}
          >
            Generate
          </button>
          {reason ? (
            <p id="gen-submit-reason" className="submit-reason">
              {reason}
            </p>
          ) : null}
        </div>
      </div>
    </form>
  );
}
