/**
 * The hooks over model-choice: today's lifecycle from the settings, and the form's model,
 * moved off a shut-down one (visibly) as soon as the draft names one.
 */
import { useEffect } from 'react';
import type { LifecycleContext, ModelInfo } from '../../../../electron/shared';
import { useSettings } from '../../bridge/settings-store';
import type { Draft } from './draft';
import { formModel, lifecycleOf, swapDraft, type Endpoint } from './model-choice';

export function useLifecycle(): { ctx: LifecycleContext; available: readonly string[] | null } {
  const { settings } = useSettings();
  return { ctx: lifecycleOf(settings), available: settings?.availableModels ?? null };
}

/**
 * The form's model, moving the draft off a shut-down one as soon as it shows one (a
 * restored draft, settings reused from History, or a date that passed while Loupe ran).
 */
export function useFormModel<D extends Draft>(draft: D, update: (patch: Partial<D>) => void, endpoint: Endpoint): { model: ModelInfo; available: readonly string[] | null; ctx: LifecycleContext } {
  const { ctx, available } = useLifecycle();
  const swap = swapDraft(draft, endpoint, available, ctx);
  const key = swap ? JSON.stringify(swap) : null;
  useEffect(() => {
    if (key) update(JSON.parse(key) as Partial<D>);
    // The key is the whole patch: run again only when it changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return { model: formModel(draft, endpoint, available, ctx), available, ctx };
}
