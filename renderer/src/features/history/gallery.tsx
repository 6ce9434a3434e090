/**
 * The virtualised gallery: grid or list over every matching id, rendering only the rows on
 * screen (plus overscan) and asking the job cache for just those jobs. Keyboard: arrows,
 * Page Up/Down, Home/End move between jobs; Enter opens one; Space selects it; the judging
 * keys (0-5, P, X, U, 6-9) mark its images, or every selected job's when it is selected.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type DragEvent, type KeyboardEvent, type MouseEvent, type RefObject } from 'react';
import type { JobView, OutputView } from '../../../../electron/shared';
import { isGone, peekJob, useJobCacheVersion, wantJobs } from '../../bridge/job-cache';
import { GalleryItem } from './gallery-item';

const GAP = 12;
const CARD_MIN = 180;
/** Below the square thumbnail: prompt (2 lines), two meta lines, tags. */
const CARD_TEXT = 132;
const ROW_HEIGHT = 92;

export interface SelectGesture {
  shiftKey: boolean;
  metaKey: boolean;
  ctrlKey: boolean;
}

interface GalleryProps {
  ids: readonly number[];
  mode: 'grid' | 'list';
  openId: number | null;
  selected: ReadonlySet<number>;
  /** Changes when the filters do: the gallery goes back to the top. */
  resetKey: string;
  onOpen: (id: number) => void;
  onSelect: (id: number, index: number, gesture: SelectGesture) => void;
  onDragOutput: (e: DragEvent, job: JobView, output: OutputView) => void;
  /** A judging key on a job; returns whether it was one (and handled). */
  onMarkKey: (e: KeyboardEvent, id: number) => boolean;
}

function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.floor(entry.contentRect.width));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

export function Gallery({ ids, mode, openId, selected, resetKey, onOpen, onSelect, onDragOutput, onMarkKey }: GalleryProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const pendingFocus = useRef<number | null>(null);
  const [focusIndex, setFocusIndex] = useState(0);
  const cacheVersion = useJobCacheVersion();
  const width = useWidth(scrollRef);
  const grid = mode === 'grid';
  const cols = grid ? Math.max(1, Math.floor((width + GAP) / (CARD_MIN + GAP))) : 1;
  const cardWidth = grid ? Math.max(CARD_MIN, (width - GAP * (cols - 1)) / cols) : width;
  const rowHeight = grid ? Math.round(cardWidth + CARD_TEXT + GAP) : ROW_HEIGHT;
  const rowCount = Math.ceil(ids.length / cols);

  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here; the virtualizer re-renders this component itself.
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: grid ? 2 : 8,
  });
  // Sizes are fixed per layout; a new width or mode changes them all at once.
  useEffect(() => virtualizer.measure(), [virtualizer, rowHeight, cols]);
  useEffect(() => virtualizer.scrollToOffset(0), [virtualizer, resetKey]);

  const rows = virtualizer.getVirtualItems();
  const first = (rows[0]?.index ?? 0) * cols;
  const last = Math.min(ids.length, ((rows[rows.length - 1]?.index ?? -1) + 1) * cols);

  useEffect(() => {
    wantJobs(ids.slice(first, last));
  }, [ids, first, last, cacheVersion]);

  // Focus follows the keyboard once the target row has been rendered.
  useEffect(() => {
    const target = pendingFocus.current;
    if (target === null) return;
    const el = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${target}"]`);
    if (el) {
      el.focus({ preventScroll: true });
      pendingFocus.current = null;
    }
  });

  const clampedFocus = Math.min(focusIndex, Math.max(0, ids.length - 1));
  const tabbableIndex = clampedFocus >= first && clampedFocus < last ? clampedFocus : first;

  const moveFocus = (index: number) => {
    const next = Math.max(0, Math.min(ids.length - 1, index));
    setFocusIndex(next);
    pendingFocus.current = next;
    virtualizer.scrollToIndex(Math.floor(next / cols), { align: 'auto' });
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const item = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
    if (!item) return;
    const index = Number(item.dataset.index);
    const id = ids[index];
    if (id === undefined) return;
    const onItem = e.target === item;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight) / rowHeight)) * cols;
    const moves: Record<string, number | undefined> = {
      ArrowDown: index + cols,
      ArrowUp: index - cols,
      ArrowRight: grid ? index + 1 : undefined,
      ArrowLeft: grid ? index - 1 : undefined,
      PageDown: index + page,
      PageUp: index - page,
      Home: 0,
      End: ids.length - 1,
    };
    const next = moves[e.key];
    const onCheck = (e.target as HTMLElement).classList.contains('g-check');
    if ((onItem || onCheck) && onMarkKey(e, id)) return;
    if (next !== undefined) {
      e.preventDefault();
      moveFocus(next);
    } else if (onItem && e.key === 'Enter') {
      e.preventDefault();
      onOpen(id);
    } else if (onItem && e.key === ' ') {
      e.preventDefault();
      onSelect(id, index, { shiftKey: e.shiftKey, metaKey: true, ctrlKey: false });
    }
  };

  const onClick = (e: MouseEvent) => {
    const target = e.target as HTMLElement;
    if (target.closest('input, button, a')) return;
    const item = target.closest<HTMLElement>('[data-index]');
    if (!item) return;
    const index = Number(item.dataset.index);
    const id = ids[index];
    if (id === undefined) return;
    setFocusIndex(index);
    if (e.shiftKey || e.metaKey || e.ctrlKey) onSelect(id, index, e);
    else onOpen(id);
  };

  return (
    <div ref={scrollRef} role="list" aria-label="Jobs" className={`gallery gallery-${mode}`} onKeyDown={onKeyDown} onClick={onClick}>
      <div className="gallery-space" style={{ height: virtualizer.getTotalSize() }}>
        {rows.map((row) => (
          <div
            key={row.key}
            className="gallery-row"
            style={{ transform: `translateY(${row.start}px)`, height: rowHeight - (grid ? GAP : 0), gridTemplateColumns: grid ? `repeat(${cols}, minmax(0, 1fr))` : undefined }}
          >
            {Array.from({ length: cols }, (_, c) => {
              const index = row.index * cols + c;
              const id = ids[index];
              if (id === undefined) return null;
              return (
                <GalleryItem
                  key={id}
                  id={id}
                  job={peekJob(id)}
                  gone={isGone(id)}
                  index={index}
                  total={ids.length}
                  mode={mode}
                  selected={selected.has(id)}
                  current={id === openId}
                  tabbable={index === tabbableIndex}
                  onSelect={(jobId, ev) => {
                    setFocusIndex(index);
                    onSelect(jobId, index, ev);
                  }}
                  onDragOutput={onDragOutput}
                />
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}
