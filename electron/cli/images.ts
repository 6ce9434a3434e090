/** `loupe generate` and `loupe edit`: one job each, waited for, its saved files printed. */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { BackgroundSchema, ComplexitySchema, ModerationSchema, OutputFormatSchema, QualitySchema, type GenerateParams, type JobView, type KitUse } from '../shared';
import { absolute, exitForJobs, intOption, jobSummary, oneOf, parse, UsageError, waitForJobs, type Context } from './common';
import type { ExitCode } from './exit-codes';
import { formatUsd } from './output';
import type { Session } from './session';

export const DEFAULT_MODEL = 'gpt-image-2.6-sunburst';

const IMAGE_OPTIONS = {
  prompt: { type: 'string', short: 'p' },
  model: { type: 'string', short: 'm' },
  quality: { type: 'string', short: 'q' },
  size: { type: 'string', short: 's' },
  n: { type: 'string' },
  format: { type: 'string' },
  compression: { type: 'string' },
  background: { type: 'string' },
  moderation: { type: 'string' },
  complexity: { type: 'string' },
} as const;

const IMAGE_HELP = `  -p, --prompt TEXT     what to make (or give it as the last argument)
  -m, --model M         ${DEFAULT_MODEL} (default), gpt-image-2.6-flare, gpt-image-2.5-sunburst, …
  -q, --quality Q       low, medium, high, xhigh, max, auto (default: auto)
  -s, --size WxH        e.g. 1536x1024, or auto (default)
      --n N             how many images (1-10, default 1)
      --format F        png (default), jpeg, webp, gif, svg
      --compression N   0-100, for jpeg and webp
      --background B    auto (default), opaque, transparent
      --moderation M    auto (default), low
      --complexity C    low, medium, high (GPT Image 2.6)`;

export const GENERATE_HELP = `Usage: loupe generate [options] [PROMPT]

Generates images from a prompt, saves them to the output folder under the library's naming
template (with the prompt and settings embedded) and records the job in History.

${IMAGE_HELP}

Prints the job, its cost and the saved files (--json: { job }).`;

export const EDIT_HELP = `Usage: loupe edit --image FILE [--image FILE …] [--mask FILE] [options] [PROMPT]

Edits photos: the first --image is the primary one (kept with the most detail), up to 16.
With --mask (transparent or black = edit) the result is pixel-locked: your photo's pixels
are pasted back outside the mask.

  -i, --image FILE      an input image (repeat for references)
      --mask FILE       a mask for the first image
      --no-lock         keep the model's raw output even with a mask
      --kit NAME|ID     a brand kit; with --preset, its prompt preset
      --preset NAME|ID  the kit preset to use as the prompt
${IMAGE_HELP}`;

function baseParams(values: Record<string, string | boolean | string[] | undefined>, prompt: string): GenerateParams {
  const str = (k: string) => values[k] as string | undefined;
  const format = oneOf('format', str('format'), OutputFormatSchema.options, 'png');
  const compression = intOption('compression', str('compression'), 0, 100);
  const complexity = oneOf('complexity', str('complexity'), ComplexitySchema.options);
  return {
    model: str('model') ?? DEFAULT_MODEL,
    prompt,
    n: intOption('n', str('n'), 1, 10) ?? 1,
    size: str('size') ?? 'auto',
    quality: oneOf('quality', str('quality'), QualitySchema.options, 'auto'),
    outputFormat: format,
    ...(compression !== undefined ? { outputCompression: compression } : {}),
    background: oneOf('background', str('background'), BackgroundSchema.options, 'auto'),
    moderation: oneOf('moderation', str('moderation'), ModerationSchema.options, 'auto'),
    stream: false,
    partialImages: 0,
    ...(complexity !== undefined ? { complexity } : {}),
  };
}

function promptOf(values: { prompt?: string }, positionals: string[], required: boolean): string {
  const prompt = values.prompt ?? positionals.join(' ');
  if (required && prompt.trim() === '') throw new UsageError('Give a prompt: --prompt "…" or as the last argument.');
  return prompt;
}

async function runJob(ctx: Context, session: Session, jobId: number): Promise<{ job: JobView; code: ExitCode }> {
  const started = Date.now();
  const [job] = await waitForJobs(session, [jobId], ([j]) => ctx.printer.progress(`Job ${jobId} ${j!.status}`, 0, 0, `${Math.round((Date.now() - started) / 1000)}s`));
  ctx.printer.endProgress();
  return { job: job!, code: exitForJobs([job!]) };
}

function report(ctx: Context, job: JobView): void {
  const human = [`Job ${job.id} ${job.status} (${job.model}, ${formatUsd(job.costUsd)})`];
  for (const o of job.outputs) human.push(o.savedPath ?? `output ${o.index + 1} not saved: ${o.saveError ?? 'no folder'}`);
  if (job.error) human.push(`${job.error.code}: ${job.error.message}`);
  ctx.printer.result(human, { job: jobSummary(job) });
}

export async function generate(ctx: Context, argv: string[]): Promise<ExitCode> {
  const { values, positionals } = parse(argv, IMAGE_OPTIONS, true);
  const params = baseParams(values, promptOf(values, positionals, true));
  const session = await ctx.open();
  try {
    const { jobId } = await session.call('jobs:generate', params);
    const { job, code } = await runJob(ctx, session, jobId);
    report(ctx, job);
    return code;
  } finally {
    await session.close();
  }
}

/** A kit by id or name, and one of its presets by id or name. */
export async function resolveKit(session: Session, kit: string | undefined, preset: string | undefined): Promise<(KitUse & { template?: string }) | undefined> {
  if (kit === undefined) {
    if (preset !== undefined) throw new UsageError('--preset needs --kit.');
    return undefined;
  }
  const kits = await session.call('kits:list', {});
  const found = kits.find((k) => String(k.id) === kit) ?? kits.find((k) => k.name.toLowerCase() === kit.toLowerCase());
  if (!found) throw new UsageError(`No kit "${kit}" in this library (${kits.map((k) => k.name).join(', ') || 'none yet'}).`);
  if (preset === undefined) return { id: found.id };
  const p = found.presets.find((x) => x.id === preset) ?? found.presets.find((x) => x.name.toLowerCase() === preset.toLowerCase());
  if (!p) throw new UsageError(`Kit "${found.name}" has no preset "${preset}" (${found.presets.map((x) => x.name).join(', ') || 'none'}).`);
  return { id: found.id, presetId: p.id, template: p.template };
}

export async function readInput(path: string): Promise<{ name: string; dataBase64: string }> {
  try {
    return { name: basename(path), dataBase64: (await readFile(absolute(path))).toString('base64') };
  } catch (err) {
    throw new UsageError(`Cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}.`);
  }
}

export async function edit(ctx: Context, argv: string[]): Promise<ExitCode> {
  const { values, positionals } = parse(
    argv,
    { ...IMAGE_OPTIONS, image: { type: 'string', short: 'i', multiple: true }, mask: { type: 'string' }, 'no-lock': { type: 'boolean', default: false }, kit: { type: 'string' }, preset: { type: 'string' } },
    true,
  );
  const images = values.image ?? [];
  if (images.length === 0) throw new UsageError('Give at least one --image FILE to edit.');
  const files = await Promise.all(images.map(readInput));
  const maskFile = values.mask === undefined ? undefined : await readInput(values.mask);
  const prompt = promptOf(values, positionals, values.preset === undefined);
  const session = await ctx.open();
  try {
    const kit = await resolveKit(session, values.kit, values.preset);
    const inputs = [];
    for (const f of files) inputs.push(await session.call('assets:import', f));
    const mask = maskFile ? await session.call('masks:import', { ...maskFile, firstHash: inputs[0]!.hash, invert: false }) : undefined;
    const { jobId } = await session.call('jobs:edit', {
      // A preset's template is the prompt when none was given (its {brand}, {colours}… filled by the core).
      ...baseParams(values, prompt.trim() === '' && kit?.template ? kit.template : prompt),
      inputs: inputs.map((a) => ({ hash: a.hash, name: a.name })),
      ...(mask ? { mask: mask.hash } : {}),
      pixelLock: { enabled: mask !== undefined && !values['no-lock'], feather: 8, grow: 4, resolution: 'original' },
      ...(kit ? { kit: { id: kit.id, ...(kit.presetId ? { presetId: kit.presetId } : {}) } } : {}),
    });
    const { job, code } = await runJob(ctx, session, jobId);
    report(ctx, job);
    return code;
  } finally {
    await session.close();
  }
}
