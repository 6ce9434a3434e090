/** The painter's tools: brush, eraser and fills as toggle buttons, sliders, and the step actions. */
import type { MaskEngine } from './mask-engine';
import type { Tool, ToolState } from './tool-store';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl';

const TOOLS: { tool: Tool; label: string; key: string; icon: string }[] = [
  { tool: 'brush', label: 'Brush', key: 'B', icon: '●' },
  { tool: 'eraser', label: 'Eraser', key: 'E', icon: '◌' },
  { tool: 'rect', label: 'Rectangle fill', key: 'R', icon: '▭' },
  { tool: 'lasso', label: 'Lasso fill', key: 'L', icon: '◇' },
];

interface Props {
  tools: ToolState;
  size: number;
  maxSize: number;
  engine: MaskEngine | null;
  onChange: (patch: Partial<ToolState>) => void;
}

export function MaskToolbar({ tools, size, maxSize, engine, onChange }: Props) {
  const disabled = !engine;
  return (
    <div className="painter-toolbar" role="toolbar" aria-label="Mask tools">
      <div className="tool-group" role="group" aria-label="Tool">
        {TOOLS.map((t) => (
          <button
            key={t.tool}
            type="button"
            className="tool-button"
            aria-pressed={tools.tool === t.tool}
            title={`${t.label} (${t.key})`}
            onClick={() => onChange({ tool: t.tool })}
          >
            <span aria-hidden="true" className="tool-icon">
              {t.icon}
            </span>
            {t.label}
          </button>
        ))}
      </div>
      <div className="tool-sliders">
        <label className="tool-slider">
          <span>
            Brush size <span className="tool-value">{size} px</span>
          </span>
          <input
            type="range"
            min={1}
            max={maxSize}
            value={size}
            aria-label="Brush size"
            aria-valuetext={`${size} pixels`}
            title="Brush size ([ and ])"
            onChange={(e) => onChange({ size: Number(e.target.value) })}
          />
        </label>
        <label className="tool-slider">
          <span>
            Hardness <span className="tool-value">{tools.hardness}%</span>
          </span>
          <input
            type="range"
            min={0}
            max={100}
            value={tools.hardness}
            aria-label="Brush hardness"
            aria-valuetext={`${tools.hardness}%: ${tools.hardness >= 99 ? 'hard edge' : 'feathered edge'}`}
            onChange={(e) => onChange({ hardness: Number(e.target.value) })}
          />
        </label>
        <label className="tool-slider">
          <span>
            Overlay <span className="tool-value">{tools.opacity}%</span>
          </span>
          <input
            type="range"
            min={10}
            max={100}
            value={tools.opacity}
            aria-label="Overlay opacity"
            aria-valuetext={`${tools.opacity}%`}
            disabled={!tools.overlay}
            onChange={(e) => onChange({ opacity: Number(e.target.value) })}
          />
        </label>
        <label className="checkbox tool-check" title="Show overlay (H)">
          <input type="checkbox" checked={tools.overlay} onChange={(e) => onChange({ overlay: e.target.checked })} />
          Show overlay
        </label>
      </div>
      <div className="tool-group" role="group" aria-label="Mask actions">
        <button type="button" className="btn small" disabled={disabled} title="Swap edited and kept areas" onClick={() => engine?.invert()}>
          Invert
        </button>
        <button type="button" className="btn small" disabled={disabled || engine.editedShare === 0} title="Erase the whole mask" onClick={() => engine?.clear()}>
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
