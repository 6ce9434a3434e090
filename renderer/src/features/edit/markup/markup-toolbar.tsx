/** The markup tools: pen and shapes as toggle buttons, colours as a radio group, line size, and the step actions. */
import type { KeyboardEvent } from 'react';
import { LayerActions, SizeSlider, ToolButtons, type ToolSpec } from '../canvas/painter-parts';
import type { MarkupEngine } from './markup-engine';
import { COLOURS, type MarkupTool, type MarkupToolState } from './markup-tools';

export const MARKUP_TOOLS: ToolSpec<MarkupTool>[] = [
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
      <ToolButtons tools={MARKUP_TOOLS} current={tools.tool} onChange={(tool) => onChange({ tool })} />
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
        <SizeSlider label="Line size" size={size} max={maxSize} onChange={(n) => onChange({ size: n })} />
      </div>
      <LayerActions label="Markup actions" layer={engine}>
        <button type="button" className="btn small" disabled={!engine?.hasMarks} title="Erase all the marks" onClick={() => engine?.clear()}>
          Clear
        </button>
      </LayerActions>
    </div>
  );
}
