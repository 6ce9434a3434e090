/**
 * Multi-selection over the matching ids: a click toggles one job, Shift extends from the
 * last one clicked (the anchor) across everything between, even rows not yet loaded.
 * Ids that leave the list (deleted, filtered out) leave the selection too.
 */
import { useMemo, useState } from 'react';
import type { SelectGesture } from './gallery';

interface Selection {
  ids: ReadonlySet<number>;
  anchor: number | null;
}

const NONE: Selection = { ids: new Set(), anchor: null };

export function useSelection(list: readonly number[]) {
  const [raw, setRaw] = useState<Selection>(NONE);
  const present = useMemo(() => new Set(list), [list]);
  // Derived rather than synced in an effect: what is selected is what is both chosen and listed.
  const selected = useMemo(() => {
    if (raw.ids.size === 0) return raw.ids;
    const kept = new Set<number>();
    for (const id of raw.ids) if (present.has(id)) kept.add(id);
    return kept.size === raw.ids.size ? raw.ids : kept;
  }, [raw.ids, present]);

  const select = (id: number, index: number, gesture: SelectGesture) => {
    setRaw((s) => {
      const anchorIndex = s.anchor === null ? -1 : list.indexOf(s.anchor);
      if (gesture.shiftKey && anchorIndex >= 0) {
        const [a, b] = anchorIndex < index ? [anchorIndex, index] : [index, anchorIndex];
        const ids = new Set(s.ids);
        for (let i = a; i <= b; i++) ids.add(list[i]!);
        return { ids, anchor: s.anchor };
      }
      const ids = new Set(s.ids);
      if (ids.has(id)) ids.delete(id);
      else ids.add(id);
      return { ids, anchor: id };
    });
  };

  return {
    selected,
    select,
    selectAll: () => setRaw({ ids: new Set(list), anchor: null }),
    clear: () => setRaw(NONE),
  };
}
