/**
 * What each variant kept, one column per variant and one row per measure, so the variants
 * read across like a spec sheet: similarity to the source overall, inside and outside the
 * mask, the chosen region, each face, then tokens, cost and wait. The best value of a row
 * is marked; a measure that cannot be made says why instead of showing a number.
 */
import type { ReactNode } from 'react';
import type { ExperimentView, VariantView } from '../../../../electron/shared';
import { formatDuration, formatInt, formatUsd } from '../../ui/format';
import { variantName } from './variants';

type Metrics = NonNullable<VariantView['metrics']>;

/** Fixed decimals without a "-0.000" for a value that rounds to zero. */
const fixed = (v: number, digits: number) => (Math.abs(v) < 0.5 * 10 ** -digits ? 0 : v).toFixed(digits);
const ssim = (v: number) => fixed(v, 3);
const deltaE = (v: number) => fixed(v, 2);
const pct = (v: number) => `${(v * 100).toFixed(v < 0.1 ? 2 : 1)}%`;

interface Row {
  label: string;
  /** What the row means, for the row header's title. */
  hint: string;
  /** The number compared across variants (null: none), and whether higher is better. */
  value?: (m: Metrics, v: VariantView) => number | null;
  better?: 'higher' | 'lower';
  /** The value reads the metrics (false: only the variant's own facts, such as cost and wait). */
  needsMetrics?: boolean;
  show: (m: Metrics | null, v: VariantView) => ReactNode;
}

function statusText(v: VariantView): string {
  if (v.status === 'succeeded') return v.metrics ? 'Done' : v.metricsError ? 'Done, not measured' : 'Measuring…';
  if (v.status === 'queued') return 'Queued';
  if (v.status === 'running' || v.status === 'retrying') return 'Running…';
  return v.status === 'failed' ? 'Failed' : v.status === 'canceled' ? 'Canceled' : 'Interrupted';
}

function faces(m: Metrics): ReactNode {
  const f = m.faces;
  if (f.available === 'pending') return <span className="muted">Looking for faces…</span>;
  if (!f.available) return <span className="muted">Not available: {f.reason}</span>;
  if (f.faces.length === 0) return <span className="muted">No face in the source</span>;
  return (
    <ul className="face-list">
      {f.faces.map((face, i) => (
        <li key={i}>
          {f.faces.length > 1 ? `Face ${i + 1}: ` : ''}
          {face.similarity === null ? (
            <span className="warn-text">not found in the output</span>
          ) : (
            <span className={face.samePerson ? 'ok-text' : 'warn-text'}>
              {face.samePerson ? 'same person' : 'not the same person'} ({face.similarity.toFixed(2)}, same at ≥ {f.threshold.toFixed(2)})
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

const NA = <span className="muted">—</span>;

const ROWS: Row[] = [
  { label: 'Measured', hint: 'Which output was measured: the pixel-locked one where the lock made one, else the raw output.', show: (m) => (m ? (m.measured === 'locked' ? 'Locked output' : 'Raw output') : NA) },
  { label: 'SSIM overall', hint: 'Structural similarity to the source (1 = identical).', needsMetrics: true, value: (m) => m.overall.ssim, better: 'higher', show: (m) => (m ? ssim(m.overall.ssim) : NA) },
  { label: 'ΔE overall', hint: 'Mean colour difference to the source, CIE76 (0 = identical; about 2 is just visible).', needsMetrics: true, value: (m) => m.overall.meanDeltaE, better: 'lower', show: (m) => (m ? deltaE(m.overall.meanDeltaE) : NA) },
  { label: 'SSIM in mask', hint: 'Similarity where the edit was asked for (expected to be lower).', needsMetrics: true, value: (m) => m.insideMask?.ssim ?? null, show: (m) => (m?.insideMask ? ssim(m.insideMask.ssim) : m ? <span className="muted">No mask</span> : NA) },
  { label: 'ΔE in mask', hint: 'Colour difference where the edit was asked for.', needsMetrics: true, value: (m) => m.insideMask?.meanDeltaE ?? null, show: (m) => (m?.insideMask ? deltaE(m.insideMask.meanDeltaE) : m ? <span className="muted">No mask</span> : NA) },
  { label: 'SSIM outside mask', hint: 'Similarity where nothing should have changed.', needsMetrics: true, value: (m) => m.outsideMask?.ssim ?? null, better: 'higher', show: (m) => (m?.outsideMask ? ssim(m.outsideMask.ssim) : m ? <span className="muted">No mask</span> : NA) },
  { label: 'ΔE outside mask', hint: 'Colour difference where nothing should have changed.', needsMetrics: true, value: (m) => m.outsideMask?.meanDeltaE ?? null, better: 'lower', show: (m) => (m?.outsideMask ? deltaE(m.outsideMask.meanDeltaE) : m ? <span className="muted">No mask</span> : NA) },
  {
    label: 'Changed outside mask',
    hint: 'Share of the pixels outside the mask whose colour difference is past the threshold.',
    needsMetrics: true, value: (m) => m.outsideMask?.changedShare ?? null,
    better: 'lower',
    show: (m) => (m?.outsideMask ? `${pct(m.outsideMask.changedShare)} (ΔE > ${m.outsideMask.threshold})` : m ? <span className="muted">No mask</span> : NA),
  },
  {
    label: 'Region kept',
    hint: 'SSIM of the chosen region (or the kit logo) after aligning it: how well it survived.',
    needsMetrics: true, value: (m) => m.region?.ssim ?? null,
    better: 'higher',
    show: (m) => (!m ? NA : !m.region ? <span className="muted">No region chosen</span> : m.region.ssim === null ? <span className="muted">{m.region.note ?? 'Not found'}</span> : ssim(m.region.ssim)),
  },
  { label: 'Face identity', hint: 'For each face in the source: is it still the same person in the output (face descriptor similarity and the library’s documented threshold).', show: (m) => (m ? faces(m) : NA) },
  {
    label: 'Tokens',
    hint: 'Input (text and image) and output tokens the API reported.',
    show: (_m, v) =>
      v.usage ? (
        <>
          in {formatInt(v.usage.inputTextTokens + v.usage.inputImageTokens)} <span className="muted">(text {formatInt(v.usage.inputTextTokens)}, image {formatInt(v.usage.inputImageTokens)})</span> · out {formatInt(v.usage.outputImageTokens + v.usage.outputTextTokens)}
        </>
      ) : (
        NA
      ),
  },
  {
    label: 'Cost',
    hint: 'Actual cost from the usage the API reported (the estimate until then).',
    value: (_m, v) => v.costUsd,
    better: 'lower',
    show: (_m, v) => (v.costUsd !== null ? formatUsd(v.costUsd) : v.estimatedUsd !== null ? <span className="muted">about {formatUsd(v.estimatedUsd)}</span> : NA),
  },
  { label: 'Wait', hint: 'From sending the request to the finished job.', value: (_m, v) => v.latencyMs, better: 'lower', show: (_m, v) => (v.latencyMs !== null ? formatDuration(v.latencyMs) : NA) },
];

/** The column index of the best value of a row, when at least two variants have one and they differ. */
function bestOf(row: Row, variants: readonly VariantView[]): number | null {
  if (!row.value || !row.better) return null;
  const values = variants.map((v) => (v.metrics || !row.needsMetrics ? row.value!(v.metrics as Metrics, v) : null));
  const known = values.filter((x): x is number => x !== null);
  if (known.length < 2 || Math.min(...known) === Math.max(...known)) return null;
  const target = row.better === 'higher' ? Math.max(...known) : Math.min(...known);
  return values.indexOf(target);
}

const RETRYABLE = new Set(['failed', 'interrupted', 'canceled']);

/** `onRetry` sends a variant that did not finish again (its job, in place); the table shows the outcome as it comes. */
export function MetricsTable({ experiment, onRetry }: { experiment: ExperimentView; onRetry?: (v: VariantView) => void }) {
  const variants = experiment.variants;
  return (
    <div className="metrics-scroll">
      <table className="metrics-table" aria-label="What each variant kept">
        <thead>
          <tr>
            <th scope="col">Measure</th>
            {variants.map((v, i) => (
              <th key={v.id} scope="col">
                <span className="variant-letter">{variantName(i)}</span> {v.label}
                {experiment.winnerVariantId === v.id ? <span className="winner-badge"> ★ Winner</span> : null}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Status</th>
            {variants.map((v, i) => (
              <td key={v.id} className={v.status === 'failed' ? 'warn-text' : undefined}>
                {statusText(v)}
                {v.error ? <span className="metrics-error"> {v.error}</span> : null}
                {v.metricsError ? <span className="metrics-error"> {v.metricsError}</span> : null}
                {onRetry && RETRYABLE.has(v.status) ? (
                  <button type="button" className="btn small metrics-retry" onClick={() => onRetry(v)}>
                    Retry variant {variantName(i)}
                  </button>
                ) : null}
              </td>
            ))}
          </tr>
          {ROWS.map((row) => {
            const best = bestOf(row, variants);
            return (
              <tr key={row.label}>
                <th scope="row" title={row.hint}>
                  {row.label}
                </th>
                {variants.map((v, i) => (
                  <td key={v.id} className={i === best ? 'best' : undefined}>
                    {row.show(v.metrics, v)}
                    {i === best ? <span className="visually-hidden"> (best)</span> : null}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
