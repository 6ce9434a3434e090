/** "Compare": from the edit being put together (Edit) or from an edit job (History), opens the setup dialog. */
import type { EditParams, JobView, ModelInfo } from '../../../../electron/shared';
import { buildEditParams, editDraftStore, effectiveGuide, lockEnabled, type EditDraft } from '../edit/edit-draft';
import { flushMarkup } from '../edit/markup/markup-store';
import { flushMask } from '../edit/mask/mask-store';
import { trayStore } from '../edit/tray-store';
import { askSetup } from './lab-store';

/** The draft with every guide painted (mask and markup both, so variants can compare them). */
async function currentDraft(model: ModelInfo): Promise<{ request: EditParams; draft: EditDraft; mask: string | null; markup: string | null }> {
  const draft = editDraftStore.get();
  const first = trayStore.get().items[0];
  const mask = first ? await flushMask(first.hash).catch(() => null) : null;
  const markup = first && model.markup ? await flushMarkup(first.hash).catch(() => null) : null;
  const { request } = buildEditParams(draft, model, trayStore.get().items, mask);
  return { request: markup ? { ...request, markup } : request, draft, mask, markup };
}

export function CompareFromEdit({ model, reason }: { model: ModelInfo; reason: string | null }) {
  return (
    <div className="compare-from-edit">
      <button
        type="button"
        className="btn wide"
        disabled={!!reason}
        title={reason ?? 'Run this edit on several models or settings and compare what each kept'}
        onClick={() =>
          void currentDraft(model).then(({ request, draft, mask, markup }) => {
            const guide = effectiveGuide(draft.guide, model);
            askSetup({
              source: { draft: request },
              base: { model: model.id, quality: draft.quality, complexity: request.complexity, guide: guide === 'mask' && !mask ? 'none' : guide === 'markup' && !markup ? 'none' : guide, pixelLock: lockEnabled(draft, mask !== null) },
              guides: { mask: mask !== null, markup: markup !== null },
            });
          })
        }
      >
        Compare…
      </button>
    </div>
  );
}

export function CompareFromJob({ job }: { job: JobView }) {
  if (job.kind !== 'edit') return null;
  const mask = job.inputs.some((i) => i.role === 'mask');
  const markup = job.inputs.some((i) => i.role === 'markup');
  const p = job.params;
  return (
    <button
      type="button"
      className="btn small"
      title="Run this edit again on several models or settings and compare what each kept"
      onClick={() =>
        askSetup({
          source: { jobId: job.id },
          base: { model: job.model, quality: p.quality ?? 'auto', complexity: p.complexity, guide: markup ? 'markup' : mask ? 'mask' : 'none', pixelLock: p.pixelLock?.enabled ?? mask },
          guides: { mask, markup },
        })
      }
    >
      Compare…
    </button>
  );
}
