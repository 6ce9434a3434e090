/**
 * Kits in the edit studio: a kit asset dragged into the tray, or a preset applied, makes
 * the edit a kit edit. The request then names the kit (the core records which version of
 * each kit asset it sent), and the policy (model, quality floor, logo position,
 * preservation sentence) is applied and shown before anything is sent.
 */
import type { DragEvent } from 'react';
import { applyPolicy, defaultModel, fillTemplate, orderWithLogos, type KitAsset, type KitPreset, type KitView, type PolicyOutcome } from '../../../../electron/shared';
import { editDraftStore } from '../edit/edit-draft';
import { insertItems, replaceItems, trayStore, type TrayItem } from '../edit/tray-store';
import { editKitStore, isKitItem } from './edit-kit-store';
import { findKit } from './kits-store';

export { editKitStore, isKitItem, kitForEdit, useEditKit } from './edit-kit-store';

/** Private drag type: only the Kits view produces it; the drop looks the asset up by id. */
export const KIT_ASSET_DRAG_TYPE = 'application/x-loupe-kit-asset';

/** The asset's newest version as a tray image, named after its file. */
export function trayItemFromKitAsset(asset: KitAsset): TrayItem {
  const v = asset.versions[0]!;
  return { hash: v.hash, name: asset.name, width: v.width, height: v.height, bytes: v.bytes, mime: v.sourceMime === 'image/svg+xml' ? 'image/png' : v.sourceMime, kind: 'input', fromOutput: null };
}

function adoptKit(kit: KitView): void {
  const current = editKitStore.get();
  if (current.kit?.id !== kit.id) editKitStore.set({ kit, presetId: null });
  else editKitStore.set({ ...current, kit });
}

/** "Use in edit": the asset joins the tray where the policy puts logos (first) or at `at`. */
export function addKitAssetToEdit(kit: KitView, asset: KitAsset, at: number | null = null): void {
  adoptKit(kit);
  const where = at ?? (asset.role === 'logo' && kit.policy.logoPosition === 'first' ? 0 : null);
  insertItems([trayItemFromKitAsset(asset)], where);
}

export function startKitAssetDrag(e: DragEvent, kit: KitView, asset: KitAsset): void {
  e.dataTransfer.setData(KIT_ASSET_DRAG_TYPE, JSON.stringify({ kitId: kit.id, assetId: asset.id }));
  e.dataTransfer.effectAllowed = 'copy';
}

export function carriesKitAsset(dt: DataTransfer): boolean {
  return dt.types.includes(KIT_ASSET_DRAG_TYPE);
}

export function dropKitAsset(dt: DataTransfer, at: number | null): boolean {
  let ref: { kitId?: unknown; assetId?: unknown };
  try {
    ref = JSON.parse(dt.getData(KIT_ASSET_DRAG_TYPE)) as typeof ref;
  } catch {
    return false;
  }
  const kit = typeof ref.kitId === 'number' ? findKit(ref.kitId) : null;
  const asset = kit?.assets.find((a) => a.id === ref.assetId);
  if (!kit || !asset) return false;
  addKitAssetToEdit(kit, asset, at);
  return true;
}

/** What the policy makes of the edit as it stands (model, quality, prompt), with notes to show. */
export function policyOutcome(kit: KitView, draft: { model: string; quality: PolicyOutcome['quality']; prompt: string }, available: readonly string[] | null): PolicyOutcome {
  return applyPolicy(kit.policy, draft, { available });
}

/**
 * "Apply preset": the kit's logos go into the tray in the policy's position (the photos
 * already there stay, in order), the prompt is the preset filled in and ending with the
 * preservation sentence, the model and quality follow the policy, the size the case.
 */
export function applyPreset(kit: KitView, preset: KitPreset, values: Readonly<Record<string, string>>, available: readonly string[] | null): PolicyOutcome {
  const logos = kit.assets.filter((a) => a.role === 'logo');
  const chosen = (logos.length > 0 ? logos : kit.assets.slice(0, 1)).map(trayItemFromKitAsset);
  const photos = trayStore.get().items.filter((i) => !chosen.some((c) => c.hash === i.hash) && !isKitItem(kit, i));
  const items = orderWithLogos(photos, chosen, kit.policy.logoPosition);
  replaceItems(items, `Preset ${preset.name} applied: ${chosen.map((c) => c.name).join(', ')} ${kit.policy.logoPosition === 'first' ? 'first, as the primary image' : 'after the photos'}.`);
  const draft = editDraftStore.get();
  const outcome = policyOutcome(kit, { model: draft.model ?? defaultModel(available, 'edit'), quality: draft.quality, prompt: fillTemplate(preset.template, kit, values) }, available);
  // A preset composes a new picture around the logo: nothing to mask, and a mask would land on the logo.
  editDraftStore.set((d) => ({ ...d, model: outcome.model, quality: outcome.quality, prompt: outcome.prompt, guide: 'none', ...(preset.size ? { size: preset.size } : {}) }));
  editKitStore.set({ kit, presetId: preset.id });
  return outcome;
}

/** Brings model, quality and prompt back in line with the policy (after the person changed them). */
export function enforcePolicy(kit: KitView, available: readonly string[] | null): PolicyOutcome {
  const items = trayStore.get().items;
  const logos = items.filter((i) => isKitItem(kit, i));
  const ordered = orderWithLogos(items.filter((i) => !isKitItem(kit, i)), logos, kit.policy.logoPosition);
  if (ordered.some((item, i) => item !== items[i])) replaceItems(ordered, `Kit images moved ${kit.policy.logoPosition === 'first' ? 'first' : 'after the photos'}, as the kit's policy asks.`);
  const draft = editDraftStore.get();
  const outcome = policyOutcome(kit, { model: draft.model ?? defaultModel(available, 'edit'), quality: draft.quality, prompt: draft.prompt }, available);
  editDraftStore.set((d) => ({ ...d, model: outcome.model, quality: outcome.quality, prompt: outcome.prompt }));
  return outcome;
}

export function leaveKit(): void {
  editKitStore.set({ kit: null, presetId: null });
}
