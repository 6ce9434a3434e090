/**
 * The ledger as bars: plain SVG (no chart library under the strict CSP), sized to its box.
 * Screen readers get one summary sentence; each bar has a <title> for pointer users.
 */
import { useEffect, useRef, useState } from 'react';
import type { LedgerSummary } from '../../../../electron/shared';
import { formatUsd, plural } from '../../ui/format';

const HEIGHT = 220;
const PAD = { top: 12, right: 8, bottom: 40, left: 56 };
const MAX_BAR = 56;

type Row = LedgerSummary['rows'][number];

function niceMax(v: number): number {
  if (v <= 0) return 0.01;
  const p = 10 ** Math.floor(Math.log10(v));
  const m = v / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

/** Axis labels with the same decimals on every tick, enough to tell the ticks apart. */
function tickUsd(t: number, max: number): string {
  if (t === 0) return '$0';
  return `$${t.toFixed(max >= 2 ? 2 : max >= 0.02 ? 3 : 4)}`;
}

export function chartSummary(rows: readonly Row[], totalUsd: number, noun: string): string {
  if (rows.length === 0) return `Cost by ${noun}: nothing spent in this range.`;
  const top = rows.reduce((a, b) => (b.costUsd > a.costUsd ? b : a));
  return `Cost by ${noun}: ${formatUsd(totalUsd)} in total across ${plural(rows.length, noun, noun === 'day' ? 'days' : `${noun}s`)}; highest ${top.label} at ${formatUsd(top.costUsd)}.`;
}

export function CostChart({ rows, totalUsd, noun }: { rows: readonly Row[]; totalUsd: number; noun: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => entry && setWidth(Math.max(320, Math.floor(entry.contentRect.width))));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const max = niceMax(Math.max(0, ...rows.map((r) => r.costUsd)));
  const plotW = width - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = rows.length > 0 ? plotW / rows.length : plotW;
  const bar = Math.max(2, Math.min(MAX_BAR, slot * 0.7));
  // Label every k-th bar so the labels never overlap (about 70px each).
  const every = Math.max(1, Math.ceil(70 / slot));
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);

  return (
    <div ref={ref} className="cost-chart">
      <svg role="img" aria-label={chartSummary(rows, totalUsd, noun)} width={width} height={HEIGHT} viewBox={`0 0 ${width} ${HEIGHT}`}>
        {ticks.map((t) => {
          const y = PAD.top + plotH - (t / max) * plotH;
          return (
            <g key={t} className="chart-grid">
              <line x1={PAD.left} x2={width - PAD.right} y1={y} y2={y} />
              <text x={PAD.left - 8} y={y} dy="0.32em" textAnchor="end">
                {tickUsd(t, max)}
              </text>
            </g>
          );
        })}
        {rows.map((r, i) => {
          const h = max > 0 ? (r.costUsd / max) * plotH : 0;
          const x = PAD.left + i * slot + (slot - bar) / 2;
          return (
            <g key={r.key}>
              <rect className="chart-bar" x={x} y={PAD.top + plotH - h} width={bar} height={Math.max(h, r.costUsd > 0 ? 1 : 0)} rx={2}>
                <title>{`${r.label}: ${formatUsd(r.costUsd)}, ${plural(r.jobs, 'job')}, ${plural(r.images, 'image')}`}</title>
              </rect>
              {i % every === 0 ? (
                <text className="chart-label" x={x + bar / 2} y={HEIGHT - PAD.bottom + 16} textAnchor="middle">
                  {r.label.length > 14 ? `${r.label.slice(0, 13)}…` : r.label}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
    </div>
  );
}
