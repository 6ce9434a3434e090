/**
 * "New edit" as one undoable step (renderer/src/features/edit/session/undoable-reset.ts),
 * over the real composition tray store and a prompt store: everything cleared at once,
 * named in the status, and put back exactly by Undo, once.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createStore } from '../../renderer/src/bridge/store';
import { listPhrase, UndoableReset, type ResetPart } from '../../renderer/src/features/edit/session/undoable-reset';
import { replaceItems, trayStore, type TrayItem } from '../../renderer/src/features/edit/tray-store';

const item = (n: number): TrayItem => ({ hash: String(n).repeat(64).slice(0, 64), name: `photo-${n}.jpg`, width: 600, height: 400, bytes: 1000, mime: 'image/jpeg', kind: 'input', fromOutput: null });

const prompt = createStore('');

const trayPart: ResetPart<readonly TrayItem[]> = {
  take() {
    const items = trayStore.get().items;
    replaceItems([], 'cleared');
    return items;
  },
  give: (items) => replaceItems(items, 'back'),
  describe: (items) => (items.length ? `${items.length} images` : null),
};
const promptPart: ResetPart<string> = {
  take() {
    const p = prompt.get();
    prompt.set('');
    return p;
  },
  give: (p) => prompt.set(p),
  describe: (p) => (p.trim() ? 'the prompt' : null),
};

let reset: UndoableReset;
beforeEach(() => {
  replaceItems([], '');
  prompt.set('');
  reset = new UndoableReset([trayPart, promptPart] as ResetPart<unknown>[]);
});

describe('an undoable reset', () => {
  it('clears every part in one step and names what it cleared', () => {
    replaceItems([item(1), item(2)], '');
    prompt.set('give her a red hat');
    const { cleared } = reset.reset();
    expect(cleared).toEqual(['2 images', 'the prompt']);
    expect(trayStore.get().items).toEqual([]);
    expect(prompt.get()).toBe('');
    expect(reset.canUndo).toBe(true);
  });

  it('puts every part back exactly, in order, and only once', () => {
    const items = [item(3), item(1), item(2)];
    replaceItems(items, '');
    prompt.set('keep the background');
    reset.reset();
    expect(reset.undo()).toBe(true);
    expect(trayStore.get().items.map((i) => i.name)).toEqual(['photo-3.jpg', 'photo-1.jpg', 'photo-2.jpg']);
    expect(prompt.get()).toBe('keep the background');
    expect(reset.undo()).toBe(false);
    expect(trayStore.get().items).toHaveLength(3);
  });

  it('has nothing to undo when nothing was there, and keeps an earlier undo then', () => {
    expect(reset.reset().cleared).toEqual([]);
    expect(reset.canUndo).toBe(false);
    prompt.set('a prompt');
    reset.reset();
    // A second press on an empty edit must not lose the way back to the prompt.
    expect(reset.reset().cleared).toEqual([]);
    expect(reset.undo()).toBe(true);
    expect(prompt.get()).toBe('a prompt');
  });

  it('forgets the way back once the person moves on', () => {
    prompt.set('x');
    reset.reset();
    reset.forget();
    expect(reset.undo()).toBe(false);
    expect(prompt.get()).toBe('');
  });

  it('lists what was cleared as a sentence', () => {
    expect(listPhrase(['2 images'])).toBe('2 images');
    expect(listPhrase(['2 images', 'the prompt'])).toBe('2 images and the prompt');
    expect(listPhrase(['1 image', 'the mask', 'the prompt'])).toBe('1 image, the mask and the prompt');
  });
});
