/**
 * The matching ids for the filters, from the core's search. Re-asked when the filters
 * change, when the library changes (restore, delete), and shortly after job events that
 * could change the answer: a job the list does not have yet (new jobs appear at the top
 * when sorting newest) or a job that finished (its status and cost now count).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { AppError, HistoryFilter } from '../../../../electron/shared';
import { call, loupe, toAppError } from '../../bridge/client';
import { isTerminal } from '../../bridge/jobs-store';

interface Answer {
  key: string;
  ids: readonly number[];
  total: number;
  error: AppError | null;
}

const EVENT_SETTLE_MS = 400;

export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export function useSearch(filter: HistoryFilter, epoch: number) {
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [tick, setTick] = useState(0);
  const filterKey = JSON.stringify(filter);
  const key = `${filterKey}|${epoch}|${tick}`;
  const known = useRef<ReadonlySet<number>>(new Set());

  useEffect(() => {
    let live = true;
    const parsed = JSON.parse(filterKey) as HistoryFilter;
    call('searchHistory', { filter: parsed }).then(
      (r) => live && setAnswer({ key, ids: r.ids, total: r.total, error: null }),
      (err: unknown) => live && setAnswer((a) => ({ key, ids: a?.ids ?? [], total: a?.total ?? 0, error: toAppError(err) })),
    );
    return () => {
      live = false;
    };
  }, [filterKey, key]);

  const ids = answer?.ids;
  const idSet = useMemo(() => new Set(ids ?? []), [ids]);
  useEffect(() => {
    known.current = idSet;
  }, [idSet]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = loupe.onJobEvent((event) => {
      if (event.type !== 'job') return;
      if (known.current.has(event.job.id) && !isTerminal(event.job.status)) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => setTick((t) => t + 1), EVENT_SETTLE_MS);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, []);

  return {
    ids: answer?.ids ?? null,
    total: answer?.total ?? 0,
    error: answer?.error ?? null,
    searching: answer?.key !== key,
    idSet,
    refresh: () => setTick((t) => t + 1),
  };
}
