/**
 * Base URL, organization and project. Their draft lives in the Settings view so both
 * "Save key" (first run) and "Save connection" can save what was typed here. They decide
 * where the API key is sent, so the core takes a change to them only with the key typed
 * again in the same save (the renderer never holds the key, so it cannot supply it).
 */
import { useState } from 'react';
import type { SettingsPatch, SettingsView } from '../../../../electron/shared';
import { Field } from '../../ui/field';
import { orNull, type FieldErrors } from './use-saver';

export interface ConnectionDraft {
  baseURL: string;
  organization: string;
  project: string;
}

function fromSettings(s: SettingsView): ConnectionDraft {
  return { baseURL: s.baseURL ?? '', organization: s.organization ?? '', project: s.project ?? '' };
}

export function useConnectionDraft(settings: SettingsView) {
  const [draft, setDraft] = useState<ConnectionDraft>(() => fromSettings(settings));
  const saved = fromSettings(settings);
  const patch: SettingsPatch = {};
  if (draft.baseURL.trim() !== saved.baseURL) patch.baseURL = orNull(draft.baseURL);
  if (draft.organization.trim() !== saved.organization) patch.organization = orNull(draft.organization);
  if (draft.project.trim() !== saved.project) patch.project = orNull(draft.project);
  return {
    draft,
    update: (p: Partial<ConnectionDraft>) => setDraft((d) => ({ ...d, ...p })),
    /** Only what changed, so saving never resets a field the user did not touch. */
    patch,
    dirty: Object.keys(patch).length > 0,
    reset: (s: SettingsView) => setDraft(fromSettings(s)),
  };
}

interface ConnectionFieldsProps {
  draft: ConnectionDraft;
  update: (p: Partial<ConnectionDraft>) => void;
  errors: FieldErrors;
  effectiveBaseURL: string;
}

export function ConnectionFields({ draft, update, errors, effectiveBaseURL }: ConnectionFieldsProps) {
  return (
    <div className="connection-fields">
      <Field
        id="set-base-url"
        label="Base URL"
        error={errors.baseURL}
        note={`For Azure OpenAI or an OpenAI-compatible gateway: https, or http only to this computer. Leave empty for OpenAI itself. Now using ${effectiveBaseURL}.`}
      >
        {(control) => (
          <input
            {...control}
            type="url"
            inputMode="url"
            spellCheck={false}
            autoComplete="off"
            placeholder="https://api.openai.com/v1"
            value={draft.baseURL}
            onChange={(e) => update({ baseURL: e.target.value })}
          />
        )}
      </Field>
      <div className="field-grid">
        <Field id="set-org" label="Organization" error={errors.organization} note="Optional: org-… when your key belongs to several.">
          {(control) => (
            <input {...control} spellCheck={false} autoComplete="off" placeholder="org-…" value={draft.organization} onChange={(e) => update({ organization: e.target.value })} />
          )}
        </Field>
        <Field id="set-project" label="Project" error={errors.project} note="Optional: proj_… to bill a project.">
          {(control) => (
            <input {...control} spellCheck={false} autoComplete="off" placeholder="proj_…" value={draft.project} onChange={(e) => update({ project: e.target.value })} />
          )}
        </Field>
      </div>
    </div>
  );
}

/** Shown once a connection field changed: the key again, and why it is asked for. */
export function KeyAgainField({ value, onChange, error }: { value: string; onChange: (v: string) => void; error?: string | null }) {
  return (
    <Field
      id="set-connection-key"
      label="API key (again)"
      error={error}
      note="Your key is sent to this base URL, organization and project, so Loupe asks for it again whenever they change: a change nobody typed the key for is refused."
    >
      {(control) => (
        <input {...control} type="password" autoComplete="off" spellCheck={false} placeholder="sk-…" value={value} onChange={(e) => onChange(e.target.value)} />
      )}
    </Field>
  );
}
