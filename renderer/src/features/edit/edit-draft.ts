/**
 * The Edit form's state, kept outside React like Generate's (nothing typed is lost on a
 * tab switch), and the request it describes: the output parameters as in Generate plus
 * the tray's inputs, the mask or the markup, input fidelity and the pixel lock, checked
 * with the core's own schema.
 */
import { EditParamsSchema, findModel, type EditParams, type JobView, type ModelInfo } from '../../../../electron/shared';
import { createStore, usePatchedStore } from '../../bridge/store';
import { addSchemaIssues, baseRequest, DRAFT_DEFAULTS, draftPatchFromJob, type Draft } from '../generate/draft';
import { kitForEdit } from '../kits/edit-kit-store';
import { reuseJobMarkup } from './markup/markup-store';
import { reuseJobMask } from './mask/mask-store';
import { closeResult } from './results/result-store';
import { parentOf, replaceItems, type TrayItem } from './tray-store';

export interface EditDraft extends Draft {
  inputFidelity: 'low' | 'high';
  /** null: follow the default, which is on whenever there is a mask. */
  lock: boolean | null;
  feather: number;
  grow: number;
  /** Locked image at the photo's own size, or at the size sent to the model. */
  lockResolution: 'original' | 'sent';
  /** What guides the edit: both layers are kept while switching, only this one is sent. */
  guide: Guide;
}

export type Guide = 'mask' | 'markup' | 'none';

/**
 * The guide actually used. Models without markup (§3.2) offer no choice: the mask
 * painter, where painting nothing means no mask.
 */
export function effectiveGuide(guide: Guide, model: ModelInfo): Guide {
  return model.markup ? guide : 'mask';
}

export const editDraftStore = createStore<EditDraft>({
  ...DRAFT_DEFAULTS,
  // Auto lets the model keep the input's shape; a fixed size would crop or pad it.
  size: 'auto',
  inputFidelity: 'low',
  lock: null,
  feather: 8,
  grow: 4,
  lockResolution: 'original',
  guide: 'mask',
});

export function useEditDraft(): [EditDraft, (patch: Partial<EditDraft>) => void] {
  return usePatchedStore(editDraftStore);
}

export type EditIssues = Partial<Record<keyof EditParams, string>>;

export interface BuiltEdit {
  /** The request as it stands (the prompt may be empty): what the plan is asked about. */
  request: EditParams;
  /** The same request when it would pass the core's checks, else null. */
  params: EditParams | null;
  issues: EditIssues;
}

export function lockEnabled(draft: EditDraft, hasMask: boolean): boolean {
  return hasMask && (draft.lock ?? true);
}

/** `mask` and `markup` are the layers of the guide in use (the other is null): never both (§3.2). */
export function buildEditParams(draft: EditDraft, model: ModelInfo, items: readonly TrayItem[], mask: string | null, markup: string | null = null): BuiltEdit {
  const { request: base, issues: baseIssues } = baseRequest(draft, model.id);
  const issues: EditIssues = { ...baseIssues };
  const parent = parentOf(items);
  const request: EditParams = {
    ...base,
    inputs: items.map((i) => ({ hash: i.hash, name: i.name, ...(i.sendAs && i.sendAs !== 'auto' ? { sendAs: i.sendAs } : {}) })),
    pixelLock: { enabled: lockEnabled(draft, mask !== null), feather: draft.feather, grow: draft.grow, resolution: draft.lockResolution },
  };
  if (mask) request.mask = mask;
  else if (markup) request.markup = markup;
  // gpt-image-2 must not be sent input_fidelity at all, and mini does not take it.
  if (model.inputFidelity === 'choice') request.inputFidelity = draft.inputFidelity;
  if (parent) request.parentOutputId = parent.outputId;
  const kit = kitForEdit(items);
  if (kit) request.kit = kit;
  addSchemaIssues(issues, EditParamsSchema.safeParse(request));
  return { request, params: Object.keys(issues).length === 0 ? request : null, issues };
}

/** Puts a past edit back: its settings in the form and its images in the tray, in order. */
export function reuseEditJob(job: JobView): void {
  closeResult();
  const p = job.params;
  const mask = job.inputs.find((i) => i.role === 'mask');
  const markup = job.inputs.find((i) => i.role === 'markup');
  editDraftStore.set((d) => ({
    ...draftPatchFromJob(job, d),
    // The job's own guide is chosen again; a markup from another edit is not sent with this one.
    guide: markup ? 'markup' : mask ? 'mask' : d.guide === 'markup' ? 'none' : d.guide,
    inputFidelity: p.inputFidelity ?? d.inputFidelity,
    lock: p.pixelLock ? p.pixelLock.enabled : d.lock,
    feather: p.pixelLock?.feather ?? d.feather,
    grow: p.pixelLock?.grow ?? d.grow,
    // Jobs stored before the choice existed have none: the form keeps its own.
    lockResolution: p.pixelLock?.resolution ?? d.lockResolution,
  }));
  const images = job.inputs.filter((i) => i.role === 'image').sort((a, b) => a.position - b.position);
  if (images.length === 0) return;
  const model = findModel(job.model);
  const items: TrayItem[] = images.map((i, n) => ({
    hash: i.hash,
    name: i.name ?? `input-${n + 1}`,
    width: i.width ?? 1024,
    height: i.height ?? 1024,
    bytes: 0,
    mime: '',
    kind: 'input',
    fromOutput: null,
  }));
  replaceItems(items.slice(0, model?.maxInputImages ?? 16), `Tray set to the ${items.length} images of job #${job.id}.`);
  // The mask or markup goes back into its layer too, so it can be refined; if it cannot be drawn the edit simply has none.
  if (mask && items[0]) void reuseJobMask({ hash: mask.hash, width: mask.width ?? items[0].width, height: mask.height ?? items[0].height }, items[0]).catch(() => undefined);
  if (markup && items[0]) void reuseJobMarkup({ hash: markup.hash, width: markup.width ?? items[0].width, height: markup.height ?? items[0].height }, items[0]).catch(() => undefined);
}
