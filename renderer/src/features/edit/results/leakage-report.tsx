/**
 * What the model changed where it was told not to, in a photographer's terms: the share
 * of pixels outside the mask whose colour visibly changed, the average colour shift, and
 * structural similarity (1 = identical). The locked result puts those pixels back.
 */
import type { LeakageMetrics } from '../../../../../electron/shared';
import { formatInt } from '../../../ui/format';

export function leakageSentence(m: LeakageMetrics): string {
  const pct = m.changedShare * 100;
  const share = pct < 10 ? pct.toFixed(1) : Math.round(pct).toString();
  return `Outside the mask: ${share}% of pixels changed (ΔE > ${formatInt(m.threshold)}), mean ΔE ${m.meanDeltaE.toFixed(1)}, SSIM ${m.ssimOutside.toFixed(3)}`;
}

function verdict(m: LeakageMetrics): string {
  if (m.changedShare < 0.01) return 'The model kept almost everything outside the mask.';
  if (m.changedShare < 0.1) return 'The model drifted a little outside the mask.';
  return 'The model redrew much of the picture outside the mask.';
}

export function LeakageReport({ metrics, headingLevel = 3 }: { metrics: LeakageMetrics; headingLevel?: 3 | 4 }) {
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  return (
    <div className="leakage">
      <Heading className="leakage-title">Changed outside the mask</Heading>
      <p className="leakage-figures">{leakageSentence(metrics)}</p>
      <p className="leakage-note">
        {verdict(metrics)} ΔE above {formatInt(metrics.threshold)} is a colour difference you can see side by side. The locked result restores your original
        pixels there; the raw output is kept too.
      </p>
    </div>
  );
}
