/**
 * "New edit": the tray, the prompt, the mask and the markup cleared in one step, with an
 * Undo in the status it shows. Settings (model, size, pixel lock…) stay: they are how the
 * person likes to work, not part of the last edit. The Undo is offered until the tray
 * changes again, since putting the old images back would then drop the new ones.
 */
import { createStore, useStore } from '../../../bridge/store';
import { plural } from '../../../ui/format';
import { editDraftStore } from '../edit-draft';
import { restoreMarkups, takeMarkups } from '../markup/markup-store';
import { restoreMasks, takeMasks } from '../mask/mask-store';
import { replaceItems, trayStore, useTray, type TrayItem } from '../tray-store';
import { closeResult } from '../results/result-store';
import { listPhrase, UndoableReset, type ResetPart } from './undoable-reset';

const tray: ResetPart<readonly TrayItem[]> = {
  take() {
    const items = trayStore.get().items;
    replaceItems([], 'New edit: the tray is empty.');
    return items;
  },
  give(items) {
    replaceItems(items, `Put back ${plural(items.length, 'image')}.`);
  },
  describe: (items) => (items.length > 0 ? plural(items.length, 'image') : null),
};

const prompt: ResetPart<string> = {
  take() {
    const text = editDraftStore.get().prompt;
    editDraftStore.set((d) => ({ ...d, prompt: '' }));
    return text;
  },
  give(text) {
    editDraftStore.set((d) => ({ ...d, prompt: text }));
  },
  describe: (text) => (text.trim() !== '' ? 'the prompt' : null),
};

const masks: ResetPart<ReturnType<typeof takeMasks>> = {
  take: takeMasks,
  give: restoreMasks,
  describe: (taken) => ([...taken.values()].some((s) => s.hash !== null || s.engine.editedShare > 0) ? 'the mask' : null),
};

const markups: ResetPart<ReturnType<typeof takeMarkups>> = {
  take: takeMarkups,
  give: restoreMarkups,
  describe: (taken) => ([...taken.values()].some((s) => s.hash !== null || s.engine.hasMarks) ? 'the markup' : null),
};

const reset = new UndoableReset([tray, masks, markups, prompt] as ResetPart<unknown>[]);

interface Status {
  message: string;
  canUndo: boolean;
  /** The tray as the new edit left it: the Undo lasts while it is unchanged. */
  itemsAfter: readonly TrayItem[];
}

const statusStore = createStore<Status | null>(null);

/** Whether there is anything to start over from (an empty edit needs no question). */
export function editIsEmpty(): boolean {
  return trayStore.get().items.length === 0 && editDraftStore.get().prompt.trim() === '';
}

/** Clears everything; `from` names the output a new edit starts with ("Edit this output"). */
export function startNewEdit(from?: string): void {
  closeResult();
  const { cleared } = reset.reset();
  const lead = from ? `New edit from ${from}` : 'New edit';
  statusStore.set({
    message: cleared.length > 0 ? `${lead}: cleared ${listPhrase(cleared)}.` : `${lead}: there was nothing to clear.`,
    canUndo: cleared.length > 0,
    itemsAfter: trayStore.get().items,
  });
}

/** The tray as it now stands is the new edit's (after "Edit this output" put its image in). */
export function settleNewEdit(): void {
  statusStore.set((s) => (s ? { ...s, itemsAfter: trayStore.get().items } : s));
}

export function undoNewEdit(): void {
  const s = statusStore.get();
  if (!s || s.itemsAfter !== trayStore.get().items || !reset.undo()) return;
  statusStore.set({ message: 'Undone: the previous edit is back.', canUndo: false, itemsAfter: trayStore.get().items });
}

export function dismissNewEditStatus(): void {
  reset.forget();
  statusStore.set(null);
}

export function useNewEditStatus(): { message: string; canUndo: boolean } | null {
  const s = useStore(statusStore);
  const { items } = useTray();
  if (!s) return null;
  return { message: s.message, canUndo: s.canUndo && s.itemsAfter === items };
}
