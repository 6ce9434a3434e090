/**
 * Pick the winner of an experiment (it becomes a favourite), then carry its settings on:
 * into the Edit form, or into the policy of the kit the edit used. Projects have no default
 * model to set, so none is offered.
 */
import { useEffect, useState } from 'react';
import type { ExperimentView, JobKit } from '../../../../electron/shared';
import { call } from '../../bridge/client';
import { libraryChanged } from '../../bridge/library-store';
import { useNavigate } from '../../app/navigation';
import { ActionStatus } from '../../ui/action-status';
import { useAction } from '../../ui/use-action';
import { reuseEditJob } from '../edit/edit-draft';
import { variantName } from './variants';

export function WinnerPanel({ experiment, onChange }: { experiment: ExperimentView; onChange: (e: ExperimentView) => void }) {
  const action = useAction();
  const navigate = useNavigate();
  const winner = experiment.variants.find((v) => v.id === experiment.winnerVariantId) ?? null;
  const [kit, setKit] = useState<{ jobId: number; kit: JobKit | null } | null>(null);

  useEffect(() => {
    if (!winner) return;
    let live = true;
    call('jobKit', { jobId: winner.jobId }).then(
      (k) => live && setKit({ jobId: winner.jobId, kit: k }),
      () => live && setKit({ jobId: winner.jobId, kit: null }),
    );
    return () => {
      live = false;
    };
  }, [winner]);
  const winnerKit = kit && winner && kit.jobId === winner.jobId ? kit.kit : null;

  const pick = (variantId: number) =>
    action.run(async () => {
      const { experiment: next } = await call('comparePickWinner', { experimentId: experiment.id, variantId });
      onChange(next);
      libraryChanged();
      const i = next.variants.findIndex((v) => v.id === variantId);
      return `Variant ${variantName(i)} is the winner, and its job is a favourite.`;
    });

  const openInEdit = () =>
    action.run(async () => {
      const [job] = await call('getJobs', { ids: [winner!.jobId] });
      if (!job) throw new Error(`Job #${winner!.jobId} is no longer in the library.`);
      reuseEditJob(job);
      navigate('edit');
      return null;
    });

  const toKitPolicy = () =>
    action.run(async () => {
      const k = await call('getKit', { kitId: winnerKit!.kitId! });
      const spec = winner!.spec;
      const policy = { ...k.policy, model: spec.model, ...(spec.quality !== 'auto' ? { qualityFloor: spec.quality } : {}) };
      await call('updateKit', { kitId: k.id, policy });
      return `Kit “${k.name}” now uses ${winner!.label.split(' · ')[0]}${spec.quality !== 'auto' ? ` at ${spec.quality} quality or better` : ''}.`;
    });

  const done = experiment.variants.filter((v) => v.status === 'succeeded');
  return (
    <section className="winner-panel" aria-labelledby="winner-title">
      <h2 id="winner-title" className="section-title">
        Winner
      </h2>
      {done.length === 0 ? <p className="muted">A winner can be picked once a variant has finished.</p> : null}
      <div className="button-row compact">
        {experiment.variants.map((v, i) =>
          v.status === 'succeeded' ? (
            <button key={v.id} type="button" className={`btn small${v.id === experiment.winnerVariantId ? ' primary' : ''}`} aria-pressed={v.id === experiment.winnerVariantId} disabled={action.busy} onClick={() => void pick(v.id)}>
              {v.id === experiment.winnerVariantId ? '★ ' : ''}Variant {variantName(i)} wins
            </button>
          ) : null,
        )}
      </div>
      {winner ? (
        <div className="button-row compact">
          <button type="button" className="btn small" disabled={action.busy} onClick={() => void openInEdit()}>
            Use the winner’s settings in Edit
          </button>
          {winnerKit?.kitId ? (
            <button type="button" className="btn small" disabled={action.busy} onClick={() => void toKitPolicy()}>
              Make it kit “{winnerKit.kitName}”’s policy
            </button>
          ) : null}
        </div>
      ) : null}
      <ActionStatus action={action} />
    </section>
  );
}
