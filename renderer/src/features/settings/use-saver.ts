/**
 * Saving settings: local checks with the contract's schema first (errors shown beside each
 * field), then the call; an INVALID_ARGUMENTS answer that names a field lands there too.
 */
import { useState } from 'react';
import { SettingsPatchSchema, type AppError, type SettingsPatch, type SettingsView } from '../../../../electron/shared';
import { call, toAppError } from '../../bridge/client';
import { applySettings } from '../../bridge/settings-store';

export type FieldErrors = Partial<Record<keyof SettingsPatch, string>>;

export function checkPatch(patch: SettingsPatch): FieldErrors {
  const parsed = SettingsPatchSchema.safeParse(patch);
  const errors: FieldErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] as keyof SettingsPatch | undefined;
      if (key && !errors[key]) errors[key] = issue.message;
    }
  }
  return errors;
}

function fieldOf(error: AppError, fields: readonly string[]): string | null {
  const named = error.detail?.param ?? error.detail?.path ?? null;
  return named && fields.includes(named) ? named : null;
}

export function useSettingsSaver() {
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);

  /** Returns the new settings, or null when something was wrong (already shown). */
  const save = async (patch: SettingsPatch): Promise<SettingsView | null> => {
    const local = checkPatch(patch);
    setFieldErrors(local);
    setError(null);
    if (Object.keys(local).length > 0) return null;
    setSaving(true);
    try {
      const next = await call('updateSettings', patch);
      applySettings(next);
      return next;
    } catch (err) {
      const appError = toAppError(err);
      const field = fieldOf(appError, Object.keys(patch));
      if (field) setFieldErrors({ [field]: appError.message });
      else setError(appError);
      return null;
    } finally {
      setSaving(false);
    }
  };

  return { save, saving, fieldErrors, setFieldErrors, error, setError };
}

/** Empty text means "not set" for the optional connection fields. */
export function orNull(text: string): string | null {
  const t = text.trim();
  return t === '' ? null : t;
}
