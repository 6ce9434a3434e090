/** The markup tools: pen and shapes as toggle buttons, colours as a radio group, line size, and the step actions. */
import type { KeyboardEvent } from 'react';
import type { MarkupEngine } from './markup-engine';
import { COLOURS, type MarkupTool, type MarkupToolState } from './markup-tools';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl';

export const MARKUP_TOOLS: { tool: MarkupTool; label: string; key: string; icon: string }[] = [
  { tool: 'pen', label: 'Pen', key: 'P', icon: '✎' },
  { tool: 'arrow', label: 'Arrow', key: 'A', icon: '➚' },
  { tool: 'ellipse', label: 'Ellipse', key: 'O', icon: '◯' },
  { tool: 'rect', label: 'Rectangle', key: 'R', icon: '▭' },
];

interface Props {
  tools: MarkupToolState;
  size: number;
  maxSize: number;
  engine: MarkupEngine | null;
  onChange: (patch: Partial<MarkupToolState>) => void;
}

export function MarkupToolbar({ tools, size, maxSize, engine, onChange }: Props) {
  // Arrow keys move through the colours, as in any radio group.
  const onColourKey = (e: KeyboardEvent, i: number) => {
    const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = COLOURS[(i + step + COLOURS.length) % COLOURS.length]!;
    onChange({ colour: next.value });
    const group = (e.currentTarget as HTMLElement).parentElement;
    (group?.querySelector(`[data-colour="${next.value}"]`) as HTMLElement | null)?.focus();
  };
  return (
    <div className="painter-toolbar" role="toolbar" aria-label="Markup tools">
      <div className="tool-group" role="group" aria-label="Tool">
        {MARKUP_TOOLS.map((t) => (
          <button key={t.tool} type="button" className="tool-button" aria-pressed={tools.tool === t.tool} title={`${t.label} (${t.key})`} onClick={() => onChange({ tool: t.tool })}>
            <span aria-hidden="true" className="tool-icon">
              {t.icon}
            </span>
            {t.label}
          </button>
        ))}
      </div>
      <div className="tool-group colour-group" role="radiogroup" aria-label="Colour">
        {COLOURS.map((c, i) => (
          <button
            key={c.value}
            type="button"
            role="radio"
            data-colour={c.value}
            className="colour-swatch"
            aria-checked={tools.colour === c.value}
            aria-label={c.name}
            title={`${c.name} (${i + 1})`}
            tabIndex={tools.colour === c.value ? 0 : -1}
            style={{ background: c.value }}
            onClick={() => onChange({ colour: c.value })}
            onKeyDown={(e) => onColourKey(e, i)}
          />
        ))}
      </div>
      <div className="tool-sliders">
        <label className="tool-slider">
          <span>
            Line <span className="tool-value">{size} px</span>
          </span>
          <input
            type="range"
            min={1}
            max={maxSize}
            value={size}
            aria-label="Line size"
            aria-valuetext={`${size} pixels`}
            title="Line size ([ and ])"
            onChange={(e) => onChange({ size: Number(e.target.value) })}
          />
        </label>
      </div>
      <div className="tool-group" role="group" aria-label="Markup actions">
        <button type="button" className="btn small" disabled={!engine?.hasMarks} title="Erase all the marks" onClick={() => engine?.clear()}>
          Clear
        </button>
        <button type="button" className="btn small" disabled={!engine?.canUndo} title={`Undo (${MOD}+Z)`} onClick={() => engine?.undo()}>
          Undo
        </button>
        <button type="button" className="btn small" disabled={!engine?.canRedo} title={`Redo (${MOD}+Shift+Z)`} onClick={() => engine?.redo()}>
          Redo
        </button>
      </div>
    </div>
  );
}
