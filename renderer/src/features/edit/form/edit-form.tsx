/** The Edit view's right column: prompt, model, fidelity, pixel lock, output parameters, estimate and Run edit. */
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import type { AppError, EditPlan, ModelInfo } from '../../../../../electron/shared';
import { toAppError } from '../../../bridge/client';
import { startEdit } from '../../../bridge/jobs-store';
import { useLibrary } from '../../../bridge/library-store';
import { useSettings } from '../../../bridge/settings-store';
import { useNavigate } from '../../../app/navigation';
import { ErrorAlert } from '../../../ui/error-alert';
import { Field } from '../../../ui/field';
import { sendWithBudget } from '../../../ui/over-budget';
import { chosenProject, ProjectField, withProject } from '../../projects/project-field';
import { patchForModel } from '../../generate/draft';
import { ModelField } from '../../generate/model-field';
import { OutputFields, QualityField, StreamFields } from '../../generate/output-fields';
import { SizeField } from '../../generate/size-field';
import { buildEditParams, editDraftStore, lockEnabled, useEditDraft, type BuiltEdit } from '../edit-draft';
import { flushMask } from '../mask/mask-store';
import { trayStore, type TrayItem } from '../tray-store';
import { EditEstimate } from './edit-estimate';
import { FidelityField } from './fidelity-field';
import { PixelLockFields } from './pixel-lock-fields';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

interface Props {
  model: ModelInfo;
  items: readonly TrayItem[];
  built: BuiltEdit;
  hasMask: boolean;
  /** Why the mask cannot be used (the core refused it), or null. */
  maskProblem: string | null;
  plan: EditPlan | null;
  planError: AppError | null;
}

export function EditForm({ model, items, built, hasMask, maskProblem, plan, planError }: Props) {
  const { settings } = useSettings();
  const navigate = useNavigate();
  const [draft, update] = useEditDraft();
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<AppError | null>(null);
  const { projects } = useLibrary();
  const project = chosenProject(projects, draft.projectId);
  const { request, params, issues } = built;
  const outputIssue = issues.size ?? issues.n ?? issues.partialImages ?? null;
  const reason =
    items.length === 0
      ? 'Add at least one image.'
      : draft.prompt.trim() === ''
        ? 'Write a prompt first.'
        : maskProblem
          ? `Fix the mask first: ${maskProblem}`
          : params
            ? null
            : (Object.values(issues)[0] ?? null);

  const submit = async () => {
    if (!params || submitting || reason) return;
    setSubmitting(true);
    setSubmitError(null);
    try {
      const first = items[0];
      // A stroke may still be on its way to the core: send it first, then build from what is current.
      const mask = first ? await flushMask(first.hash) : null;
      const fresh = buildEditParams(editDraftStore.get(), model, trayStore.get().items, mask);
      if (!fresh.params) throw new Error(Object.values(fresh.issues)[0] ?? 'Check the settings.');
      const ready = fresh.params;
      await sendWithBudget((confirm) => startEdit(withProject(ready, project, confirm)), project?.name);
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
    <form className="generate-form edit-form" onSubmit={onSubmit} onKeyDown={onKeyDown} aria-label="Edit settings" noValidate>
      <div className="form-scroll">
        {settings && !settings.key.set ? (
          <div className="banner">
            <p>Loupe needs your OpenAI API key before it can edit.</p>
            <button type="button" className="btn small" onClick={() => navigate('settings')}>
              Add key in Settings
            </button>
          </div>
        ) : null}
        <Field
          id="edit-prompt"
          label="Prompt"
          className="prompt-field"
          error={draft.prompt.trim() === '' ? null : issues.prompt}
          aside={<span className="kbd-hint">{isMac ? '⌘' : 'Ctrl'}+Enter to run</span>}
        >
          {(control) => (
            <textarea
              {...control}
              rows={5}
              placeholder="Describe the whole result: what changes, and what must stay exactly as it is…"
              value={draft.prompt}
              onChange={(e) => update({ prompt: e.target.value })}
            />
          )}
        </Field>
        <ProjectField id="edit-project" value={draft.projectId} onChange={(projectId) => update({ projectId })} />
        <section className="form-section">
          <h2 className="section-title">Model and inputs</h2>
          <ModelField endpoint="edit" id="edit-model" model={model} available={settings?.availableModels ?? null} onChange={(m) => update(patchForModel(draft, m))} />
          <FidelityField model={model} value={draft.inputFidelity} onChange={(inputFidelity) => update({ inputFidelity })} />
        </section>
        <section className="form-section">
          <h2 className="section-title">Pixel lock</h2>
          <PixelLockFields draft={draft} hasMask={hasMask} enabled={lockEnabled(draft, hasMask)} onChange={update} />
        </section>
        <section className="form-section">
          <h2 className="section-title">Output</h2>
          <SizeField model={model} draft={draft} size={request.size} problem={issues.size} onChange={update} />
          <div className="field-grid">
            <Field id="edit-n" label="Images" error={issues.n} note={`1 to ${model.maxN} per request.`}>
              {(control) => (
                <input {...control} type="number" inputMode="numeric" min={1} max={model.maxN} value={draft.n} onChange={(e) => update({ n: e.target.value })} />
              )}
            </Field>
            <QualityField model={model} draft={draft} error={issues.quality} onChange={update} />
          </div>
          <OutputFields model={model} draft={draft} issues={issues} onChange={update} />
        </section>
        <section className="form-section">
          <h2 className="section-title">Previews</h2>
          <StreamFields model={model} draft={draft} issues={issues} onChange={update} />
        </section>
      </div>
      <div className="form-footer">
        <EditEstimate model={model} request={items.length > 0 && !outputIssue ? request : null} items={items} plan={plan} blocked={outputIssue} />
        {planError ? <p className="field-error">The plan could not be made: {planError.message}</p> : null}
        {submitError ? <ErrorAlert error={submitError} /> : null}
        <div className="submit-row">
          <button
            type="submit"
            className="btn primary wide"
            disabled={!!reason || submitting}
            aria-describedby={reason ? 'edit-submit-reason' : undefined}
            aria-busy={submitting || undefined}
          >
            Run edit
          </button>
          {reason ? (
            <p id="edit-submit-reason" className="submit-reason">
              {reason}
            </p>
          ) : null}
        </div>
      </div>
    </form>
  );
}
