/**
 * Edit: the inputs on the left, the guide (mask or markup painter) and this window's
 * edits in the middle, the settings on the right. The view owns what the three share:
 * the model, the guide, the request and the core's plan for it.
 */
import { useEffect, type DragEvent } from 'react';
import { loupe } from '../../bridge/client';
import { sessionOf, useJobs } from '../../bridge/jobs-store';
import { JobCard } from '../generate/job-card';
import { useFormModel } from '../generate/use-form-model';
import { carriesKitAsset, dropKitAsset } from '../kits/kit-edit';
import { KitPolicyPanel } from '../kits/kit-policy-panel';
import { CompositionTray } from './composition-tray';
import { buildEditParams, effectiveGuide, useEditDraft } from './edit-draft';
import { EditForm } from './form/edit-form';
import { carriesOutput, dropOutput } from './from-output';
import { importFiles, namePasted } from './import-files';
import { GuideChoice } from './guide-choice';
import { MarkupPainter } from './markup/markup-painter';
import { useMarkupState } from './markup/markup-store';
import { MaskPainter } from './mask/mask-painter';
import { useMaskState } from './mask/mask-store';
import { MarkupEffectNotes } from './results/markup-effect-report';
import { NewEditBar } from './session/new-edit-bar';
import { ResultStage } from './results/result-stage';
import { closeResult, useShownResult } from './results/result-store';
import { useTray, type TrayItem } from './tray-store';
import { useEditPlan } from './use-edit-plan';
import { CompareFromEdit } from '../lab/compare-buttons';

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
        <div key={job.id} className="edit-job">
          <JobCard job={job} partials={state.partials.get(job.id)} notice={state.retries.get(job.id)} />
          <MarkupEffectNotes job={job} />
        </div>
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

/** "Nothing": the first image as the model gets it, with no layer over it. */
function NoGuide({ first }: { first: TrayItem | null }) {
  return (
    <section className="painter" aria-labelledby="no-guide-title">
      <h2 id="no-guide-title" className="section-title">
        No guide {first ? <span className="painter-subtitle">on {first.name}, the first image</span> : null}
      </h2>
      {first ? (
        <div className="painter-stage no-guide-stage">
          <img className="no-guide-image" src={loupe.assetUrl(first.hash, 'preview')} alt={`${first.name}, the first image`} draggable={false} />
        </div>
      ) : (
        <div className="painter-empty">
          <p>Add an image to edit.</p>
        </div>
      )}
    </section>
  );
}

export function EditView() {
  const [draft, update] = useEditDraft();
  const { items } = useTray();
  const shownResult = useShownResult();
  const { sessions } = useMaskState();
  const markups = useMarkupState().sessions;
  const { model } = useFormModel(draft, update, 'edit');
  const first = items[0] ?? null;
  const session = first ? (sessions.get(first.hash) ?? null) : null;
  const markup = first ? (markups.get(first.hash) ?? null) : null;
  const guide = effectiveGuide(draft.guide, model);
  // A mask that could not be drawn into the painter (see mask-store) still counts by its hash.
  const painted = { mask: session?.hash != null || (session?.engine.editedShare ?? 0) > 0, markup: markup?.hash != null || (markup?.engine.hasMarks ?? false) };
  // Only the chosen guide is sent; the other layer stays in its painter.
  const maskHash = guide === 'mask' ? (session?.hash ?? null) : null;
  const markupHash = guide === 'markup' ? (markup?.hash ?? null) : null;
  const hasMask = guide === 'mask' && painted.mask;
  const built = buildEditParams(draft, model, items, maskHash, markupHash);
  const guideProblem = guide === 'mask' ? (session?.error?.message ?? null) : guide === 'markup' ? (markup?.error?.message ?? null) : null;
  const outputIssue = built.issues.size ?? built.issues.n ?? built.issues.partialImages ?? built.issues.gif;
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
      <section className="edit-center" aria-label="Guide and results">
        <NewEditBar />
        <GuideChoice
          model={model}
          guide={guide}
          painted={painted}
          onChange={(g) => {
            // Choosing a guide is going back to the canvas.
            closeResult();
            update({ guide: g });
          }}
        />
        {shownResult !== null ? (
          <ResultStage jobId={shownResult} />
        ) : guide === 'mask' ? (
          <MaskPainter first={first} />
        ) : guide === 'markup' ? (
          <MarkupPainter first={first} />
        ) : (
          <NoGuide first={first} />
        )}
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
          guide={guide}
          guideProblem={guideProblem}
          plan={plan}
          planError={planError}
        />
        <CompareFromEdit model={model} reason={items.length === 0 ? 'Add at least one image.' : draft.prompt.trim() === '' ? 'Write a prompt first.' : null} />
      </aside>
    </div>
  );
}
