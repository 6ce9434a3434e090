/**
 * Set up an experiment: 2–4 variants of the same edit (or more for one already run), the
 * one-click default pair, and the estimated cost and wait of the whole experiment before
 * anything is sent. Running it opens the experiment in History → Experiments.
 */
import { useEffect, useRef, useState } from 'react';
import { offeredModels } from '../../../../electron/shared';
import { call } from '../../bridge/client';
import { useNavigate } from '../../app/navigation';
import { ErrorAlert } from '../../ui/error-alert';
import { formatUsd, plural } from '../../ui/format';
import { sendWithBudget } from '../../ui/over-budget';
import { useAction } from '../../ui/use-action';
import { useLifecycle } from '../generate/use-form-model';
import { askSetup, experimentsChanged, openExperiment, useLabUi, type SetupRequest } from './lab-store';
import { useCompareEstimate } from './use-compare-estimate';
import { VariantRow } from './variant-row';
import { defaultPair, MAX_VARIANTS, nextVariant, sameVariant, variantLabel, variantName, type VariantDraft } from './variants';

function seconds({ low, high }: { low: number; high: number }): string {
  return low === high ? `${Math.round(low)} s` : `${Math.round(low)}–${Math.round(high)} s`;
}

function SetupForm({ setup }: { setup: SetupRequest }) {
  const navigate = useNavigate();
  const { ctx, available } = useLifecycle();
  const offered = offeredModels('edit', available, ctx);
  const existing = setup.existing ?? 0;
  const extending = setup.experimentId !== undefined;
  const room = Math.max(0, MAX_VARIANTS - existing);
  const [variants, setVariants] = useState<VariantDraft[]>(() => (extending ? [nextVariant([], offered, setup.guides)] : defaultPair(setup, offered)));
  const { estimate, error: estimateError, stale } = useCompareEstimate(setup.source, variants);
  const action = useAction();
  const pair = defaultPair(setup, offered);
  const isDefault = pair.length === variants.length && pair.every((v, i) => variants[i] && sameVariant(v, variants[i]));
  const duplicate = variants.some((v, i) => variants.findIndex((w) => sameVariant(v, w)) !== i);
  const reason = variants.length === 0 ? 'Add a variant.' : !extending && variants.length < 2 ? 'Compare at least two variants.' : duplicate ? 'Two variants are the same: change one.' : null;

  const run = () =>
    action.run(async () => {
      if (extending) {
        for (const variant of variants) {
          const done = await sendWithBudget((confirmOverBudget) => call('compareAddVariant', { experimentId: setup.experimentId!, variant, confirmOverBudget }));
          if (done === null) return null;
        }
        experimentsChanged();
        askSetup(null);
        return null;
      }
      const started = await sendWithBudget((confirmOverBudget) => call('compareStart', { source: setup.source, variants, confirmOverBudget }));
      if (started === null) return null;
      experimentsChanged();
      askSetup(null);
      openExperiment(started.experimentId);
      navigate('history');
      return null;
    });

  const costOf = (i: number) => {
    const v = estimate?.variants[i];
    return v && !stale ? `about ${formatUsd(v.estimatedUsd.usd)}` : null;
  };

  return (
    <form
      method="dialog"
      onSubmit={(e) => {
        e.preventDefault();
        if (!reason) void run();
      }}
    >
      <h2 id="compare-setup-title">{extending ? 'Add a variant' : 'Compare variants of this edit'}</h2>
      <p className="muted compare-setup-intro">
        {extending
          ? 'The new variant runs the same edit and joins the experiment.'
          : 'Each variant sends the same edit (inputs, prompt, mask or markup) with its own model and settings. They run side by side; results appear as they finish.'}
      </p>
      {!extending ? (
        <div className="button-row">
          <button type="button" className="btn small" aria-pressed={isDefault} onClick={() => setVariants(defaultPair(setup, offered))}>
            Default pair: {pair.map((v) => variantLabel(v).split(' · ')[0]).join(' vs ')}
          </button>
        </div>
      ) : null}
      <div className="variant-rows">
        {variants.map((v, i) => (
          <VariantRow
            key={i}
            index={i}
            name={variantName(existing + i)}
            variant={v}
            offered={offered}
            guides={setup.guides}
            cost={costOf(i)}
            onChange={(next) => setVariants((all) => all.map((w, j) => (j === i ? next : w)))}
            onRemove={variants.length > (extending ? 1 : 2) ? () => setVariants((all) => all.filter((_, j) => j !== i)) : null}
          />
        ))}
      </div>
      {variants.length < room ? (
        <button type="button" className="btn small ghost" onClick={() => setVariants((all) => [...all, nextVariant(all, offered, setup.guides)])}>
          Add variant
        </button>
      ) : null}
      <div className="compare-estimate" role="status" aria-live="polite">
        {estimateError ? (
          <p className="field-error">The estimate could not be made: {estimateError.message}</p>
        ) : estimate ? (
          <p className={stale ? 'muted' : undefined}>
            {extending ? 'This addition' : 'Whole experiment'} ({plural(variants.length, 'variant')}): about <strong>{formatUsd(estimate.total.estimatedUsd.usd)}</strong>
            {estimate.total.estimatedUsd.high > estimate.total.estimatedUsd.low ? ` (${formatUsd(estimate.total.estimatedUsd.low)}–${formatUsd(estimate.total.estimatedUsd.high)})` : ''}, ready in about{' '}
            {seconds(estimate.total.expectedSeconds)}.
          </p>
        ) : (
          <p className="muted">Estimating the cost…</p>
        )}
      </div>
      {action.error ? <ErrorAlert error={action.error} offerSettings={false} /> : null}
      <div className="confirm-actions">
        <button type="button" className="btn" onClick={() => askSetup(null)}>
          Cancel
        </button>
        <button type="submit" className="btn primary" disabled={!!reason || action.busy} aria-busy={action.busy} title={reason ?? undefined}>
          {`Run ${plural(variants.length, 'variant')}`}
        </button>
      </div>
      {reason ? <p className="field-note">{reason}</p> : null}
    </form>
  );
}

/** Mount once per view that can ask for an experiment (Edit, History). */
export function CompareSetupDialog() {
  const { setup } = useLabUi();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (setup && !dialog.open) dialog.showModal();
    else if (!setup && dialog.open) dialog.close();
  }, [setup]);
  return (
    <dialog ref={ref} className="confirm compare-setup" aria-labelledby="compare-setup-title" onClose={() => askSetup(null)}>
      {setup ? <SetupForm key={JSON.stringify(setup)} setup={setup} /> : null}
    </dialog>
  );
}
