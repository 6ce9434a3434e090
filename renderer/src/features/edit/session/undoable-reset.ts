/**
 * Starting over on purpose, in one step that can be taken back: each part of the edit
 * (tray, prompt, mask, markup) hands over what it holds and empties itself; Undo hands
 * every part its own back. Nothing here knows React or the bridge, so it is tested alone.
 */

export interface ResetPart<T> {
  /** Takes what the part holds and leaves it empty. */
  take(): T;
  give(saved: T): void;
  /** How the status names what was cleared ("2 images", "the prompt"), or null when it held nothing. */
  describe(saved: T): string | null;
}

export interface ResetResult {
  /** What was cleared, in the parts' order; empty when there was nothing to clear. */
  cleared: string[];
}

export class UndoableReset {
  private saved: (() => void) | null = null;

  constructor(private readonly parts: readonly ResetPart<unknown>[]) {}

  get canUndo(): boolean {
    return this.saved !== null;
  }

  reset(): ResetResult {
    const taken = this.parts.map((part) => ({ part, value: part.take() }));
    const cleared = taken.flatMap(({ part, value }) => part.describe(value) ?? []);
    // Clearing nothing leaves nothing to undo (and does not lose an earlier Undo's state).
    if (cleared.length > 0) {
      this.saved = () => {
        for (const { part, value } of taken) part.give(value);
      };
    }
    return { cleared };
  }

  /** Puts back what the last reset cleared; false when there is nothing to put back. */
  undo(): boolean {
    const restore = this.saved;
    this.saved = null;
    if (!restore) return false;
    restore();
    return true;
  }

  /** The user went on with something else that an undo would overwrite. */
  forget(): void {
    this.saved = null;
  }
}

/** "2 images, the mask and the prompt". */
export function listPhrase(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
