/**
 * Everything needed to reproduce and account for a job, as plain facts: every parameter,
 * the tokens split the way they are priced, estimate against actual cost, the request ids
 * to quote to support, and the timeline.
 */
import { defaultLifecycle, findModel, lifecycleNote, type JobView, type ProjectView } from '../../../../../electron/shared';
import { formatDateTime, formatDuration, formatInt, formatName, formatUsd } from '../../../ui/format';
import { actualCost } from '../job-text';

type Row = [string, string | null | undefined];

function Facts({ rows, label }: { rows: Row[]; label: string }) {
  return (
    <dl className="facts details-facts" aria-label={label}>
      {rows
        .filter((r): r is [string, string] => r[1] !== null && r[1] !== undefined && r[1] !== '')
        .map(([k, v]) => (
          <div key={k} className="facts-row">
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
    </dl>
  );
}

export function ParamFacts({ job, project, parentText }: { job: JobView; project: ProjectView | undefined; parentText: string | null }) {
  const p = job.params;
  const model = findModel(job.model);
  // An old job keeps its model's name; its state today is said beside it.
  const life = model ? lifecycleNote(model, defaultLifecycle()) : null;
  const rows: Row[] = [
    ['Kind', job.kind === 'edit' ? 'Edit' : 'Generate'],
    ['Model', model ? `${model.label} (${job.model})${life ? ` — ${life}` : ''}` : job.model],
    ['Images', String(p.n)],
    ['Size', p.size],
    ['Quality', p.quality],
    ['Complexity', p.complexity],
    ['Frames', p.gif ? `${p.gif.frames} of ${p.gif.frameMs} ms` : null],
    ['SVG author', p.svg ? [p.svg.model, p.svg.effort ? `reasoning ${p.svg.effort}` : null].filter(Boolean).join(', ') || null : null],
    ['Format', `${formatName(p.outputFormat)}${p.outputCompression !== undefined ? `, compression ${p.outputCompression}` : ''}`],
    ['Background', p.background],
    ['Moderation', p.moderation],
    ['Streaming', p.stream ? `on, ${p.partialImages} partial ${p.partialImages === 1 ? 'image' : 'images'}` : 'off'],
    ['Input fidelity', p.inputFidelity],
    ['Mask', job.kind === 'edit' ? (p.mask || job.inputs.some((i) => i.role === 'mask') ? 'yes' : 'none') : null],
    ['Markup', p.markup || job.inputs.some((i) => i.role === 'markup') ? 'yes' : null],
    ['Pixel lock', p.pixelLock ? (p.pixelLock.enabled ? `on, feather ${p.pixelLock.feather} px, grow ${p.pixelLock.grow} px` : 'off') : null],
    ['Project', project?.name ?? (job.projectId !== null ? `#${job.projectId}` : 'none')],
    ['Edited from', parentText],
  ];
  return <Facts rows={rows} label="Parameters" />;
}

export function UsageFacts({ job }: { job: JobView }) {
  const u = job.usage;
  const est = job.estimate;
  const cost = actualCost(job);
  const rows: Row[] = [
    ['Text in', u ? `${formatInt(u.inputTextTokens)} tokens` : null],
    ['Images in', u ? `${formatInt(u.inputImageTokens)} tokens` : null],
    ['Images out', u ? `${formatInt(u.outputImageTokens)} tokens` : null],
    ['Text out', u ? `${formatInt(u.outputTextTokens)} tokens` : null],
    ['Estimate', est ? formatUsd(est.costUsd) : null],
    ['Actual', cost !== null ? formatUsd(cost) : u ? null : 'no usage recorded'],
    ['Difference', est && cost !== null ? `${cost >= est.costUsd ? '+' : '−'}${formatUsd(Math.abs(cost - est.costUsd))}` : null],
  ];
  return <Facts rows={rows} label="Usage and cost" />;
}

export function TimingFacts({ job }: { job: JobView }) {
  const waited = job.startedAt !== null ? job.startedAt - job.createdAt : null;
  const ran = job.startedAt !== null && job.finishedAt !== null ? job.finishedAt - job.startedAt : null;
  const rows: Row[] = [
    ['Queued', formatDateTime(job.createdAt)],
    ['Started', job.startedAt !== null ? `${formatDateTime(job.startedAt)}${waited !== null && waited >= 1000 ? ` (after ${formatDuration(waited)})` : ''}` : 'not yet'],
    ['Finished', job.finishedAt !== null ? formatDateTime(job.finishedAt) : null],
    ['Duration', ran !== null ? formatDuration(ran) : null],
    ['Attempts', String(job.attempts)],
    [job.requestIds.length > 1 ? 'Request IDs' : 'Request ID', job.requestIds.length > 0 ? job.requestIds.join(', ') : 'none'],
  ];
  return <Facts rows={rows} label="Timing" />;
}
