/**
 * One experiment: its variants side by side under one zoom (with the source as a pane if
 * wanted), the heat map of any pair, the region whose survival is measured, the metrics
 * table, the winner, another variant, and the comparison sheet.
 */
import { useState } from 'react';
import type { ExperimentView, RegionRect } from '../../../../electron/shared';
import { call, loupe } from '../../bridge/client';
import { ActionStatus } from '../../ui/action-status';
import { CompareViewer, type CompareImage } from '../../ui/compare';
import { ErrorAlert } from '../../ui/error-alert';
import { formatDateTime } from '../../ui/format';
import { useAction } from '../../ui/use-action';
import { askSetup, experimentsChanged, openExperiment, useLabUi } from './lab-store';
import { MetricsTable } from './metrics-table';
import { RegionPicker } from './region-picker';
import { MAX_VARIANTS, variantName } from './variants';
import { useExperiment, useImageSizes } from './use-experiment';
import { useHeatMap } from './use-heat-map';
import { WinnerPanel } from './winner-panel';

const SOURCE_ID = 'source';

function RegionSection({ experiment, sourceSize, onChange }: { experiment: ExperimentView; sourceSize: { width: number; height: number } | undefined; onChange: (e: ExperimentView) => void }) {
  const action = useAction();
  const [choosing, setChoosing] = useState(false);
  const current = experiment.region && experiment.region !== 'kit-logo' ? experiment.region : null;
  const [rect, setRect] = useState<RegionRect | null>(current);
  const set = (region: RegionRect | 'kit-logo' | null, said: string) =>
    action.run(async () => {
      onChange(await call('compareSetRegion', { experimentId: experiment.id, region }));
      setChoosing(false);
      return said;
    });
  const describe = experiment.region === 'kit-logo' ? 'the kit logo' : current ? `${current.width}×${current.height} px at (${current.x}, ${current.y})` : 'none';
  return (
    <section className="lab-region" aria-labelledby="region-title">
      <h2 id="region-title" className="section-title">
        Region to keep
      </h2>
      <p className="muted">Measured region: {describe}.</p>
      <div className="button-row compact">
        <button type="button" className="btn small" aria-expanded={choosing} onClick={() => setChoosing((c) => !c)}>
          {choosing ? 'Close the region picker' : 'Choose a region'}
        </button>
        <button type="button" className="btn small ghost" disabled={action.busy} onClick={() => void set('kit-logo', 'Measuring the kit logo in every variant.')}>
          Use the kit logo
        </button>
        <button type="button" className="btn small ghost" disabled={action.busy || experiment.region === null} onClick={() => void set(null, 'Region cleared.')}>
          Clear region
        </button>
      </div>
      {choosing && sourceSize ? (
        <>
          <RegionPicker src={loupe.assetUrl(experiment.sourceAsset, 'full')} width={sourceSize.width} height={sourceSize.height} value={rect} onChange={setRect} />
          <button type="button" className="btn small primary" disabled={!rect || action.busy} onClick={() => rect && void set(rect, `Measuring the region ${rect.width}×${rect.height} px in every variant.`)}>
            Measure this region
          </button>
        </>
      ) : null}
      <ActionStatus action={action} />
    </section>
  );
}

function SheetExport({ experimentId }: { experimentId: number }) {
  const action = useAction();
  const [path, setPath] = useState<string | null>(null);
  return (
    <div className="lab-sheet">
      <button
        type="button"
        className="btn small"
        disabled={action.busy}
        aria-busy={action.busy}
        onClick={() =>
          void action.run(async () => {
            const r = await call('compareExportSheet', { experimentId });
            setPath(r.path);
            return null;
          })
        }
      >
        Export comparison sheet
      </button>
      {path ? (
        <p role="status" className="status-ok">
          Comparison sheet saved to <code className="saved-path">{path}</code>
        </p>
      ) : null}
      {action.error ? <ErrorAlert error={action.error} offerSettings={false} /> : null}
    </div>
  );
}

/** For variants whose metrics could not be made (an output unreadable at the time): try again. */
function MeasureAgain({ experimentId, onChange }: { experimentId: number; onChange: (e: ExperimentView) => void }) {
  const action = useAction();
  return (
    <div className="lab-sheet">
      <button
        type="button"
        className="btn small"
        disabled={action.busy}
        aria-busy={action.busy}
        onClick={() =>
          void action.run(async () => {
            onChange(await call('compareMeasure', { experimentId }));
            return 'Measured again.';
          })
        }
      >
        Measure again
      </button>
      <ActionStatus action={action} />
    </div>
  );
}

export function ExperimentLab({ id }: { id: number }) {
  const { epoch } = useLabUi();
  const { experiment, error, replace } = useExperiment(id, epoch);
  const [withSource, setWithSource] = useState(true);
  const [hidden, setHidden] = useState<ReadonlySet<number>>(new Set());
  const [pair, setPair] = useState<[string, string] | null>(null);
  const [heatOn, setHeatOn] = useState(false);
  const retry = useAction();

  const sourceUrl = experiment ? loupe.assetUrl(experiment.sourceAsset, 'full') : null;
  const shownHash = (v: ExperimentView['variants'][number]) => v.outputs.locked ?? v.outputs.raw;
  const ready = experiment?.variants.filter((v) => shownHash(v) !== null) ?? [];
  const urls = [...(sourceUrl ? [sourceUrl] : []), ...ready.map((v) => loupe.assetUrl(shownHash(v)!, 'full'))];
  const sizes = useImageSizes(urls);

  const images: CompareImage[] = [];
  const hashOf = new Map<string, string>();
  if (experiment && sourceUrl && withSource) {
    const s = sizes.get(sourceUrl);
    if (s) {
      images.push({ id: SOURCE_ID, label: 'Source', src: sourceUrl, ...s });
      hashOf.set(SOURCE_ID, experiment.sourceAsset);
    }
  }
  experiment?.variants.forEach((v, i) => {
    const hash = shownHash(v);
    if (!hash || hidden.has(v.id)) return;
    const src = loupe.assetUrl(hash, 'full');
    const s = sizes.get(src);
    if (!s) return;
    const id = `v${v.id}`;
    images.push({ id, label: `${variantName(i)} · ${v.label}`, src, ...s });
    hashOf.set(id, hash);
  });
  const panes = images.slice(0, MAX_VARIANTS);
  const a = pair && hashOf.has(pair[0]) ? pair[0] : panes[0]?.id;
  const b = pair && hashOf.has(pair[1]) ? pair[1] : panes.find((p) => p.id !== a)?.id;
  const involvesSource = a === SOURCE_ID || b === SOURCE_ID;
  const heat = useHeatMap(heatOn && a && b ? { a: hashOf.get(a)!, b: hashOf.get(b)!, ...(involvesSource && experiment?.mask ? { mask: experiment.mask } : {}) } : null);

  if (error && !experiment) return <ErrorAlert error={error} offerSettings={false} />;
  if (!experiment) return <p className="muted">Opening the experiment…</p>;

  const paneCount = (withSource ? 1 : 0) + ready.filter((v) => !hidden.has(v.id)).length;
  const heatNote = heat.error
    ? `The heat map could not be made: ${heat.error.message}`
    : heat.result
      ? `Heat map: brighter means more changed (scale to ΔE ${heat.result.scaleMax}). Mean ΔE ${heat.result.meanDeltaE.toFixed(2)}, 95th percentile ${heat.result.p95DeltaE.toFixed(2)}; ${(heat.result.changedShare * 100).toFixed(1)}% of pixels past ΔE ${heat.result.threshold}.`
      : undefined;

  return (
    <div className="experiment-lab">
      <header className="lab-head">
        <button type="button" className="btn small ghost" onClick={() => openExperiment(null)}>
          ‹ All experiments
        </button>
        <div className="lab-title">
          <h2>{experiment.name}</h2>
          <p className="muted">
            {formatDateTime(experiment.createdAt)} · “{experiment.prompt}”
          </p>
        </div>
        <div className="button-row compact lab-actions">
          <button
            type="button"
            className="btn small"
            disabled={experiment.variants.length >= MAX_VARIANTS}
            title={experiment.variants.length >= MAX_VARIANTS ? `An experiment shows at most ${MAX_VARIANTS} variants.` : 'Run the same edit with other settings'}
            onClick={() => {
              const first = experiment.variants[0];
              askSetup({
                source: { jobId: first!.jobId },
                base: { model: first!.spec.model, quality: first!.spec.quality, complexity: first!.spec.complexity, guide: first!.spec.guide, pixelLock: first!.spec.pixelLock },
                guides: { mask: experiment.mask !== null, markup: experiment.markup !== null },
                experimentId: experiment.id,
                taken: experiment.variants.map((v) => v.spec),
              });
            }}
          >
            Add a variant
          </button>
          {experiment.variants.some((v) => v.status === 'succeeded' && v.metricsError !== null) ? <MeasureAgain experimentId={experiment.id} onChange={replace} /> : null}
          <SheetExport experimentId={experiment.id} />
        </div>
      </header>
      <fieldset className="lab-panes">
        <legend>Panes</legend>
        <label className="checkbox">
          <input type="checkbox" checked={withSource} onChange={(e) => setWithSource(e.target.checked)} disabled={!withSource && paneCount >= MAX_VARIANTS} />
          Source
        </label>
        {experiment.variants.map((v, i) => (
          <label key={v.id} className="checkbox" title={shownHash(v) ? undefined : 'Shown once it has finished'}>
            <input
              type="checkbox"
              checked={!hidden.has(v.id)}
              disabled={hidden.has(v.id) && paneCount >= MAX_VARIANTS}
              onChange={(e) =>
                setHidden((h) => {
                  const next = new Set(h);
                  if (e.target.checked) next.delete(v.id);
                  else next.add(v.id);
                  return next;
                })
              }
            />
            {variantName(i)} · {v.label.split(' · ')[0]}
          </label>
        ))}
      </fieldset>
      {panes.length >= 1 && a && b ? (
        <CompareViewer
          key={panes[0]!.id}
          images={panes}
          label={`Comparison: ${panes.map((p) => p.label).join(', ')}`}
          pair={[a, b]}
          onPairChange={setPair}
          heatMap={heat.src}
          heatMapNote={heatNote}
          onHeatMapChange={setHeatOn}
        />
      ) : (
        <p className="muted lab-waiting" role="status">
          {experiment.variants.some((v) => v.status !== 'failed') ? 'The variants are running; each appears here as it finishes.' : 'No variant produced an image.'}
        </p>
      )}
      <section aria-labelledby="metrics-title" className="lab-metrics">
        <h2 id="metrics-title" className="section-title">
          What each variant kept
        </h2>
        <MetricsTable experiment={experiment} onRetry={(v) => void retry.run(async () => (await call('retryJob', { jobId: v.jobId }), `Sending ${v.label} again.`))} />
        <ActionStatus action={retry} />
      </section>
      <div className="lab-lower">
        <RegionSection experiment={experiment} sourceSize={sourceUrl ? sizes.get(sourceUrl) : undefined} onChange={replace} />
        <WinnerPanel experiment={experiment} onChange={(e) => (replace(e), experimentsChanged())} />
      </div>
    </div>
  );
}

