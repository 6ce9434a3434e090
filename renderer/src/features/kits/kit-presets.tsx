/**
 * The kit's prompt presets. Applying one fills the edit: the kit's logo in the policy's
 * position, the prompt with its placeholders filled and the preservation sentence, the
 * policy's model and quality, the case's size; then it opens Edit to add the photo and run.
 */
import { useState } from 'react';
import { askedPlaceholders, fillTemplate, type KitPreset, type KitView } from '../../../../electron/shared';
import { useNavigate } from '../../app/navigation';
import { call } from '../../bridge/client';
import { useSettings } from '../../bridge/settings-store';
import { ErrorAlert } from '../../ui/error-alert';
import { useAction } from '../../ui/use-action';
import { applyPreset } from './kit-edit';
import { putKit } from './kits-store';
import { PresetForm } from './preset-form';

function PresetRow({ kit, preset, onChange }: { kit: KitView; preset: KitPreset; onChange: (next: KitPreset | null) => void }) {
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const { settings } = useSettings();
  const [values, setValues] = useState<Record<string, string>>({});
  const asked = askedPlaceholders(preset.template);
  const missing = asked.filter((p) => !values[p]?.trim());
  const preview = fillTemplate(preset.template, kit, values);
  if (editing) {
    return (
      <li className="kit-preset">
        <PresetForm
          preset={preset}
          onCancel={() => setEditing(false)}
          onDelete={() => onChange(null)}
          onSave={(next) => {
            onChange(next);
            setEditing(false);
          }}
        />
      </li>
    );
  }
  return (
    <li className="kit-preset">
      <p className="kit-preset-name">
        {preset.name} {preset.size ? <span className="field-note">{preset.size}</span> : null}
        <button type="button" className="btn small ghost" aria-label={`Edit preset ${preset.name}`} onClick={() => setEditing(true)}>
          Edit
        </button>
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

function freeId(kit: KitView): string {
  let n = kit.presets.length + 1;
  while (kit.presets.some((p) => p.id === `custom-${n}`)) n++;
  return `custom-${n}`;
}

export function KitPresets({ kit }: { kit: KitView }) {
  const action = useAction();
  const save = (presets: KitPreset[], status: string) =>
    action.run(async () => {
      putKit(await call('updateKit', { kitId: kit.id, presets }));
      return status;
    });
  const change = (id: string) => (next: KitPreset | null) =>
    void save(next ? kit.presets.map((p) => (p.id === id ? next : p)) : kit.presets.filter((p) => p.id !== id), next ? `Saved preset ${next.name}.` : 'Preset deleted.');
  const add = () => void save([...kit.presets, { id: freeId(kit), name: 'New preset', template: '{subject} with the {brand} logo from the logo image, in the brand colours {colours}.' }], 'Preset added: edit it below.');
  return (
    <section className="panel" aria-labelledby="kit-presets-title">
      <h2 id="kit-presets-title" className="section-title">
        Presets
      </h2>
      <p className="field-note">{'{brand}, {colours} and {typography} come from the kit; fill in the rest. Applying a preset opens Edit with the logo and the prompt ready.'}</p>
      {kit.presets.length === 0 ? <p className="muted">This kit has no presets.</p> : null}
      <ul className="kit-preset-list">
        {kit.presets.map((p) => (
          <PresetRow key={p.id} kit={kit} preset={p} onChange={change(p.id)} />
        ))}
      </ul>
      <div className="button-row">
        <button type="button" className="btn small" onClick={add} disabled={action.busy || kit.presets.length >= 40}>
          Add preset
        </button>
        {action.status ? (
          <span role="status" className="field-note">
            {action.status}
          </span>
        ) : null}
      </div>
      {action.error ? <ErrorAlert error={action.error} offerSettings={false} /> : null}
    </section>
  );
}
