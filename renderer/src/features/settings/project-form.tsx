/**
 * Creating or editing a project: its name, where its outputs go, how they are named and
 * its budget. Empty folder and names fall back to the general output settings.
 */
import { useState, type FormEvent } from 'react';
import { ProjectInputSchema, type AppError, type ProjectView } from '../../../../electron/shared';
import { call, toAppError } from '../../bridge/client';
import { useSettings } from '../../bridge/settings-store';
import { ErrorAlert } from '../../ui/error-alert';
import { Field } from '../../ui/field';
import { FolderField } from './folder-field';
import { exampleName } from './naming-example';

interface Draft {
  name: string;
  outputDir: string;
  namingTemplate: string;
  budget: string;
}

type Errors = Partial<Record<keyof Draft, string>>;

function fromProject(p: ProjectView | null): Draft {
  return { name: p?.name ?? '', outputDir: p?.outputDir ?? '', namingTemplate: p?.namingTemplate ?? '', budget: p?.budgetUsd != null ? String(p.budgetUsd) : '' };
}

function toInput(d: Draft): { input: Record<string, unknown>; errors: Errors } {
  const errors: Errors = {};
  const budgetText = d.budget.trim().replace(/^\$/, '');
  const budget = budgetText === '' ? null : Number(budgetText);
  if (budget !== null && (!Number.isFinite(budget) || budget < 0)) errors.budget = 'Enter an amount in dollars, like 25 or 12.50.';
  const template = d.namingTemplate.trim();
  if (template && !template.includes('{index}') && !template.includes('{job}')) errors.namingTemplate = 'Include {index} or {job} so names stay distinct.';
  const input = { name: d.name, outputDir: d.outputDir.trim() || null, namingTemplate: template || null, budgetUsd: budget };
  const parsed = ProjectInputSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = ({ name: 'name', outputDir: 'outputDir', namingTemplate: 'namingTemplate', budgetUsd: 'budget' } as const)[issue.path[0] as 'name'];
      if (key && !errors[key]) errors[key] = issue.message;
    }
  }
  return { input, errors };
}

interface Props {
  editing: ProjectView | null;
  canChooseFolders: boolean;
  onDone: (project: ProjectView, created: boolean) => void;
  onCancel: () => void;
}

export function ProjectForm({ editing, canChooseFolders, onDone, onCancel }: Props) {
  const [draft, setDraft] = useState<Draft>(() => fromProject(editing));
  const [errors, setErrors] = useState<Errors>({});
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const update = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const { settings } = useSettings();
  const template = draft.namingTemplate.trim() || settings?.namingTemplate || '{date}_{prompt}_{index}';
  const example = exampleName(template, { prompt: 'A red fox asleep in fresh snow', model: 'gpt-image-2.6-sunburst', project: draft.name.trim() || 'Project' });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const { input, errors: found } = toInput(draft);
    setErrors(found);
    setError(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const args = input as { name: string; outputDir: string | null; namingTemplate: string | null; budgetUsd: number | null };
      const project = editing ? await call('updateProject', { ...args, id: editing.id }) : await call('createProject', args);
      if (!editing) setDraft(fromProject(null));
      onDone(project, !editing);
    } catch (err) {
      setError(toAppError(err));
    } finally {
      setBusy(false);
    }
  };

  const choose = async () => {
    try {
      const { path } = await call('chooseFolder', {});
      if (path) update({ outputDir: path });
    } catch (err) {
      setError(toAppError(err));
    }
  };

  return (
    <form className="project-form" onSubmit={(e) => void submit(e)} noValidate aria-label={editing ? `Edit project ${editing.name}` : 'New project'}>
      <div className="field-grid">
        <Field id="proj-name" label="Project name" error={errors.name}>
          {(c) => <input {...c} autoComplete="off" placeholder="Spring lookbook, Client A…" value={draft.name} onChange={(e) => update({ name: e.target.value })} />}
        </Field>
        <Field id="proj-budget" label="Budget (USD)" error={errors.budget} note="Loupe asks before a job would pass it. Empty: no budget.">
          {(c) => <input {...c} inputMode="decimal" autoComplete="off" placeholder="e.g. 25" value={draft.budget} onChange={(e) => update({ budget: e.target.value })} />}
        </Field>
      </div>
      <FolderField
        id="proj-dir"
        label="Project output folder"
        error={errors.outputDir}
        note="Empty: the general output folder."
        value={draft.outputDir}
        onChange={(outputDir) => update({ outputDir })}
        canChoose={canChooseFolders}
        onChoose={choose}
      />
      <Field id="proj-naming" label="Project file names" error={errors.namingTemplate} note={
          <>
            Empty: the general file names. Tokens as in Saving, e.g. <span className="mono">{'{project}_{date}_{index}'}</span>. Example: <span className="mono">{example}</span>
          </>
        }
      >
        {(c) => <input {...c} spellCheck={false} autoComplete="off" value={draft.namingTemplate} onChange={(e) => update({ namingTemplate: e.target.value })} />}
      </Field>
      {error ? <ErrorAlert error={error} offerSettings={false} /> : null}
      <div className="button-row">
        <button type="submit" className="btn primary" disabled={busy}>
          {editing ? 'Save project' : 'Create project'}
        </button>
        {editing ? (
          <button type="button" className="btn ghost" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
