/**
 * The kit's prompt presets. Applying one fills the edit: the kit's logo in the policy's
 * position, the prompt with its placeholders filled and the preservation sentence, the
 * policy's model and quality, the case's size; then it opens Edit to add the photo and run.
 */
import { useState } from 'react';
import { askedPlaceholders, fillTemplate, type KitPreset, type KitView } from '../../../../electron/shared';
import { useNavigate } from '../../app/navigation';
import { useSettings } from '../../bridge/settings-store';
import { applyPreset } from './kit-edit';

function PresetRow({ kit, preset }: { kit: KitView; preset: KitPreset }) {
  const navigate = useNavigate();
  const { settings } = useSettings();
  const [values, setValues] = useState<Record<string, string>>({});
  const asked = askedPlaceholders(preset.template);
  const missing = asked.filter((p) => !values[p]?.trim());
  const preview = fillTemplate(preset.template, kit, values);
  return (
    <li className="kit-preset">
      <p className="kit-preset-name">
        {preset.name} {preset.size ? <span className="field-note">{preset.size}</span> : null}
      </p>
      {asked.map((p) => (
        <div className="field" key={p}>
          <label htmlFor={`preset-${preset.id}-${p}`}>
            {preset.name}: {p}
          </label>
          <input id={`preset-${preset.id}-${p}`} value={values[p] ?? ''} onChange={(e) => setValues((v) => ({ ...v, [p]: e.target.value }))} />
        </div>
      ))}
      <p className="kit-preset-preview">{preview}</p>
      <div className="button-row compact">
        <button
          type="button"
          className="btn small primary"
          aria-label={`Apply preset ${preset.name}`}
          disabled={kit.assets.length === 0 || missing.length > 0}
          title={kit.assets.length === 0 ? 'Add the logo to the kit first.' : missing.length > 0 ? `Fill in ${missing.join(', ')} first.` : undefined}
          onClick={() => {
            applyPreset(kit, preset, values, settings?.availableModels ?? null);
            navigate('edit');
          }}
        >
          Apply preset
        </button>
        {missing.length > 0 ? <span className="field-note">Fill in {missing.join(', ')} first.</span> : null}
      </div>
    </li>
  );
}

export function KitPresets({ kit }: { kit: KitView }) {
  return (
    <section className="panel" aria-labelledby="kit-presets-title">
      <h2 id="kit-presets-title" className="section-title">
        Presets
      </h2>
      <p className="field-note">{'{brand}, {colours} and {typography} come from the kit; fill in the rest. Applying a preset opens Edit with the logo and the prompt ready.'}</p>
      {kit.presets.length === 0 ? <p className="muted">This kit has no presets.</p> : null}
      <ul className="kit-preset-list">
        {kit.presets.map((p) => (
          <PresetRow key={p.id} kit={kit} preset={p} />
        ))}
      </ul>
    </section>
  );
}
