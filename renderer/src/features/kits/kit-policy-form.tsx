/**
 * The fidelity policy: where the logo goes, the model (active ones only; a kit naming a
 * shut-down model says so and offers the replacement), the lowest quality, and the
 * sentence every kit prompt ends with.
 */
import { useState } from 'react';
import { defaultLifecycle, describePolicy, findModel, offeredModels, swapForShutdown, type KitPolicy, type KitView } from '../../../../electron/shared';
import { call } from '../../bridge/client';
import { useSettings } from '../../bridge/settings-store';
import { ErrorAlert } from '../../ui/error-alert';
import { useAction } from '../../ui/use-action';
import { putKit } from './kits-store';

const FLOORS: ReadonlyArray<KitPolicy['qualityFloor']> = ['low', 'medium', 'high', 'xhigh', 'max'];

export function KitPolicyForm({ kit }: { kit: KitView }) {
  const { settings } = useSettings();
  const action = useAction();
  const [policy, setPolicy] = useState<KitPolicy>(kit.policy);
  const available = settings?.availableModels ?? null;
  const models = offeredModels('edit', available, defaultLifecycle());
  const swap = swapForShutdown(policy.model, 'edit', available, defaultLifecycle());
  const changed = JSON.stringify(policy) !== JSON.stringify(kit.policy);
  const save = (next: KitPolicy) =>
    action.run(async () => {
      putKit(await call('updateKit', { kitId: kit.id, policy: next }));
      setPolicy(next);
      return 'Policy saved.';
    });
  return (
    <section className="panel" aria-labelledby="kit-policy-form-title">
      <h2 id="kit-policy-form-title" className="section-title">
        Fidelity policy
      </h2>
      <p className="field-note">{describePolicy(kit.policy)} It is shown in Edit before a kit edit is sent.</p>
      {swap ? (
        <div className="banner" role="alert">
          <p>{swap.message.replace('this uses', 'kit edits will use')}</p>
          <button type="button" className="btn small" onClick={() => void save({ ...policy, model: swap.to })}>
            Use {findModel(swap.to)?.label ?? swap.to} in this kit
          </button>
        </div>
      ) : null}
      <div className="field-grid">
        <div className="field">
          <label htmlFor="policy-model">Policy model</label>
          <select id="policy-model" value={policy.model} onChange={(e) => setPolicy({ ...policy, model: e.target.value })}>
            {swap ? <option value={policy.model}>{findModel(policy.model)?.label ?? policy.model} (shut down)</option> : null}
            {models.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="policy-quality">Quality at least</label>
          <select id="policy-quality" value={policy.qualityFloor} onChange={(e) => setPolicy({ ...policy, qualityFloor: e.target.value as KitPolicy['qualityFloor'] })}>
            {FLOORS.map((q) => (
              <option key={q} value={q}>
                {q}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="policy-position">Logo position</label>
          <select id="policy-position" value={policy.logoPosition} onChange={(e) => setPolicy({ ...policy, logoPosition: e.target.value as KitPolicy['logoPosition'] })}>
            <option value="first">First (the primary image, kept sharpest)</option>
            <option value="after-photos">After the photos</option>
          </select>
        </div>
      </div>
      <div className="field">
        <label htmlFor="policy-preservation">Preservation sentence</label>
        <textarea id="policy-preservation" rows={2} value={policy.preservation} maxLength={1000} onChange={(e) => setPolicy({ ...policy, preservation: e.target.value })} />
      </div>
      <div className="button-row">
        <button type="button" className="btn small" disabled={!changed || action.busy} onClick={() => void save(policy)}>
          Save policy
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
