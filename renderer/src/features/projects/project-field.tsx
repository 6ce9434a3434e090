/**
 * "Project" in Generate and Edit: the job joins a project, so the project's folder, file
 * names and budget apply. The note shows what is left of the budget before sending.
 */
import type { GenerateParams, ProjectView } from '../../../../electron/shared';
import { useLibrary } from '../../bridge/library-store';
import { Field } from '../../ui/field';
import { formatUsd } from '../../ui/format';

/** The chosen project, if it still exists (it may have been deleted since it was picked). */
export function chosenProject(projects: readonly ProjectView[] | null, value: string): ProjectView | null {
  return projects?.find((p) => String(p.id) === value) ?? null;
}

/** The request with the project and, after the person agreed, the over-budget confirmation. */
export function withProject<T extends GenerateParams>(params: T, project: ProjectView | null, confirmOverBudget: boolean): T {
  const next: T = { ...params };
  delete next.projectId;
  delete next.confirmOverBudget;
  if (project) next.projectId = project.id;
  if (confirmOverBudget) next.confirmOverBudget = true;
  return next;
}

function budgetNote(project: ProjectView | null): string {
  if (!project) return 'No project: saved to the general output folder.';
  const spent = `${formatUsd(project.spentUsd)} spent`;
  if (project.budgetUsd === null) return `${spent}, no budget set.`;
  const left = project.budgetUsd - project.spentUsd;
  return left >= 0 ? `${spent} of ${formatUsd(project.budgetUsd)}; ${formatUsd(left)} left.` : `${spent}: ${formatUsd(-left)} over its ${formatUsd(project.budgetUsd)} budget.`;
}

interface ProjectOptionsProps {
  projects: readonly ProjectView[] | null;
  /** The text of the first option, value '': what choosing no particular project means here. */
  empty: string;
  /** Offer 'none' as a choice of its own ("No project"), for filters and moves. */
  none?: boolean;
}

/** A project select's options: every select that names a project lists them the same way. */
export function ProjectOptions({ projects, empty, none }: ProjectOptionsProps) {
  return (
    <>
      <option value="">{empty}</option>
      {none ? <option value="none">No project</option> : null}
      {(projects ?? []).map((p) => (
        <option key={p.id} value={String(p.id)}>
          {p.name}
        </option>
      ))}
    </>
  );
}

export function ProjectField({ id, value, onChange }: { id: string; value: string; onChange: (value: string) => void }) {
  const { projects } = useLibrary();
  const project = chosenProject(projects, value);
  return (
    <Field id={id} label="Project" note={budgetNote(project)}>
      {(control) => (
        <select {...control} value={project ? value : ''} onChange={(e) => onChange(e.target.value)}>
          <ProjectOptions projects={projects} empty="None" />
        </select>
      )}
    </Field>
  );
}
