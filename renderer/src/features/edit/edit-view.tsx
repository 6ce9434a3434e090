/**
 * Edit: the inputs on the left, the mask painter and this window's edits in the middle,
 * the settings on the right. The view owns what the three share: the model, the request
 * and the core's plan for it.
 */
import { useEffect, type DragEvent } from 'react';
import { defaultModel, findModel, MODELS, type ModelInfo } from '../../../../electron/shared';
import { sessionOf, useJobs } from '../../bridge/jobs-store';
import { useSettings } from '../../bridge/settings-store';
import { JobCard } from '../generate/job-card';
import { carriesKitAsset, dropKitAsset } from '../kits/kit-edit';
import { KitPolicyPanel } from '../kits/kit-policy-panel';
import { CompositionTray } from './composition-tray';
import { buildEditParams, useEditDraft } from './edit-draft';
import { EditForm } from './form/edit-form';
import { carriesOutput, dropOutput } from './from-output';
import { importFiles, namePasted } from './import-files';
import { MaskPainter } from './mask/mask-painter';
import { useMaskState } from './mask/mask-store';
import { useTray } from './tray-store';
import { useEditPlan } from './use-edit-plan';

function EditResults() {
  const state = useJobs();
  const { shown, pending } = sessionOf(state, 'edit');
  if (shown.length === 0 && pending === 0) {
    return <p className="muted edit-results-empty">Edits you run appear here, with the pixel-locked result and what the model changed outside the mask.</p>;
  }
  return (
    <div className="job-list">
      {pending > 0 ? <p className="muted">Starting…</p> : null}
      {shown.map((job) => (
        <JobCard key={job.id} job={job} partials={state.partials.get(job.id)} notice={state.retries.get(job.id)} />
      ))}
    </div>
  );
}

/** Ctrl/Cmd+V with image data anywhere in the view adds the images; pasted text goes where it always did. */
function usePasteImages(capacity: number): void {
  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      const files = [...(e.clipboardData?.files ?? [])].filter((f) => f.type.startsWith('image/'));
      if (files.length === 0) return;
      e.preventDefault();
      void importFiles(files.map(namePasted), capacity);
    };
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  }, [capacity]);
}

export function EditView() {
  const { settings } = useSettings();
  const [draft] = useEditDraft();
  const { items } = useTray();
  const { sessions } = useMaskState();
  const available = settings?.availableModels ?? null;
  const model: ModelInfo = findModel(draft.model ?? defaultModel(available, 'edit')) ?? MODELS[0]!;
  const first = items[0] ?? null;
  const session = first ? (sessions.get(first.hash) ?? null) : null;
  // A mask that could not be drawn into the painter (see mask-store) still counts by its hash.
  const maskHash = session?.hash ?? null;
  const hasMask = maskHash !== null || (session !== null && session.engine.editedShare > 0);
  const built = buildEditParams(draft, model, items, maskHash);
  const outputIssue = built.issues.size ?? built.issues.n ?? built.issues.partialImages;
  const { plan, error: planError } = useEditPlan(items.length > 0 && !outputIssue ? built.request : null);
  usePasteImages(model.maxInputImages);

  // Files or outputs dropped anywhere in the view (on the painter, say) join the tray at the end.
  const onDragOver = (e: DragEvent) => {
    if (e.dataTransfer.types.includes('Files') || carriesOutput(e.dataTransfer) || carriesKitAsset(e.dataTransfer)) e.preventDefault();
  };
  const onDrop = (e: DragEvent) => {
    if (carriesOutput(e.dataTransfer)) {
      e.preventDefault();
      void dropOutput(e.dataTransfer, null);
    } else if (carriesKitAsset(e.dataTransfer)) {
      e.preventDefault();
      dropKitAsset(e.dataTransfer, null);
    } else if (e.dataTransfer.files.length > 0) {
      e.preventDefault();
      void importFiles([...e.dataTransfer.files], model.maxInputImages);
    }
  };

  return (
    <div className="edit-view" onDragOver={onDragOver} onDrop={onDrop}>
      <aside className="tray-pane" aria-label="Inputs">
        <CompositionTray model={model} plan={plan} />
      </aside>
      <section className="edit-center" aria-label="Mask and results">
        <MaskPainter first={first} />
        <section className="edit-results" aria-labelledby="edit-results-title">
          <h2 id="edit-results-title" className="section-title">
            Edits
          </h2>
          <EditResults />
        </section>
      </section>
      <aside className="controls-pane edit-controls">
        <KitPolicyPanel model={model} />
        <EditForm
          model={model}
          items={items}
          built={built}
          hasMask={hasMask}
          maskProblem={session?.error?.message ?? null}
          plan={plan}
          planError={planError}
        />
      </aside>
    </div>
  );
}
