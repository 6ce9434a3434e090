/**
 * One experiment as the core sees it, read again whenever one of its jobs changes or a
 * variant's metrics are stored (job events), so partial results appear as each job
 * finishes; while something is still running it is also read every few seconds, in case an
 * event was missed.
 */
import { useCallback, useEffect, useState } from 'react';
import type { AppError, ExperimentView, VariantView } from '../../../../electron/shared';
import { call, loupe, toAppError } from '../../bridge/client';
import { isTerminal } from '../../bridge/jobs-store';

const POLL_MS = 3000;

/** Still changing: the job runs, or it succeeded and its metrics (faces included) are not all in yet. */
export function unsettled(v: VariantView): boolean {
  return !isTerminal(v.status) || (v.status === 'succeeded' && v.metricsError === null && (v.metrics === null || v.metrics.faces.available === 'pending'));
}

export function useExperiment(id: number, epoch: number): { experiment: ExperimentView | null; error: AppError | null; replace: (e: ExperimentView) => void } {
  const [state, setState] = useState<{ id: number; experiment: ExperimentView | null; error: AppError | null }>({ id, experiment: null, error: null });
  const replace = useCallback((experiment: ExperimentView) => setState({ id: experiment.id, experiment, error: null }), []);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let jobs = new Set<number>();
    const load = () => {
      if (timer) clearTimeout(timer);
      timer = null;
      call('compareGet', { experimentId: id }).then(
        (experiment) => {
          if (!live) return;
          jobs = new Set(experiment.variants.map((v) => v.jobId));
          setState({ id, experiment, error: null });
          if (experiment.variants.some(unsettled)) timer = setTimeout(load, POLL_MS);
        },
        (err: unknown) => live && setState((s) => ({ ...s, id, error: toAppError(err) })),
      );
    };
    const off = loupe.onJobEvent((event) => {
      if ((event.type === 'experiment' && event.experimentId === id) || (event.type === 'job' && jobs.has(event.job.id))) load();
    });
    load();
    return () => {
      live = false;
      off();
      if (timer) clearTimeout(timer);
    };
  }, [id, epoch]);

  return state.id === id ? { experiment: state.experiment, error: state.error, replace } : { experiment: null, error: null, replace };
}

/** Natural sizes of images by URL, loaded once each (the library does not list every asset's size). */
export function useImageSizes(urls: readonly string[]): ReadonlyMap<string, { width: number; height: number }> {
  const [sizes, setSizes] = useState<ReadonlyMap<string, { width: number; height: number }>>(new Map());
  const key = urls.join('\n');
  useEffect(() => {
    let live = true;
    for (const url of key ? key.split('\n') : []) {
      if (sizes.has(url)) continue;
      const img = new Image();
      img.onload = () => {
        if (live) setSizes((m) => new Map(m).set(url, { width: img.naturalWidth, height: img.naturalHeight }));
      };
      img.src = url;
    }
    return () => {
      live = false;
    };
    // Only new URLs need loading; `sizes` is read to skip the known ones.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return sizes;
}
