/** The difference heat map of a pair of images, made by the core on first ask and kept for the session. */
import { useEffect, useState } from 'react';
import type { AppError, DiffMapResult } from '../../../../electron/shared';
import { call, loupe, toAppError } from '../../bridge/client';

const made = new Map<string, DiffMapResult>();

export function useHeatMap(pair: { a: string; b: string; mask?: string } | null): { src: string | null; result: DiffMapResult | null; error: AppError | null } {
  const key = pair ? `${pair.a}:${pair.b}:${pair.mask ?? ''}` : null;
  const [state, setState] = useState<{ key: string | null; result: DiffMapResult | null; error: AppError | null }>({ key: null, result: null, error: null });

  useEffect(() => {
    if (key === null || made.has(key)) return;
    let live = true;
    const [a, b, mask] = key.split(':') as [string, string, string];
    call('compareDiffMap', { a, b, ...(mask ? { maskAssetId: mask } : {}) }).then(
      (result) => {
        made.set(key, result);
        if (live) setState({ key, result, error: null });
      },
      (err: unknown) => live && setState({ key, result: null, error: toAppError(err) }),
    );
    return () => {
      live = false;
    };
  }, [key]);

  if (key === null) return { src: null, result: null, error: null };
  const result = made.get(key) ?? (state.key === key ? state.result : null);
  return { src: result ? loupe.assetUrl(result.hash, 'full') : null, result, error: state.key === key ? state.error : null };
}
