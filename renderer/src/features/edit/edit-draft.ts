/**
 * The Edit form's state, kept outside React like Generate's (nothing typed is lost on a
 * tab switch), and the request it describes: the output parameters as in Generate plus
 * the tray's inputs, the mask, input fidelity and the pixel lock, checked with the
 * core's own schema.
 */
import { EditParamsSchema, findModel, type EditParams, type JobView, type ModelInfo } from '../../../../electron/shared';
import { createStore, usePatchedStore } from '../../bridge/store';
import { addSchemaIssues, baseRequest, DRAFT_DEFAULTS, draftPatchFromJob, type Draft } from '../generate/draft';
import { kitForEdit } from '../kits/edit-kit-store';
import { reuseJobMask } from './mask/mask-store';
import { parentOf, replaceItems, type TrayItem } from './tray-store';

export interface EditDraft extends Draft {
  inputFidelity: 'low' | 'high';
  /** null: follow the default, which is on whenever there is a mask. */
  lock: boolean | null;
  feather: number;
  grow: number;
  /** Locked image at the photo's own size, or at the size sent to the model. */
  lockResolution: 'original' | 'sent';
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

export function buildEditParams(draft: EditDraft, model: ModelInfo, items: readonly TrayItem[], mask: string | null): BuiltEdit {
  const { request: base, issues: baseIssues } = baseRequest(draft, model.id);
  const issues: EditIssues = { ...baseIssues };
  const parent = parentOf(items);
  const request: EditParams = {
    ...base,
    inputs: items.map((i) => ({ hash: i.hash, name: i.name })),
    pixelLock: { enabled: lockEnabled(draft, mask !== null), feather: draft.feather, grow: draft.grow, resolution: draft.lockResolution },
  };
  if (mask) request.mask = mask;
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
  const p = job.params;
  editDraftStore.set((d) => ({
    ...draftPatchFromJob(job, d),
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
  const mask = job.inputs.find((i) => i.role === 'mask');
  // The mask goes back into the painting too, so it can be refined; if it cannot be drawn the edit simply has none.
  if (mask && items[0]) void reuseJobMask({ hash: mask.hash, width: mask.width ?? items[0].width, height: mask.height ?? items[0].height }, items[0]).catch(() => undefined);
}
