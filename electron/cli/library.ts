/** `loupe history search` and `loupe export`: the library, read and written out. */
import { JobStatusSchema, type HistoryFilter } from '../shared';
import { absolute, intOption, jobSummary, parse, UsageError, type Context } from './common';
import { EXIT, type ExitCode } from './exit-codes';
import { formatUsd } from './output';

export const HISTORY_HELP = `Usage: loupe history search [options] [WORDS]

Searches History (prompts, tags and notes), newest first.

      --model M         only this model (repeatable)
      --status S        ${JobStatusSchema.options.join(', ')} (repeatable)
      --kind K          generate or edit
      --favourite       only favourites
      --tag T           jobs carrying this tag (repeatable)
      --limit N         at most N jobs (1-500, default 20)

Prints one job a line: id, date, status, model, cost, prompt (--json: { total, jobs }).`;

export const EXPORT_HELP = `Usage: loupe export (--job ID | --output ID)… [--to DIR]

Writes outputs to a folder (default: each job's own output folder) under the naming
template, with their metadata. Never overwrites: a taken name gets -2, -3, …

      --job ID          every output of this job (repeatable)
      --output ID       one output (repeatable)
      --to DIR          the folder to write to

Prints the files written (--json: { files, failures }); exit code 3 when some failed.`;

export async function history(ctx: Context, argv: string[]): Promise<ExitCode> {
  const [sub, ...rest] = argv;
  if (sub !== 'search') throw new UsageError(sub === undefined ? 'Say what to do: loupe history search [WORDS].' : `Unknown history command "${sub}": use loupe history search.`);
  const { values, positionals } = parse(
    rest,
    {
      model: { type: 'string', multiple: true },
      status: { type: 'string', multiple: true },
      kind: { type: 'string' },
      favourite: { type: 'boolean' },
      tag: { type: 'string', multiple: true },
      limit: { type: 'string' },
    },
    true,
  );
  const statuses = values.status?.map((s) => {
    if (!(JobStatusSchema.options as readonly string[]).includes(s)) throw new UsageError(`--status must be one of ${JobStatusSchema.options.join(', ')}, not "${s}".`);
    return s as HistoryFilter['statuses'] extends (infer T)[] | undefined ? T : never;
  });
  if (values.kind !== undefined && values.kind !== 'generate' && values.kind !== 'edit') throw new UsageError(`--kind must be generate or edit, not "${values.kind}".`);
  const limit = intOption('limit', values.limit, 1, 500) ?? 20;
  const query = positionals.join(' ').trim();
  const filter: HistoryFilter = {
    sort: 'newest',
    ...(query ? { query } : {}),
    ...(values.model ? { models: values.model } : {}),
    ...(statuses ? { statuses } : {}),
    ...(values.kind ? { kinds: [values.kind as 'generate' | 'edit'] } : {}),
    ...(values.favourite ? { favourite: true } : {}),
    ...(values.tag ? { tags: values.tag } : {}),
  };
  const session = await ctx.open();
  try {
    const found = await session.call('history:search', { filter });
    const jobs = found.ids.length === 0 ? [] : await session.call('history:get-many', { ids: found.ids.slice(0, limit) });
    const human = jobs.map((j) => `${String(j.id).padStart(6)}  ${new Date(j.createdAt).toISOString().slice(0, 16).replace('T', ' ')}  ${j.status.padEnd(11)} ${j.model.padEnd(24)} ${formatUsd(j.costUsd).padStart(8)}  ${j.prompt.replace(/\s+/g, ' ').slice(0, 60)}`);
    human.push(`${found.total} job${found.total === 1 ? '' : 's'}${found.total > jobs.length ? `, showing ${jobs.length}` : ''}.`);
    ctx.printer.result(human, { total: found.total, jobs: jobs.map(jobSummary) });
    return EXIT.OK;
  } finally {
    await session.close();
  }
}

export async function exportOutputs(ctx: Context, argv: string[]): Promise<ExitCode> {
  const { values } = parse(argv, { job: { type: 'string', multiple: true }, output: { type: 'string', multiple: true }, to: { type: 'string' } });
  const ids = (name: string, list: string[] | undefined) =>
    (list ?? []).map((v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} takes an id (a whole number), not "${v}".`);
      return n;
    });
  const jobIds = ids('job', values.job);
  const outputIds = ids('output', values.output);
  if (jobIds.length + outputIds.length === 0) throw new UsageError('Say what to export: --job ID or --output ID.');
  const session = await ctx.open();
  try {
    for (const jobId of jobIds) {
      const job = await session.call('jobs:get', { jobId });
      if (job.outputs.length === 0) throw new UsageError(`Job ${jobId} has no outputs (it ${job.status}).`);
      outputIds.push(...job.outputs.map((o) => o.id));
    }
    const r = await session.call('outputs:export', { outputIds, ...(values.to !== undefined ? { dir: absolute(values.to) } : {}) });
    ctx.printer.result([...r.files, ...r.failures.map((f) => `output ${f.outputId} not exported: ${f.message}`)], r);
    if (r.failures.length === 0) return EXIT.OK;
    return r.failures.some((f) => /disk .*full/i.test(f.message)) ? EXIT.STORAGE : EXIT.FAILED;
  } finally {
    await session.close();
  }
}
