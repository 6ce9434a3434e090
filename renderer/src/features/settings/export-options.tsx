/**
 * How outputs are written to the person's folders. Each box applies as soon as it is
 * changed (there is nothing to type, so nothing to confirm).
 */
import { useState } from 'react';
import type { ExportOptions, SettingsView } from '../../../../electron/shared';
import { ErrorAlert } from '../../ui/error-alert';
import { useSettingsSaver } from './use-saver';

const OPTIONS: [keyof ExportOptions, string, string][] = [
  ['autoSave', 'Save outputs automatically', 'Each image is written to the output folder (or its project’s folder) as soon as it arrives. Off: use Export in History.'],
  ['embedMetadata', 'Embed prompt and settings in files', 'XMP inside the PNG, JPEG or WebP: prompt, model, parameters, job and parent.'],
  ['sidecar', 'Write a JSON sidecar', 'The same facts in a .json file beside each image.'],
  ['keepSourceMetadata', 'Keep the source photo’s metadata on edits', 'Copies the first input’s EXIF, IPTC and XMP (camera, copyright, captions) to the edited output, without its GPS position.'],
  ['keepGps', 'Keep the GPS position too', 'Off: saved edits never say where the photo was taken. Images sent to OpenAI never carry any metadata, whatever is set here.'],
  ['saveRaw', 'Also save the raw output', 'With a pixel-locked edit, exactly what the model returned is saved too, beside the locked file, its name ending in “-raw”.'],
];

export function ExportOptionsFields({ settings, onStatus }: { settings: SettingsView; onStatus: (message: string) => void }) {
  const { save, saving, error } = useSettingsSaver();
  // The box shows the click at once; the stored value takes over when the save answers
  // (the old value again if it failed, with the error below).
  const [pending, setPending] = useState<Partial<ExportOptions>>({});
  const set = async (key: keyof ExportOptions, value: boolean) => {
    setPending((p) => ({ ...p, [key]: value }));
    const next = await save({ exportOptions: { [key]: value } });
    setPending((p) => {
      const rest = { ...p };
      delete rest[key];
      return rest;
    });
    if (next) onStatus('Output settings saved.');
  };
  return (
    <fieldset className="subgroup export-options">
      <legend>When saving files</legend>
      {OPTIONS.map(([key, label, note]) => (
        <div key={key} className="check-with-note">
          <label className="checkbox">
            <input type="checkbox" checked={pending[key] ?? settings.exportOptions[key]} disabled={saving} aria-describedby={`exp-${key}-note`} onChange={(e) => void set(key, e.target.checked)} />
            {label}
          </label>
          <p id={`exp-${key}-note`} className="field-note">
            {note}
          </p>
        </div>
      ))}
      {error ? <ErrorAlert error={error} offerSettings={false} /> : null}
    </fieldset>
  );
}
