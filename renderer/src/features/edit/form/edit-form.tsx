/** The Edit view's right column: prompt, model, fidelity, pixel lock, output parameters, estimate and Run edit. */
import type { AppError, EditPlan, ModelInfo } from '../../../../../electron/shared';
import { startEdit } from '../../../bridge/jobs-store';
import { useLibrary } from '../../../bridge/library-store';
import { ErrorAlert } from '../../../ui/error-alert';
import { sendWithBudget } from '../../../ui/over-budget';
import { chosenProject, ProjectField, withProject } from '../../projects/project-field';
import { KeyBanner, PromptField, SizeCountFields, SubmitRow } from '../../generate/form-parts';
import { patchForModel } from '../../generate/model-choice';
import { useLifecycle } from '../../generate/use-form-model';
import { ModelField } from '../../generate/model-field';
import { OutputFields, StreamFields } from '../../generate/output-fields';
import { useFormSubmit } from '../../generate/use-form-submit';
import { buildEditParams, editDraftStore, lockEnabled, useEditDraft, type BuiltEdit, type Guide } from '../edit-draft';
import { flushMarkup } from '../markup/markup-store';
import { flushMask, refreshRecentMasks } from '../mask/mask-store';
import { showResult } from '../results/result-store';
import { trayStore, type TrayItem } from '../tray-store';
import { EditEstimate } from './edit-estimate';
import { FidelityField } from './fidelity-field';
import { PixelLockFields } from './pixel-lock-fields';

interface Props {
  model: ModelInfo;
  items: readonly TrayItem[];
  built: BuiltEdit;
  hasMask: boolean;
  /** The guide in use (only its layer is sent). */
  guide: Guide;
  /** Why the mask or markup in use cannot be sent (the core refused it), or null. */
  guideProblem: string | null;
  plan: EditPlan | null;
  planError: AppError | null;
}

export function EditForm({ model, items, built, hasMask, guide, guideProblem, plan, planError }: Props) {
  const [draft, update] = useEditDraft();
  const { ctx, available } = useLifecycle();
  const { projects } = useLibrary();
  const project = chosenProject(projects, draft.projectId);
  const { request, params, issues } = built;
  const outputIssue = issues.size ?? issues.n ?? issues.partialImages ?? issues.gif ?? null;
  const reason =
    items.length === 0
      ? 'Add at least one image.'
      : draft.prompt.trim() === ''
        ? 'Write a prompt first.'
        : guideProblem
          ? `Fix the ${guide === 'markup' ? 'markup' : 'mask'} first: ${guideProblem}`
          : params
            ? null
            : (Object.values(issues)[0] ?? null);

  const { submitting, error, onSubmit, onKeyDown } = useFormSubmit(reason ? null : params, async () => {
    const first = items[0];
    // A stroke may still be on its way to the core: send it first, then build from what is current.
    const mask = first && guide === 'mask' ? await flushMask(first.hash) : null;
    const markup = first && guide === 'markup' ? await flushMarkup(first.hash) : null;
    const fresh = buildEditParams(editDraftStore.get(), model, trayStore.get().items, mask, markup);
    if (!fresh.params) throw new Error(Object.values(fresh.issues)[0] ?? 'Check the settings.');
    const ready = fresh.params;
    const jobId = await sendWithBudget((confirm) => startEdit(withProject(ready, project, confirm)), project?.name);
    // The result takes the canvas's place; the inputs, mask and prompt stay for another try.
    if (jobId !== null) showResult(jobId);
    // The mask this edit used now belongs among the recent ones.
    if (mask) void refreshRecentMasks();
  });

  return (
    <form className="generate-form edit-form" onSubmit={onSubmit} onKeyDown={onKeyDown} aria-label="Edit settings" noValidate>
      <div className="form-scroll">
        <KeyBanner verb="edit" />
        <PromptField
          id="edit-prompt"
          action="run"
          rows={5}
          placeholder="Describe the whole result: what changes, and what must stay exactly as it is…"
          value={draft.prompt}
          error={issues.prompt}
          onChange={(prompt) => update({ prompt })}
        />
        <ProjectField id="edit-project" value={draft.projectId} onChange={(projectId) => update({ projectId })} />
        <section className="form-section">
          <h2 className="section-title">Model and inputs</h2>
          <ModelField
            endpoint="edit"
            id="edit-model"
            model={model}
            available={available}
            ctx={ctx}
            notice={draft.modelNotice}
            onDismissNotice={() => update({ modelNotice: null })}
            onChange={(m) => update(patchForModel(draft, m))}
          />
          <FidelityField model={model} value={draft.inputFidelity} onChange={(inputFidelity) => update({ inputFidelity })} />
        </section>
        <section className="form-section">
          <h2 className="section-title">Pixel lock</h2>
          <PixelLockFields draft={draft} hasMask={hasMask} enabled={lockEnabled(draft, hasMask)} onChange={update} />
        </section>
        <section className="form-section">
          <h2 className="section-title">Output</h2>
          <SizeCountFields prefix="edit" model={model} draft={draft} size={request.size} issues={issues} onChange={update} />
          <OutputFields prefix="edit" model={model} draft={draft} issues={issues} onChange={update} />
        </section>
        <section className="form-section">
          <h2 className="section-title">Previews</h2>
          <StreamFields prefix="edit" model={model} draft={draft} issues={issues} onChange={update} />
        </section>
      </div>
      <div className="form-footer">
        <EditEstimate model={model} request={items.length > 0 && !outputIssue ? request : null} items={items} plan={plan} blocked={outputIssue} />
        {planError ? <p className="field-error">The plan could not be made: {planError.message}</p> : null}
        {error ? <ErrorAlert error={error} /> : null}
        <SubmitRow reasonId="edit-submit-reason" label="Run edit" reason={reason} disabled={!!reason} submitting={submitting} />
      </div>
    </form>
  );
}
