/** What each quality is called wherever it is shown (the API's names are terse). */
import type { Quality } from '../../../../electron/shared';

export const QUALITY_LABELS: Record<Quality, string> = { low: 'Low', medium: 'Medium', high: 'High', xhigh: 'Extra high', max: 'Max', auto: 'Auto' };
