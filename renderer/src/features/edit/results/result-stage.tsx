/**
 * The edit's result where the canvas was. While the edit runs: the source with the model's
 * streamed previews over it as they come (when the model streams), and where the job is.
 * Then the result against the source in the shared comparison viewer (ui/compare): a
 * before/after split by mouse or keys, Locked/Raw, and a difference heat map (the core's
 * compare:diff-map, with the edit's mask, so the change outside the mask is said in
 * figures). Keep, discard or try again from there; the inputs, mask and prompt are
 * untouched, so another try needs nothing redone.
 */
import { useEffect, useState } from 'react';
import { EditParamsSchema, type AppError, type DiffMapResult, type JobView, type OutputView } from '../../../../../electron/shared';
import { call, loupe, toAppError } from '../../../bridge/client';
import { cancelJob, isTerminal, startEdit, useJobs } from '../../../bridge/jobs-store';
import { CompareViewer, type CompareImage } from '../../../ui/compare';
import { askConfirm } from '../../../ui/confirm-store';
import { ErrorAlert } from '../../../ui/error-alert';
import { sendWithBudget } from '../../../ui/over-budget';
import { SavedLine, SaveRawButton } from './raw-save';
import { closeResult, showResult } from './result-store';
import { VersionToggle } from './version-toggle';

function pct(share: number): string {
  const p = share * 100;
  return p > 0 && p < 0.1 ? 'under 0.1%' : `${p < 10 ? p.toFixed(1) : Math.round(p)}%`;
}

export function heatNote(d: DiffMapResult): string {
  const scale = `Transparent below ΔE ${d.unseen}, brightest at ${d.scaleMax} and above.`;
  if (d.outside) {
    return `Outside the mask ${pct(d.outside.changedShare)} of pixels changed (mean ΔE ${d.outside.meanDeltaE.toFixed(1)}); inside ${pct(d.inside?.changedShare ?? 0)}. ${scale}`;
  }
  return `${pct(d.changedShare)} of pixels changed (ΔE > ${d.threshold}, mean ${d.meanDeltaE.toFixed(1)}). ${scale}`;
}

function Progress({ job, partial, source }: { job: JobView; partial: string | null; source: string | null }) {
  const streams = job.params.stream && job.params.partialImages > 0;
  const status =
    job.status === 'queued'
      ? 'Waiting for its turn…'
      : job.status === 'retrying'
        ? 'The API stumbled; trying again…'
        : partial
          ? 'A first look from the model: the finished image follows.'
          : streams
            ? 'Running: the model’s first previews appear here as they come.'
            : 'Running: this model sends the image when it is done.';
  return (
    <div className="result-progress">
      <div className="result-progress-picture">
        {source ? <img className="result-progress-source" src={source} alt="" draggable={false} /> : null}
        {partial ? <img className="result-progress-partial" src={partial} alt={`Preview of the edit in progress: ${job.prompt}`} /> : null}
        <span className="result-progress-spinner" aria-hidden="true" />
      </div>
      <p role="status" className="result-progress-status">
        {status}
      </p>
      <div className="result-actions">
        <button type="button" className="btn small" onClick={() => void cancelJob(job.id)}>
          Cancel edit
        </button>
        <button type="button" className="btn small ghost" onClick={closeResult}>
          Back to the canvas
        </button>
      </div>
    </div>
  );
}

function Result({ job, output }: { job: JobView; output: OutputView }) {
  const [showRaw, setShowRaw] = useState(false);
  const [heatOn, setHeatOn] = useState(false);
  const [diff, setDiff] = useState<{ key: string; result: DiffMapResult | null; error: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const source = job.inputs.filter((i) => i.role === 'image').sort((a, b) => a.position - b.position)[0] ?? null;
  const mask = job.inputs.find((i) => i.role === 'mask') ?? null;
  const locked = output.lockedHash !== null && !showRaw;
  const shownHash = locked ? output.lockedHash! : output.assetHash;
  const key = `${source?.hash}:${shownHash}`;

  // The heat map is made only when asked for, once per pair shown.
  useEffect(() => {
    if (!heatOn || !source || diff?.key === key) return;
    let live = true;
    call('compareDiffMap', { a: source.hash, b: shownHash, ...(mask ? { maskAssetId: mask.hash } : {}) })
      .then((result) => live && setDiff({ key, result, error: null }))
      .catch((err: unknown) => live && setDiff({ key, result: null, error: toAppError(err).message }));
    return () => {
      live = false;
    };
  }, [heatOn, key, source, shownHash, mask, diff?.key]);

  if (!source) return null;
  const width = source.width ?? output.width;
  const height = source.height ?? output.height;
  const resultLabel = output.lockedHash === null ? 'Result' : locked ? 'Result, pixel-locked' : 'Result, raw from the model';
  const images: CompareImage[] = [
    { id: 'source', label: 'Source', src: loupe.assetUrl(source.hash, 'full'), width, height },
    { id: `result-${shownHash}`, label: resultLabel, src: loupe.assetUrl(shownHash, 'full'), width: locked ? width : output.width, height: locked ? height : output.height },
  ];
  const current = diff?.key === key ? diff : null;

  const act = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(toAppError(err));
    } finally {
      setBusy(false);
    }
  };
  const tryAgain = () =>
    act(async () => {
      const parsed = EditParamsSchema.safeParse({ ...job.params, prompt: job.prompt, ...(job.projectId !== null ? { projectId: job.projectId } : {}) });
      if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'This edit cannot be sent again as it was.');
      const id = await sendWithBudget((confirmOverBudget) => startEdit({ ...parsed.data, ...(confirmOverBudget ? { confirmOverBudget } : {}) }));
      if (id !== null) showResult(id);
    });
  const discard = () =>
    act(async () => {
      const ok = await askConfirm({
        title: 'Discard this result?',
        body: 'The edit and its images leave Loupe’s library and History. A copy already saved to your folder stays there.',
        confirmLabel: 'Discard',
        danger: true,
      });
      if (!ok) return;
      await call('deleteJobs', { jobIds: [job.id] });
      closeResult();
    });

  return (
    <div className="result-done">
      <div className="result-bar">
        {output.lockedHash !== null ? <VersionToggle showRaw={showRaw} onChange={setShowRaw} names={{ locked: 'Show the locked result', raw: 'Show the raw result' }} /> : null}
        <SavedLine job={job} output={output} raw={!locked} />
        {output.lockedHash !== null ? <SaveRawButton job={job} output={output} /> : null}
      </div>
      <CompareViewer
        images={images}
        label={`Edit result against its source: ${job.prompt}`}
        defaultMode="split"
        modes={['split', 'side', 'flip']}
        heatMap={current?.result ? loupe.assetUrl(current.result.hash, 'full') : null}
        heatMapNote={current?.error ? `No heat map: ${current.error}` : current?.result ? heatNote(current.result) : undefined}
        onHeatMapChange={setHeatOn}
        className="result-viewer"
      />
      {error ? <ErrorAlert error={error} /> : null}
      <div className="result-actions">
        <button type="button" className="btn small primary" disabled={busy} title="Keep this result and go back to the canvas" onClick={closeResult}>
          Keep
        </button>
        <button type="button" className="btn small" disabled={busy} title="Run the same edit again" onClick={() => void tryAgain()}>
          Try again
        </button>
        <button type="button" className="btn small danger" disabled={busy} onClick={() => void discard()}>
          Discard
        </button>
      </div>
    </div>
  );
}

export function ResultStage({ jobId }: { jobId: number }) {
  const state = useJobs();
  const job = state.jobs.get(jobId) ?? null;
  const failed = job !== null && isTerminal(job.status) && job.status !== 'succeeded';
  const [index, setIndex] = useState(0);

  // A failed or cancelled edit hands the canvas back: its error is in the list below, next to the inputs.
  useEffect(() => {
    if (failed) closeResult();
  }, [failed]);

  const outputs = job ? [...job.outputs].sort((a, b) => a.index - b.index) : [];
  const output = outputs[Math.min(index, outputs.length - 1)] ?? null;
  const done = job !== null && job.status === 'succeeded' && output !== null;
  const partials = state.partials.get(jobId);
  // The latest preview of the first image (previews are kept per image, each replaced by the next).
  const partial = partials?.get(0) ?? (partials ? ([...partials.values()][0] ?? null) : null);
  const source = job?.inputs.filter((i) => i.role === 'image').sort((a, b) => a.position - b.position)[0];

  return (
    <section className="painter result-stage" aria-labelledby="result-title">
      <h2 id="result-title" className="section-title">
        {done ? 'Result' : 'Edit running'} {job ? <span className="painter-subtitle">job #{job.id}</span> : null}
      </h2>
      {outputs.length > 1 ? (
        <div className="toggle-group" role="group" aria-label="Which image">
          {outputs.map((o, i) => (
            <button key={o.id} type="button" aria-pressed={i === index} onClick={() => setIndex(i)}>
              Image {o.index + 1}
            </button>
          ))}
        </div>
      ) : null}
      {done ? (
        <Result key={output.id} job={job} output={output} />
      ) : job && !failed ? (
        <Progress job={job} partial={partial} source={source ? loupe.assetUrl(source.hash, 'preview') : null} />
      ) : (
        <p className="muted">Starting…</p>
      )}
    </section>
  );
}
