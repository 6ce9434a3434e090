/**
 * The core's plan for the edit as it stands: what each input becomes when sent, its
 * token cost, the mask's share and the estimate. Asked 250 ms after the last change, and
 * only the answer to the latest question is kept (answers can overtake each other).
 */
import { useEffect, useState } from 'react';
import type { AppError, EditParams, EditPlan } from '../../../../electron/shared';
import { call, toAppError } from '../../bridge/client';

const DEBOUNCE_MS = 250;

export interface PlanState {
  plan: EditPlan | null;
  error: AppError | null;
  /** The plan shown was made for an older version of the form. */
  stale: boolean;
}

export function useEditPlan(request: EditParams | null): PlanState {
  const key = request ? JSON.stringify(request) : null;
  const [result, setResult] = useState<{ key: string | null; plan: EditPlan | null; error: AppError | null }>({ key: null, plan: null, error: null });

  useEffect(() => {
    if (key === null) return;
    let live = true;
    const timer = setTimeout(() => {
      call('planEdit', JSON.parse(key) as EditParams).then(
        (plan) => live && setResult({ key, plan, error: null }),
        (err: unknown) => live && setResult((r) => ({ key, plan: r.plan, error: toAppError(err) })),
      );
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key]);

  if (key === null) return { plan: null, error: null, stale: false };
  return { plan: result.plan, error: result.key === key ? result.error : null, stale: result.key !== key };
}
