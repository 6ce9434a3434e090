/** The painter's tools: brush, eraser and fills as toggle buttons, sliders, and the step actions. */
import { LayerActions, SizeSlider, ToolButtons, type ToolSpec } from '../canvas/painter-parts';
import type { MaskEngine } from './mask-engine';
import type { Tool, ToolState } from './tool-store';

const TOOLS: ToolSpec<Tool>[] = [
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
      <ToolButtons tools={TOOLS} current={tools.tool} onChange={(tool) => onChange({ tool })} />
      <div className="tool-sliders">
        <SizeSlider label="Brush size" size={size} max={maxSize} onChange={(n) => onChange({ size: n })} />
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
      <LayerActions label="Mask actions" layer={engine}>
        <button type="button" className="btn small" disabled={disabled} title="Swap edited and kept areas" onClick={() => engine?.invert()}>
          Invert
        </button>
        <button type="button" className="btn small" disabled={disabled || engine.editedShare === 0} title="Erase the whole mask" onClick={() => engine?.clear()}>
          Clear
        </button>
      </LayerActions>
    </div>
  );
}
