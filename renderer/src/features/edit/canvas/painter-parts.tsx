/** Toolbar pieces both painters use: the tool buttons, the size slider and Undo/Redo. */
import type { ReactNode } from 'react';
import type { PaintLayer } from './painter-stage';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
export const MOD = isMac ? '⌘' : 'Ctrl';

export interface ToolSpec<T extends string> {
  tool: T;
  label: string;
  key: string;
  icon: string;
}

export function ToolButtons<T extends string>({ tools, current, onChange }: { tools: readonly ToolSpec<T>[]; current: T; onChange: (tool: T) => void }) {
  return (
    <div className="tool-group" role="group" aria-label="Tool">
      {tools.map((t) => (
        <button key={t.tool} type="button" className="tool-button" aria-pressed={current === t.tool} title={`${t.label} (${t.key})`} onClick={() => onChange(t.tool)}>
          <span aria-hidden="true" className="tool-icon">
            {t.icon}
          </span>
          {t.label}
        </button>
      ))}
    </div>
  );
}

/** "Brush size 42 px": the label names the value, so a glance (or a test) reads it. */
export function SizeSlider({ label, size, max, onChange }: { label: string; size: number; max: number; onChange: (size: number) => void }) {
  return (
    <label className="tool-slider">
      <span>
        {label} <span className="tool-value">{size} px</span>
      </span>
      <input
        type="range"
        min={1}
        max={max}
        value={size}
        aria-label={label}
        aria-valuetext={`${size} pixels`}
        title={`${label} ([ and ])`}
        onChange={(e) => onChange(Number(e.target.value))}
      />
    </label>
  );
}

/** Undo and Redo, after the painter's own actions (Clear, Invert…). */
export function LayerActions({ label, layer, children }: { label: string; layer: PaintLayer | null; children?: ReactNode }) {
  return (
    <div className="tool-group" role="group" aria-label={label}>
      {children}
      <button type="button" className="btn small" disabled={!layer?.canUndo} title={`Undo (${MOD}+Z)`} onClick={() => layer?.undo()}>
        Undo
      </button>
      <button type="button" className="btn small" disabled={!layer?.canRedo} title={`Redo (${MOD}+Shift+Z)`} onClick={() => layer?.redo()}>
        Redo
      </button>
    </div>
  );
}
