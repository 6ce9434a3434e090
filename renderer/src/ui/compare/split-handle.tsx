/**
 * The divider of a before/after split: a slider (role "slider") that can be dragged, or
 * moved with the arrow keys (Shift for bigger steps), Page Up/Down, Home and End.
 * `position` is the share of the pane, 0..100, showing the "before" image on the left.
 */
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';

interface SplitHandleProps {
  position: number;
  onChange: (position: number) => void;
  beforeLabel: string;
  afterLabel: string;
}

const clamp = (v: number) => Math.min(100, Math.max(0, v));

export function SplitHandle({ position, onChange, beforeLabel, afterLabel }: SplitHandleProps) {
  const dragging = useRef<number | null>(null);

  const fromPointer = (e: PointerEvent<HTMLDivElement>) => {
    const pane = e.currentTarget.parentElement;
    if (!pane) return;
    const rect = pane.getBoundingClientRect();
    if (rect.width > 0) onChange(clamp(Math.round(((e.clientX - rect.left) / rect.width) * 1000) / 10));
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const step = e.shiftKey ? 10 : 1;
    const next: Record<string, number> = {
      ArrowLeft: position - step,
      ArrowDown: position - step,
      ArrowRight: position + step,
      ArrowUp: position + step,
      PageDown: position - 10,
      PageUp: position + 10,
      Home: 0,
      End: 100,
    };
    if (!(e.key in next)) return;
    e.preventDefault();
    // The viewer's own arrow keys pan: a focused slider keeps them.
    e.stopPropagation();
    onChange(clamp(next[e.key] ?? position));
  };

  const shown = Math.round(position);
  return (
    <div
      className="split-handle"
      style={{ left: `${position}%` }}
      role="slider"
      tabIndex={0}
      aria-label="Before and after split"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={shown}
      aria-valuetext={`${shown}% ${beforeLabel}, ${100 - shown}% ${afterLabel}`}
      aria-orientation="horizontal"
      onKeyDown={onKeyDown}
      onPointerDown={(e) => {
        // The handle moves the split; it must not start a pan of the pane beneath.
        e.stopPropagation();
        e.preventDefault();
        e.currentTarget.setPointerCapture(e.pointerId);
        e.currentTarget.focus();
        dragging.current = e.pointerId;
      }}
      onPointerMove={(e) => {
        if (dragging.current === e.pointerId) fromPointer(e);
      }}
      onPointerUp={() => (dragging.current = null)}
      onPointerCancel={() => (dragging.current = null)}
    >
      <span className="split-knob" aria-hidden="true">
        ‹›
      </span>
    </div>
  );
}
