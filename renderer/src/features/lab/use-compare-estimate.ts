/** The core's estimate of a whole experiment, asked 300 ms after the variants last changed; only the latest answer is kept. */
import { useEffect, useState } from 'react';
import type { AppError, CompareEstimate, CompareSource } from '../../../../electron/shared';
import { call, toAppError } from '../../bridge/client';
import type { VariantDraft } from './variants';

const DEBOUNCE_MS = 300;

export function useCompareEstimate(source: CompareSource | null, variants: readonly VariantDraft[]): { estimate: CompareEstimate | null; error: AppError | null; stale: boolean } {
  const key = source && variants.length > 0 ? JSON.stringify({ source, variants }) : null;
  const [result, setResult] = useState<{ key: string | null; estimate: CompareEstimate | null; error: AppError | null }>({ key: null, estimate: null, error: null });

  useEffect(() => {
    if (key === null) return;
    let live = true;
    const timer = setTimeout(() => {
      const args = JSON.parse(key) as { source: CompareSource; variants: VariantDraft[] };
      call('compareEstimate', args).then(
        (estimate) => live && setResult({ key, estimate, error: null }),
        (err: unknown) => live && setResult({ key, estimate: null, error: toAppError(err) }),
      );
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key]);

  if (key === null) return { estimate: null, error: null, stale: false };
  return { estimate: result.key === key ? result.estimate : result.estimate, error: result.key === key ? result.error : null, stale: result.key !== key };
}
