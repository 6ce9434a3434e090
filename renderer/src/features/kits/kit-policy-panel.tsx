/**
 * In the edit studio, while the edit uses a kit: which kit and version, its fidelity
 * policy, and whether the edit as it stands follows it. Shown before anything is sent,
 * so the person sees the model, quality floor, logo position and preservation sentence
 * that will go out, and can bring a drifted edit back in line with one click.
 */
import { defaultModel, describePolicy, findModel, type ModelInfo } from '../../../../electron/shared';
import { useSettings } from '../../bridge/settings-store';
import { effectiveGuide, useEditDraft } from '../edit/edit-draft';
import { useTray } from '../edit/tray-store';
import { enforcePolicy, isKitItem, kitForEdit, leaveKit, policyOutcome, useEditKit } from './kit-edit';

export function KitPolicyPanel({ model }: { model: ModelInfo }) {
  const { kit, presetId } = useEditKit();
  const { items } = useTray();
  const [draft] = useEditDraft();
  const { settings } = useSettings();
  if (!kit || !kitForEdit(items)) return null;
  const available = settings?.availableModels ?? null;
  const outcome = policyOutcome(kit, { model: draft.model ?? defaultModel(available, 'edit'), quality: draft.quality, prompt: draft.prompt }, available);
  const drift: string[] = [];
  if (outcome.model !== model.id) drift.push(`model ${findModel(outcome.model)?.label ?? outcome.model} (this edit uses ${model.label})`);
  if (outcome.quality !== draft.quality) drift.push(`quality ${outcome.quality} (this edit uses ${draft.quality})`);
  if (outcome.prompt !== draft.prompt.trim()) drift.push('the preservation sentence at the end of the prompt');
  const firstIsKit = items[0] ? isKitItem(kit, items[0]) : false;
  const guide = effectiveGuide(draft.guide, model);
  const lastIsKit = items.length > 0 ? isKitItem(kit, items[items.length - 1]!) : false;
  if (kit.policy.logoPosition === 'first' && !firstIsKit) drift.push('the logo first, as the primary image');
  if (kit.policy.logoPosition === 'after-photos' && !lastIsKit) drift.push('the logo after the photos');
  const preset = kit.presets.find((p) => p.id === presetId);
  return (
    <section className="kit-policy-panel" aria-labelledby="kit-policy-title">
      <h2 id="kit-policy-title" className="section-title">
        Brand kit: {kit.name} <span className="muted">version {kit.revision}</span>
      </h2>
      {preset ? <p className="muted">Preset: {preset.name}</p> : null}
      <p>{describePolicy(kit.policy)}</p>
      {kit.policy.preservation ? <p className="kit-preservation">“{kit.policy.preservation}”</p> : null}
      {guide !== 'none' && firstIsKit ? <p className="muted">The logo is the first image, so a {guide} would apply to it: a kit edit usually needs none.</p> : null}
      {outcome.notes.map((n) => (
        <p key={n} className="notice">
          {n}
        </p>
      ))}
      {drift.length > 0 ? (
        <div role="status" className="notice warn">
          The kit's policy asks for {drift.join('; ')}.{' '}
          <button type="button" className="btn small" onClick={() => enforcePolicy(kit, available)}>
            Apply policy
          </button>
        </div>
      ) : (
        <p className="muted">This edit follows the kit's policy.</p>
      )}
      <button type="button" className="btn small ghost" onClick={leaveKit}>
        Edit without the kit
      </button>
    </section>
  );
}
