/** Editing one preset: its name, its prompt template with {placeholders}, and the output size the case calls for. */
import { useState } from 'react';
import { KitPresetSchema, type KitPreset } from '../../../../electron/shared';

export function PresetForm({ preset, onSave, onCancel, onDelete }: { preset: KitPreset; onSave: (p: KitPreset) => void; onCancel: () => void; onDelete: () => void }) {
  const [name, setName] = useState(preset.name);
  const [template, setTemplate] = useState(preset.template);
  const [size, setSize] = useState(preset.size ?? '');
  const candidate = { id: preset.id, name: name.trim(), template: template.trim(), ...(size.trim() ? { size: size.trim() } : {}) };
  const check = KitPresetSchema.safeParse(candidate);
  const problem = check.success ? null : `${check.error.issues[0]?.path.join('.') || 'preset'}: ${check.error.issues[0]?.message}`;
  const id = `preset-edit-${preset.id}`;
  return (
    <div className="kit-preset-form">
      <div className="field">
        <label htmlFor={`${id}-name`}>Preset name</label>
        <input id={`${id}-name`} value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-template`}>Prompt template</label>
        <textarea id={`${id}-template`} rows={4} value={template} maxLength={4000} onChange={(e) => setTemplate(e.target.value)} />
        <p className="field-note">{'Write {brand}, {colours} or {typography} for the kit\'s own; any other {word} is asked when the preset is applied.'}</p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-size`}>Size</label>
        <input id={`${id}-size`} value={size} placeholder="1536x1024, auto, or empty to keep the edit's" onChange={(e) => setSize(e.target.value)} />
      </div>
      {problem ? <p className="field-error">{problem}</p> : null}
      <div className="button-row compact">
        <button type="button" className="btn small primary" disabled={!check.success} onClick={() => check.success && onSave(check.data)}>
          Save preset
        </button>
        <button type="button" className="btn small" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="btn small ghost" onClick={onDelete}>
          Delete preset
        </button>
      </div>
    </div>
  );
}
