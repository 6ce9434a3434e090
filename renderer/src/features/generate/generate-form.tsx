/** The left column of Generate: prompt, every parameter the model takes, the estimate, and the button. */
import { startGenerate } from '../../bridge/jobs-store';
import { useLibrary } from '../../bridge/library-store';
import { ErrorAlert } from '../../ui/error-alert';
import { sendWithBudget } from '../../ui/over-budget';
import { chosenProject, ProjectField, withProject } from '../projects/project-field';
import { CostEstimate } from './cost-estimate';
import { buildParams, useDraft } from './draft';
import { KeyBanner, PromptField, SizeCountFields, SubmitRow } from './form-parts';
import { patchForModel } from './model-choice';
import { useFormModel } from './use-form-model';
import { ModelField } from './model-field';
import { OutputFields, StreamFields } from './output-fields';
import { useFormSubmit } from './use-form-submit';

export function GenerateForm() {
  const [draft, update] = useDraft();
  const { projects } = useLibrary();
  const project = chosenProject(projects, draft.projectId);
  const { model, available, ctx } = useFormModel(draft, update, 'generate');
  const { request, params, issues } = buildParams(draft, model.id);
  const reason = draft.prompt.trim() === '' ? 'Write a prompt first.' : params ? null : Object.values(issues)[0] ?? null;
  const sizeOrNumberIssue = issues.size ?? issues.n ?? issues.partialImages ?? issues.gif ?? null;

  // Over budget: ask, and send again only if the person agrees; the form keeps everything either way.
  const { submitting, error, onSubmit, onKeyDown } = useFormSubmit(params, (ready) =>
    sendWithBudget((confirm) => startGenerate(withProject(ready, project, confirm)), project?.name),
  );

  return (
    <form className="generate-form" onSubmit={onSubmit} onKeyDown={onKeyDown} aria-label="Generate settings" noValidate>
      <div className="form-scroll">
        <KeyBanner verb="generate" />
        <PromptField
          id="gen-prompt"
          action="generate"
          rows={6}
          placeholder="Describe the whole image: subject, setting, light, style…"
          value={draft.prompt}
          error={issues.prompt}
          onChange={(prompt) => update({ prompt })}
        />
        <ProjectField id="gen-project" value={draft.projectId} onChange={(projectId) => update({ projectId })} />
        <section className="form-section">
          <h2 id="gen-sec-model" className="section-title">
            Model and size
          </h2>
          <ModelField
            model={model}
            available={available}
            ctx={ctx}
            notice={draft.modelNotice}
            onDismissNotice={() => update({ modelNotice: null })}
            onChange={(m) => update(patchForModel(draft, m))}
          />
          <SizeCountFields prefix="gen" model={model} draft={draft} size={request.size} issues={issues} onChange={update} />
        </section>
        <section className="form-section">
          <h2 id="gen-sec-output" className="section-title">
            Output
          </h2>
          <OutputFields prefix="gen" model={model} draft={draft} issues={issues} onChange={update} />
        </section>
        <section className="form-section">
          <h2 id="gen-sec-previews" className="section-title">
            Previews
          </h2>
          <StreamFields prefix="gen" model={model} draft={draft} issues={issues} onChange={update} />
        </section>
      </div>
      <div className="form-footer">
        <CostEstimate model={model} request={sizeOrNumberIssue ? null : request} blocked={sizeOrNumberIssue} />
        {error ? <ErrorAlert error={error} /> : null}
        <SubmitRow reasonId="gen-submit-reason" label="Generate" reason={reason} disabled={!params} submitting={submitting} />
      </div>
    </form>
  );
}
